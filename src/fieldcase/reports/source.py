"""Read the fields reports need, for every case, in one streamed query.

Reports never go through ``CaseStore.read`` case by case: 20,000 queries are
slow, and reading whole cases would parse names and narratives that no report
needs. One ordered scan of ``field_state`` (its primary key is
``(case_id, path)``, so rows come grouped by case) yields each case's
allow-listed fields and nothing else: memory stays at one case at a time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter

import sqlite_utils

from fieldcase.core.changes import JsonValue
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session

#: Case-level fields reports read. Dates and choices only: no names, contacts or text.
CASE_FIELDS: frozenset[str] = frozenset(
    {
        "waktu_pengaduan",
        "tanggal_lahir",
        "umur",
        "jenis_kelamin",
        "disabilitas",
        "jenis_disabilitas",
        "jalur",
        "jenis_kasus",
        "jenis_kekerasan",
        "bentuk_esa",
        "tanggal_kejadian",
        "tempat_kejadian",
        "hubungan_pelaku",
        "tingkat_risiko",
        "kewenangan",
        "wilayah",
        "tahap",
        "status",
        "pemulangan",
        "reintegrasi_sosial",
        "pendidikan_reintegrasi",
        "waktu_penjangkauan",
        "tanggal_asesmen",
        "persetujuan_rencana",
        "tanggal_persetujuan_rencana",
        "persetujuan_terminasi",
        "tanggal_terminasi",
        # Older / demo data: one status per service stream and a police-report time.
        "layanan_hukum",
        "layanan_kesehatan",
        "layanan_psikologis",
        "layanan_lpsk",
        "layanan_restitusi",
        "layanan_rehabilitasi_sosial",
        "layanan_rumah_aman",
        "layanan_pendidikan",
        "tanggal_laporan_polisi",
    }
)

#: Fields of records and repeat rows (``rujukan[3].status_rujukan``) reports read.
RECORD_FIELDS: dict[str, frozenset[str]] = {
    "rujukan": frozenset(
        {
            "layanan_rujukan",
            "status_rujukan",
            "tanggal_dikirim",
            "tanggal_diterima",
            "tanggal_ditolak",
            "tanggal_selesai",
            "tanggal_lp",
            "perlindungan_sementara",
            "tanggal_mulai_perlindungan",
            "tanggal_permintaan_lpsk",
            "waktu_pemeriksaan",
            "tanggal_masuk_rumah_aman",
            "tanggal_keluar_rumah_aman",
            "penempatan_lanjutan",
            "status_sekolah",
            "tanggal_dukungan_pendidikan",
            "tanggal_pengajuan_restitusi",
            "dokumen_restitusi_lengkap",
            # Read only to know whether a police report exists (a deadline is met
            # by it); the number itself is never written anywhere by a report.
            "nomor_lp",
        }
    ),
    "rencana": frozenset({"layanan", "status_rencana", "target_tanggal"}),
    "kunjungan": frozenset({"tanggal_kunjungan"}),
}

CaseFields = dict[str, JsonValue]


def _query(case_fields: Iterable[str], ids: int = 0) -> tuple[str, list[str]]:
    """The pre-filtering scan; with ``ids`` > 0, limited to that many bound case ids."""
    names = sorted(case_fields)
    prefixes = sorted(RECORD_FIELDS)
    suffixes = sorted({f for fs in RECORD_FIELDS.values() for f in fs})
    only = f" AND case_id IN ({','.join('?' * ids)})" if ids else ""
    # Only "?" placeholders are formatted in; every name is a bound parameter.
    sql = (
        "SELECT case_id, path, value FROM field_state WHERE deleted = 0"  # noqa: S608
        f"{only} AND ("
        f" path IN ({','.join('?' * len(names))})"
        " OR (instr(path, '].') > 0"
        f" AND substr(path, 1, instr(path, '[') - 1) IN ({','.join('?' * len(prefixes))})"
        f" AND substr(path, instr(path, '].') + 2) IN ({','.join('?' * len(suffixes))})))"
        " ORDER BY case_id"
    )
    return sql, [*names, *prefixes, *suffixes]


@functools.lru_cache(maxsize=8192)
def _wanted(path: str) -> bool:
    """The exact check behind the SQL filter (the SQL one is only a pre-filter).

    Cached: the same few hundred paths recur in every case."""
    if "[" not in path:
        return path in CASE_FIELDS
    prefix, _, rest = path.partition("[")
    number, _, name = rest.partition("].")
    return number.isdigit() and name in RECORD_FIELDS.get(prefix, frozenset())


def _decode(text: str) -> JsonValue:
    """JSON text of a value; plain strings (most values) skip the JSON parser."""
    if text[:1] == '"' and "\\" not in text:
        return text[1:-1]
    value: JsonValue = json.loads(text)
    return value


def iter_cases(session: Session) -> Iterator[tuple[str, CaseFields]]:
    """(case id, report fields) for every case, ordered by case id, one case in memory."""
    yield from iter_db_cases(session.db)


def iter_db_cases(db: sqlite_utils.Database) -> Iterator[tuple[str, CaseFields]]:
    """:func:`iter_cases` on a bare connection (the projection runs inside vault writes)."""
    sql, params = _query(CASE_FIELDS)
    with sqlite_errors():
        cursor = db.execute(sql, params)
        for case_id, rows in groupby(cursor, key=itemgetter(0)):
            yield case_id, {path: _decode(value) for _, path, value in rows if _wanted(path)}


#: Case ids per query when reading chosen cases (far under SQLite's parameter limit).
_CHUNK = 500


def fields_of(db: sqlite_utils.Database, case_ids: Iterable[str]) -> dict[str, CaseFields]:
    """Report fields of the given cases (exactly as :func:`iter_cases` yields them).

    A case with no report field at all is absent, as it is from :func:`iter_cases`.
    """
    ids = sorted(set(case_ids))
    found: dict[str, CaseFields] = {}
    with sqlite_errors():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            sql, params = _query(CASE_FIELDS, len(chunk))
            cursor = db.execute(sql, [*chunk, *params])
            for case_id, rows in groupby(cursor, key=itemgetter(0)):
                found[case_id] = {path: _decode(value) for _, path, value in rows if _wanted(path)}
    return found


def encoded_fields(texts: Mapping[str, str]) -> CaseFields:
    """Report fields from a case's ``{path: JSON text}`` (a write that has them at hand)."""
    return {path: _decode(text) for path, text in texts.items() if _wanted(path)}


def count_cases(session: Session) -> int:
    """How many cases the vault holds (for progress and for the audit entry)."""
    return session.cases.count()

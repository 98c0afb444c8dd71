"""A SIMFONI PPA-ready table: one de-identified row per case of a month.

SIMFONI PPA (Permen PPPA 2/2022) records each case by violence type,
perpetrator relationship, place of incident, the victim's age group and sex,
and the services given. This table puts fieldcase's values into those
categories, one 0/1 column per option, so an operator can enter (or import)
them without opening any case. The mapping is documented in ``docs/simfoni.md``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import Row, deidentify, report_secret
from fieldcase.reports.derive import DELIVERED
from fieldcase.reports.export import check_month, write_csv
from fieldcase.reports.output import write_logged
from fieldcase.reports.source import iter_cases
from fieldcase.vault.session import Session

#: SIMFONI column -> fieldcase code(s) in ``jenis_kekerasan``.
VIOLENCE = {
    "kekerasan_fisik": "fisik",
    "kekerasan_psikis": "psikis",
    "kekerasan_seksual": "seksual",
    "eksploitasi": "eksploitasi",
    "trafficking": "trafficking",
    "penelantaran": "penelantaran",
    "kekerasan_lainnya": "lainnya",
}
RELATION = {
    f"pelaku_{code}": code
    for code in (
        "orang_tua",
        "keluarga_saudara",
        "suami_istri",
        "pacar_teman",
        "tetangga",
        "guru",
        "rekan_kerja",
        "majikan",
        "lainnya",
        "tidak_diketahui",
    )
}
PLACE = {
    f"tempat_{code}": code
    for code in ("rumah_tangga", "tempat_kerja", "sekolah", "fasilitas_umum", "daring", "lainnya")
}
#: SIMFONI service column -> fieldcase stream columns counted as "given" (running or done).
SERVICES = {
    "layanan_pengaduan": (),  # every recorded case received this service
    "layanan_kesehatan": ("layanan_kesehatan",),
    "layanan_bantuan_hukum": ("layanan_hukum", "layanan_lpsk", "layanan_restitusi"),
    "layanan_penegakan_hukum": ("layanan_hukum",),
    "layanan_psikologis": ("layanan_psikologis",),
    "layanan_rehabilitasi_sosial": ("layanan_rehabilitasi_sosial",),
    "layanan_rumah_aman": ("layanan_rumah_aman",),
    "layanan_reintegrasi_pendidikan": ("layanan_pendidikan",),
}
COLUMNS: tuple[str, ...] = (
    "kode_kasus",
    "bulan_pengaduan",
    "wilayah",
    "kelompok_umur",
    "jenis_kelamin",
    "disabilitas",
    *VIOLENCE,
    *RELATION,
    *PLACE,
    *SERVICES,
)


def simfoni_row(row: Mapping[str, object]) -> Row:
    """One de-identified row in SIMFONI's categories (0/1 per option)."""
    violence = set(str(row["jenis_kekerasan"]).split())
    relations = set(str(row["hubungan_pelaku"]).split())
    out: Row = {c: row[c] for c in COLUMNS[:6]}  # type: ignore[misc]
    out.update({c: int(code in violence) for c, code in VIOLENCE.items()})
    out.update({c: int(code in relations) for c, code in RELATION.items()})
    out.update({c: int(row["tempat_kejadian"] == code) for c, code in PLACE.items()})
    for column, streams in SERVICES.items():
        given = not streams or any(row[s] in DELIVERED for s in streams)
        out[column] = int(given)
    return out


def simfoni_rows(session: Session, month: str) -> Iterator[Row]:
    secret = report_secret(session)
    for case_id, fields in iter_cases(session):
        row = deidentify(case_id, fields, secret)
        if row["bulan_pengaduan"] == month:
            yield simfoni_row(row)


def export_simfoni(session: Session, out: Path, month: str) -> int:
    """Write the month's SIMFONI-ready CSV; supervisor only, logged as an export."""
    require_export(session)
    checked = check_month(month) or month
    return write_logged(
        session,
        out,
        lambda temp: write_csv(temp, COLUMNS, simfoni_rows(session, checked)),
        {"kind": "simfoni", "format": "csv", "month": checked},
    )

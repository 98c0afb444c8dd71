"""Fictional referral records and plan rows for demo cases (training sandbox, screenshots).

:func:`fieldcase.core.demo.demo_cases` gives each case one status per service
stream but no referral records, so the dashboard's time-to-service medians
and deadline compliance have nothing to measure on a demo or training vault.
This adds what the real forms would hold: ``rujukan[n].…`` records (police
report, medical exam, safe house, school return, with their dates) and a
``rencana[1].…`` plan row, drawn from a seeded generator so the same seed
gives the same vault.

``demo_cases`` itself is left as it is (benchmarks depend on its output);
call :func:`demo_cases_with_services` or :func:`add_service_records` instead.
The report tests (``tests/reports/kit.py``) call :func:`add_service_records`
with their own :class:`RecordWords`, which put canary words into every free
text; the words here are plain fiction, marked ``LATIHAN`` where a real
document number would be.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from fieldcase.core.changes import JsonValue
from fieldcase.core.demo import demo_cases

#: Seed of the records when none is given (independent of the cases' seed).
RECORDS_SEED = 7

_CONTACTS = ("Ibu Ratna", "Bapak Hendra", "Ibu Yuliani", "Bapak Samsul", "Ibu Kartika")
_FAMILY = (
    "Anak tinggal bersama nenek; orang tua bekerja di luar kota.",
    "Ibu mendampingi anak; ayah belum dapat dihubungi.",
    "Keluarga besar mendukung anak kembali ke rumah.",
)
_SUMMARY = (
    "Ringkasan kronologi singkat untuk lembaga penerima (data latihan).",
    "Anak memerlukan layanan lanjutan sesuai rencana (data latihan).",
)
_NEEDS = (
    "Konseling lanjutan",
    "Pendampingan hukum",
    "Dukungan biaya sekolah",
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class RecordWords:
    """The free texts and document numbers of one case's records (fictional by default).

    Chosen from ``index`` (not from the random generator), so a subclass with
    other words leaves every drawn date and status unchanged.
    """

    def contact_name(self, index: int) -> str:
        return _CONTACTS[index % len(_CONTACTS)]

    def contact_phone(self, index: int, record: int) -> str:
        return f"0813{index:06d}{record}"

    def summary(self, index: int) -> str:
        return _SUMMARY[index % len(_SUMMARY)]

    def family(self, index: int) -> str:
        return _FAMILY[index % len(_FAMILY)]

    def police_report(self, index: int, when: datetime) -> str:
        return f"LP/B/{index + 1:04d}/{_ROMAN[when.month - 1]}/{when.year}/LATIHAN"

    def exam_number(self, index: int) -> str:
        return f"VER-LATIHAN-{index + 1:04d}"

    def school_contact(self, index: int) -> str:
        return f"Wali kelas {index % 9 + 1}, 0812{index:06d}"

    def need(self, index: int) -> str:
        return _NEEDS[index % len(_NEEDS)]


def add_service_records(
    fields: dict[str, JsonValue],
    index: int,
    rng: random.Random,
    words: RecordWords | None = None,
) -> dict[str, JsonValue]:
    """Add referral records and maybe a plan row to one demo case (in place; returned).

    About half the cases get each of four referrals (legal, health, safe
    house, school) dated after the complaint, and half a planned service.
    """
    said = words or RecordWords()
    received = datetime.fromisoformat(str(fields["waktu_pengaduan"]))
    later = {
        "lp": received + timedelta(hours=rng.randrange(1, 120)),
        "exam": received + timedelta(hours=rng.randrange(2, 100)),
        "shelter": received + timedelta(days=rng.randrange(0, 20)),
        "school": received + timedelta(days=rng.randrange(20, 200)),
    }
    streams: list[tuple[str, dict[str, str]]] = [
        (
            "hukum",
            {
                "tanggal_lp": later["lp"].date().isoformat(),
                "nomor_lp": said.police_report(index, later["lp"]),
            },
        ),
        (
            "kesehatan",
            {
                "waktu_pemeriksaan": later["exam"].isoformat(timespec="minutes"),
                "nomor_visum": said.exam_number(index),
            },
        ),
        ("rumah_aman", {"tanggal_masuk_rumah_aman": later["shelter"].date().isoformat()}),
        (
            "reintegrasi_pendidikan",
            {
                "status_sekolah": rng.choice(
                    ("kembali_sekolah_asal", "kejar_paket", "belum_sekolah")
                ),
                "tanggal_dukungan_pendidikan": later["school"].date().isoformat(),
                "kontak_sekolah": said.school_contact(index),
            },
        ),
    ]
    record = 0
    for stream, extra in streams:
        if rng.random() < 0.5:
            continue
        record += 1
        prefix = f"rujukan[{record}]."
        fields[prefix + "layanan_rujukan"] = stream
        fields[prefix + "status_rujukan"] = rng.choice(("dikirim", "diterima", "selesai"))
        fields[prefix + "tanggal_dikirim"] = received.date().isoformat()
        # An institution's name is not about the child: the same in every record kind.
        fields[prefix + "lembaga_penerima"] = _DEMO_INSTITUTIONS.get(stream, "Lembaga contoh")
        fields[prefix + "narahubung_penerima"] = said.contact_name(index)
        fields[prefix + "kontak_narahubung"] = said.contact_phone(index, record)
        fields[prefix + "ringkasan_kronologi"] = said.summary(index)
        fields[prefix + "kondisi_keluarga"] = said.family(index)
        for key, value in extra.items():
            fields[prefix + key] = value
    if rng.random() < 0.5:
        fields["rencana[1].layanan"] = rng.choice(("psikologis", "restitusi", "bantuan_hukum"))
        fields["rencana[1].status_rencana"] = "direncanakan"
        fields["rencana[1].kebutuhan"] = said.need(index)
    return fields


#: Fictional receiving institutions per stream (training data; not from the directory).
_DEMO_INSTITUTIONS = {
    "hukum": "Unit PPA Polres Contoh (latihan)",
    "kesehatan": "Puskesmas Contoh (latihan)",
    "psikologis": "Psikolog Klinis Contoh (latihan)",
    "rumah_aman": "Rumah Aman Contoh (latihan)",
    "reintegrasi_pendidikan": "SMP Negeri Contoh (latihan)",
}


def demo_cases_with_services(
    count: int, seed: int | None = None, records_seed: int = RECORDS_SEED
) -> Iterator[dict[str, JsonValue]]:
    """:func:`~fieldcase.core.demo.demo_cases` with fictional referral records and plan rows."""
    rng = random.Random(records_seed)  # noqa: S311  (fiction, not secrets: must be repeatable)
    cases = demo_cases(count) if seed is None else demo_cases(count, seed)
    for index, fields in enumerate(cases):
        yield add_service_records(fields, index, rng)

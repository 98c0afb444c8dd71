"""De-identification rules: allow-list, coarsening, age bands, stable keyed codes."""

from __future__ import annotations

from fieldcase.reports.deidentify import (
    EXPORT_COLUMNS,
    age_band,
    case_code,
    choices,
    deidentify,
    procedure,
    region_code,
)
from fieldcase.reports.source import CASE_FIELDS, RECORD_FIELDS


def test_age_bands_follow_the_procedure() -> None:
    assert [age_band(a) for a in (0, 5, 6, 12, 13, 17, 18)] == [
        "0-5",
        "0-5",
        "6-12",
        "6-12",
        "13-17",
        "13-17",
        "18+",
    ]
    assert age_band(None) == "tidak_diketahui"


def test_row_is_exactly_the_allow_list_with_months_and_bands() -> None:
    fields = {
        "nama": "Putri Wijaya",
        "waktu_pengaduan": "2026-03-31T20:00+00:00",  # 1 April in WITA (Bali)
        "tanggal_lahir": "2014-04-02",
        "wilayah": "Bali",
        "jenis_kekerasan": "seksual Putri",
        "jenis_kelamin": "perempuan",
        "disabilitas": "ya",
    }
    row = deidentify("0190-case", fields, b"k" * 32)
    assert tuple(row) == EXPORT_COLUMNS
    assert row["bulan_pengaduan"] == "2026-04"
    assert row["kelompok_umur"] == "6-12"  # turns 12 the next day
    assert row["wilayah"] == "bali"
    assert row["jenis_kekerasan"] == "lainnya seksual"  # unknown text never passes through
    assert "Putri" not in repr(row)


def test_free_text_region_is_coarsened() -> None:
    assert region_code("DKI Jakarta") == "dki_jakarta"
    assert region_code("Desa Sukamaju") == "lainnya"
    assert choices("bentuk_esa", ["csam", "Nama Anak"]) == ("csam", "lainnya")


def test_case_code_is_stable_keyed_and_unlinkable() -> None:
    a = case_code(b"team-a" * 6, "case-1")
    assert a == case_code(b"team-a" * 6, "case-1")
    assert a != case_code(b"team-b" * 6, "case-1")
    assert a != case_code(b"team-a" * 6, "case-2")
    assert a.startswith("K-") and len(a) == 18 and "case-1" not in a


def test_report_secret_is_created_once_and_kept(supervisor) -> None:  # type: ignore[no-untyped-def]
    from fieldcase.reports.deidentify import report_secret

    first = report_secret(supervisor)
    assert len(first) == 32 and report_secret(supervisor) == first


def test_reader_loads_every_field_the_deadlines_read() -> None:
    """Otherwise compliance figures would be silently wrong."""
    for deadline in procedure().deadlines:
        for path in deadline.paths():
            if path.prefix is None:
                assert path.name in CASE_FIELDS, path
            else:
                assert path.name in RECORD_FIELDS[path.prefix], path

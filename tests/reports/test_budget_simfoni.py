"""Budget arithmetic, the unit-cost table, and the SIMFONI columns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fieldcase.core.errors import InvalidInput
from fieldcase.reports.budget import case_costs, export_budget, load_unit_costs
from fieldcase.reports.deidentify import deidentify
from fieldcase.reports.simfoni import COLUMNS, simfoni_row
from fieldcase.vault.session import Session


def test_shipped_table_has_every_stream_and_region_as_placeholders() -> None:
    costs = load_unit_costs()
    assert len(costs.costs) == 8 * 8 and costs.placeholder


def test_bad_table_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "c.csv"
    bad.write_text("layanan,wilayah,satuan,biaya_satuan,contoh\nhukum,bali,per kasus,mahal,tidak\n")
    with pytest.raises(InvalidInput, match="line 2"):
        load_unit_costs(bad)


def test_planned_and_delivered_cost_of_a_case(tmp_path: Path) -> None:
    table = tmp_path / "c.csv"
    table.write_text(
        "layanan,wilayah,satuan,biaya_satuan,contoh\n"
        "rumah_aman,bali,per kasus,3000,tidak\nkesehatan,bali,per kasus,200,tidak\n"
        "hukum,bali,per kasus,50,tidak\n"
    )
    costs = load_unit_costs(table)
    row = deidentify(
        "c1",
        {
            "wilayah": "Bali",
            "layanan_rumah_aman": "selesai",
            "layanan_kesehatan": "dirujuk",
            "layanan_hukum": "belum",
        },
        b"",
    )
    per = case_costs(row, costs)
    assert per["rumah_aman"] == (3000, 3000)
    assert per["kesehatan"] == (200, 0)
    assert per["hukum"] == (0, 0)
    assert not costs.placeholder


def test_budget_workbook_totals_and_growth(supervisor: Session, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    assert export_budget(supervisor, out, load_unit_costs(), 25) == 500
    book = openpyxl.load_workbook(out, read_only=True)
    per_case = list(book["Per kasus"].iter_rows(values_only=True))[1:]
    region = list(book["Per wilayah"].iter_rows(values_only=True))[1:]
    scenario = dict(book["Skenario"].iter_rows(values_only=True))
    book.close()
    assert len(per_case) == 500
    planned = sum(int(r[3]) for r in per_case)  # type: ignore[arg-type]
    assert sum(int(r[2]) for r in region) == planned == scenario["biaya_direncanakan"]  # type: ignore[arg-type]
    assert scenario["proyeksi_biaya_direncanakan"] == round(planned * 1.25)
    assert "PERHATIAN" in scenario


def test_simfoni_row_in_its_categories() -> None:
    row = deidentify(
        "c1",
        {
            "jenis_kekerasan": ["seksual", "eksploitasi"],
            "hubungan_pelaku": ["guru"],
            "tempat_kejadian": "daring",
            "layanan_kesehatan": "selesai",
            "layanan_hukum": "dirujuk",
            "wilayah": "Lombok",
        },
        b"",
    )
    out = simfoni_row(row)
    assert tuple(out) == COLUMNS
    assert out["kekerasan_seksual"] == out["eksploitasi"] == 1 and out["kekerasan_fisik"] == 0
    assert out["pelaku_guru"] == 1 and out["tempat_daring"] == 1
    assert out["layanan_kesehatan"] == 1 and out["layanan_penegakan_hukum"] == 0
    assert out["layanan_pengaduan"] == 1

"""No identifying value of a 500-case demo vault reaches any de-identified output."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
from tests.reports.kit import identifying_values

from fieldcase.core.changes import JsonValue
from fieldcase.reports.budget import export_budget, load_unit_costs
from fieldcase.reports.export import export_cases
from fieldcase.reports.monthly import export_monthly_html
from fieldcase.reports.service import statistics_for
from fieldcase.reports.simfoni import export_simfoni
from fieldcase.reports.stats import render_text
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())


def _hits(text: str, secrets: set[str]) -> list[str]:
    """Secrets found as whole words (a fast substring test first, then the word check)."""
    return [
        s for s in secrets if s in text and re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)
    ]


def test_every_export_and_report_has_zero_identifying_values(
    supervisor: Session, demo_fields: list[dict[str, JsonValue]], tmp_path: Path
) -> None:
    secrets = identifying_values(demo_fields)
    assert len(secrets) > 5000
    outputs: dict[str, str] = {}
    assert export_cases(supervisor, tmp_path / "kasus.csv", "csv") == 500
    outputs["csv"] = (tmp_path / "kasus.csv").read_text(encoding="utf-8-sig")
    assert export_cases(supervisor, tmp_path / "kasus.xlsx", "xlsx") == 500
    outputs["xlsx"] = _xlsx_text(tmp_path / "kasus.xlsx")
    export_simfoni(supervisor, tmp_path / "simfoni.csv", "2026-03")
    outputs["simfoni"] = (tmp_path / "simfoni.csv").read_text(encoding="utf-8-sig")
    export_budget(supervisor, tmp_path / "budget.xlsx", load_unit_costs(), 10)
    outputs["budget"] = _xlsx_text(tmp_path / "budget.xlsx")
    report = export_monthly_html(supervisor, tmp_path / "bulanan.html", "2026-03", None, NOW)
    outputs["monthly"] = report.html + repr(report.charts)
    outputs["stats"] = render_text(statistics_for(supervisor, NOW))
    for kind, text in outputs.items():
        assert _hits(text, secrets) == [], kind
        assert "Kanari" not in text, kind
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), kind  # no exact date anywhere
    audit = supervisor.audit.entries(action="export")
    kinds = sorted(str(e.detail["kind"]) for e in audit)
    assert kinds == ["budget", "deidentified", "deidentified", "monthly", "simfoni", "stats"]
    for entry in audit:
        assert _hits(repr(entry.detail), secrets) == []


def test_xlsx_export_is_a_valid_workbook_with_the_csv_rows(
    supervisor: Session, tmp_path: Path
) -> None:
    export_cases(supervisor, tmp_path / "k.csv", "csv")
    export_cases(supervisor, tmp_path / "k.xlsx", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "k.xlsx", read_only=True)
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in book["kasus"].iter_rows(values_only=True)
    ]
    book.close()
    width = len(rows[0])
    rows = [row + [""] * (width - len(row)) for row in rows]  # empty cells are not stored
    with (tmp_path / "k.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert rows == list(csv.reader(handle))


def test_codes_line_up_between_exports(supervisor: Session, tmp_path: Path) -> None:
    export_cases(supervisor, tmp_path / "a.csv", "csv")
    export_cases(supervisor, tmp_path / "b.csv", "csv", since="2026-06")
    first = {line.split(",")[0] for line in (tmp_path / "a.csv").read_text().splitlines()[1:]}
    later = {line.split(",")[0] for line in (tmp_path / "b.csv").read_text().splitlines()[1:]}
    assert later and later < first

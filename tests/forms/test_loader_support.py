"""Helpers for the loader tests: the same XLSForm as markdown, .xlsx and .csv.

The .xlsx files are real workbooks written with openpyxl, as an organisation's
Excel would save them (sheet names, a header row, one row per question).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

Sheets = dict[str, list[list[str]]]


def md_sheets(text: str) -> Sheets:
    """The tables of a markdown XLSForm: sheet -> rows of cells (header first)."""
    sheets: Sheets = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("|"):
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if cells[0]:
            current = sheets.setdefault(cells[0], [])
        if current is not None and any(cells[1:]):
            current.append(cells[1:])
    return sheets


def md_to_xlsx(text: str, path: Path, *, blank_rows_after: int | None = None) -> Path:
    """Write the markdown form as an .xlsx (optionally with an empty row after row N)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in md_sheets(text).items():
        sheet = book.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            sheet.append([cell or None for cell in row])
            if blank_rows_after is not None and number == blank_rows_after and name == "survey":
                sheet.append([])
    book.save(path)
    return path


def md_to_csv(text: str, path: Path) -> Path:
    """Write the markdown form in pyxform's CSV layout (first column names the sheet)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for name, rows in md_sheets(text).items():
            writer.writerow([name])
            for row in rows:
                writer.writerow(["", *row])
    return path


def test_md_sheets_reads_every_table() -> None:
    sheets = md_sheets("| survey |\n| | type | name |\n| | text | a |\n| settings |\n| | x |\n")
    assert sheets == {"survey": [["type", "name"], ["text", "a"]], "settings": [["x"]]}

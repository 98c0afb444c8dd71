"""The streamed XLSX writer: what goes in comes back out, and its text cache stays bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl

from fieldcase.reports import xlsxstream
from fieldcase.reports.xlsxstream import write_workbook


def test_values_round_trip_through_openpyxl(tmp_path: Path) -> None:
    rows: list[list[xlsxstream.Value]] = [
        ["teks", "angka", "kosong", "desimal"],
        ["a & <b>", 7, None, 1.5],
        ['=HYPERLINK("x")', -3, "", 0.0],
        ["ctrl\x01char", True, "@import", 10**12],
    ]
    out = tmp_path / "t.xlsx"
    assert write_workbook(out, [("data", iter(rows)), ("kedua", iter([["x"], ["y"]]))]) == 4
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["data", "kedua"]
    got = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert got == [
        ["teks", "angka", "kosong", "desimal"],
        ["a & <b>", 7, None, 1.5],
        ['\'=HYPERLINK("x")', -3, None, 0],
        ["ctrlchar", True, "'@import", 10**12],
    ]


def test_text_cache_is_bounded_whatever_the_number_of_distinct_texts(tmp_path: Path) -> None:
    rows: Iterator[list[xlsxstream.Value]] = (
        [f"K-{i:016X}", "bali", i] for i in range(3 * xlsxstream._TEXT_CACHE_SIZE)
    )
    out = tmp_path / "many.xlsx"
    assert write_workbook(out, [("kasus", rows)]) == 3 * xlsxstream._TEXT_CACHE_SIZE - 1
    assert len(xlsxstream._TEXT_TAILS) <= xlsxstream._TEXT_CACHE_SIZE
    book = openpyxl.load_workbook(out, read_only=True)
    last = list(book["kasus"].iter_rows(min_row=12288, max_row=12288, values_only=True))
    assert last == [("K-0000000000002FFF", "bali", 12287)]

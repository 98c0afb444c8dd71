"""Counts of 1–4 never appear in an aggregate table."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fieldcase.reports.stats import compute, shown_tables
from fieldcase.reports.suppression import HIDDEN, SMALL, suppress, suppress_table


def test_single_cells() -> None:
    assert [suppress(n) for n in range(7)] == [0, SMALL, SMALL, SMALL, SMALL, 5, 6]


def test_table_with_counts_of_one_to_four() -> None:
    counts = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 0, "f": 5, "g": 40}
    assert suppress_table(counts) == {
        "a": SMALL,
        "b": SMALL,
        "c": SMALL,
        "d": SMALL,
        "e": 0,
        "f": 5,
        "g": 40,
    }


def test_one_small_cell_next_to_a_total_takes_another_with_it() -> None:
    shown = suppress_table({"x": 3, "y": 9, "z": 30})
    assert shown == {"x": SMALL, "y": HIDDEN, "z": 30}


def test_statistics_tables_built_to_hold_small_counts() -> None:
    regions = ["Medan"] * 1 + ["Batam"] * 2 + ["Solo"] * 3 + ["Bali"] * 4 + ["Lombok"] * 7
    cases = [
        (f"c{i}", {"wilayah": r, "waktu_pengaduan": "2026-02-10T09:00+07:00"})
        for i, r in enumerate(regions)
    ]
    stats = compute(cases, now=datetime(2026, 3, 1, tzinfo=UTC))
    assert stats.tables["wilayah"] == Counter(
        {"medan": 1, "batam": 2, "solo": 3, "bali": 4, "lombok": 7}
    )
    shown = shown_tables(stats)["wilayah"]
    assert shown == {"bali": SMALL, "batam": SMALL, "lombok": 7, "medan": SMALL, "solo": SMALL}
    for table in shown_tables(stats).values():
        assert not any(isinstance(v, int) and 0 < v < 5 for v in table.values())

"""Chart data follow the suppression rules; charts draw readable, non-blank images."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import PermissionDenied
from fieldcase.reports.charts_data import (
    Bar,
    Chart,
    compliance_chart,
    count_chart,
    dashboard_charts,
    dashboard_statistics,
    empty_statistics,
    median_chart,
)
from fieldcase.reports.deidentify import deidentify
from fieldcase.reports.stats import compute
from fieldcase.ui.reports.charts import (
    EXPORT_SCALE,
    EXPORT_WIDTH,
    chart_height,
    chart_image,
    nice_step,
)
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _small_table_stats() -> object:
    """Cases built so that regions hold 7, 3 and 1 cases (two cells to suppress)."""
    cases: list[tuple[str, dict[str, JsonValue]]] = []
    for region, count in (("Bali", 7), ("Lombok", 3), ("Medan", 1)):
        for n in range(count):
            cases.append(
                (f"{region}-{n}", {"wilayah": region, "waktu_pengaduan": "2026-03-02T10:00"})
            )
    return compute(cases, now=NOW)


def test_small_counts_are_text_without_a_bar() -> None:
    stats = _small_table_stats()
    chart = count_chart(stats, "wilayah", "id")  # type: ignore[arg-type]
    bars = {b.label: b for b in chart.bars}
    assert bars["Bali"] == Bar("Bali", 7.0, "7")
    assert bars["Lombok"].length is None and bars["Lombok"].text == "<5"
    assert bars["Medan"].length is None and bars["Medan"].text == "<5"
    # Nothing a bar's length could reveal: only unsuppressed counts have one.
    assert [b.length for b in chart.bars if b.length is not None] == [7.0]


def test_medians_and_compliance_hide_under_five(report_cases: list[dict[str, JsonValue]]) -> None:
    few = compute([(str(i), c) for i, c in enumerate(report_cases[:3])], now=NOW)
    assert all(b.text == "–" and b.length is None for b in median_chart(few, "jam", "id").bars)
    assert all(b.length is None for b in compliance_chart(few, "id").bars)
    many = compute([(str(i), c) for i, c in enumerate(report_cases)], now=NOW)
    hours = median_chart(many, "jam", "en")
    assert hours.title == "Median time to service (hours)"
    police = hours.bars[0]
    assert police.length == many.medians()["jam_ke_laporan_polisi"].value
    assert police.text.endswith(f"(n={many.medians()['jam_ke_laporan_polisi'].n})")
    rates = compliance_chart(many, "id")
    assert rates.maximum == 100.0
    high = many.deadlines["respons_risiko_tinggi"]
    assert rates.bars[0].length == round(100 * high.on_time / high.decided)


def test_month_range_counts_equal_raw_data(
    supervisor: Session, report_cases: list[dict[str, JsonValue]]
) -> None:
    stats = dashboard_statistics(
        supervisor, NOW, region="Bali", month_from="2026-02", month_to="2026-04"
    )
    # Counted independently from the raw fields (one de-identified row per case).
    expected: Counter[str] = Counter()
    chosen = []
    for index, fields in enumerate(report_cases):
        row = deidentify(str(index), fields, b"")
        if row["wilayah"] == "bali" and "2026-02" <= str(row["bulan_pengaduan"]) <= "2026-04":
            expected[str(row["bulan_pengaduan"])] += 1
            chosen.append((str(index), fields))
    assert stats.cases == sum(expected.values()) > 0
    assert dict(stats.tables["bulan_pengaduan"]) == dict(expected)
    # Every other figure equals the row-by-row statistics of exactly those cases.
    direct = compute(chosen, now=NOW)
    assert {k: dict(v) for k, v in stats.tables.items()} == {
        k: dict(v) for k, v in direct.tables.items()
    }
    assert stats.medians() == direct.medians() and stats.deadlines == direct.deadlines
    entry = supervisor.audit.entries(action="export")[0]
    assert entry.detail["kind"] == "stats" and entry.detail["month_from"] == "2026-02"
    assert entry.detail["rows"] == stats.cases


def test_worker_gets_no_statistics(worker: Session) -> None:
    with pytest.raises(PermissionDenied):
        dashboard_statistics(worker, NOW)
    assert worker.audit.entries(action="export") == []


def test_every_dashboard_chart_exists_for_no_case() -> None:
    charts = dashboard_charts(empty_statistics(), "id")
    names = [c.name for c in charts]
    assert names[:3] == ["wilayah", "bulan_pengaduan", "bentuk_esa"]
    assert {"layanan_hukum", "median_jam", "median_hari", "kepatuhan_tenggat"} <= set(names)


def test_nice_steps() -> None:
    assert nice_step(84) == 20 and nice_step(100) == 20 and nice_step(7) == 2 and nice_step(0) == 1


def _ink(image: object) -> int:
    """Pixels that are not white (a blank image has none)."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    small = image.scaled(200, 100)
    return sum(
        1
        for x in range(small.width())
        for y in range(small.height())
        if small.pixel(x, y) != 0xFFFFFFFF
    )


def test_chart_image_has_its_size_and_ink(qtbot: QtBot) -> None:
    chart = Chart("t", "Judul", (Bar("satu", 10.0, "10"), Bar("dua", None, "<5")), note="catatan")
    image = chart_image(chart)
    assert image.width() == EXPORT_WIDTH * EXPORT_SCALE
    assert image.height() == chart_height(chart) * EXPORT_SCALE
    assert _ink(image) > 200
    empty = chart_image(Chart("e", "Kosong", ()))
    assert _ink(empty) > 0  # the title and "no data" are written

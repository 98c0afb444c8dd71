"""The dashboard as a supervisor uses it, and what a worker gets (nothing to export)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from fieldcase import i18n
from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import PermissionDenied
from fieldcase.reports.charts_data import Bar, Chart
from fieldcase.reports.monthly import monthly_report
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.reports import files
from fieldcase.ui.reports.charts import EXPORT_SCALE, EXPORT_WIDTH, chart_height
from fieldcase.ui.reports.dashboard import DashboardWidget
from fieldcase.ui.reports.pdf import export_monthly_pdf, write_monthly_pdf
from fieldcase.vault.session import Session

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _answer_save(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The save dialog, answered with ``path``; returns the names it was asked for."""
    asked: list[str] = []

    def answer(_parent: QWidget | None, _title: str, name: str, _filter: str) -> Path:
        asked.append(name)
        return path

    monkeypatch.setattr(files, "ask_save_path", answer)
    return asked


def _dashboard(qtbot: QtBot, session: Session, vault: VaultWorker) -> DashboardWidget:
    widget = DashboardWidget(session, vault, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    return widget


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_supervisor_sees_charts_counted_off_the_ui_thread(
    supervisor: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    widget = DashboardWidget(supervisor, vault, clock=lambda: NOW)
    qtbot.addWidget(widget)
    assert not vault.busy  # nothing is counted before the dashboard is shown
    with qtbot.waitSignal(vault.busyChanged, timeout=10000) as busy:
        widget.show()
    assert busy.args == [True]  # the count was handed to the vault thread
    with qtbot.waitSignal(widget.statisticsShown, timeout=20000) as shown:
        pass
    total = shown.args[0]
    assert total > 100
    regions = widget.chart("wilayah")
    assert sum(b.length or 0 for b in regions.bars) <= total
    assert widget.panels["wilayah"].view.accessibleDescription().startswith(regions.title)
    assert str(total) in widget.status.text()
    # Region filter: fewer cases, and the summary names the region.
    widget.region.setCurrentIndex(widget.region.findData("bali"))
    with qtbot.waitSignal(widget.statisticsShown, timeout=20000) as bali:
        widget.refresh_button.click()
    assert 0 < bali.args[0] < total and "Bali" in widget.status.text()
    assert [b.label for b in widget.chart("wilayah").bars] == ["Bali"]
    # The stream chooser redraws the stream chart.
    widget.stream.setCurrentIndex(widget.stream.findData("kesehatan"))
    assert widget.chart("layanan").name == "layanan_kesehatan"


def test_save_png_writes_the_chart_and_logs_it(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    widget = _dashboard(qtbot, supervisor, vault)
    qtbot.waitSignal(widget.statisticsShown, timeout=20000).wait()
    target = tmp_path / "wilayah.png"
    asked = _answer_save(monkeypatch, target)
    button = widget.findChild(QPushButton, "save_wilayah")
    assert button is not None and button.isVisible()
    with qtbot.waitSignal(widget.exported, timeout=10000) as saved:
        button.click()
    assert asked == ["grafik-wilayah.png"] and saved.args == [str(target)]
    image = QImage(str(target))
    chart = widget.chart("wilayah")
    assert image.width() == EXPORT_WIDTH * EXPORT_SCALE
    assert image.height() == chart_height(chart) * EXPORT_SCALE
    blue = image.pixelColor(image.width() // 3, image.height() // 2)
    assert (blue.red(), blue.green(), blue.blue()) != (255, 255, 255) or any(
        image.pixel(x, image.height() // 2) != 0xFFFFFFFF for x in range(0, image.width(), 5)
    )
    entry = supervisor.audit.entries(action="export")[0]
    assert entry.detail == {"kind": "chart", "format": "png", "chart": "wilayah", "rows": 1}
    assert list(tmp_path.glob(".fieldcase-*")) == []


def test_monthly_pdf_from_the_dashboard(
    supervisor: Session,
    vault: VaultWorker,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report_cases: list[dict[str, JsonValue]],
) -> None:
    widget = _dashboard(qtbot, supervisor, vault)
    qtbot.waitSignal(widget.statisticsShown, timeout=20000).wait()
    widget.month_to.setDate(widget.month_to.date().addMonths(-8))  # March 2026
    target = tmp_path / "bulanan.pdf"
    asked = _answer_save(monkeypatch, target)
    assert widget.monthly_button.text() == "Unduh laporan bulanan (PDF)"
    with qtbot.waitSignal(widget.exported, timeout=30000):
        widget.monthly_button.click()
    assert asked == ["laporan-bulanan-semua-wilayah-2026-03.pdf"]
    text = _pdf_text(target)
    assert "Laporan Bulanan Layanan Terpadu Anak Korban ESA" in text
    assert "Maret 2026" in text and "Kasus menurut bentuk ESA" in text
    assert "Kepatuhan tenggat" in text and "Halaman 1 dari" in text
    for fields in report_cases:  # de-identified: no child's name reaches the report
        assert str(fields["nama"]) not in text
    entry = supervisor.audit.entries(action="export")[0]
    assert entry.detail["kind"] == "monthly" and entry.detail["format"] == "pdf"
    assert entry.detail["month"] == "2026-03"
    assert pypdf.PdfReader(str(target)).pages[0].mediabox.width == pytest.approx(595, abs=1)


def test_worker_has_no_dashboard_actions(
    worker: Session, vault: VaultWorker, qtbot: QtBot, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    widget = _dashboard(qtbot, worker, vault)
    assert widget.findChildren(QPushButton) == []
    assert not widget.can_export and "supervisor" in widget.status.text()
    assert not vault.busy  # nothing was counted
    widget.refresh()
    widget.export_monthly_pdf()
    widget.save_png(Chart("x", "x", (Bar("a", 1.0, "1"),)))
    assert not vault.busy and list(out.iterdir()) == []


def test_export_functions_refuse_a_worker(worker: Session, tmp_path: Path, qtbot: QtBot) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x"
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    with pytest.raises(PermissionDenied):
        files.save_png_logged(worker, image, out, "wilayah")
    with pytest.raises(PermissionDenied):
        write_monthly_pdf(worker, out, b"%PDF-1.4", "2026-03", None, 1)
    with pytest.raises(PermissionDenied):
        export_monthly_pdf(worker, out, "2026-03", None, NOW)
    with pytest.raises(PermissionDenied):
        monthly_report(worker, "2026-03", None, NOW)
    assert list(folder.iterdir()) == []
    assert worker.audit.entries(action="export") == []


def test_words_follow_the_language_switch(
    supervisor: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    widget = _dashboard(qtbot, supervisor, vault)
    qtbot.waitSignal(widget.statisticsShown, timeout=20000).wait()
    try:
        i18n.set_language("en")
        assert widget.monthly_button.text() == "Download monthly report (PDF)"
        assert widget.chart("wilayah").title == "Cases by region"
        assert widget.panels["wilayah"].title.text() == "Cases by region"
        assert "cases" in widget.status.text()
        labels = {b.label for b in widget.chart("jenis_kekerasan").bars}
        assert "Psychological" in labels  # the form's English choice label
        months = [b.label for b in widget.chart("bulan_pengaduan").bars]
        assert "May 2026" in months or "Oct 2026" in months
    finally:
        i18n.set_language("id")
    assert widget.chart("wilayah").title == "Kasus menurut wilayah"
    assert "Psikis" in {b.label for b in widget.chart("jenis_kekerasan").bars}


def test_an_older_count_arriving_late_is_dropped(
    supervisor: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    widget = _dashboard(qtbot, supervisor, vault)
    qtbot.waitSignal(widget.statisticsShown, timeout=20000).wait()
    widget.region.setCurrentIndex(widget.region.findData("bali"))
    widget.refresh()  # superseded by the next one
    widget.region.setCurrentIndex(widget.region.findData("medan"))
    shown: list[int] = []
    widget.statisticsShown.connect(shown.append)
    with qtbot.waitSignal(widget.statisticsShown, timeout=20000):
        widget.refresh()
    qtbot.wait(200)
    assert len(shown) == 1
    assert [b.label for b in widget.chart("wilayah").bars] == ["Medan"]
    widget.clear()
    assert widget.stats is None

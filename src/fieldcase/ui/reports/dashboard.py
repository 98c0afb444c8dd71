"""The supervisor's statistics dashboard: filters, bar charts, PNG and PDF exports.

Why it looks like this: a supervisor opens it to answer "how many, where,
which services are late" before a meeting with the local government, so
every chart is a plain horizontal bar chart with the number written on each
bar, two per row, in the order of the monthly report. Counting runs on the
vault thread (tens of thousands of cases take a moment); the window stays
usable and only the newest count is shown when filters change quickly.

Only a supervisor gets the charts and the export buttons; any other role sees
one sentence saying who may, and every export function refuses again on its
own (:func:`~fieldcase.reports.access.require_export`), so a button that
somehow got clicked still produces nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.reports.access import EXPORT_ROLES
from fieldcase.reports.charts_data import (
    STREAM_NAMES,
    Chart,
    dashboard_charts,
    dashboard_statistics,
    empty_statistics,
    month_label,
)
from fieldcase.reports.deidentify import REGIONS
from fieldcase.reports.monthly import MonthlyReport, monthly_report
from fieldcase.reports.stats import Statistics
from fieldcase.reports.suppression import suppress
from fieldcase.ui.operations import user_message
from fieldcase.ui.reports import files
from fieldcase.ui.reports.charts import ChartView, chart_image
from fieldcase.ui.reports.choices import choice_label
from fieldcase.ui.reports.exports import ExportDialog
from fieldcase.ui.reports.labels import T
from fieldcase.ui.reports.pdf import monthly_document, monthly_title, write_monthly_pdf
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

#: Months shown when the dashboard opens: the last year, this month included.
DEFAULT_MONTHS = 12
#: Charts per row: two fit a 1366-px laptop with labels unclipped.
COLUMNS = 2
#: Charts given a whole row (the last one: deadline names are long).
WIDE = frozenset({"kepatuhan_tenggat"})


def _month(value: QDate) -> str:
    return f"{value.year():04d}-{value.month():02d}"


class ChartPanel(QFrame):
    """One chart with its title and its "Save PNG" button (absent without export rights)."""

    saveRequested = Signal(object)

    def __init__(self, chart: Chart, can_export: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"panel_{chart.name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("ChartPanel { background: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.view = ChartView(chart, self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        head.addWidget(self.title, 1)
        #: Extra controls of a panel (the stream chooser) go here, before the button.
        self.tools = QHBoxLayout()
        head.addLayout(self.tools)
        self.save_button: QPushButton | None = None
        if can_export:
            self.save_button = QPushButton()
            self.save_button.setObjectName(f"save_{chart.name}")
            self.save_button.clicked.connect(lambda: self.saveRequested.emit(self.view.chart))
            head.addWidget(self.save_button)
        layout.addLayout(head)
        layout.addWidget(self.view)
        layout.addStretch(1)  # a shorter chart beside a taller one stays at the top
        self.set_chart(chart)

    def set_chart(self, chart: Chart) -> None:
        self.title.setText(chart.title)
        self.view.set_chart(chart)
        if self.save_button is not None:
            self.save_button.setText(T.SAVE_PNG)
            self.save_button.setToolTip(T.SAVE_PNG_TIP)
            self.save_button.setAccessibleName(f"{T.SAVE_PNG}: {chart.title}")


class DashboardWidget(QWidget):
    """Statistics of the signed-in supervisor's vault, with filters and exports.

    ``vault`` is the app's :class:`~fieldcase.ui.operations.VaultWorker` (or
    anything with its ``run``); ``clock`` gives "now" for deadline states.
    """

    #: A count finished and is shown (number of cases counted).
    statisticsShown = Signal(int)
    #: A file was written and logged (its path).
    exported = Signal(str)
    #: Something could not be done (the bilingual message shown in the window).
    failed = Signal(str)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        #: The data folder: its ``budget/unit_costs.csv`` is the admin's cost table.
        self._data_dir = data_dir
        self.export_dialog: ExportDialog | None = None
        self._session: Session | None = session
        self._vault = vault
        self._clock = clock or (lambda: datetime.now(UTC))
        self._generation = 0
        self.stats: Statistics | None = None
        self.panels: dict[str, ChartPanel] = {}
        self.can_export = session.role in EXPORT_ROLES
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(self.heading)
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        if not self.can_export:
            # No filters, no charts, no buttons: nothing here can leave the vault.
            layout.addWidget(self.status)
            layout.addStretch(1)
            self.retranslate()
            return
        layout.addLayout(self._filters())
        layout.addWidget(self.status)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #4a4a4a;")
        layout.addWidget(self.note)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("charts")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(10)
        self.scroller.setWidget(holder)
        layout.addWidget(self.scroller, 1)
        self.stream = QComboBox()
        self.stream.setObjectName("stream")
        for code in STREAM_NAMES:
            self.stream.addItem("", code)
        self.stream.currentIndexChanged.connect(lambda _i: self._show_charts())
        self._build_panels(
            dashboard_charts(empty_statistics(), stream=self.stream_code(), labeller=choice_label)
        )
        listener = self._language_changed
        i18n.add_listener(listener)
        self.destroyed.connect(lambda _obj=None: i18n.remove_listener(listener))
        self.retranslate()
        # Counted when first shown, not when built: a supervisor's tab that is
        # never opened must not hold the vault thread (cases open through it too).

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.can_export and self.stats is None and self._generation == 0:
            self.refresh()

    # --- building ---------------------------------------------------------------------

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.region_label = QLabel()
        self.region = QComboBox()
        self.region.setObjectName("region")
        self.region.addItem("", None)
        for code, name in REGIONS.items():
            self.region.addItem(name, code)
        self.region_label.setBuddy(self.region)
        today = self._clock().date()
        first = QDate(today.year, today.month, 1).addMonths(1 - DEFAULT_MONTHS)
        self.from_label = QLabel()
        self.month_from = self._month_edit("monthFrom", first)
        self.to_label = QLabel()
        self.month_to = self._month_edit("monthTo", QDate(today.year, today.month, 1))
        self.from_label.setBuddy(self.month_from)
        self.to_label.setBuddy(self.month_to)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refresh")
        make_primary(self.refresh_button)
        self.refresh_button.clicked.connect(self.refresh)
        self.monthly_button = QPushButton()
        self.monthly_button.setObjectName("monthlyPdf")
        self.monthly_button.clicked.connect(self.export_monthly_pdf)
        self.month_to.dateChanged.connect(lambda _d: self._retranslate_monthly())
        self.exports_button = QPushButton()
        self.exports_button.setObjectName("exports")
        self.exports_button.clicked.connect(self.open_exports)
        for widget in (
            self.region_label,
            self.region,
            self.from_label,
            self.month_from,
            self.to_label,
            self.month_to,
            self.refresh_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.monthly_button)
        row.addWidget(self.exports_button)
        return row

    def _month_edit(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setObjectName(name)
        edit.setDisplayFormat("MM/yyyy")
        edit.setCalendarPopup(False)
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setMaximumDate(QDate(2100, 12, 1))
        return edit

    def _build_panels(self, charts: list[Chart]) -> None:
        for index, chart in enumerate(charts):
            panel = ChartPanel(chart, self.can_export)
            panel.saveRequested.connect(self.save_png)
            if chart.name.startswith("layanan_"):
                self.stream_label = QLabel()
                panel.tools.addWidget(self.stream_label)
                panel.tools.addWidget(self.stream)
                self.stream_label.setBuddy(self.stream)
                self.panels["layanan"] = panel
            else:
                self.panels[chart.name] = panel
            if chart.name in WIDE:  # long deadline names: the whole width, labels unclipped
                row = (index + COLUMNS - 1) // COLUMNS
                self.grid.addWidget(panel, row, 0, 1, COLUMNS)
            else:
                self.grid.addWidget(panel, index // COLUMNS, index % COLUMNS)

    def stream_code(self) -> str:
        code = self.stream.currentData()
        return str(code) if code else next(iter(STREAM_NAMES))

    # --- words --------------------------------------------------------------------------

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """Every word in the current language (charts redrawn from the last count)."""
        self.heading.setText(T.TITLE)
        if not self.can_export:
            set_feedback(self.status, T.SUPERVISOR_ONLY, "hint")
            return
        self.region_label.setText(T.REGION)
        self.region.setItemText(0, T.ALL_REGIONS)
        self.from_label.setText(T.FROM)
        self.to_label.setText(T.TO)
        self.refresh_button.setText(T.REFRESH)
        self.refresh_button.setToolTip(T.REFRESH_TIP)
        self.monthly_button.setText(T.MONTHLY_PDF)
        self.exports_button.setText(T.EXPORTS)
        self.exports_button.setToolTip(T.EXPORTS_TIP)
        self._retranslate_monthly()
        self.note.setText(T.SMALL_NOTE)
        self.stream_label.setText(T.STREAM)
        for index, code in enumerate(STREAM_NAMES):
            self.stream.setItemText(index, i18n.pick(*STREAM_NAMES[code]))
        self._show_charts()
        self._show_summary()

    def _retranslate_monthly(self) -> None:
        month = month_label(_month(self.month_to.date()), i18n.current())
        self.monthly_button.setToolTip(T.MONTHLY_PDF_TIP.format(month=month))

    # --- counting ---------------------------------------------------------------------

    def filters(self) -> tuple[str | None, str, str]:
        """(region code or None, first month, last month) as chosen, in order."""
        first, last = _month(self.month_from.date()), _month(self.month_to.date())
        if first > last:
            first, last = last, first
        code = self.region.currentData()
        return (str(code) if code else None), first, last

    def refresh(self) -> None:
        """Count again on the vault thread; an older count arriving later is dropped."""
        session = self._session
        if session is None or not self.can_export:
            return
        self._generation += 1
        generation = self._generation
        region, first, last = self.filters()
        now = self._clock()
        set_feedback(self.status, T.COUNTING, "hint")
        operation = self._vault.run(
            "dashboard-stats",
            lambda: dashboard_statistics(
                session, now, region=region, month_from=first, month_to=last
            ),
        )
        operation.succeeded.connect(lambda stats: self._counted(generation, stats))
        operation.failed.connect(lambda error: self._failed(error, generation))

    def _counted(self, generation: int, stats: Statistics) -> None:
        if generation != self._generation or self._session is None:
            return
        self.stats = stats
        self._show_charts()
        self._show_summary()
        self.statisticsShown.emit(stats.cases)

    def _show_charts(self) -> None:
        if not self.panels:
            return
        charts = dashboard_charts(
            self.stats or empty_statistics(), stream=self.stream_code(), labeller=choice_label
        )
        for chart in charts:
            key = "layanan" if chart.name.startswith("layanan_") else chart.name
            self.panels[key].set_chart(chart)

    def _show_summary(self) -> None:
        if self.stats is None:
            return
        region, first, last = self.filters()
        language = i18n.current()
        text = T.SUMMARY.format(
            cases=suppress(self.stats.cases),
            region=REGIONS.get(region, T.ALL_REGIONS) if region else T.ALL_REGIONS,
            first=month_label(first, language),
            last=month_label(last, language),
        )
        set_feedback(self.status, text, "ok")

    def _failed(self, error: BaseException, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        message = user_message(error)
        set_feedback(self.status, message, "error")
        self.failed.emit(message)

    # --- exports --------------------------------------------------------------------------

    def chart(self, name: str) -> Chart:
        """The chart shown in panel ``name`` (``layanan`` for the stream chart)."""
        return self.panels[name].view.chart

    def save_png(self, chart: Chart) -> None:
        """Ask where, draw the chart at print size, write it with its audit entry."""
        session = self._session
        if session is None or not self.can_export:
            return
        path = files.ask_save_path(
            self, T.SAVE_PNG_TITLE, f"grafik-{chart.name.replace('_', '-')}.png", T.PNG_FILTER
        )
        if path is None:
            return
        image = chart_image(chart)
        self._write(path, lambda: files.save_png_logged(session, image, path, chart.name))

    def export_monthly_pdf(self) -> None:
        """The monthly report of the last chosen month and region, as PDF (Indonesian)."""
        session = self._session
        if session is None or not self.can_export:
            return
        region, _first, month = self.filters()
        suffix = region.replace("_", "-") if region else "semua-wilayah"
        path = files.ask_save_path(
            self, T.MONTHLY_PDF_TITLE, f"laporan-bulanan-{suffix}-{month}.pdf", T.PDF_FILTER
        )
        if path is None:
            return
        now = self._clock()
        set_feedback(self.status, T.WORKING.format(name=path.name), "hint")
        operation = self._vault.run(
            "monthly-report", lambda: monthly_report(session, month, region, now)
        )
        operation.succeeded.connect(
            lambda report: self._print_monthly(session, report, path, month, region)
        )
        operation.failed.connect(self._failed)

    def _print_monthly(
        self, session: Session, report: MonthlyReport, path: Path, month: str, region: str | None
    ) -> None:
        # Text layout and painting belong on the GUI thread; the vault thread writes.
        try:
            data = monthly_document(report, monthly_title(month, region)).pdf_bytes()
        except Exception as error:  # a painting failure must still reach the person
            self._failed(error)
            return
        self._write(
            path, lambda: write_monthly_pdf(session, path, data, month, region, report.cases)
        )

    def open_exports(self) -> ExportDialog | None:
        """The export dialog (case table, SIMFONI, budget); one at a time, non-modal."""
        session = self._session
        if session is None or not self.can_export:
            return None
        if self.export_dialog is None:
            _region, _first, month = self.filters()
            self.export_dialog = ExportDialog(
                session, self._vault, self, data_dir=self._data_dir, month=month, clock=self._clock
            )
            self.export_dialog.exported.connect(self.exported)
            self.export_dialog.failed.connect(self.failed)
        if self.export_dialog.isVisible():  # behind the main window: bring it forward
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
        else:
            self.export_dialog.show()
        return self.export_dialog

    def _write(self, path: Path, job: Callable[[], Any]) -> None:
        operation = self._vault.run("report-file", job)
        operation.succeeded.connect(lambda _r: self._written(path))
        operation.failed.connect(self._failed)

    def _written(self, path: Path) -> None:
        set_feedback(self.status, T.SAVED.format(name=path.name), "ok")
        self.exported.emit(str(path))

    # --- lock -------------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the session and the figures (the controller locks the vault)."""
        self._session = None
        self._generation += 1
        self.stats = None
        if self.export_dialog is not None:
            self.export_dialog.clear()
            self.export_dialog.deleteLater()
            self.export_dialog = None

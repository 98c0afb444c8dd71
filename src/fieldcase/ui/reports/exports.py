"""The supervisor's export dialog: de-identified case table, SIMFONI table, budget model.

Why a dialog of its own, opened from the dashboard: these files leave the
laptop, so each one is a deliberate act with its own choices (since which
month, which SIMFONI month, what growth scenario) and a plain sentence about
what the file does and does not hold. The dialog calls exactly the functions
the CLI calls (``export_cases``, ``export_simfoni``, ``export_budget``), on
the vault thread, so a file from the app and one from ``fieldcase report``
are the same and each has its one ``export`` entry in the audit chain.

A worker never gets the buttons (only the sentence saying who may); the
functions refuse again on their own (:class:`PermissionDenied`). Messages
name the file and the number of cases, never case content.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.core.errors import FieldcaseError
from fieldcase.reports.access import EXPORT_ROLES, require_export
from fieldcase.reports.budget import export_budget
from fieldcase.reports.export import Format, export_cases
from fieldcase.reports.simfoni import export_simfoni
from fieldcase.reports.unit_costs import admin_costs_path, effective_costs
from fieldcase.ui.operations import user_message
from fieldcase.ui.reports import files
from fieldcase.ui.reports.labels import T
from fieldcase.ui.style import set_feedback
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

#: The growth scenario's range, as :func:`~fieldcase.reports.budget.export_budget` accepts it.
GROWTH_RANGE = (-99.0, 1000.0)


def _month(value: QDate) -> str:
    return f"{value.year():04d}-{value.month():02d}"


def _month_edit(name: str, value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setObjectName(name)
    edit.setDisplayFormat("MM/yyyy")
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 1))
    return edit


def _hint() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #4a4a4a;")
    return label


class ExportDialog(QDialog):
    """Three de-identified exports for the signed-in supervisor's vault.

    ``vault`` is the app's vault thread; ``data_dir`` the data folder whose
    ``budget/unit_costs.csv`` (the admin's table) the budget uses, shipped
    placeholders when None or absent; ``month`` the SIMFONI month offered first.
    """

    #: A file was written and logged (its path).
    exported = Signal(str)
    #: Something could not be done (the bilingual message shown).
    failed = Signal(str)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        month: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._session: Session | None = session
        self._vault = vault
        self._data_dir = data_dir
        self._clock = clock or (lambda: datetime.now(UTC))
        self.can_export = session.role in EXPORT_ROLES
        self.buttons: list[QPushButton] = []
        self._target = Path()
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        if self.can_export:
            today = self._clock().date()
            this_month = QDate(today.year, today.month, 1)
            chosen = QDate.fromString(month + "-01", "yyyy-MM-dd") if month else this_month
            layout.addWidget(self._cases_group(this_month.addMonths(-11)))
            layout.addWidget(self._simfoni_group(chosen if chosen.isValid() else this_month))
            layout.addWidget(self._budget_group())
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.reject)
        layout.addWidget(self.close_box)
        listener = self._language_changed
        i18n.add_listener(listener)
        self.destroyed.connect(lambda _obj=None: i18n.remove_listener(listener))
        self.retranslate()
        self.setMinimumWidth(620)

    # --- building -------------------------------------------------------------------------

    def _button(self, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        # No default button: Enter in the month or growth field must not start an export.
        button.setAutoDefault(False)
        button.clicked.connect(action)
        self.buttons.append(button)
        return button

    def _cases_group(self, since: QDate) -> QGroupBox:
        self.cases_box = QGroupBox()
        box = QVBoxLayout(self.cases_box)
        self.cases_hint = _hint()
        box.addWidget(self.cases_hint)
        row = QHBoxLayout()
        self.since_check = QCheckBox()
        self.since_check.setObjectName("sinceCheck")
        self.since = _month_edit("since", since)
        self.since.setEnabled(False)
        self.since_check.toggled.connect(self.since.setEnabled)
        self.cases_csv = self._button("casesCsv", lambda: self.export_cases("csv"))
        self.cases_xlsx = self._button("casesXlsx", lambda: self.export_cases("xlsx"))
        for widget in (self.since_check, self.since):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.cases_csv)
        row.addWidget(self.cases_xlsx)
        box.addLayout(row)
        return self.cases_box

    def _simfoni_group(self, month: QDate) -> QGroupBox:
        self.simfoni_box = QGroupBox()
        box = QVBoxLayout(self.simfoni_box)
        self.simfoni_hint = _hint()
        box.addWidget(self.simfoni_hint)
        row = QHBoxLayout()
        self.month_label = QLabel()
        self.month = _month_edit("simfoniMonth", month)
        self.month_label.setBuddy(self.month)
        self.simfoni_csv = self._button("simfoniCsv", self.export_simfoni)
        row.addWidget(self.month_label)
        row.addWidget(self.month)
        row.addStretch(1)
        row.addWidget(self.simfoni_csv)
        box.addLayout(row)
        return self.simfoni_box

    def _budget_group(self) -> QGroupBox:
        self.budget_box = QGroupBox()
        box = QVBoxLayout(self.budget_box)
        self.budget_hint = _hint()
        box.addWidget(self.budget_hint)
        self.costs_note = QLabel()
        self.costs_note.setObjectName("costsNote")
        self.costs_note.setWordWrap(True)
        self.costs_note.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.costs_note)
        row = QHBoxLayout()
        self.growth_label = QLabel()
        self.growth = QDoubleSpinBox()
        self.growth.setObjectName("growth")
        self.growth.setRange(*GROWTH_RANGE)
        self.growth.setDecimals(1)
        self.growth.setSingleStep(5.0)
        self.growth.setSuffix(" %")
        self.growth_label.setBuddy(self.growth)
        self.budget_xlsx = self._button("budgetXlsx", self.export_budget)
        row.addWidget(self.growth_label)
        row.addWidget(self.growth)
        row.addStretch(1)
        row.addWidget(self.budget_xlsx)
        box.addLayout(row)
        return self.budget_box

    def showEvent(self, event: QShowEvent) -> None:
        """Read the cost table again: the admin may have changed it since the last opening."""
        super().showEvent(event)
        if self.can_export:
            self._show_costs_source()

    # --- words ----------------------------------------------------------------------------

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(T.EXPORTS_TITLE)
        close = self.close_box.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(T.CLOSE)
        if not self.can_export:
            self.intro.setText(T.SUPERVISOR_ONLY)
            return
        self.intro.setText(T.EXPORTS_INTRO)
        self.cases_box.setTitle(T.CASES_GROUP)
        self.cases_hint.setText(T.CASES_HINT)
        self.since_check.setText(T.SINCE)
        for button, tip in ((self.cases_csv, T.CASES_CSV_TIP), (self.cases_xlsx, T.CASES_XLSX_TIP)):
            button.setToolTip(tip)
        self.cases_csv.setText(T.SAVE_CSV)
        self.cases_xlsx.setText(T.SAVE_XLSX)
        self.simfoni_box.setTitle(T.SIMFONI_GROUP)
        self.simfoni_hint.setText(T.SIMFONI_HINT)
        self.month_label.setText(T.MONTH)
        self.simfoni_csv.setText(T.SAVE_CSV)
        self.budget_box.setTitle(T.BUDGET_GROUP)
        self.budget_hint.setText(T.BUDGET_HINT)
        self.growth_label.setText(T.GROWTH)
        self.growth.setToolTip(T.GROWTH_TIP)
        self.budget_xlsx.setText(T.SAVE_XLSX)
        self._show_costs_source()

    def _show_costs_source(self) -> None:
        """Say which unit costs the budget will use: the admin's, or placeholders."""
        try:
            table = effective_costs(self._data_dir)
        except FieldcaseError as error:
            set_feedback(
                self.costs_note, T.COSTS_BROKEN.format(reason=user_message(error)), "error"
            )
            return
        if table.placeholder:
            set_feedback(self.costs_note, T.COSTS_PLACEHOLDER, "error")
        elif self._data_dir is not None and admin_costs_path(self._data_dir).is_file():
            set_feedback(self.costs_note, T.COSTS_ADMIN, "hint")
        else:
            set_feedback(self.costs_note, "", "hint")

    # --- exports --------------------------------------------------------------------------

    def _stamp(self) -> str:
        return self._clock().strftime("%Y-%m-%d")

    def export_cases(self, fmt: str) -> None:
        """The de-identified case table as CSV or XLSX (since the chosen month when ticked)."""
        chosen_fmt: Format = "xlsx" if fmt == "xlsx" else "csv"
        ticked = self.can_export and self.since_check.isChecked()
        since = _month(self.since.date()) if ticked else None
        self._export(
            T.SAVE_CASES_TITLE,
            f"kasus-tanpa-identitas-{self._stamp()}.{chosen_fmt}",
            lambda session, path: export_cases(session, path, chosen_fmt, since),
        )

    def export_simfoni(self) -> None:
        """The SIMFONI PPA-ready CSV of the chosen complaint month."""
        month = _month(self.month.date()) if self.can_export else _month(QDate.currentDate())
        self._export(
            T.SAVE_SIMFONI_TITLE,
            f"simfoni-ppa-{month}.csv",
            lambda session, path: export_simfoni(session, path, month),
        )

    def export_budget(self) -> None:
        """The budgeting workbook with the growth scenario, from the team's unit costs."""
        growth = self.growth.value() if self.can_export else 0.0
        data_dir = self._data_dir

        def job(session: Session, path: Path) -> int:
            return export_budget(session, path, effective_costs(data_dir), growth)

        self._export(T.SAVE_BUDGET_TITLE, f"model-penganggaran-{self._stamp()}.xlsx", job)

    def _export(self, title: str, name: str, job: Callable[[Session, Path], int]) -> None:
        """Check the role, ask where, write on the vault thread, say how it went."""
        session = self._session
        if session is None:
            return
        try:
            require_export(session)  # nobody else is even asked for a file name
        except FieldcaseError as error:
            self._fail(error)
            return
        suffix = Path(name).suffix
        path = files.ask_save_path(
            self, title, name, T.XLSX_FILTER if suffix == ".xlsx" else T.CSV_FILTER
        )
        if path is None:
            return
        self._busy(True)
        self._target = path
        set_feedback(self.status, T.WORKING.format(name=path.name), "hint")
        operation = self._vault.run("report-export", lambda: job(session, path))
        # Bound methods, not lambdas: Qt drops them if the dialog is gone (vault locked).
        operation.succeeded.connect(self._done)
        operation.failed.connect(self._fail)

    def _busy(self, busy: bool) -> None:
        """One export at a time: the buttons wait for the running one."""
        for button in self.buttons:
            button.setEnabled(not busy)

    def _done(self, rows: object) -> None:
        self._busy(False)
        path = self._target
        count = rows if isinstance(rows, int) else 0
        set_feedback(self.status, T.EXPORTED.format(name=path.name, rows=count), "ok")
        self.exported.emit(str(path))

    def _fail(self, error: BaseException) -> None:
        self._busy(False)
        message = user_message(error)
        set_feedback(self.status, message, "error")
        self.failed.emit(message)

    def clear(self) -> None:
        """Forget the session (the vault is being locked) and close."""
        self._session = None
        self.close()

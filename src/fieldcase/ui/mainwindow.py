"""The main window of an unlocked account: case list, search, count, lock.

Why it is built per session and thrown away on lock: everything it shows
comes from one unlocked vault, so the simplest way to be sure nothing of
one account is left for the next person is to clear the model, empty the
search box (it may hold a child's name) and delete the window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.errors import FieldcaseError
from fieldcase.core.roles import Role
from fieldcase.forms.custom import CustomForms
from fieldcase.ui import texts
from fieldcase.ui.casefile import CaseFileLauncher, CaseFileWindow
from fieldcase.ui.caselist import CaseListModel, Column, display_value
from fieldcase.ui.conflicts import ConflictLauncher
from fieldcase.ui.customforms import CustomFormsDialog
from fieldcase.ui.importwizard import ImportLauncher
from fieldcase.ui.operations import log_bug, user_message
from fieldcase.ui.style import TRAINING_STYLE, make_framed, set_feedback
from fieldcase.ui.wizard.launcher import WizardLauncher
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

#: Search results shown at most (ranked best first); the status line says when cut.
SEARCH_LIMIT = 500
#: Typing pauses this long before a search runs (each keystroke would be a query).
SEARCH_DELAY_MS = 250
#: Widest usual content per column, so widths are set without reading any row.
_COLUMN_SAMPLES = {
    Column.CODE: "00000000",
    Column.STAGE: "Penerimaan pengaduan",
    Column.STATUS: "Ditutup",
    Column.REGION: "DKI Jakarta",
    Column.RISK: "Sedang",
    Column.WORKER: "Pendamping 00",
}


class MainWindow(QMainWindow):
    """Shows one session's cases. Emits ``lockRequested``; the controller does the locking."""

    lockRequested = Signal()

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        vault: Vault | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: Session | None = session
        account = session.account
        title = texts.MAIN_TITLE.format(name=account.display_name)
        self.setWindowTitle(f"{title} — {texts.TRAINING}" if account.training else title)

        self.model = CaseListModel(session.cases.summaries, self)

        self.lock_action = QAction(texts.LOCK, self)
        self.lock_action.setObjectName("lock")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setIconText(texts.LOCK_BUTTON)
        self.lock_action.setToolTip(texts.LOCK_TIP)
        self.lock_action.triggered.connect(lambda: self.lockRequested.emit())
        toolbar = QToolBar(texts.APP_NAME)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        signed_in = QLabel(texts.SIGNED_IN_AS.format(name=account.display_name))
        signed_in.setTextFormat(Qt.TextFormat.PlainText)
        signed_in.setContentsMargins(8, 0, 8, 0)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Who is signed in sits in the status bar: the toolbar must keep room for
        # Lock at 1366 px, or it would vanish into the overflow menu.
        self.signed_in = signed_in
        # "New case" (Ctrl+N) and "Resume draft": the stage wizard (ui/wizard/launcher.py).
        if data_dir is not None:
            registry = CustomForms(data_dir)
            self.wizards = WizardLauncher(self, session, vault, forms=registry.form_by_id)
        else:
            self.wizards = WizardLauncher(self, session, vault)
        self.wizards.caseSaved.connect(lambda _case_id: self.apply_search())
        for action in self.wizards.actions:
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"{action.objectName()}Button")
                make_framed(button)
        # The case file of the selected case (ui/casefile.py): Enter, double-click, "Open".
        self.case_files = CaseFileLauncher(self, session, vault)
        self.case_files.lockRequested.connect(self.lock_action.trigger)
        self.wizards.caseSaved.connect(self.case_files.refresh)
        self.open_action = QAction(texts.OPEN_CASE, self)
        self.open_action.setObjectName("openCase")
        self.open_action.setToolTip(texts.OPEN_CASE_TIP)
        self.open_action.setEnabled(False)
        self.open_action.triggered.connect(lambda: self.open_case())
        toolbar.addAction(self.open_action)
        open_button = toolbar.widgetForAction(self.open_action)
        if open_button is not None:
            open_button.setObjectName("openCaseButton")
            make_framed(open_button)
        # Sync: the conflict inbox and bundle import (ui/conflicts.py, ui/importwizard.py).
        self.conflicts = ConflictLauncher(self, session, vault)
        self.imports = ImportLauncher(self, session, vault)
        self.imports.imported.connect(self.conflicts.countChanged)
        self.imports.imported.connect(lambda _count: self.apply_search())
        self.imports.imported.connect(lambda _count: self.case_files.refresh())
        for action in (self.conflicts.action, self.imports.action):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"{action.objectName()}Button")
                make_framed(button)
        # Organisation forms: laptop-level admin work for supervisors and admins.
        self.forms_action: QAction | None = None
        if data_dir is not None and session.role in (Role.SUPERVISOR, Role.ADMIN):
            self.forms_action = QAction(texts.CUSTOM_FORMS, self)
            self.forms_action.setObjectName("customForms")
            self.forms_action.triggered.connect(lambda: self.open_custom_forms(data_dir))
            toolbar.addAction(self.forms_action)
            forms_button = toolbar.widgetForAction(self.forms_action)
            if forms_button is not None:
                forms_button.setObjectName("customFormsButton")
                make_framed(forms_button)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.lock_action)
        lock_button = toolbar.widgetForAction(self.lock_action)
        if lock_button is not None:
            lock_button.setObjectName("lockButton")
            make_framed(lock_button)

        self.banner = QLabel(texts.TRAINING_BANNER)
        self.banner.setObjectName("trainingBanner")
        self.banner.setStyleSheet(TRAINING_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(account.training)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(texts.SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(texts.SEARCH_LABEL)
        search_label.setBuddy(self.search)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self._size_columns()
        # activated: Enter/Return on a row, and double-click (unless the platform opens
        # items on a single click, where that single click is the usual gesture).
        self.table.activated.connect(lambda index: self.open_case(self.model.case_id(index.row())))
        self.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self.open_action.setEnabled(
                self._selected_case() is not None
            )
        )
        self.model.modelReset.connect(lambda: self.open_action.setEnabled(False))

        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.signed_in)

        # Filters on the list columns (stage, status, region, risk): exact values.
        self.filters: dict[str, QComboBox] = {}
        for column, label in texts.FILTERS.items():
            combo = QComboBox()
            combo.setObjectName(f"filter_{column}")
            combo.setAccessibleName(label)
            combo.setToolTip(label)
            combo.addItem(label, None)
            for value in session.cases.column_values(column):
                combo.addItem(display_value(value), value)
            combo.currentIndexChanged.connect(lambda _index: self.apply_search())
            self.filters[column] = combo

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        for combo in self.filters.values():
            search_row.addWidget(combo)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        self.apply_search()
        self.wizards.refresh_count()
        self.conflicts.refresh_count()

    def _size_columns(self) -> None:
        """Fit headers and usual values without reading rows (that would defeat laziness)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header_metrics = header.fontMetrics()
        cell_metrics = self.table.fontMetrics()
        for column, sample in _COLUMN_SAMPLES.items():
            label = texts.COLUMNS[column][0]
            width = max(
                header_metrics.horizontalAdvance(label),
                cell_metrics.horizontalAdvance(sample),
            )
            header.resizeSection(column, width + 28)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ search

    def apply_search(self) -> None:
        """Show every case, or the ones matching the search text (best first)."""
        self._search_timer.stop()
        session = self._session
        if session is None:
            return
        text = self.search.text().strip()
        where = {
            column: combo.currentData()
            for column, combo in self.filters.items()
            if combo.currentData() is not None
        }
        try:
            total = session.cases.count()
            if text:
                ids = session.cases.search(text, SEARCH_LIMIT)
                if where:
                    allowed = set(session.cases.case_ids(where=where))
                    ids = [case_id for case_id in ids if case_id in allowed]
            else:
                ids = session.cases.case_ids(where=where)
        except FieldcaseError as error:
            set_feedback(self.count_label, user_message(error), "error")
            return
        except Exception as error:  # a bug: say so, keep the window usable
            log_bug(error, "search")
            set_feedback(self.count_label, user_message(error), "error")
            return
        self.model.set_case_ids(ids)
        count = self._count_text(text, len(ids), total, filtered=bool(where))
        set_feedback(self.count_label, count, "hint")

    @staticmethod
    def _count_text(text: str, shown: int, total: int, filtered: bool = False) -> str:
        if not text and filtered:
            return texts.COUNT_FILTERED.format(shown=shown, total=total)
        if not text:
            return texts.COUNT_ALL.format(total=total) if total else texts.COUNT_NONE
        if not shown:
            return texts.COUNT_NO_MATCH
        if shown >= SEARCH_LIMIT:
            return texts.COUNT_LIMIT.format(shown=shown, total=total)
        return texts.COUNT_MATCH.format(shown=shown, total=total)

    # -------------------------------------------------------------- case file

    def _selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def open_case(self, case_id: str | None = None) -> CaseFileWindow | None:
        """Open the case file of ``case_id`` (default: the selected row); logged as a view."""
        if case_id is None:
            case_id = self._selected_case()
        if case_id is None or self._session is None:
            return None
        return self.case_files.open(case_id)

    # -------------------------------------------------------------------- lock

    def open_custom_forms(self, data_dir: Path) -> CustomFormsDialog:
        """Show the organisation-forms dialog (supervisors and admins)."""
        dialog = CustomFormsDialog(CustomForms(data_dir), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def clear(self) -> None:
        """Drop everything read from the vault; the window is useless afterwards."""
        self.wizards.close_all()  # queues the open wizard's draft before the lock
        self.conflicts.close_all()
        self.imports.close_all()
        self.case_files.close_all()  # no case data may stay on screen after a lock
        self._search_timer.stop()
        self._session = None
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.count_label.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window quits the app; the controller locks the vault on the way out."""
        self.clear()
        super().closeEvent(event)

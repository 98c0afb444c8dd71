"""The main window of an unlocked account: a toolbar, tabs, the lock.

Why it is built per session and thrown away on lock: everything it shows
comes from one unlocked vault, so the simplest way to be sure nothing of
one account is left for the next person is to clear every tab (the search
box may hold a child's name) and delete the window.

The tabs: "Kasus / Cases" (ui/casespane.py) and the others wired in
:meth:`MainWindow._add_tabs`. Words follow the language switch in place
(ui/words.py), so an open wizard keeps its answers while the window relabels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.roles import Role
from fieldcase.forms.custom import CustomForms
from fieldcase.reports.access import EXPORT_ROLES
from fieldcase.ui import texts
from fieldcase.ui.autolockdialog import AutoLockDialog
from fieldcase.ui.autolockdialog import T as autolock_texts
from fieldcase.ui.casefile import CaseFileLauncher, CaseFileWindow
from fieldcase.ui.caselist import CaseListModel
from fieldcase.ui.casespane import CaseListPane
from fieldcase.ui.conflicts import ConflictLauncher
from fieldcase.ui.customforms import CustomFormsDialog
from fieldcase.ui.importwizard import ImportLauncher
from fieldcase.ui.language import LanguageButton
from fieldcase.ui.referrals.directoryeditor import DirectoryEditor
from fieldcase.ui.referrals.strings import T as referral_texts
from fieldcase.ui.reports.dashboard import DashboardWidget
from fieldcase.ui.reports.labels import T as report_texts
from fieldcase.ui.reports.unitcosts import open_unit_costs_dialog
from fieldcase.ui.style import TRAINING_STYLE, make_framed
from fieldcase.ui.sync import SyncLauncher
from fieldcase.ui.wizard.launcher import InlineVault, WizardLauncher
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.ui.words import Words
from fieldcase.ui.worklist import T as worklist_texts
from fieldcase.ui.worklist import WorklistWidget
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows one session's work. Emits ``lockRequested``; the controller does the locking."""

    lockRequested = Signal()
    #: An admin set a new auto-lock time for this laptop (minutes).
    idleMinutesChanged = Signal(float)

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        vault: Vault | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: Session | None = session
        self._data_dir = data_dir
        account = session.account
        self.words = Words(self)
        self.words.bind(self.setWindowTitle, self._title)

        self.toolbar = toolbar = QToolBar(texts.APP_NAME)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)

        # "New case" (Ctrl+N) and "Resume draft": the stage wizard (ui/wizard/launcher.py).
        if data_dir is not None:
            registry = CustomForms(data_dir)
            self.wizards = WizardLauncher(self, session, vault, forms=registry.form_by_id)
        else:
            self.wizards = WizardLauncher(self, session, vault)
        self.words.bind(self.wizards.new_case_action.setText, lambda: texts.NEW_CASE)
        self.words.bind(self.wizards.new_case_action.setIconText, lambda: texts.NEW_CASE_BUTTON)
        self.words.bind(self.wizards.new_case_action.setToolTip, lambda: texts.NEW_CASE_TIP)
        self.words.bind(self.wizards.resume_action.setText, lambda: texts.RESUME_DRAFT)
        self.words.bind(self.wizards.resume_action.setToolTip, lambda: texts.RESUME_DRAFT_TIP)
        for action in self.wizards.actions:
            self._add_action(action)

        # The case file of the selected case (ui/casefile.py): Enter, double-click, "Open".
        self.case_files = CaseFileLauncher(self, session, vault, data_dir=data_dir)
        self.case_files.lockRequested.connect(self._request_lock)
        self.open_action = QAction(self)
        self.open_action.setObjectName("openCase")
        self.words.bind(self.open_action.setText, lambda: texts.OPEN_CASE)
        self.words.bind(self.open_action.setToolTip, lambda: texts.OPEN_CASE_TIP)
        self.open_action.setEnabled(False)
        self.open_action.triggered.connect(lambda: self.open_case())
        self._add_action(self.open_action)

        # Sync: the conflict inbox and bundle import (ui/conflicts.py, ui/importwizard.py).
        self.conflicts = ConflictLauncher(self, session, vault)
        self.imports = ImportLauncher(self, session, vault)
        self.words.bind(self.conflicts.action.setToolTip, lambda: texts.CONFLICTS_TIP)
        self.words.bind(self.imports.action.setText, lambda: texts.IMPORT_BUNDLE)
        self.words.bind(self.imports.action.setToolTip, lambda: texts.IMPORT_BUNDLE_TIP)
        for action in (self.conflicts.action, self.imports.action):
            self._add_action(action)
        # The sync panel, its status-bar indicator and automatic sync (ui/sync/).
        self.sync: SyncLauncher | None = None
        if data_dir is not None:
            self.sync = SyncLauncher(self, session, vault, data_dir, open_import=self.imports.open)
            self._add_action(self.sync.action)

        # Laptop-level set-up, in one "Manage" menu so the toolbar keeps room for Lock:
        # organisation forms (supervisors, admins), the service directory (admins).
        self.forms_action: QAction | None = None
        self.directory_action: QAction | None = None
        manage: list[QAction] = []
        if data_dir is not None and session.role in (Role.SUPERVISOR, Role.ADMIN):
            self.forms_action = QAction(self)
            self.forms_action.setObjectName("customForms")
            self.words.bind(self.forms_action.setText, lambda: texts.CUSTOM_FORMS)
            self.forms_action.triggered.connect(lambda: self.open_custom_forms(data_dir))
            manage.append(self.forms_action)
        self.unit_costs_action: QAction | None = None
        if data_dir is not None and session.role in (Role.ADMIN, Role.SUPERVISOR):
            self.unit_costs_action = QAction(self)
            self.unit_costs_action.setObjectName("unitCosts")
            self.words.bind(self.unit_costs_action.setText, lambda: report_texts.UNIT_COSTS)
            self.unit_costs_action.triggered.connect(
                lambda: open_unit_costs_dialog(self, data_dir, session.role)
            )
            manage.append(self.unit_costs_action)
        if data_dir is not None and session.role is Role.ADMIN:
            self.directory_action = QAction(self)
            self.directory_action.setObjectName("serviceDirectory")
            self.words.bind(self.directory_action.setText, lambda: referral_texts.DIR_TITLE)
            self.directory_action.triggered.connect(lambda: self.open_directory(data_dir))
            manage.append(self.directory_action)
        self.autolock_action: QAction | None = None
        if data_dir is not None and session.role is Role.ADMIN:
            self.autolock_action = QAction(self)
            self.autolock_action.setObjectName("autoLock")
            self.words.bind(self.autolock_action.setText, lambda: autolock_texts.ACTION)
            self.autolock_action.triggered.connect(lambda: self.open_autolock(data_dir))
            manage.append(self.autolock_action)
        self.manage_menu: QMenu | None = None
        if manage:
            self.manage_menu = QMenu(self)
            self.manage_menu.setObjectName("manageMenu")
            self.manage_menu.addActions(manage)
            manage_button = QToolButton()
            manage_button.setObjectName("manageButton")
            manage_button.setMenu(self.manage_menu)
            manage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.words.bind(manage_button.setText, lambda: texts.MANAGE)
            self.words.bind(manage_button.setToolTip, lambda: texts.MANAGE_TIP)
            make_framed(manage_button)
            toolbar.addWidget(manage_button)

        # Every toolbar action has a key, so the window works without a mouse
        # (toolbar buttons are not in the Tab order on every platform).
        keyed: list[tuple[QAction, str]] = [
            (self.wizards.resume_action, "Ctrl+D"),
            (self.conflicts.action, "Ctrl+K"),
            (self.imports.action, "Ctrl+I"),
        ]
        if self.sync is not None:
            keyed.append((self.sync.action, "F9"))
        for action, keys in keyed:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.language_button = LanguageButton()
        make_framed(self.language_button)
        toolbar.addWidget(self.language_button)
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lock")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.words.bind(self.lock_action.setText, lambda: texts.LOCK)
        self.words.bind(self.lock_action.setIconText, lambda: texts.LOCK_BUTTON)
        self.words.bind(self.lock_action.setToolTip, lambda: texts.LOCK_TIP)
        self.lock_action.triggered.connect(self._request_lock)
        self._add_action(self.lock_action)

        self.banner = QLabel()
        self.banner.setObjectName("trainingBanner")
        self.banner.setStyleSheet(TRAINING_STYLE)
        self.banner.setWordWrap(True)
        self.words.bind(self.banner.setText, lambda: texts.TRAINING_BANNER)
        self.banner.setVisible(account.training)

        # Who is signed in sits in the status bar: the toolbar must keep room for
        # Lock at 1366 px, or it would vanish into the overflow menu.
        self.signed_in = QLabel()
        self.signed_in.setTextFormat(Qt.TextFormat.PlainText)
        self.signed_in.setContentsMargins(8, 0, 8, 0)
        self.words.bind(
            self.signed_in.setText,
            lambda: texts.SIGNED_IN_AS.format(name=account.display_name),
        )
        self.statusBar().addPermanentWidget(self.signed_in)
        if self.sync is not None:
            self.statusBar().insertPermanentWidget(0, self.sync.indicator)

        self.cases_pane = CaseListPane(session)
        self.cases_pane.openRequested.connect(self.open_case)
        self.cases_pane.selectionChanged.connect(self.open_action.setEnabled)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self._add_tabs(session, vault)
        self.tabs.currentChanged.connect(lambda _index: self._update_open_action())

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        # Whatever changes cases refreshes the views of them.
        self.wizards.caseSaved.connect(lambda _case_id: self.worklist.refresh())
        self.wizards.draftCount.connect(lambda _count: self.worklist.refresh())
        self.imports.imported.connect(lambda _count: self.worklist.refresh())
        self.wizards.caseSaved.connect(lambda _case_id: self.cases_pane.apply_search())
        self.wizards.caseSaved.connect(self.case_files.refresh)
        self.imports.imported.connect(self.conflicts.countChanged)
        self.imports.imported.connect(lambda _count: self.cases_pane.apply_search())
        self.imports.imported.connect(lambda _count: self.case_files.refresh())
        if self.sync is not None:
            sync = self.sync
            sync.synced.connect(lambda _count: self.cases_pane.apply_search())
            sync.synced.connect(lambda _count: self.worklist.refresh())
            sync.synced.connect(lambda _count: self.case_files.refresh())
            sync.synced.connect(lambda _count: self.conflicts.refresh_count())
            self.imports.imported.connect(lambda _count: sync.service.refresh())
            # Status and automatic sync start after the first paint: the window comes first.
            QTimer.singleShot(0, self, sync.start)
        self.words.after_switch(self.wizards.refresh_count)
        self.words.after_switch(self.conflicts.refresh_count)
        self.wizards.refresh_count()
        self.conflicts.refresh_count()

    # ------------------------------------------------------------------ building

    def _title(self) -> str:
        session = self._session
        if session is None:
            return texts.APP_NAME
        title = texts.MAIN_TITLE.format(name=session.account.display_name)
        return f"{title} — {texts.TRAINING}" if session.account.training else title

    def _add_action(self, action: QAction) -> None:
        """A framed toolbar button named after its action (tests and screenshots find it)."""
        self.toolbar.addAction(action)
        button = self.toolbar.widgetForAction(action)
        if button is not None:
            button.setObjectName(f"{action.objectName()}Button")
            make_framed(button)

    def _add_tab(self, widget: QWidget, name: str, title: Callable[[], str]) -> None:
        widget.setObjectName(name)
        self.tabs.addTab(widget, "")
        self.words.bind(lambda text: self.tabs.setTabText(self.tabs.indexOf(widget), text), title)

    def _add_tabs(self, session: Session, vault: Vault | None) -> None:
        # "Today": what I must do (due and overdue deadlines, approvals, drafts).
        self.worklist = WorklistWidget(session, vault if vault is not None else InlineVault(self))
        self.worklist.openCase.connect(self.open_case)
        self.worklist.resumeDraft.connect(self.wizards.resume_draft)
        self._add_tab(self.worklist, "worklistTab", lambda: worklist_texts.TAB)
        self._add_tab(self.cases_pane, "casesTab", lambda: texts.TAB_CASES)
        # Supervisors: statistics, charts and the monthly report (ui/reports/).
        self.dashboard: DashboardWidget | None = None
        if session.role in EXPORT_ROLES and vault is not None:
            self.dashboard = DashboardWidget(session, vault, data_dir=self._data_dir)
            self._add_tab(self.dashboard, "dashboardTab", lambda: report_texts.TAB)

    # ------------------------------------------------------------------ the case list

    # The case list's parts, under the names the rest of the app (and its tests) use.
    @property
    def model(self) -> CaseListModel:
        return self.cases_pane.model

    @property
    def table(self) -> QTableView:
        return self.cases_pane.table

    @property
    def search(self) -> QLineEdit:
        return self.cases_pane.search

    @property
    def filters(self) -> dict[str, QComboBox]:
        return self.cases_pane.filters

    @property
    def count_label(self) -> QLabel:
        return self.cases_pane.count_label

    def apply_search(self) -> None:
        self.cases_pane.apply_search()

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.cases_pane)
        self.cases_pane.focus_search()

    def _update_open_action(self) -> None:
        on_cases = self.tabs.currentWidget() is self.cases_pane
        self.open_action.setEnabled(on_cases and self.cases_pane.selected_case() is not None)

    # -------------------------------------------------------------- case file

    def open_case(self, case_id: str | None = None) -> CaseFileWindow | None:
        """Open the case file of ``case_id`` (default: the selected row); logged as a view."""
        if case_id is None:
            case_id = self.cases_pane.selected_case()
        if case_id is None or self._session is None:
            return None
        return self.case_files.open(case_id)

    def open_custom_forms(self, data_dir: Path) -> CustomFormsDialog:
        """Show the organisation-forms dialog (supervisors and admins)."""
        dialog = CustomFormsDialog(CustomForms(data_dir), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_directory(self, data_dir: Path) -> DirectoryEditor:
        """The service directory editor (admins): institutions per region and type."""
        dialog = DirectoryEditor(data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_autolock(self, data_dir: Path) -> AutoLockDialog:
        """The laptop's auto-lock time (admins); applies to this session at once."""
        dialog = AutoLockDialog(data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.idleMinutesChanged)
        dialog.open()
        return dialog

    # -------------------------------------------------------------------- lock

    def _request_lock(self) -> None:
        self.lockRequested.emit()

    def clear(self) -> None:
        """Drop everything read from the vault; the window is useless afterwards."""
        self.wizards.close_all()  # queues the open wizard's draft before the lock
        self.conflicts.close_all()
        self.imports.close_all()
        if self.sync is not None:
            self.sync.close_all()  # stops automatic sync; a run stops at its next step
        self.case_files.close_all()  # no case data may stay on screen after a lock
        self._session = None
        self.cases_pane.clear()
        self.worklist.clear()
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            clear = getattr(tab, "clear", None)
            if tab is not self.cases_pane and callable(clear):
                clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window quits the app; the controller locks the vault on the way out."""
        self.clear()
        super().closeEvent(event)

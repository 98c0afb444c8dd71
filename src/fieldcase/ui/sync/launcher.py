"""The main window's side of sync: the "Sinkronisasi / Sync" action, the status-bar
indicator, the panel and the export dialog, over one :class:`SyncService`.

Lifecycle: build it with the main window (after unlock) and call
:meth:`SyncLauncher.start`; call :meth:`SyncLauncher.close_all` when the window
is cleared (lock, quit) *before* the lock is queued on the vault thread: it
stops automatic sync and cancels a running one, which then ends at its next
whole step, ahead of the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget

from fieldcase import i18n
from fieldcase.ui.sync.autosync import AutoSync
from fieldcase.ui.sync.export import ChooseSave, ExportBundleDialog, choose_save_with_dialog
from fieldcase.ui.sync.panel import (
    AskServer,
    ChooseFolder,
    SyncPanel,
    ask_server_with_dialog,
    choose_folder_with_dialog,
    when_text,
)
from fieldcase.ui.sync.service import (
    SyncService,
    TransportFactory,
    check_health,
    default_transports,
)
from fieldcase.ui.sync.strings import T
from fieldcase.ui.wizard.launcher import InlineVault
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session


class SyncStatusIndicator(QToolButton):
    """A flat status-bar button: last sync and pending count, "Syncing…", or a failure.

    Clicking it opens the panel (``clicked``, connected by the launcher).
    """

    def __init__(self, service: SyncService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.service = service
        service.changed.connect(self.refresh)
        i18n.add_listener(self._language_changed)
        self.destroyed.connect(lambda: i18n.remove_listener(self._language_changed))
        self.refresh()

    def _language_changed(self, _language: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        s = self.service
        colour = "#5f6368"
        if not s.in_team:
            text = T.INDICATOR_NOT_TEAM
        elif s.busy:
            text = T.INDICATOR_BUSY
        elif s.error and not any(s.states[k].last_ms for k in s.configured):
            text, colour = T.INDICATOR_ERROR, "#b71c1c"
        elif not s.configured:
            text = T.INDICATOR_NONE
        else:
            lasts = [m for k in s.configured if (m := s.states[k].last_ms) is not None]
            text = T.INDICATOR_IDLE.format(when=when_text(max(lasts) if lasts else None))
            pending = sum(s.states[k].pending or 0 for k in s.configured)
            if pending:
                text += " · " + T.INDICATOR_PENDING.format(count=pending)
            if s.error:
                text, colour = f"{text} · {T.INDICATOR_PARTLY}", "#b71c1c"
        self.setText(text)
        self.setToolTip(s.error or T.ACTION_TIP)
        self.setStyleSheet(f"QToolButton {{ color: {colour}; }}")


class SyncLauncher(QObject):
    """Owns the service; offers ``action`` (toolbar) and ``indicator`` (status bar)."""

    #: Changes from others were applied (count): refresh case lists and conflicts.
    synced = Signal(int)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        vault: Vault | None,
        data_dir: Path,
        *,
        open_import: Callable[[], object] | None = None,
        choose_save: ChooseSave = choose_save_with_dialog,
        choose_folder: ChooseFolder = choose_folder_with_dialog,
        ask_server: AskServer = ask_server_with_dialog,
        auto: AutoSync | None = None,
        health: Callable[[str], bool] = check_health,
        transports: TransportFactory = default_transports,
    ) -> None:
        super().__init__(window)
        self._window = window
        # Without a vault thread (a window built by code that does not pass one), jobs
        # run at once on the UI thread, still in order with the lock.
        vault = vault if vault is not None else InlineVault(self)
        self._vault = vault
        self._open_import = open_import
        self._choose_save = choose_save
        self._choose_folder = choose_folder
        self._ask_server = ask_server
        self.service = SyncService(
            session, vault, data_dir, self, auto=auto, health=health, transports=transports
        )
        self.service.synced.connect(self.synced)
        self.action = QAction(T.ACTION, self)
        self.action.setObjectName("syncPanel")
        self.action.setToolTip(T.ACTION_TIP)
        self.action.triggered.connect(self.open)
        i18n.add_listener(self._language_changed)
        self.indicator = SyncStatusIndicator(self.service)
        self.indicator.clicked.connect(self.open)
        self.panel: SyncPanel | None = None
        self.export_dialog: ExportBundleDialog | None = None

    def _language_changed(self, _language: str) -> None:
        self.action.setText(T.ACTION)
        self.action.setToolTip(T.ACTION_TIP)

    def start(self) -> None:
        """After unlock: status now, automatic sync once the relay answers."""
        self.service.start()

    def open(self) -> SyncPanel | None:
        if self.service.session is None:
            return None
        if self.panel is not None:
            self.panel.raise_()
            self.panel.activateWindow()
            return self.panel
        panel = SyncPanel(
            self.service,
            self._window,
            open_export=lambda: self.open_export(),
            open_import=self._open_import,
            choose_folder=self._choose_folder,
            ask_server=self._ask_server,
        )
        panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        panel.destroyed.connect(self._forget_panel)
        self.panel = panel
        panel.show()
        self.service.refresh()
        return panel

    def open_export(self, case_ids: list[str] | None = None) -> ExportBundleDialog | None:
        """The export dialog; ``case_ids`` pre-selects those cases."""
        session = self.service.session
        if session is None:
            return None
        if self.export_dialog is not None:
            self.export_dialog.activateWindow()
            return self.export_dialog
        parent = self.panel if self.panel is not None else self._window
        dialog = ExportBundleDialog(
            session, self._vault, parent, choose_save=self._choose_save, case_ids=case_ids
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda _count: self.service.mark_exported())
        dialog.destroyed.connect(self._forget_export)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _forget_panel(self) -> None:
        self.panel = None

    def _forget_export(self) -> None:
        self.export_dialog = None

    def close_all(self) -> None:
        """On lock or quit: stop automatic sync, cancel a run, close the windows."""
        self.service.close()
        if self.export_dialog is not None:
            self.export_dialog.clear()
            if not self.export_dialog.running:
                self.export_dialog.close()
        if self.panel is not None:
            self.panel.close()

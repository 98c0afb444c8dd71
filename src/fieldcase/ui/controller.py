"""Which window is showing, and the one unlocked session behind it.

Why a controller: the sign-in window and the main window must never both
hold a session, and locking must happen in a fixed order — drop every model
and typed text first, show sign-in, then close the vault on the vault
thread (where it was opened). Tests drive this object directly; ``run_gui``
only adds the QApplication and the event loop.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from fieldcase import i18n
from fieldcase.ui.idlelock import IdleLock, idle_minutes
from fieldcase.ui.language import load_language, save_language
from fieldcase.ui.operations import VaultWorker, log_bug, user_message
from fieldcase.ui.preload import preload
from fieldcase.ui.signin import SignInWindow
from fieldcase.ui.style import set_feedback
from fieldcase.vault.accounts import AccountStore

if TYPE_CHECKING:
    from fieldcase.ui.mainwindow import MainWindow
    from fieldcase.vault.session import Session

log = logging.getLogger(__name__)


class Controller(QObject):
    """Owns the vault thread, the sign-in window and at most one main window."""

    def __init__(
        self,
        store: AccountStore,
        parent: QObject | None = None,
        idle_timeout_ms: int | None = None,
        training: bool = False,
    ) -> None:
        super().__init__(parent)
        self.vault = VaultWorker(self)
        self.store = store
        if idle_timeout_ms is None:
            idle_timeout_ms = int(idle_minutes(store.data_dir) * 60_000)
        self.idle = IdleLock(idle_timeout_ms, self)
        self.idle.timedOut.connect(self.lock)
        # The laptop's language, before the first window is built; every later
        # switch (sign-in, main window or wizard) is remembered for the next start.
        i18n.set_language(load_language(store.data_dir))
        i18n.add_listener(self._language_changed)
        self.signin = SignInWindow(store, self.vault, training=training)
        self.main_window: MainWindow | None = None
        #: The last main window being deleted, held until its deleteLater runs:
        #: Python owns it, and dropping the last reference would free it at once,
        #: while we may still be inside its own Ctrl+L signal. (Today lambdas
        #: connected to its signals happen to keep it alive; don't rely on that.)
        self._retired: MainWindow | None = None
        self.session: Session | None = None
        self.signin.unlocked.connect(self._on_unlocked)

    def _language_changed(self, language: i18n.Language) -> None:
        save_language(self.store.data_dir, language)

    def start(self) -> None:
        self.signin.show()
        self.signin.passphrase.setFocus()
        # While the person types the passphrase, load the main window's code on the vault
        # thread (quietly: no wait cursor), so unlocking does not wait for imports.
        self.vault.run("preload", preload, quiet=True)

    def _on_unlocked(self, session: Session) -> None:
        self.session = session
        # Imported on first unlock, not at start: the sign-in window must appear fast,
        # and the main window brings the wizard, reports, referrals and sync with it.
        from fieldcase.ui.mainwindow import MainWindow

        window = MainWindow(session, vault=self.vault, data_dir=self.store.data_dir)
        window.lockRequested.connect(self.lock)
        window.idleMinutesChanged.connect(
            lambda minutes: self.idle.set_timeout_ms(int(minutes * 60_000))
        )
        self.main_window = window
        window.show()
        self.signin.hide()
        self.idle.start()

    def lock(self) -> None:
        """Ctrl+L: clear and drop the main window, show sign-in, close the vault."""
        self.idle.stop()
        window, self.main_window = self.main_window, None
        session, self.session = self.session, None
        if window is not None:
            window.clear()
        self.signin.reset()
        self.signin.show()
        if window is not None:
            self._retire(window)
        if session is not None:
            operation = self.vault.run("lock", session.lock)
            operation.failed.connect(self._on_lock_failed)

    def _retire(self, window: MainWindow) -> None:
        window.hide()
        window.deleteLater()
        self._retired = window

    def _on_lock_failed(self, error: BaseException) -> None:
        set_feedback(self.signin.message, user_message(error), "error")

    def shutdown(self) -> None:
        """Quitting: lock whatever is open (waiting for it), then stop the vault thread."""
        if self.main_window is not None:
            self.main_window.clear()
            self._retire(self.main_window)
            self.main_window = None
        for session in (self.session, self.signin.pending_session):
            if session is not None:
                try:
                    self.vault.call(session.lock)
                except Exception as error:  # quitting anyway: log it, never show a traceback
                    log_bug(error, "lock at exit")
        self.session = None
        self.signin.pending_session = None
        self.vault.shutdown()
        self.signin.hide()

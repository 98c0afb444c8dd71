"""The main window's side of the wizard: "New case" (Ctrl+N) and "Resume draft".

Why a separate object: the main window belongs to another module and stays
small; it only adds these actions to its toolbar and calls :meth:`close_all`
when it is cleared (Ctrl+L, quitting), which queues the open wizard's draft
on the vault thread *before* the controller queues the lock.

All vault work goes through the vault thread it is given. Without one (a
main window built by code that does not pass it yet), jobs run at once on
the UI thread (:class:`InlineVault`): slower on a bad disk, but still in
order with the lock, and never on a second thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldcase.forms.model import Form
from fieldcase.ui import texts
from fieldcase.ui.operations import Operation, user_message
from fieldcase.ui.wizard import drafts as vaultside
from fieldcase.ui.wizard.draftlist import DraftListDialog
from fieldcase.ui.wizard.strings import current_text
from fieldcase.ui.wizard.wizard import FormWizard, Vault
from fieldcase.vault.drafts import Draft
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

#: The form "New case" opens: stage 1 of the procedure.
INTAKE_FORM = "penerimaan"


def builtin(form_id: str) -> Form:
    from fieldcase.forms import builtin_form

    return builtin_form(form_id)


class InlineVault(QObject):
    """Runs each job immediately on the calling thread; the outcome arrives queued,
    like :class:`~fieldcase.ui.operations.VaultWorker`'s."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._alive: set[Operation] = set()

    def run(self, name: str, job: Callable[[], Any], *, quiet: bool = False) -> Operation:
        operation = Operation(name)
        self._alive.add(operation)
        operation.finished.connect(
            lambda: QTimer.singleShot(0, self, lambda: self._alive.discard(operation))
        )
        future: Future[Any] = Future()
        try:
            future.set_result(job())
        except Exception as error:
            future.set_exception(error)
        operation._done.emit(future)
        return operation


class WizardLauncher(QObject):
    #: A wizard saved a case (its id): the case list should show it.
    caseSaved = Signal(str)
    #: How many drafts the vault holds now.
    draftCount = Signal(int)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        vault: Vault | None = None,
        forms: Callable[[str], Form] = builtin,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session: Session | None = session
        if vault is None:
            log.info("wizard: no vault thread given; running vault jobs inline")
        self._vault: Vault = vault if vault is not None else InlineVault(self)
        self._forms = forms
        self.wizard: FormWizard | None = None
        self.drafts_dialog: DraftListDialog | None = None

        self.new_case_action = QAction(texts.NEW_CASE, window)
        self.new_case_action.setObjectName("newCase")
        self.new_case_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_case_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_case_action.setIconText(texts.NEW_CASE_BUTTON)
        self.new_case_action.setToolTip(texts.NEW_CASE_TIP)
        self.new_case_action.triggered.connect(self.new_case)
        self.resume_action = QAction(texts.RESUME_DRAFT, window)
        self.resume_action.setObjectName("resumeDraft")
        self.resume_action.setToolTip(texts.RESUME_DRAFT_TIP)
        self.resume_action.triggered.connect(self.resume)
        self.resume_action.setEnabled(False)
        self.draftCount.connect(self._show_count)

    @property
    def actions(self) -> tuple[QAction, QAction]:
        return self.new_case_action, self.resume_action

    # ------------------------------------------------------------------ opening

    def _raise_open(self) -> bool:
        if self.wizard is None:
            return False
        self.wizard.show()
        self.wizard.raise_()
        self.wizard.activateWindow()
        return True

    def new_case(self) -> FormWizard | None:
        """Ctrl+N: the intake wizard for a new case (or the one already open)."""
        if self._session is None or self._raise_open():
            return self.wizard
        start = vaultside.start_new(self._forms(INTAKE_FORM), self._session)
        return self.open(start)

    def open(self, start: vaultside.WizardStart) -> FormWizard:
        assert self._session is not None
        wizard = FormWizard(start, self._vault, self._session, parent=self._window)
        wizard.saved.connect(self.caseSaved.emit)
        wizard.finished.connect(lambda _result: self._closed(wizard))
        self.wizard = wizard
        wizard.show()
        return wizard

    def _closed(self, wizard: FormWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()
        self.refresh_count()

    def resume(self) -> None:
        """List the drafts (vault thread), then offer them."""
        session = self._session
        if session is None or self._raise_open():
            return
        operation = self._vault.run("drafts-list", lambda: session.drafts.list())
        operation.succeeded.connect(self._show_drafts)
        operation.failed.connect(self._failed)

    def _show_drafts(self, found: list[Draft]) -> None:
        if self._session is None:
            return
        dialog = DraftListDialog(found, self._forms, self._window)
        dialog.resumeRequested.connect(self.resume_draft)
        dialog.deleteRequested.connect(self.discard_draft)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.drafts_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: DraftListDialog) -> None:
        if self.drafts_dialog is dialog:
            self.drafts_dialog = None
        dialog.deleteLater()

    def resume_draft(self, draft_id: str) -> None:
        session, forms = self._session, self._forms
        if session is None:
            return
        operation = self._vault.run(
            "draft-open", lambda: vaultside.start_from_draft(session, draft_id, forms)
        )
        operation.succeeded.connect(self._open_resumed)
        operation.failed.connect(self._failed)

    def _open_resumed(self, start: vaultside.WizardStart) -> None:
        if self._session is not None and not self._raise_open():
            self.open(start)

    def discard_draft(self, draft_id: str) -> None:
        session = self._session
        if session is None:
            return
        operation = self._vault.run("draft-discard", lambda: session.drafts.discard(draft_id))
        operation.finished.connect(self.refresh_count)
        operation.failed.connect(self._failed)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(
            self._window, texts.ERROR_TITLE, current_text("open_failed", error=user_message(error))
        )

    # ------------------------------------------------------------------ state

    def refresh_count(self) -> None:
        session = self._session
        if session is None:
            return
        operation = self._vault.run("drafts-count", lambda: len(session.drafts.list()))
        operation.succeeded.connect(self.draftCount.emit)

    def _show_count(self, count: int) -> None:
        self.resume_action.setEnabled(count > 0)
        self.resume_action.setIconText(
            texts.RESUME_DRAFT_COUNT.format(count=count) if count else texts.RESUME_DRAFT
        )

    def close_all(self) -> None:
        """Locking or quitting: keep the open wizard's answers as a draft, close it."""
        wizard, self.wizard = self.wizard, None
        self._session = None
        if self.drafts_dialog is not None:
            self.drafts_dialog.reject()
            self.drafts_dialog = None
        if wizard is not None:
            wizard.close_keeping_draft()
            wizard.hide()
            wizard.deleteLater()

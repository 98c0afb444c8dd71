"""Getting back into an account: the recovery code, then a new passphrase.

Why two dialogs: the vault opens with the recovery code, but the account
stays marked "must change passphrase" until a new one is set (the old code
may have been seen, so a new code is issued too). The second dialog is also
what a person gets after a normal unlock of an account left in that state
(for instance when the laptop died between the two steps).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.ui import texts
from fieldcase.ui.operations import VaultWorker, user_message
from fieldcase.ui.passphrasefields import PassphraseFields
from fieldcase.ui.recoverycode import RecoveryCodeDialog
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.vault.accounts import AccountInfo, AccountStore

if TYPE_CHECKING:
    from fieldcase.vault.session import Session


def _buttons(ok_text: str, ok_name: str) -> tuple[QDialogButtonBox, QPushButton]:
    ok = QPushButton(ok_text)
    ok.setObjectName(ok_name)
    ok.setDefault(True)
    make_primary(ok)
    box = QDialogButtonBox()
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(QPushButton(texts.CANCEL), QDialogButtonBox.ButtonRole.RejectRole)
    return box, ok


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.hide()
    return label


class RecoveryDialog(QDialog):
    """Asks for the recovery code of ``account``; emits ``recovered`` with the open session."""

    recovered = Signal(object)  # Session

    def __init__(
        self,
        store: AccountStore,
        vault: VaultWorker,
        account: AccountInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._vault = vault
        self._account = account
        self._busy = False
        self.setWindowTitle(texts.RECOVER_TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)

        intro = QLabel(texts.RECOVER_INTRO)
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCodeInput")
        self.code.setPlaceholderText(texts.RECOVERY_CODE_PLACEHOLDER)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(texts.ACCOUNT, _plain_bold(account.display_name))
        form.addRow(texts.RECOVERY_CODE, self.code)
        buttons, self.continue_button = _buttons(texts.CONTINUE, "continue")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _submit(self) -> None:
        if self._busy:
            return
        code = self.code.text()
        if not code.strip():
            set_feedback(self.error, texts.RECOVER_INTRO, "error")
            return
        self._set_busy(True)
        set_feedback(self.error, texts.CHECKING_CODE, "hint")
        account_id = self._account.id
        operation = self._vault.run(
            "recovery unlock", lambda: self._store.unlock_with_recovery(account_id, code)
        )
        operation.succeeded.connect(self._on_opened)
        operation.failed.connect(self._on_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.code.setEnabled(not busy)
        self.continue_button.setEnabled(not busy)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        set_feedback(self.error, user_message(error), "error")
        self.code.selectAll()
        self.code.setFocus()

    def _on_opened(self, session: Session) -> None:
        self._busy = False
        self.code.clear()
        self.recovered.emit(session)
        self.accept()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class NewPassphraseDialog(QDialog):
    """Sets the passphrase a recovered session must get; shows the new recovery code.

    ``passphraseSet`` fires once the new code (if one was issued) has been
    acknowledged. If the dialog is rejected, the caller locks the session:
    nothing was changed and the account still requires a new passphrase.
    """

    passphraseSet = Signal()

    def __init__(self, session: Session, vault: VaultWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._vault = vault
        self._busy = False
        self.setWindowTitle(texts.NEW_PASSPHRASE_TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)

        intro = QLabel(texts.NEW_PASSPHRASE_INTRO)
        intro.setWordWrap(True)
        name = session.account.display_name
        self.passphrase = PassphraseFields(lambda: name)
        self.error = _error_label()
        buttons, self.save_button = _buttons(texts.SAVE, "save")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    def _submit(self) -> None:
        if self._busy:
            return
        problem = self.passphrase.problem()
        if problem is not None:
            set_feedback(self.error, problem, "error")
            self.passphrase.first.setFocus()
            return
        secret = self.passphrase.passphrase()
        session = self._session
        self._set_busy(True)
        set_feedback(self.error, texts.SAVING, "hint")
        operation = self._vault.run("change passphrase", lambda: session.change_passphrase(secret))
        operation.succeeded.connect(self._on_saved)
        operation.failed.connect(self._on_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        set_feedback(self.error, user_message(error), "error")

    def _on_saved(self, new_code: str | None) -> None:
        self.passphrase.clear()
        if new_code is None:
            self._finish()
            return
        self.hide()
        code_dialog = RecoveryCodeDialog(new_code, new=True, parent=self.parentWidget())
        code_dialog.accepted.connect(self._finish)
        code_dialog.open()

    def _finish(self) -> None:
        self._busy = False
        self.passphraseSet.emit()
        self.accept()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


def _plain_bold(text: str) -> QLabel:
    """A label for a name people typed: plain text, so markup in a name is never rendered."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label

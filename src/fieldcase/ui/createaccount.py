"""The "Create account" dialog: name, role, passphrase twice, then the recovery code.

Why the account is created on the vault thread: it runs Argon2id twice
(passphrase slot and recovery slot). The dialog stays open, disabled, until
the store answers; an error (name taken, weak passphrase, disk full) is
shown inline so the person can fix it without starting again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.roles import Role
from fieldcase.ui import texts
from fieldcase.ui.operations import VaultWorker, user_message
from fieldcase.ui.passphrasefields import PassphraseFields
from fieldcase.ui.recoverycode import RecoveryCodeDialog
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.vault.accounts import AccountInfo, AccountStore, CreatedAccount


class CreateAccountDialog(QDialog):
    """Emits ``created`` with the new account once its recovery code was acknowledged."""

    created = Signal(object)  # AccountInfo

    def __init__(self, store: AccountStore, vault: VaultWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._vault = vault
        self._busy = False
        self.setWindowTitle(texts.CREATE_TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)

        intro = QLabel(texts.CREATE_INTRO)
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("displayName")
        self.name.setPlaceholderText(texts.DISPLAY_NAME_HINT)
        self.name.setMaxLength(80)
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in Role:
            self.role.addItem(texts.role_label(role), role)
        self.passphrase = PassphraseFields(self.name.text)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(texts.DISPLAY_NAME, self.name)
        form.addRow(texts.ROLE, self.role)

        self.create_button = QPushButton(texts.CREATE_ACCOUNT)
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        make_primary(self.create_button)
        cancel = QPushButton(texts.CANCEL)
        buttons = QDialogButtonBox()
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

        self.name.textChanged.connect(self.passphrase.refresh)

    def _name_ok(self) -> bool:
        return len(self.name.text().strip()) >= 2

    def _update_button(self) -> None:
        # Enabled even when something is missing: a grey button that does
        # nothing is a dead end; pressing it says what to fix instead.
        self.create_button.setEnabled(not self._busy)

    def _submit(self) -> None:
        """Enter or the button: create on the vault thread (or say what is missing)."""
        if self._busy:
            return
        if not self._name_ok():
            set_feedback(self.error, texts.NAME_TOO_SHORT, "error")
            self.name.setFocus()
            return
        problem = self.passphrase.problem()
        if problem is not None:
            set_feedback(self.error, problem, "error")
            self.passphrase.first.setFocus()
            return
        name, role, secret = self.name.text(), self.role.currentData(), self.passphrase.passphrase()
        self._set_busy(True)
        set_feedback(self.error, texts.CREATING, "hint")
        operation = self._vault.run(
            "create account", lambda: self._store.create(name, role, secret)
        )
        operation.succeeded.connect(self._on_created)
        operation.failed.connect(self._on_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.name, self.role, self.passphrase):
            widget.setEnabled(not busy)
        self._update_button()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        set_feedback(self.error, user_message(error), "error")

    def _on_created(self, created: CreatedAccount) -> None:
        self.passphrase.clear()
        self.error.hide()
        self.hide()
        code_dialog = RecoveryCodeDialog(created.recovery_code, parent=self.parentWidget())
        code_dialog.accepted.connect(lambda: self._finish(created.info))
        code_dialog.open()

    def _finish(self, info: AccountInfo) -> None:
        self._busy = False
        self.created.emit(info)
        self.accept()

    def reject(self) -> None:
        """Cancel is refused while the account is being written (it would half-exist)."""
        if not self._busy:
            super().reject()

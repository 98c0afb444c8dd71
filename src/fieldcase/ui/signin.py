"""The sign-in window: the laptop's accounts, a passphrase, and the ways in.

Why it owns the whole way in (unlock, recovery, the forced new passphrase):
a session leaves this window only when it is ready to use. ``unlocked`` is
emitted with a session that needs nothing more; whatever is abandoned on
the way (a cancelled new-passphrase dialog) is locked again here.

Listing reads only names and roles from ``account.json``; nothing is
decrypted before a passphrase is given. Unlocking runs on the vault thread.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.ui import texts
from fieldcase.ui.accountlist import AccountDelegate, AccountRole
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.language import LanguageButton
from fieldcase.ui.operations import VaultWorker, user_message
from fieldcase.ui.recovery import NewPassphraseDialog, RecoveryDialog
from fieldcase.ui.style import (
    TRAINING_ROW_BACKGROUND,
    TRAINING_STYLE,
    make_primary,
    set_feedback,
)
from fieldcase.ui.words import Words
from fieldcase.vault.accounts import AccountInfo, AccountStore

if TYPE_CHECKING:
    from fieldcase.vault.session import Session


def account_text(info: AccountInfo) -> str:
    """Two lines per account: the name (with the training mark), then the role."""
    name = f"{info.display_name}   [{texts.TRAINING}]" if info.training else info.display_name
    return f"{name}\n{texts.role_label(info.role)}"


def start_training_mode() -> None:
    """Open the training sandbox in its own process (its own data folder and lock)."""
    if getattr(sys, "frozen", False):  # the packaged app: the executable is fieldcase
        command = [sys.executable, "--training"]
    else:
        command = [sys.executable, "-m", "fieldcase", "--training"]
    subprocess.Popen(command)


class SignInWindow(QWidget):
    """Emits ``unlocked`` with a session that is ready for the main window."""

    unlocked = Signal(object)  # Session

    def __init__(
        self,
        store: AccountStore,
        vault: VaultWorker,
        parent: QWidget | None = None,
        training: bool = False,
    ):
        super().__init__(parent)
        self._store = store
        self._vault = vault
        self._accounts: dict[str, AccountInfo] = {}
        self._busy = False
        #: A session opened but not yet handed over (waiting for a new passphrase).
        self.pending_session: Session | None = None
        self.training = training
        self.words = Words(self)
        self.words.bind(self.setWindowTitle, self._title)

        heading = QLabel()
        self.words.bind(heading.setText, lambda: texts.SIGNIN_HEADING)
        heading_font = heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.6)
        heading_font.setBold(True)
        heading.setFont(heading_font)
        subtitle = QLabel()
        self.words.bind(subtitle.setText, lambda: texts.SIGNIN_SUBTITLE)
        subtitle.setWordWrap(True)

        # The usual form: choose an account, type the passphrase.
        self.form = QWidget()
        accounts_label = QLabel()
        self.words.bind(accounts_label.setText, lambda: texts.ACCOUNTS_LABEL)
        self.accounts = QListWidget()
        self.accounts.setObjectName("accounts")
        self.accounts.setItemDelegate(AccountDelegate(self.accounts))
        self.accounts.setUniformItemSizes(True)
        self.accounts.setMinimumHeight(150)
        accounts_label.setBuddy(self.accounts)
        passphrase_label = QLabel()
        self.words.bind(passphrase_label.setText, lambda: texts.PASSPHRASE)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumHeight(34)
        passphrase_label.setBuddy(self.passphrase)
        self.unlock_button = QPushButton()
        self.words.bind(self.unlock_button.setText, lambda: texts.UNLOCK)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setMinimumHeight(34)
        make_primary(self.unlock_button)
        unlock_row = QHBoxLayout()
        unlock_row.addWidget(self.passphrase, 1)
        unlock_row.addWidget(self.unlock_button)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        form.addWidget(accounts_label)
        form.addWidget(self.accounts, 1)
        form.addSpacing(6)
        form.addWidget(passphrase_label)
        form.addLayout(unlock_row)

        # First run: nothing to choose, one thing to do.
        self.empty_state = QWidget()
        self.no_accounts = QLabel()
        self.words.bind(self.no_accounts.setText, lambda: texts.NO_ACCOUNTS)
        self.no_accounts.setObjectName("noAccounts")
        self.no_accounts.setWordWrap(True)
        self.first_account_button = QPushButton()
        self.words.bind(self.first_account_button.setText, lambda: texts.CREATE_ACCOUNT)
        self.first_account_button.setObjectName("createFirstAccount")
        self.first_account_button.setMinimumHeight(34)
        make_primary(self.first_account_button)
        first_row = QHBoxLayout()
        first_row.addWidget(self.first_account_button)
        first_row.addStretch(1)
        empty = QVBoxLayout(self.empty_state)
        empty.setContentsMargins(0, 0, 0, 0)
        empty.setSpacing(12)
        empty.addWidget(self.no_accounts)
        empty.addLayout(first_row)
        empty.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()

        # Less frequent ways in, under a rule.
        self.other_ways = QWidget()
        self.create_button = QPushButton()
        self.words.bind(self.create_button.setText, lambda: texts.CREATE_ACCOUNT)
        self.create_button.setObjectName("createAccount")
        self.forgot_button = QPushButton()
        self.words.bind(self.forgot_button.setText, lambda: texts.FORGOT)
        self.forgot_button.setObjectName("forgot")
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        other_row = QHBoxLayout()
        other_row.addWidget(self.create_button)
        other_row.addStretch(1)
        other_row.addWidget(self.forgot_button)
        others = QVBoxLayout(self.other_ways)
        others.setContentsMargins(0, 12, 0, 0)
        others.addWidget(rule)
        others.addLayout(other_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        # Training sandbox: marked, and the (fiction-only) passphrase is printed.
        self.training_banner = QLabel()
        self.words.bind(self.training_banner.setText, lambda: texts.TRAINING_MODE_BANNER)
        self.training_banner.setObjectName("trainingModeBanner")
        self.training_banner.setStyleSheet(TRAINING_STYLE)
        self.training_banner.setWordWrap(True)
        self.training_banner.setVisible(training)
        self.training_button = QPushButton()
        self.training_button.setObjectName("trainingMode")
        self.words.bind(self.training_button.setText, lambda: texts.TRAINING_MODE_BUTTON)
        self.words.bind(self.training_button.setToolTip, lambda: texts.TRAINING_MODE_TIP)
        self.training_button.setVisible(not training)
        self.training_button.clicked.connect(start_training_mode)
        other_row.insertWidget(1, self.training_button)
        # The language switch sits top right, where people look for it.
        self.language_button = LanguageButton()
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading, 1)
        heading_row.addWidget(self.language_button)
        # A switch re-reads the account roles and drops a message in the old language.
        self.words.after_switch(self._after_language_switch)

        layout.addWidget(self.training_banner)
        layout.addLayout(heading_row)
        layout.addWidget(subtitle)
        layout.addSpacing(10)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.empty_state, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.other_ways)
        self.resize(600, 480)

        self.passphrase.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.accounts.itemActivated.connect(lambda _item: self.passphrase.setFocus())
        self.accounts.currentItemChanged.connect(self._account_changed)
        self.create_button.clicked.connect(self.create_account)
        self.first_account_button.clicked.connect(self.create_account)
        self.forgot_button.clicked.connect(self.recover)
        self.refresh_accounts()

    def _title(self) -> str:
        return f"{texts.SIGNIN_TITLE} — {texts.TRAINING}" if self.training else texts.SIGNIN_TITLE

    def _after_language_switch(self) -> None:
        self.message.hide()
        self.refresh_accounts()

    # ------------------------------------------------------------ accounts

    def refresh_accounts(self, select_id: str | None = None) -> None:
        """Re-read the accounts (the CLI or another window may have added one)."""
        previous = self.selected_account()
        wanted = select_id or (previous.id if previous else None)
        self.accounts.clear()
        self._accounts = {info.id: info for info in self._store.list()}
        for info in self._accounts.values():
            item = QListWidgetItem(account_text(info))
            item.setData(AccountRole, info)
            if info.training:
                item.setBackground(QBrush(QColor(TRAINING_ROW_BACKGROUND)))
            self.accounts.addItem(item)
            if info.id == wanted:
                self.accounts.setCurrentItem(item)
        if self.accounts.currentItem() is None and self.accounts.count() == 1:
            self.accounts.setCurrentRow(0)
        has_accounts = bool(self._accounts)
        self.form.setVisible(has_accounts)
        self.other_ways.setVisible(has_accounts)
        self.empty_state.setVisible(not has_accounts)
        self._update_buttons()

    def selected_account(self) -> AccountInfo | None:
        item = self.accounts.currentItem()
        return None if item is None else self._accounts.get(item.data(AccountRole).id)

    def select_account(self, account_id: str) -> None:
        for row in range(self.accounts.count()):
            if self.accounts.item(row).data(AccountRole).id == account_id:
                self.accounts.setCurrentRow(row)
                return

    def _account_changed(self) -> None:
        self.message.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_accounts = bool(self._accounts)
        self.accounts.setEnabled(not self._busy)
        self.passphrase.setEnabled(not self._busy and has_accounts)
        self.unlock_button.setEnabled(not self._busy and has_accounts)
        self.forgot_button.setEnabled(not self._busy and has_accounts)
        self.create_button.setEnabled(not self._busy)
        self.first_account_button.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def reset(self) -> None:
        """Back to a fresh form (after a lock): nothing typed, no message."""
        self.passphrase.clear()
        self.message.hide()
        self._set_busy(False)
        self.refresh_accounts()
        self.passphrase.setFocus()

    # -------------------------------------------------------------- unlock

    def unlock(self) -> None:
        """The button or Enter: open the selected account on the vault thread."""
        if self._busy:
            return
        account = self.selected_account()
        if account is None:
            set_feedback(self.message, texts.CHOOSE_ACCOUNT_FIRST, "error")
            self.accounts.setFocus()
            return
        secret = self.passphrase.text()
        if not secret:
            set_feedback(self.message, texts.TYPE_PASSPHRASE, "error")
            self.passphrase.setFocus()
            return
        self._set_busy(True)
        set_feedback(self.message, texts.UNLOCKING, "hint")
        account_id = account.id
        operation = self._vault.run("unlock", lambda: self._store.unlock(account_id, secret))
        operation.succeeded.connect(self._on_opened)
        operation.failed.connect(self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        set_feedback(self.message, user_message(error), "error")
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _on_opened(self, session: Session) -> None:
        self.passphrase.clear()
        self.message.hide()
        self._continue_with(session)

    def _continue_with(self, session: Session) -> None:
        """A session from a passphrase or a recovery code: ask for a new passphrase if due."""
        self._set_busy(True)
        if not session.must_change_passphrase:
            self._hand_over(session)
            return
        self.pending_session = session
        dialog = NewPassphraseDialog(session, self._vault, self)
        dialog.passphraseSet.connect(lambda: self._hand_over(session))
        dialog.rejected.connect(lambda: self._abandon(session))
        dialog.open()

    def _hand_over(self, session: Session) -> None:
        self.pending_session = None
        self._set_busy(False)
        self.unlocked.emit(session)

    def _abandon(self, session: Session) -> None:
        """The new-passphrase dialog was cancelled: close the vault again."""
        self.pending_session = None
        operation = self._vault.run("lock", session.lock)
        operation.finished.connect(lambda: self._set_busy(False))

    # ------------------------------------------------- create and recover

    def create_account(self) -> None:
        dialog = CreateAccountDialog(self._store, self._vault, self)
        dialog.created.connect(self._on_account_created)
        dialog.open()

    def _on_account_created(self, info: AccountInfo) -> None:
        self.refresh_accounts(select_id=info.id)
        set_feedback(self.message, texts.ACCOUNT_CREATED, "ok")
        self.passphrase.setFocus()

    def recover(self) -> None:
        account = self.selected_account()
        if account is None:
            set_feedback(self.message, texts.CHOOSE_ACCOUNT_FIRST, "error")
            return
        self.message.hide()
        dialog = RecoveryDialog(self._store, self._vault, account, self)
        dialog.recovered.connect(self._continue_with)
        dialog.open()

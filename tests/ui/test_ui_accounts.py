"""Creating an account and recovering one, through the dialogs, as a person would."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import NEW_PASSPHRASE, Person

from fieldcase.core.errors import WrongPassphrase
from fieldcase.core.roles import Role
from fieldcase.ui.controller import Controller
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.recovery import NewPassphraseDialog, RecoveryDialog
from fieldcase.ui.recoverycode import RecoveryCodeDialog
from fieldcase.vault.accounts import AccountStore

CODE_PATTERN = re.compile(r"^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$")


def acknowledge_code(person: Person, controller: Controller) -> str:
    """See the recovery code, fail to close early, tick the box, close; returns the code."""
    dialog = person.wait_for(lambda: controller.signin.findChild(RecoveryCodeDialog))
    code = dialog.code_label.text()
    assert CODE_PATTERN.match(code)
    assert not dialog.done_button.isEnabled()
    dialog.reject()  # Esc / the close button: ignored until the box is ticked
    dialog.close()
    assert dialog.isVisible()
    person.click(dialog.written)
    person.click(dialog.done_button)
    person.wait(lambda: controller.signin.findChild(RecoveryCodeDialog) is None)
    return code


def test_create_account_by_typing_and_clicking(
    controller: Controller, person: Person, store: AccountStore
) -> None:
    signin = controller.signin
    person.click(signin.first_account_button)  # an empty laptop: the only thing to do
    dialog = person.wait_for(lambda: signin.findChild(CreateAccountDialog))

    person.type(dialog.name, "Rina Supervisor")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR))
    person.type(dialog.passphrase.first, "pendek")
    assert "minimal 10 karakter" in dialog.passphrase.feedback.text()
    dialog.passphrase.first.clear()
    person.type(dialog.passphrase.first, "Rina di pasar 12")  # uses her own name
    assert "nama Anda sendiri" in dialog.passphrase.feedback.text()
    dialog.passphrase.first.clear()
    person.type(dialog.passphrase.first, NEW_PASSPHRASE)
    person.type(dialog.passphrase.second, NEW_PASSPHRASE[:-1] + "8")
    assert "tidak sama" in dialog.passphrase.feedback.text()
    person.click(dialog.create_button)  # says what is wrong instead of doing nothing
    assert "tidak sama" in dialog.error.text()
    assert store.list() == []

    dialog.passphrase.second.clear()
    person.type(dialog.passphrase.second, NEW_PASSPHRASE)
    assert dialog.passphrase.feedback.text().startswith("✓")
    person.click(dialog.create_button)

    code = acknowledge_code(person, controller)
    person.wait(lambda: signin.findChild(CreateAccountDialog) is None)

    [info] = store.list()
    assert (info.display_name, info.role, info.training) == (
        "Rina Supervisor",
        Role.SUPERVISOR,
        False,
    )
    assert signin.selected_account() == info
    assert signin.message.text().startswith("Akun dibuat")

    person.type(signin.passphrase, NEW_PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    assert window.count_label.text() == "Belum ada kasus."

    controller.lock()
    person.wait(lambda: not controller.vault.busy)
    # The code shown is the account's real recovery code.
    store.unlock_with_recovery(info.id, code.lower()).lock()


def test_create_account_error_is_shown_inline(
    controller: Controller, person: Person, store: AccountStore
) -> None:
    store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    controller.signin.refresh_accounts()
    person.click(controller.signin.create_button)
    dialog = person.wait_for(lambda: controller.signin.findChild(CreateAccountDialog))
    person.type(dialog.name, "ani pendamping")
    person.type(dialog.passphrase.first, NEW_PASSPHRASE)
    person.type(dialog.passphrase.second, NEW_PASSPHRASE)
    person.click(dialog.create_button)
    person.wait(lambda: "Sudah ada akun" in dialog.error.text())
    assert "Sudah ada akun bernama" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.create_button.isEnabled()  # fix the name and try again
    assert len(store.list()) == 1


def test_forgot_passphrase_recovery_sets_a_new_passphrase_and_code(
    controller: Controller, person: Person, store: AccountStore
) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    signin = controller.signin
    signin.refresh_accounts()

    person.click(signin.forgot_button)
    recovery = person.wait_for(lambda: signin.findChild(RecoveryDialog))
    person.type(recovery.code, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    person.click(recovery.continue_button)
    person.wait(lambda: "Kode pemulihan salah" in recovery.error.text())

    recovery.code.clear()
    person.type(recovery.code, created.recovery_code.lower().replace("-", " "))
    person.click(recovery.continue_button)

    new = person.wait_for(lambda: signin.findChild(NewPassphraseDialog))
    assert controller.main_window is None  # not before the new passphrase is set
    person.type(new.passphrase.first, NEW_PASSPHRASE)
    person.type(new.passphrase.second, NEW_PASSPHRASE)
    person.click(new.save_button)

    new_code = acknowledge_code(person, controller)
    assert new_code != created.recovery_code
    window = person.wait_for(lambda: controller.main_window)
    assert window.windowTitle() == "fieldcase — Ani Pendamping"

    controller.lock()
    person.wait(lambda: not controller.vault.busy)
    with pytest.raises(WrongPassphrase):
        store.unlock(created.info.id, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        store.unlock_with_recovery(created.info.id, created.recovery_code)
    store.unlock(created.info.id, NEW_PASSPHRASE).lock()


def test_cancelling_the_new_passphrase_closes_the_vault_again(
    controller: Controller, person: Person, store: AccountStore, qtbot: QtBot
) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    signin = controller.signin
    signin.refresh_accounts()
    person.click(signin.forgot_button)
    recovery = person.wait_for(lambda: signin.findChild(RecoveryDialog))
    person.type(recovery.code, created.recovery_code)
    person.click(recovery.continue_button)
    new = person.wait_for(lambda: signin.findChild(NewPassphraseDialog))
    session = signin.pending_session
    assert session is not None

    new.reject()

    person.wait(lambda: session.locked)
    person.wait(lambda: signin.unlock_button.isEnabled())
    assert controller.main_window is None
    # Still owed a new passphrase: the next unlock, even with the old one, asks again.
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    person.wait_for(lambda: signin.findChild(NewPassphraseDialog))
    assert controller.main_window is None

"""Signing in: choosing an account, a wrong passphrase, the right one, Ctrl+L."""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import DEMO_COUNT, NAMED_CASES, TRAINING_PASSPHRASE, Person

from fieldcase.ui import texts
from fieldcase.ui.controller import Controller
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.vault.accounts import AccountStore

ALL_CASES = DEMO_COUNT + len(NAMED_CASES)


def unlock_as_person(controller: Controller, person: Person, account_id: str, secret: str) -> None:
    signin = controller.signin
    signin.select_account(account_id)
    person.type(signin.passphrase, secret)
    person.click(signin.unlock_button)


def test_lists_accounts_with_role_and_training_mark(
    controller: Controller, filled_account: str, training_account: str
) -> None:
    controller.signin.refresh_accounts()
    lines = [controller.signin.accounts.item(r).text() for r in range(2)]
    assert lines == [
        "Ani Pendamping\nPendamping / penjangkau",
        "Latihan   [PELATIHAN]\nPendamping / penjangkau",
    ]
    assert controller.signin.passphrase.echoMode() == QLineEdit.EchoMode.Password


def test_first_run_offers_only_create_account(controller: Controller, person: Person) -> None:
    signin = controller.signin
    assert signin.no_accounts.isVisible()
    assert signin.no_accounts.text().startswith("Belum ada akun di laptop ini.")
    assert not signin.accounts.isVisible()
    assert not signin.passphrase.isVisible()
    assert not signin.forgot_button.isVisible()
    person.click(signin.first_account_button)
    person.wait_for(lambda: signin.findChild(CreateAccountDialog))


def test_wrong_passphrase_shows_inline_error_and_opens_nothing(
    controller: Controller, filled_account: str, person: Person
) -> None:
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, filled_account, "not the passphrase 1")
    message = controller.signin.message
    person.wait(lambda: "Frasa sandi salah" in message.text())
    text = message.text()
    assert text.startswith("Frasa sandi salah.")  # Bahasa Indonesia first
    assert "Frasa sandi salah." in text
    assert "Traceback" not in text
    assert message.isVisible()
    assert controller.main_window is None
    assert controller.session is None
    assert controller.signin.isVisible()
    assert controller.signin.passphrase.text() == ""
    assert controller.signin.unlock_button.isEnabled()


def test_empty_passphrase_asks_for_it(
    controller: Controller, filled_account: str, person: Person
) -> None:
    controller.signin.refresh_accounts()
    person.click(controller.signin.unlock_button)
    assert controller.signin.message.text() == texts.TYPE_PASSPHRASE
    assert controller.main_window is None


def test_right_passphrase_with_enter_opens_the_main_window_with_the_cases(
    controller: Controller, filled_account: str, person: Person
) -> None:
    signin = controller.signin
    signin.refresh_accounts()
    assert signin.selected_account().id == filled_account  # the only account: preselected
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    assert not signin.isVisible()
    assert window.windowTitle() == "fieldcase — Ani Pendamping"
    assert not window.banner.isVisible()
    assert window.model.rowCount() == ALL_CASES
    assert window.count_label.text() == f"{ALL_CASES} kasus"


def test_search_narrows_the_list_and_clearing_restores_it(
    controller: Controller, filled_account: str, person: Person, qtbot: QtBot
) -> None:
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    window: MainWindow = person.wait_for(lambda: controller.main_window)

    person.type(window.search, "sekar")
    person.wait(lambda: window.model.rowCount() == 2)  # after the typing pause
    assert window.count_label.text() == f"2 dari {ALL_CASES} kasus cocok"
    regions = {window.model.index(r, 3).data() for r in range(2)}
    assert regions == {"Lombok", "Bali"}

    person.type(window.search, " kin")
    person.press_enter(window.search)  # Enter searches at once
    assert window.model.rowCount() == 1
    assert window.model.index(0, 4).data() == "Tinggi"

    window.search.clear()
    person.wait(lambda: window.model.rowCount() == ALL_CASES)

    person.type(window.search, "tidakadayangcocok")
    person.press_enter(window.search)
    assert window.model.rowCount() == 0
    assert window.count_label.text() == texts.COUNT_NO_MATCH


def test_filters_narrow_the_list_alone_and_with_search(
    controller: Controller, filled_account: str, person: Person
) -> None:
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    window: MainWindow = person.wait_for(lambda: controller.main_window)
    region = window.filters["region"]
    region.setCurrentIndex(region.findData("Lombok"))
    shown = window.model.rowCount()
    assert 0 < shown < ALL_CASES
    assert {window.model.index(r, 3).data() for r in range(shown)} == {"Lombok"}
    assert "(disaring)" in window.count_label.text()

    person.type(window.search, "sekar")
    person.press_enter(window.search)
    assert window.model.rowCount() == 1  # Sekar Kinanti is in Lombok, Sekar Ayuningtyas is not

    region.setCurrentIndex(0)  # "Semua wilayah / All regions"
    assert window.model.rowCount() == 2


def test_ctrl_l_locks_clears_and_returns_to_sign_in(
    controller: Controller, filled_account: str, person: Person, qtbot: QtBot
) -> None:
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    window: MainWindow = person.wait_for(lambda: controller.main_window)
    session = controller.session
    assert session is not None
    person.type(window.search, "sekar")
    model = window.model

    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert model.rowCount() == 0
    assert window.search.text() == ""  # a typed name must not wait for the next person
    assert controller.main_window is None
    assert controller.signin.isVisible()
    assert controller.signin.passphrase.text() == ""
    assert not window.isVisible()
    person.wait(lambda: session.locked)
    person.wait(lambda: not shiboken6.isValid(window))  # the window itself is gone

    # The vault can be opened again at once: the lock was released where it was taken.
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    again = person.wait_for(lambda: controller.main_window)
    assert again.model.rowCount() == ALL_CASES


def test_training_account_is_marked_in_the_main_window(
    controller: Controller, training_account: str, person: Person
) -> None:
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, training_account, TRAINING_PASSPHRASE)
    window: MainWindow = person.wait_for(lambda: controller.main_window)
    assert window.windowTitle() == "fieldcase — Latihan — PELATIHAN"
    assert window.banner.isVisible()
    assert window.banner.text().startswith("PELATIHAN")


def test_an_account_open_elsewhere_is_refused_with_a_clear_message(
    controller: Controller, filled_account: str, person: Person, store: AccountStore
) -> None:
    controller.signin.refresh_accounts()
    with store.unlock(filled_account, PASSPHRASE):
        unlock_as_person(controller, person, filled_account, PASSPHRASE)
        person.wait(lambda: "sedang dibuka" in controller.signin.message.text())
    assert controller.main_window is None


def test_ctrl_l_is_safe_when_only_the_app_holds_the_window(
    controller: Controller, filled_account: str, person: Person, qtbot: QtBot
) -> None:
    """The window must not be freed inside its own Ctrl+L signal (Python owns it:
    dropping the last reference there would delete it mid-signal)."""
    controller.signin.refresh_accounts()
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    person.wait(lambda: controller.main_window is not None)
    assert controller.main_window is not None
    table = controller.main_window.table  # a child: holds no reference to the window
    window_ref = weakref.ref(controller.main_window)

    qtbot.keyClick(table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    del table

    window = window_ref()
    assert window is not None
    assert shiboken6.isValid(window)  # still alive when its signal returned
    assert not window.isVisible()
    del window
    person.wait(lambda: (w := window_ref()) is None or not shiboken6.isValid(w))  # then gone
    person.wait(lambda: not controller.vault.busy)
    assert controller.signin.isVisible()


def test_damaged_account_is_listed_and_explained_on_unlock(
    controller: Controller, store: AccountStore, filled_account: str, person: Person
) -> None:
    """A damaged account.json is shown (not hidden); unlocking it says what is wrong."""
    (store.folder(filled_account) / "account.json").write_text("{rusak", encoding="utf-8")
    controller.signin.refresh_accounts()
    line = controller.signin.accounts.item(0).text()
    assert "Akun rusak / damaged account" in line
    unlock_as_person(controller, person, filled_account, PASSPHRASE)
    message = controller.signin.message
    person.wait(lambda: "account.json" in message.text())
    assert message.text().startswith("Berkas akun (account.json) rusak")
    assert controller.main_window is None

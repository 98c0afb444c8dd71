"""The main window on its own: counts, the search limit, closing, quitting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import NAMED_CASES, Person

from fieldcase import i18n
from fieldcase.ui import casespane
from fieldcase.ui.controller import Controller
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.vault.session import Session


@pytest.fixture
def window(session: Session, qtbot: QtBot) -> MainWindow:
    session.cases.create_cases(NAMED_CASES)
    shown = MainWindow(session)
    qtbot.addWidget(shown)
    shown.resize(1366, 720)  # a 1366×768 laptop screen minus the taskbar
    shown.show()
    return shown


def test_counts_every_case(window: MainWindow) -> None:
    assert window.model.rowCount() == 3
    assert window.count_label.text() == "3 kasus"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"


def test_search_limit_is_said(
    window: MainWindow, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(casespane, "SEARCH_LIMIT", 1)
    person.type(window.search, "sekar")
    person.press_enter(window.search)
    assert window.model.rowCount() == 1
    assert window.count_label.text().startswith("1 hasil teratas dari 3 kasus")


def test_language_switch_relabels_the_open_window(window: MainWindow, person: Person) -> None:
    person.type(window.search, "sekar")
    person.press_enter(window.search)
    assert window.lock_action.text() == "Kunci"
    assert window.tabs.tabText(0) == "Hari ini" and window.tabs.tabText(1) == "Kasus"
    person.click(window.language_button)
    assert i18n.current() == "en"
    assert window.lock_action.text() == "Lock"
    assert window.tabs.tabText(0) == "Today" and window.tabs.tabText(1) == "Cases"
    assert window.search.placeholderText().startswith("Search")
    assert window.filters["stage"].itemText(0) == "All stages"
    assert window.count_label.text() == "2 of 3 cases match"
    assert window.search.text() == "sekar"  # nothing typed is lost by a switch
    assert window.language_button.text() == "Bahasa Indonesia"
    person.click(window.language_button)
    assert window.lock_action.text() == "Kunci"


def test_ctrl_f_goes_to_the_search_box(window: MainWindow, qtbot: QtBot) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus() or window.focusWidget() is window.search


def test_closing_the_window_clears_it(window: MainWindow, person: Person) -> None:
    person.type(window.search, "gendis")
    window.close()
    assert window.model.rowCount() == 0
    assert window.search.text() == ""


def test_quitting_locks_the_open_vault(
    controller: Controller, filled_account: str, person: Person
) -> None:
    signin = controller.signin
    signin.refresh_accounts()
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    person.wait_for(lambda: controller.main_window)
    session = controller.session
    assert session is not None

    controller.shutdown()  # what aboutToQuit triggers

    assert session.locked
    assert controller.main_window is None

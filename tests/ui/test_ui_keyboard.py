"""The windows and dialogs from the keyboard alone, and at 125 % on a 1366×768 screen.

For each window: Tab (and Shift+Tab) reaches every visible, enabled control;
Esc closes a dialog; Enter does the window's main action. At the logical size
of a 1366×768 screen at 125 % (1093×614 minus the taskbar) the window's
minimum size fits and every visible button lies inside it at full width.
(The wizard's pages are checked in tests/ui/wizard/test_wizard_keyboard.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.keyboard import SCREEN_125, TASKBAR_125, clipped_buttons, tab_walk, unreached

from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.ui.casefile import CaseFileWindow
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.recovery import RecoveryDialog
from fieldcase.ui.signin import SignInWindow
from fieldcase.ui.worklist import WorklistWidget
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()


@pytest.fixture
def supervisor(store: AccountStore) -> Iterator[Session]:
    created = store.create("Sari Supervisor", Role.SUPERVISOR, PASSPHRASE)
    opened = store.unlock(created.info.id, PASSPHRASE)
    opened.cases.create_cases(list(demo_cases(30)))
    yield opened
    opened.lock()


def _show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def _activate(window: QWidget) -> None:
    """Make ``window`` the one keys go to (the offscreen platform does not always
    move activation to a second top-level window by itself)."""
    window.activateWindow()
    QApplication.processEvents()
    if QApplication.activeWindow() is not window:
        QApplication.setActiveWindow(window)
    QApplication.processEvents()
    assert QApplication.activeWindow() is window


def _keyboard_and_fit(window: QWidget) -> None:
    """Tab reaches everything both ways; it fits 1366×768 at 125 % with no clipped button."""
    _activate(window)
    walked = tab_walk(window)
    assert walked, "Tab reaches nothing"
    assert unreached(window, walked) == []
    assert len(tab_walk(window, back=True)) == len(walked)
    height = SCREEN_125.height() - TASKBAR_125
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN_125.width() and hint.height() <= height
    window.resize(SCREEN_125.width(), height)
    QApplication.processEvents()
    assert clipped_buttons(window) == []


def _escape_closes(qtbot: QtBot, dialog: QDialog) -> None:
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)


def test_sign_in_window(qtbot: QtBot, store: AccountStore, vault: VaultWorker) -> None:
    store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    window = SignInWindow(store, vault)
    _show(qtbot, window)
    _keyboard_and_fit(window)


def test_create_account_dialog(qtbot: QtBot, store: AccountStore, vault: VaultWorker) -> None:
    dialog = CreateAccountDialog(store, vault)
    _show(qtbot, dialog)
    _keyboard_and_fit(dialog)
    _escape_closes(qtbot, dialog)


def test_recovery_dialog(qtbot: QtBot, store: AccountStore, vault: VaultWorker) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    dialog = RecoveryDialog(store, vault, created.info, None)
    _show(qtbot, dialog)
    _keyboard_and_fit(dialog)
    _escape_closes(qtbot, dialog)


@pytest.fixture
def main_window(qtbot: QtBot, supervisor: Session, vault: VaultWorker) -> Iterator[MainWindow]:
    window = MainWindow(supervisor, vault=vault)
    _show(qtbot, window)
    yield window
    window.clear()


def test_main_window_and_case_list(qtbot: QtBot, main_window: MainWindow) -> None:
    _keyboard_and_fit(main_window)
    # The list from the keyboard: focus it, move down, Enter opens the case file.
    table = main_window.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert table.currentIndex().row() > 0
    row = table.currentIndex().row()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, CaseFileWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )


def _case_file(qtbot: QtBot, main_window: MainWindow) -> CaseFileWindow:
    window = main_window.open_case(main_window.model.case_id(0))
    assert window is not None
    qtbot.waitUntil(lambda: window.isVisible())
    return window


def test_case_file_window(qtbot: QtBot, main_window: MainWindow) -> None:
    window = _case_file(qtbot, main_window)
    _keyboard_and_fit(window)


def test_conflict_inbox(qtbot: QtBot, main_window: MainWindow) -> None:
    inbox = main_window.conflicts.open()
    assert inbox is not None
    with qtbot.waitActive(inbox):
        inbox.activateWindow()
    _keyboard_and_fit(inbox)
    _escape_closes(qtbot, inbox)


def test_import_wizard(qtbot: QtBot, main_window: MainWindow) -> None:
    wizard = main_window.imports.open()
    assert wizard is not None
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    _keyboard_and_fit(wizard)
    _escape_closes(qtbot, wizard)


def test_worklist(qtbot: QtBot, supervisor: Session, vault: VaultWorker) -> None:
    widget = WorklistWidget(supervisor, vault)
    _show(qtbot, widget)
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.refresh()
    _keyboard_and_fit(widget)
    # F5 recomputes; Enter on a row opens it.
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        qtbot.keyClick(widget.table, Qt.Key.Key_F5)
    widget.table.setFocus()
    widget.table.selectRow(0)
    with qtbot.waitSignal(widget.openCase):
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    widget.clear()

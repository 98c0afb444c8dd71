"""Auto-lock after idle time: the vault closes and no case data stays in any widget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import Person

from fieldcase.core.roles import Role
from fieldcase.ui.controller import Controller
from fieldcase.ui.idlelock import DEFAULT_MINUTES, idle_minutes
from fieldcase.vault.accounts import AccountStore


def _visible_texts() -> Iterator[str]:
    """Every text a person could read in any window of the app right now."""
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            if isinstance(widget, (QLabel, QLineEdit)):
                yield widget.text()
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                yield from _model_texts(widget.model())
            yield widget.windowTitle()


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # list models (QListWidget's) keep columnCount private
        columns = 1
    for row in range(model.rowCount(root)):
        for column in range(columns):
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if value is not None:
                yield str(value)


@pytest.fixture
def idle_controller(store: AccountStore, qtbot: QtBot) -> Iterator[Controller]:
    app = Controller(store, idle_timeout_ms=400)
    qtbot.addWidget(app.signin)
    app.start()
    yield app
    app.shutdown()


def test_idle_time_locks_and_leaves_no_case_data(
    idle_controller: Controller, store: AccountStore, qtbot: QtBot
) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    canary = "KANARI-Sekar-7f3a"
    with store.unlock(created.info.id, PASSPHRASE) as session:
        session.cases.create_case({"nama": canary, "wilayah": "Lombok", "tahap": "asesmen"})
    person = Person(qtbot)
    signin = idle_controller.signin
    signin.refresh_accounts()
    signin.select_account(created.info.id)
    person.type(signin.passphrase, PASSPHRASE)
    person.click(signin.unlock_button)
    qtbot.waitUntil(lambda: idle_controller.main_window is not None, timeout=5000)
    window = idle_controller.main_window
    assert window is not None
    window.search.setText(canary)  # a child's name typed into the search box
    window.apply_search()
    assert idle_controller.idle.active
    assert any(canary in text for text in _visible_texts())  # the scan can see it

    qtbot.waitUntil(lambda: idle_controller.session is None, timeout=5000)
    qtbot.waitUntil(lambda: signin.isVisible(), timeout=2000)
    assert idle_controller.main_window is None
    assert not idle_controller.idle.active
    assert all(canary not in text for text in _visible_texts())


def test_activity_postpones_the_lock(idle_controller: Controller, qtbot: QtBot) -> None:
    idle_controller.idle.start()
    for _ in range(4):
        qtbot.wait(200)
        qtbot.keyClick(idle_controller.signin.passphrase, Qt.Key.Key_Shift)
        assert idle_controller.idle.active
    with qtbot.waitSignal(idle_controller.idle.timedOut, timeout=3000):
        pass


@pytest.mark.parametrize(
    ("content", "minutes"),
    [
        (None, DEFAULT_MINUTES),
        ({"idle_lock_minutes": 2}, 2),
        ({"idle_lock_minutes": 0}, DEFAULT_MINUTES),  # "never" is not an option
        ({"idle_lock_minutes": "x"}, DEFAULT_MINUTES),
        ("not json", DEFAULT_MINUTES),
    ],
)
def test_idle_minutes_setting(tmp_path: Path, content: object, minutes: float) -> None:
    if content is not None:
        text = content if isinstance(content, str) else json.dumps(content)
        (tmp_path / "settings.json").write_text(text, encoding="utf-8")
    assert idle_minutes(tmp_path) == minutes


# ------------------------------------------------------- the admin's setting


def test_admin_sets_the_auto_lock_time_and_the_open_session_follows(
    controller: Controller, store: AccountStore, person: Person, qtbot: QtBot
) -> None:
    from fieldcase.ui.autolockdialog import AutoLockDialog

    (store.data_dir / "settings.json").write_text('{"language": "id"}', encoding="utf-8")
    admin = store.create("Admin Tim", Role.ADMIN, PASSPHRASE).info.id
    controller.signin.refresh_accounts()
    controller.signin.select_account(admin)
    person.type(controller.signin.passphrase, PASSPHRASE)
    person.press_enter(controller.signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    assert window.autolock_action is not None
    window.autolock_action.trigger()
    dialog = person.wait_for(lambda: window.findChild(AutoLockDialog))
    assert dialog.minutes.value() == DEFAULT_MINUTES
    dialog.minutes.selectAll()
    person.type(dialog.minutes, "12")
    person.click(dialog.save_button)
    person.wait(lambda: not dialog.isVisible())
    saved = json.loads((store.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"language": "id", "idle_lock_minutes": 12.0}  # the other key is kept
    assert idle_minutes(store.data_dir) == 12
    assert controller.idle._timer.interval() == 12 * 60_000  # this session, at once


def test_only_admins_get_the_auto_lock_setting(
    controller: Controller, store: AccountStore, person: Person
) -> None:
    worker = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    controller.signin.refresh_accounts()
    controller.signin.select_account(worker)
    person.type(controller.signin.passphrase, PASSPHRASE)
    person.press_enter(controller.signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    assert window.autolock_action is None


def test_a_failed_save_says_so_and_keeps_the_old_value(
    tmp_path: Path, qtbot: QtBot, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldcase.ui import laptopsettings
    from fieldcase.ui.autolockdialog import AutoLockDialog

    def full_disk(_path: Path, _obj: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(laptopsettings, "atomic_write_json", full_disk)
    dialog = AutoLockDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.minutes.setValue(30)
    person.click(dialog.save_button)
    assert dialog.isVisible() and "tidak dapat disimpan" in dialog.error.text()
    assert idle_minutes(tmp_path) == DEFAULT_MINUTES

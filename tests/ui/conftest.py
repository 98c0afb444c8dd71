"""Fixtures for the windows: the app over the cheap-KDF store, accounts with cases.

Tests act as a person would: they type into fields and click buttons, then
wait for what appears. Vault work runs on the controller's vault thread, so
every step that unlocks or creates something waits for its outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.ui.uikit import DEMO_COUNT, NAMED_CASES, TRAINING_PASSPHRASE, Person

from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.ui.controller import Controller
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

#: The offscreen platform cannot resize native windows to their size hints and
#: warns on every dialog shown; that is the test platform, not our code.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_NOISE))


@pytest.fixture
def filled_account(session: Session) -> str:
    """Ani's account with demo and named cases, locked again: the UI unlocks it itself."""
    session.cases.create_cases([*demo_cases(DEMO_COUNT), *NAMED_CASES])
    account_id = session.account_id
    session.lock()
    return account_id


@pytest.fixture
def training_account(store: AccountStore) -> str:
    """A training account ("Latihan") with a few fictional cases."""
    created = store.create("Latihan", Role.PENDAMPING, TRAINING_PASSPHRASE, training=True)
    with store.unlock(created.info.id, TRAINING_PASSPHRASE) as opened:
        opened.cases.create_cases(list(demo_cases(5)))
    return created.info.id


@pytest.fixture
def controller(store: AccountStore, qtbot: QtBot) -> Iterator[Controller]:
    """The app as run_gui builds it, minus the event loop (qtbot runs events)."""
    app = Controller(store)
    qtbot.addWidget(app.signin)
    app.start()
    yield app
    app.shutdown()


@pytest.fixture
def person(qtbot: QtBot) -> Person:
    return Person(qtbot)

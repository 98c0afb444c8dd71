"""Fixtures for the reporting windows: a supervisor's vault with enriched demo cases.

The vault work runs on a real :class:`VaultWorker` thread, as in the app; the
sessions are unlocked and locked on the test thread (the file lock is per
thread) after the worker has stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.reports.kit import enriched_cases

from fieldcase.core.changes import JsonValue
from fieldcase.core.roles import Role
from fieldcase.ui.operations import VaultWorker
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

#: Enough cases for every chart to have bars above the suppression threshold.
CASES = 150


@pytest.fixture(scope="session")
def report_cases() -> list[dict[str, JsonValue]]:
    return list(enriched_cases(CASES))


@pytest.fixture
def supervisor(store: AccountStore, report_cases: list[dict[str, JsonValue]]) -> Iterator[Session]:
    created = store.create("Sri Supervisor", Role.SUPERVISOR, PASSPHRASE)
    opened = store.unlock(created.info.id, PASSPHRASE)
    opened.cases.create_cases(report_cases)
    yield opened
    opened.lock()


@pytest.fixture
def worker(store: AccountStore, report_cases: list[dict[str, JsonValue]]) -> Iterator[Session]:
    """A case worker ("Pendamping 01") holding the same demo cases."""
    created = store.create("Pendamping 01", Role.PENDAMPING, PASSPHRASE)
    opened = store.unlock(created.info.id, PASSPHRASE)
    opened.cases.create_cases(report_cases[:20])
    yield opened
    opened.lock()


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    """The app's vault thread; stopped before the session fixtures lock their vaults."""
    thread = VaultWorker()
    yield thread
    thread.shutdown()

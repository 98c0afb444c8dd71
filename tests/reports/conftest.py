"""Fixtures for report tests: a supervisor's vault with 500 enriched demo cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.conftest import PASSPHRASE
from tests.reports.kit import enriched_cases

from fieldcase.cli import cli
from fieldcase.cli_reports import register
from fieldcase.core.changes import JsonValue
from fieldcase.core.roles import Role
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

DEMO_COUNT = 500


@pytest.fixture(autouse=True)
def _registered() -> None:
    register(cli)  # guarded: registering twice does nothing


@pytest.fixture(scope="session")
def demo_fields() -> list[dict[str, JsonValue]]:
    return list(enriched_cases(DEMO_COUNT))


@pytest.fixture
def supervisor(store: AccountStore, demo_fields: list[dict[str, JsonValue]]) -> Iterator[Session]:
    created = store.create("Sri Supervisor", Role.SUPERVISOR, PASSPHRASE)
    session = store.unlock(created.info.id, PASSPHRASE)
    session.cases.create_cases(demo_fields)
    yield session
    session.lock()

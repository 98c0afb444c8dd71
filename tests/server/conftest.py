"""Fixtures for the relay-server tests: storage in a temp folder, a fake clock, a team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.server.kit import Api, FakeClock, Team, TestClient

from fieldcase.server.app import create_app
from fieldcase.server.storage import SqliteStorage


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relay.db"


@pytest.fixture
def storage(db_path: Path) -> Iterator[SqliteStorage]:
    opened = SqliteStorage(db_path)
    yield opened
    opened.close()


@pytest.fixture
def team() -> Team:
    return Team.standard()


@pytest.fixture
def client(storage: SqliteStorage, clock: FakeClock) -> Iterator[TestClient]:
    with TestClient(create_app(storage, clock)) as http:
        yield http


@pytest.fixture
def api(client: TestClient, clock: FakeClock) -> Api:
    return Api(client, clock)


@pytest.fixture
def enrolled(api: Api, storage: SqliteStorage, team: Team, clock: FakeClock) -> Api:
    """The standard team registered, with roster version 1 uploaded."""
    storage.add_team(team.team_id, team.keys.public_bytes, clock.ms())
    response = api.put_roster(None, team.upload(team.roster_text(1)))
    assert response.status_code == 200, response.text
    return api

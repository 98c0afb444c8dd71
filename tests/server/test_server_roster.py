"""Roster uploads: team-signed, strictly parsed, only forward, updates by a supervisor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.server.kit import TEAM_ID, Account, Api, FakeClock, Team, TestClient

from fieldcase.crypto import SigningKeyPair, decode_key, encode_key, verify_signature
from fieldcase.server.app import create_app
from fieldcase.server.storage import SqliteStorage


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["error"])


@pytest.fixture
def registered(storage: SqliteStorage, team: Team, clock: FakeClock) -> SqliteStorage:
    storage.add_team(TEAM_ID, team.keys.public_bytes, clock.ms())
    return storage


@pytest.fixture
def open_api(storage: SqliteStorage, clock: FakeClock) -> Iterator[Api]:
    """A server started with --allow-new-teams."""
    with TestClient(create_app(storage, clock, allow_new_teams=True)) as http:
        yield Api(http, clock)


def test_first_roster_needs_only_the_team_signature(
    api: Api, registered: SqliteStorage, team: Team
) -> None:
    response = api.put_roster(None, team.upload(team.roster_text(1)))
    assert response.status_code == 200
    assert response.json() == {"team_id": TEAM_ID, "version": 1}
    member = registered.member(TEAM_ID, "ani")
    assert member is not None and member.signing_public == team.accounts["ani"].keys.public_bytes


def test_the_roster_can_be_read_back_by_a_member(enrolled: Api, team: Team) -> None:
    text = team.roster_text(1)
    got = enrolled.request("GET", f"/v1/teams/{TEAM_ID}/roster", team.accounts["budi"]).json()
    assert got["version"] == 1 and got["roster"] == text
    verify_signature(
        team.keys.public_bytes, got["roster"].encode(), decode_key(got["signature"], 64)
    )
    assert enrolled.request("GET", f"/v1/teams/{TEAM_ID}/roster", None).status_code == 401


def test_an_unregistered_team_is_404_unless_new_teams_are_allowed(
    api: Api, open_api: Api, team: Team, storage: SqliteStorage
) -> None:
    assert error_of(api.put_roster(None, team.upload(team.roster_text(1))), 404) == "unknown_team"
    # With --allow-new-teams the upload must name the key (trust on first use) ...
    no_key = open_api.put_roster(None, team.upload(team.roster_text(1)))
    assert error_of(no_key, 400) == "invalid_roster"
    created = open_api.put_roster(None, team.upload(team.roster_text(1), with_key=True))
    assert created.status_code == 200
    assert storage.team_key(TEAM_ID) == team.keys.public_bytes
    # ... and from then on the key is fixed.
    other = SigningKeyPair.generate()
    hijack = open_api.put_roster(
        team.accounts["sup"], team.upload(team.roster_text(2), with_key=True, keys=other)
    )
    assert error_of(hijack, 409) == "team_key_mismatch"


def test_a_roster_signed_by_another_key_is_refused(
    api: Api, registered: SqliteStorage, team: Team
) -> None:
    forged = team.upload(team.roster_text(1), keys=SigningKeyPair.generate())
    assert error_of(api.put_roster(None, forged), 401) == "bad_roster_signature"
    assert registered.roster(TEAM_ID) is None


def test_the_signature_covers_the_exact_text(
    api: Api, registered: SqliteStorage, team: Team
) -> None:
    text = team.roster_text(1)
    body = json.loads(team.upload(text))
    body["roster"] = text.replace('"version": 1', '"version":  1')
    response = api.put_roster(None, json.dumps(body).encode())
    assert error_of(response, 401) == "bad_roster_signature"


def test_versions_only_move_forward(enrolled: Api, team: Team) -> None:
    sup = team.accounts["sup"]
    assert error_of(enrolled.put_roster(sup, team.upload(team.roster_text(1))), 409) == (
        "roster_not_newer"
    )
    assert enrolled.put_roster(sup, team.upload(team.roster_text(5))).status_code == 200
    assert error_of(enrolled.put_roster(sup, team.upload(team.roster_text(4))), 409) == (
        "roster_not_newer"
    )


def test_an_update_must_be_signed_by_a_current_supervisor(enrolled: Api, team: Team) -> None:
    body = team.upload(team.roster_text(2))
    assert error_of(enrolled.put_roster(None, body), 401) == "unsigned"
    assert error_of(enrolled.put_roster(team.accounts["ani"], body), 403) == "not_supervisor"
    assert error_of(enrolled.put_roster(Account("stranger"), body), 401) == "unknown_account"
    assert enrolled.put_roster(team.accounts["sup"], body).status_code == 200


def test_an_update_replaces_the_members(enrolled: Api, team: Team, storage: SqliteStorage) -> None:
    newcomer = Account("citra")
    remaining = [team.accounts["sup"], team.accounts["ani"], newcomer]
    response = enrolled.put_roster(
        team.accounts["sup"], team.upload(team.roster_text(2, remaining))
    )
    assert response.status_code == 200
    assert storage.member(TEAM_ID, "budi") is None
    assert enrolled.put(newcomer, "e-1", b"hello").status_code == 201
    assert error_of(enrolled.put(team.accounts["budi"], "e-2", b"x"), 401) == "unknown_account"


def _member(**changes: Any) -> dict[str, Any]:
    entry = Account("x1", "supervisor").entry()
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    "overrides",
    [
        {"format": 2},
        {"format": True},
        {"team_id": "another-team"},
        {"version": 0},
        {"version": True},
        {"version": "2"},
        {"version": 2**53},
        {"issued_at": "2026-11-18 08:00:00"},
        {"issued_at": "2026-11-18T08:00:00+07:00"},
        {"issued_at": "2026-13-18T08:00:00Z"},
        {"issued_at": None},
        {"members": []},
        {"members": {}},
        {"members": [_member(), _member()]},
        {"members": [_member(extra=1)]},
        {"members": [{k: v for k, v in _member().items() if k != "revoked_at"}]},
        {"members": [_member(role="boss")]},
        {"members": [_member(account_id="bad id")]},
        {"members": [_member(signing_public="AAAA")]},
        {"members": [_member(signing_public=encode_key(bytes(32)) + "=")]},
        {"members": [_member(revoked_at="yesterday")]},
        {"members": [_member(role="pendamping")]},
        {"members": [_member(revoked_at="2026-01-01T00:00:00Z")]},
        {"members": ["x1"]},
        {"unknown": 1},
    ],
)
def test_rosters_are_parsed_strictly(
    api: Api, registered: SqliteStorage, team: Team, overrides: dict[str, Any]
) -> None:
    response = api.put_roster(None, team.upload(team.roster_text(1, overrides=overrides)))
    assert error_of(response, 400) == "invalid_roster"
    assert registered.roster(TEAM_ID) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 1, "format": 1}',
        '{"format": NaN}',
        "[1, 2]",
        "not json",
        '{"format": 1, "team_id": "t", "version": 1, "issued_at": "2026-11-18T08:00:00Z", '
        '"members": [' + "[" * 100_000 + "]" * 100_000 + "]}",
    ],
)
def test_malformed_roster_json_is_refused(
    api: Api, registered: SqliteStorage, team: Team, text: str
) -> None:
    assert error_of(api.put_roster(None, team.upload(text)), 400) == "invalid_roster"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe",
        b'{"roster": "x"}',
        b'{"roster": "x", "signature": "AAAA"}',
        b'{"roster": 1, "signature": "' + b"A" * 86 + b'"}',
        b'{"roster": "x", "signature": "' + b"A" * 86 + b'", "extra": 1}',
        b'{"roster": "x", "roster": "y", "signature": "' + b"A" * 86 + b'"}',
    ],
)
def test_malformed_upload_bodies_are_refused(
    api: Api, registered: SqliteStorage, body: bytes
) -> None:
    assert error_of(api.put_roster(None, body), 400) == "invalid_roster"


def test_a_roster_upload_must_be_json(api: Api, registered: SqliteStorage, team: Team) -> None:
    response = api.request(
        "PUT",
        f"/v1/teams/{TEAM_ID}/roster",
        None,
        team.upload(team.roster_text(1)),
        headers={"Content-Type": "text/plain"},
    )
    assert error_of(response, 415) == "unsupported_media_type"


def test_errors_never_echo_what_was_sent(api: Api, registered: SqliteStorage, team: Team) -> None:
    canary = "CANARY-roster-7f3a9c"
    for overrides in (
        {canary: 1},
        {"team_id": canary},
        {"members": [_member(role=canary)]},
        {"issued_at": canary},
    ):
        response = api.put_roster(None, team.upload(team.roster_text(1, overrides=overrides)))
        assert response.status_code == 400
        assert canary not in response.text

"""Signed requests: unsigned, wrong key, unknown or revoked member, stale or replayed → 401."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import httpx
import pytest
from tests.server.kit import TEAM_ID, Account, Api, FakeClock, Team, TestClient

from fieldcase.crypto import SigningKeyPair
from fieldcase.server.app import create_app
from fieldcase.server.auth import (
    HEADER_ACCOUNT,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    WINDOW_MS,
    signed_headers,
)
from fieldcase.server.roster import parse_utc_ms
from fieldcase.server.storage import SqliteStorage

BODY = os.urandom(300)


def assert_refused(response: httpx.Response, code: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"] == code
    assert body["message_id"] and body["message_en"]
    assert response.headers["WWW-Authenticate"] == "Fieldcase-Signature"


def test_a_signed_request_by_a_member_is_accepted(enrolled: Api, team: Team) -> None:
    assert enrolled.put(team.accounts["ani"], "e-1", BODY).status_code == 201


def test_unsigned_request_is_refused(enrolled: Api) -> None:
    assert_refused(enrolled.put(None, "e-1", BODY), "unsigned")
    assert_refused(enrolled.page(None), "unsigned")


@pytest.mark.parametrize("missing", [HEADER_ACCOUNT, HEADER_TIMESTAMP, HEADER_SIGNATURE])
def test_a_missing_signature_header_is_refused(enrolled: Api, team: Team, missing: str) -> None:
    ani = team.accounts["ani"]
    path = f"/v1/teams/{TEAM_ID}/envelopes/e-1"
    headers = signed_headers(ani.keys, "ani", "PUT", path, BODY, enrolled.timestamp_ms())
    del headers[missing]
    assert_refused(enrolled.http.put(path, content=BODY, headers=headers), "unsigned")


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (HEADER_ACCOUNT, "ani/../sup"),
        (HEADER_ACCOUNT, "x" * 65),
        (HEADER_TIMESTAMP, "-1"),
        (HEADER_TIMESTAMP, "0x10"),
        (HEADER_TIMESTAMP, "01795000000000"),
        (HEADER_SIGNATURE, "not base64!"),
        (HEADER_SIGNATURE, "AAAA"),
    ],
)
def test_malformed_signature_headers_are_refused(
    enrolled: Api, team: Team, header: str, value: str
) -> None:
    path = f"/v1/teams/{TEAM_ID}/envelopes/e-1"
    headers = signed_headers(
        team.accounts["ani"].keys, "ani", "PUT", path, BODY, enrolled.timestamp_ms()
    )
    headers[header] = value
    assert_refused(enrolled.http.put(path, content=BODY, headers=headers), "unsigned")


def test_a_signature_by_another_key_is_refused(enrolled: Api, team: Team) -> None:
    stranger = SigningKeyPair.generate()
    ani = team.accounts["ani"]
    assert_refused(enrolled.put(ani, "e-1", BODY, keys=stranger), "bad_signature")
    # ... including the key of another member of the same team.
    assert_refused(enrolled.put(ani, "e-1", BODY, keys=team.accounts["sup"].keys), "bad_signature")


def test_a_signature_over_something_else_is_refused(enrolled: Api, team: Team) -> None:
    ani = team.accounts["ani"]
    assert_refused(enrolled.put(ani, "e-1", BODY, signed_body=BODY + b"x"), "bad_signature")
    assert_refused(
        enrolled.put(ani, "e-1", BODY, signed_path=f"/v1/teams/{TEAM_ID}/envelopes/e-2"),
        "bad_signature",
    )
    assert_refused(
        enrolled.page(ani, "after=0&limit=5", signed_path=f"/v1/teams/{TEAM_ID}/envelopes?after=0"),
        "bad_signature",
    )
    assert enrolled.page(ani).json()["envelopes"] == []  # nothing was stored


def test_an_account_not_on_the_roster_is_refused(enrolled: Api) -> None:
    assert_refused(enrolled.put(Account("mallory"), "e-1", BODY), "unknown_account")


def test_a_member_of_another_team_is_refused(enrolled: Api, team: Team) -> None:
    assert_refused(
        enrolled.put(team.accounts["ani"], "e-1", BODY, team_id="another-team"), "unknown_account"
    )


def test_a_revoked_member_is_refused_from_the_revocation_time_on(
    enrolled: Api, team: Team, clock: FakeClock
) -> None:
    ani = team.accounts["ani"]
    ani.revoked_at = "2026-11-20T09:00:00Z"
    revocation_ms = parse_utc_ms(ani.revoked_at)
    assert revocation_ms is not None
    clock.now = revocation_ms / 1000 - 60
    update = enrolled.put_roster(team.accounts["sup"], team.upload(team.roster_text(2)))
    assert update.status_code == 200, update.text
    assert enrolled.put(ani, "e-1", BODY).status_code == 201  # not yet in force
    clock.advance(60)
    assert_refused(enrolled.put(ani, "e-2", BODY), "revoked")
    assert_refused(enrolled.page(ani), "revoked")
    assert enrolled.page(team.accounts["budi"]).status_code == 200


@pytest.mark.parametrize("offset_ms", [-WINDOW_MS - 1, WINDOW_MS + 1, -3_600_000, 86_400_000])
def test_a_timestamp_outside_the_window_is_refused(
    enrolled: Api, team: Team, clock: FakeClock, offset_ms: int
) -> None:
    response = enrolled.put(team.accounts["ani"], "e-1", BODY, timestamp_ms=clock.ms() + offset_ms)
    assert_refused(response, "stale_timestamp")
    assert response.json()["server_time_ms"] == clock.ms()


@pytest.mark.parametrize("offset_ms", [-WINDOW_MS, WINDOW_MS])
def test_the_window_edges_are_inside(
    enrolled: Api, team: Team, clock: FakeClock, offset_ms: int
) -> None:
    response = enrolled.put(team.accounts["ani"], "e-1", BODY, timestamp_ms=clock.ms() + offset_ms)
    assert response.status_code == 201


def test_a_replayed_request_is_refused(enrolled: Api, team: Team, clock: FakeClock) -> None:
    ani = team.accounts["ani"]
    stamp = clock.ms()
    assert enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp).status_code == 201
    assert_refused(enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp), "replayed")
    clock.advance(WINDOW_MS / 1000)  # still inside the window: still remembered
    assert_refused(enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp), "replayed")
    clock.advance(0.001)  # now outside the window: the window check refuses it
    assert_refused(enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp), "stale_timestamp")
    # A fresh signature for the same PUT is fine (and idempotent).
    assert enrolled.put(ani, "e-1", BODY).status_code == 200


def test_a_replayed_get_is_refused(enrolled: Api, team: Team, clock: FakeClock) -> None:
    stamp = clock.ms()
    assert enrolled.page(team.accounts["ani"], timestamp_ms=stamp).status_code == 200
    assert_refused(enrolled.page(team.accounts["ani"], timestamp_ms=stamp), "replayed")


def test_a_refused_signature_is_not_remembered(enrolled: Api, team: Team, clock: FakeClock) -> None:
    """A request refused for its signature must not block the genuine one."""
    ani = team.accounts["ani"]
    stamp = clock.ms()
    assert_refused(
        enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp, signed_body=b"x"), "bad_signature"
    )
    assert enrolled.put(ani, "e-1", BODY, timestamp_ms=stamp).status_code == 201


def test_replay_protection_survives_a_restart(db_path: Path, team: Team, clock: FakeClock) -> None:
    ani = team.accounts["ani"]
    stamp = clock.ms()
    storage = SqliteStorage(db_path)
    try:
        storage.add_team(TEAM_ID, team.keys.public_bytes, clock.ms())
        with TestClient(create_app(storage, clock)) as http:
            api = Api(http, clock)
            assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
            assert api.put(ani, "e-1", BODY, timestamp_ms=stamp).status_code == 201
    finally:
        storage.close()
    clock.advance(10)
    reopened = SqliteStorage(db_path)
    try:
        with TestClient(create_app(reopened, clock)) as http:
            assert_refused(Api(http, clock).put(ani, "e-1", BODY, timestamp_ms=stamp), "replayed")
    finally:
        reopened.close()


def test_expired_signatures_are_purged(
    enrolled: Api, team: Team, clock: FakeClock, storage: SqliteStorage, db_path: Path
) -> None:
    def remembered() -> int:
        with sqlite3.connect(db_path) as conn:
            count = conn.execute("SELECT count(*) FROM seen_signatures").fetchone()[0]
        conn.close()
        return int(count)

    for n in range(5):
        assert enrolled.put(team.accounts["ani"], f"e-{n}", BODY).status_code == 201
    assert remembered() == 5
    clock.advance(3 * WINDOW_MS / 1000)
    assert enrolled.page(team.accounts["ani"]).status_code == 200
    assert remembered() == 1  # only the request just made


def test_health_needs_no_signature(client: TestClient) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_team_endpoints_all_need_a_signature(enrolled: Api) -> None:
    for method, path in [
        ("GET", f"/v1/teams/{TEAM_ID}/envelopes"),
        ("PUT", f"/v1/teams/{TEAM_ID}/envelopes/e-1"),
        ("GET", f"/v1/teams/{TEAM_ID}/roster"),
        ("PUT", f"/v1/teams/{TEAM_ID}/roster"),  # an update: the team has a roster
    ]:
        assert_refused(enrolled.http.request(method, path, content=b"{}"), "unsigned")


def test_a_replayed_conflicting_put_is_refused_as_a_replay(
    enrolled: Api, team: Team, clock: FakeClock
) -> None:
    ani = team.accounts["ani"]
    assert enrolled.put(ani, "e-1", BODY).status_code == 201
    stamp = clock.ms()
    assert enrolled.put(ani, "e-1", BODY + b"x", timestamp_ms=stamp).status_code == 409
    assert_refused(enrolled.put(ani, "e-1", BODY + b"x", timestamp_ms=stamp), "replayed")

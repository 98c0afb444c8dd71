"""Envelope PUT (idempotent by id) and GET after a cursor with paging, through TestClient."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator

import pytest
from tests.server.kit import TEAM_ID, Api, FakeClock, Team, TestClient

from fieldcase.server.app import create_app
from fieldcase.server.auth import signed_headers
from fieldcase.server.requestbody import MAX_ENVELOPE_BYTES
from fieldcase.server.storage import SqliteStorage


def pull_all(api: Api, team: Team, after: int = 0, limit: int = 3) -> list[dict[str, object]]:
    """Every envelope after ``after``, page by page, checking the paging contract on the way."""
    got: list[dict[str, object]] = []
    while True:
        page = api.page(team.accounts["budi"], f"after={after}&limit={limit}").json()
        assert len(page["envelopes"]) <= limit
        cursors = [e["cursor"] for e in page["envelopes"]]
        assert cursors == sorted(cursors) and all(c > after for c in cursors)
        got.extend(page["envelopes"])
        assert page["next"] == (cursors[-1] if cursors else after)
        after = page["next"]
        if not page["more"]:
            return got


def test_put_new_same_and_different(enrolled: Api, team: Team) -> None:
    ani = team.accounts["ani"]
    body = os.urandom(1500)
    first = enrolled.put(ani, "e-1", body)
    assert first.status_code == 201
    assert first.json() == {"cursor": 1, "created": True}
    again = enrolled.put(ani, "e-1", body)
    assert again.status_code == 200
    assert again.json() == {"cursor": 1, "created": False}
    # Another member relaying the same bytes is the same envelope too.
    assert enrolled.put(team.accounts["budi"], "e-1", body).json() == {
        "cursor": 1,
        "created": False,
    }
    conflict = enrolled.put(ani, "e-1", body[:-1] + bytes([body[-1] ^ 1]))
    assert conflict.status_code == 409
    assert conflict.json()["error"] == "envelope_conflict"
    assert enrolled.put(ani, "e-2", body).json() == {"cursor": 2, "created": True}
    envelopes = pull_all(enrolled, team)
    assert [(e["cursor"], e["id"], e["sender"]) for e in envelopes] == [
        (1, "e-1", "ani"),
        (2, "e-2", "ani"),
    ]
    assert all(base64.b64decode(str(e["body"]), validate=True) == body for e in envelopes)


def test_paging_after_limit_more_next(enrolled: Api, team: Team) -> None:
    bodies = {f"env-{n:02d}": os.urandom(50 + n) for n in range(10)}
    for envelope_id, body in bodies.items():
        assert enrolled.put(team.accounts["sup"], envelope_id, body).status_code == 201
    envelopes = pull_all(enrolled, team, limit=3)
    assert [e["cursor"] for e in envelopes] == list(range(1, 11))
    assert {str(e["id"]): base64.b64decode(str(e["body"])) for e in envelopes} == bodies
    assert [e["id"] for e in pull_all(enrolled, team, after=7, limit=2)] == [
        "env-07",
        "env-08",
        "env-09",
    ]
    exact = enrolled.page(team.accounts["ani"], "after=0&limit=10").json()
    assert len(exact["envelopes"]) == 10 and exact["more"] is False and exact["next"] == 10
    short = enrolled.page(team.accounts["ani"], "after=0&limit=9").json()
    assert short["more"] is True and short["next"] == 9
    empty = enrolled.page(team.accounts["ani"], "after=10").json()
    assert empty == {"envelopes": [], "next": 10, "more": False}
    beyond = enrolled.page(team.accounts["ani"], "after=99").json()
    assert beyond == {"envelopes": [], "next": 99, "more": False}


def test_default_limit_is_100_and_after_defaults_to_zero(enrolled: Api, team: Team) -> None:
    for n in range(101):
        assert enrolled.put(team.accounts["ani"], f"e{n}", b"x%d" % n).status_code == 201
    page = enrolled.page(team.accounts["ani"], "").json()
    assert len(page["envelopes"]) == 100 and page["more"] is True and page["next"] == 100
    assert len(enrolled.page(team.accounts["ani"], "limit=1000").json()["envelopes"]) == 101


def test_cursors_are_per_team(enrolled: Api, storage: SqliteStorage, clock: FakeClock) -> None:
    other = Team.standard("second-team")
    storage.add_team(other.team_id, other.keys.public_bytes, clock.ms())
    upload = enrolled.put_roster(None, other.upload(other.roster_text(1)), team_id="second-team")
    assert upload.status_code == 200
    ani2 = other.accounts["ani"]
    assert enrolled.put(ani2, "e-1", b"two", team_id="second-team").json()["cursor"] == 1
    assert enrolled.put(ani2, "e-2", b"two", team_id="second-team").json()["cursor"] == 2
    page = enrolled.page(ani2, "after=0", team_id="second-team").json()
    assert [e["id"] for e in page["envelopes"]] == ["e-1", "e-2"]


@pytest.mark.parametrize(
    "envelope_id",
    ["a" * 65, "has_underscore", "has.dot", "%2e%2e", "with%20space", "é"],
)
def test_envelope_ids_are_checked(enrolled: Api, team: Team, envelope_id: str) -> None:
    response = enrolled.put(team.accounts["ani"], envelope_id, b"body")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_id"


def test_longest_id_is_accepted(enrolled: Api, team: Team) -> None:
    assert enrolled.put(team.accounts["ani"], "A-z0" * 16, b"body").status_code == 201


@pytest.mark.parametrize(
    "query",
    [
        "after=-1",
        "after=01",
        "after=1.5",
        "after=",
        "limit=0",
        "limit=1001",
        "after=1&after=2",
        "cursor=1",
        "after=1&limit=5&x=1",
        "after",
        "after=1&",
        "after=%31",
    ],
)
def test_page_queries_are_checked(enrolled: Api, team: Team, query: str) -> None:
    response = enrolled.page(team.accounts["ani"], query)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_query"


def test_an_empty_envelope_is_refused(enrolled: Api, team: Team) -> None:
    response = enrolled.put(team.accounts["ani"], "e-1", b"")
    assert response.status_code == 400
    assert response.json()["error"] == "empty_body"


def test_another_content_type_is_refused(enrolled: Api, team: Team) -> None:
    response = enrolled.put(
        team.accounts["ani"], "e-1", b"x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    ok = enrolled.put(
        team.accounts["ani"], "e-1", b"x", headers={"Content-Type": "application/octet-stream"}
    )
    assert ok.status_code == 201


def test_the_default_body_limit_is_16_mib(enrolled: Api, team: Team) -> None:
    assert MAX_ENVELOPE_BYTES == 16 * 1024 * 1024
    biggest = os.urandom(MAX_ENVELOPE_BYTES)
    assert enrolled.put(team.accounts["ani"], "big", biggest).status_code == 201
    response = enrolled.put(team.accounts["ani"], "too-big", biggest + b"x")
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_a_streamed_body_over_the_limit_is_refused(
    storage: SqliteStorage, clock: FakeClock, team: Team
) -> None:
    """No Content-Length (chunked): the body is counted as it arrives."""
    storage.add_team(TEAM_ID, team.keys.public_bytes, clock.ms())
    app = create_app(storage, clock, max_body_bytes=1000)
    with TestClient(app) as http:
        api = Api(http, clock)
        assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
        path = f"/v1/teams/{TEAM_ID}/envelopes/e-1"
        body = os.urandom(1001)
        headers = signed_headers(
            team.accounts["ani"].keys, "ani", "PUT", path, body, api.timestamp_ms()
        )

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(body), 100):
                yield body[start : start + 100]

        response = http.put(path, content=chunks(), headers=headers)
        assert response.status_code == 413
        assert api.put(team.accounts["ani"], "e-1", body[:1000]).status_code == 201


def test_pages_stop_at_the_byte_budget(
    storage: SqliteStorage, clock: FakeClock, team: Team
) -> None:
    storage.add_team(TEAM_ID, team.keys.public_bytes, clock.ms())
    with TestClient(create_app(storage, clock, max_page_bytes=2500)) as http:
        api = Api(http, clock)
        assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
        for n in range(5):
            assert api.put(team.accounts["ani"], f"e{n}", bytes(1000)).status_code == 201
        assert api.put(team.accounts["ani"], "huge", bytes(6000)).status_code == 201
        sizes = []
        after = 0
        while True:
            page = api.page(team.accounts["ani"], f"after={after}&limit=100").json()
            sizes.append(len(page["envelopes"]))
            after = page["next"]
            if not page["more"]:
                break
        assert sizes == [2, 2, 1, 1]  # the 6000-byte envelope still comes, alone


def test_unknown_routes_and_methods_answer_in_the_protocol_shape(client: TestClient) -> None:
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404
    assert set(missing.json()) == {"error", "message_id", "message_en"}
    wrong = client.delete(f"/v1/teams/{TEAM_ID}/envelopes/e-1")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == "method_not_allowed"
    for hidden in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(hidden).status_code == 404

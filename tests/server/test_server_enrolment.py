"""Enrolment endpoints of the relay server: who may post, read and answer, and the limits."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tests.server.kit import TEAM_ID, Account, Api, FakeClock, Team

from fieldcase.crypto import AgreementKeyPair, SigningKeyPair, encode_key
from fieldcase.server import enrolment
from fieldcase.server.sqlitestore import SCHEMA_VERSION, SqliteStorage

BASE = f"/v1/teams/{TEAM_ID}/enrolment"
DAY = 24 * 3600.0


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_doc(team: Team, clock: FakeClock, days: float = 7, **override: object) -> bytes:
    doc: dict[str, object] = {
        "type": "enrolment-open",
        "format": 1,
        "team_id": TEAM_ID,
        "agreement_public": encode_key(AgreementKeyPair.generate().public_bytes),
        "expires_at": _iso(clock.now + days * DAY),
    }
    doc.update(override)
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    signature = encode_key(team.keys.sign(text.encode()))
    return json.dumps({"document": text, "signature": signature}).encode()


def open_enrolment(api: Api, team: Team, clock: FakeClock, days: float = 7) -> None:
    response = api.request(
        "PUT",
        BASE,
        team.accounts["sup"],
        open_doc(team, clock, days),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text


def post(api: Api, who: Account, *, body_key: SigningKeyPair | None = None) -> httpx.Response:
    body = json.dumps(
        {
            "signing_public": encode_key((body_key or who.keys).public_bytes),
            "sealed": encode_key(b"ciphertext-" + who.account_id.encode()),
        }
    ).encode()
    return api.request(
        "PUT",
        f"{BASE}/requests/{who.account_id}",
        who,
        body,
        headers={"Content-Type": "application/json"},
    )


def test_closed_until_a_supervisor_opens_it(enrolled: Api, team: Team, clock: FakeClock) -> None:
    new = Account("new-1")
    assert enrolled.http.get(BASE).json()["error"] == "enrolment_closed"
    assert post(enrolled, new).json()["error"] == "enrolment_closed"
    # Only a supervisor may open it, and only with the team's signature.
    for who, body, status in (
        (team.accounts["ani"], open_doc(team, clock), 403),
        (team.accounts["sup"], open_doc(Team.standard(), clock), 401),
        (team.accounts["sup"], open_doc(team, clock, days=45), 400),
        (team.accounts["sup"], open_doc(team, clock, team_id="other-team"), 400),
    ):
        response = enrolled.request(
            "PUT", BASE, who, body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == status, response.text
    open_enrolment(enrolled, team, clock)
    got = enrolled.http.get(BASE).json()
    assert got["team_public_key"] == encode_key(team.keys.public_bytes)
    assert post(enrolled, new).status_code == 201
    assert post(enrolled, new).status_code == 200  # the same key again replaces it
    # Enrolment ends by itself.
    clock.advance(8 * DAY)
    assert enrolled.http.get(BASE).status_code == 404
    assert post(enrolled, Account("new-2")).json()["error"] == "enrolment_closed"


def test_applicant_proves_its_key_and_cannot_be_impersonated(
    enrolled: Api, team: Team, clock: FakeClock
) -> None:
    open_enrolment(enrolled, team, clock)
    new = Account("new-1")
    # Signed by another key than the one in the body: refused.
    forged = post(enrolled, new, body_key=SigningKeyPair.generate())
    assert forged.status_code == 401 and forged.json()["error"] == "bad_signature"
    assert post(enrolled, new).status_code == 201
    # Someone else posting for the same account with their own key: conflict.
    impostor = Account("new-1")
    assert post(enrolled, impostor).json()["error"] == "enrolment_conflict"
    # ... nor fetch its answer, nor withdraw it.
    path = f"{BASE}/requests/new-1/answer"
    assert enrolled.request("GET", path, impostor).json()["error"] == "bad_signature"
    assert enrolled.request("GET", path, new).json()["error"] == "enrolment_pending"
    # A roster member is not an applicant.
    assert post(enrolled, team.accounts["ani"]).json()["error"] == "already_member"
    # Unsigned, or a header account other than the path's.
    assert enrolled.request("PUT", f"{BASE}/requests/new-1", None, b"{}").status_code == 401
    wrong = enrolled.request(
        "PUT", f"{BASE}/requests/other", new, b"{}", headers={"Content-Type": "application/json"}
    )
    assert wrong.status_code == 401


def test_only_supervisors_list_and_answer(enrolled: Api, team: Team, clock: FakeClock) -> None:
    open_enrolment(enrolled, team, clock)
    new = Account("new-1")
    assert post(enrolled, new).status_code == 201
    ani, sup = team.accounts["ani"], team.accounts["sup"]
    assert enrolled.request("GET", f"{BASE}/requests", ani).status_code == 403
    assert enrolled.request("GET", f"{BASE}/requests", Account("x")).status_code == 401
    [item] = enrolled.request("GET", f"{BASE}/requests", sup).json()["requests"]
    assert item["account_id"] == "new-1" and item["answered"] is False
    assert item["signing_public"] == encode_key(new.keys.public_bytes)
    octets = {"Content-Type": "application/octet-stream"}
    answer_path = f"{BASE}/requests/new-1/answer"
    assert enrolled.request("PUT", answer_path, ani, b"x", headers=octets).status_code == 403
    missing = f"{BASE}/requests/nobody/answer"
    assert enrolled.request("PUT", missing, sup, b"x", headers=octets).status_code == 404
    assert enrolled.request("PUT", answer_path, sup, b"sealed", headers=octets).status_code == 200
    got = enrolled.request("GET", answer_path, new)
    assert got.status_code == 200 and got.content == b"sealed"
    # The applicant withdraws; a supervisor can reject the others.
    assert enrolled.request("DELETE", f"{BASE}/requests/new-1", new).status_code == 200
    assert post(enrolled, Account("new-2")).status_code == 201
    assert enrolled.request("DELETE", f"{BASE}/requests/new-2", ani).status_code == 403
    assert enrolled.request("DELETE", f"{BASE}/requests/new-2", sup).status_code == 200
    assert enrolled.request("GET", f"{BASE}/requests", sup).json()["requests"] == []


def test_limits_size_count_and_expiry(
    enrolled: Api, team: Team, clock: FakeClock, storage: SqliteStorage
) -> None:
    open_enrolment(enrolled, team, clock, days=30)
    big = Account("big")
    body = b'{"signing_public":"' + b"A" * enrolment.MAX_REQUEST_BYTES + b'"}'
    too_big = enrolled.request(
        "PUT",
        f"{BASE}/requests/big",
        big,
        body,
        headers={"Content-Type": "application/json"},
    )
    assert too_big.status_code == 413
    bad = enrolled.request(
        "PUT", f"{BASE}/requests/big", big, b"[]", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_enrolment"
    for i in range(enrolment.MAX_PENDING):
        assert post(enrolled, Account(f"new-{i}")).status_code == 201
    full = post(enrolled, Account("one-more"))
    assert full.status_code == 429 and full.json()["error"] == "too_many_requests"
    # Requests expire after a week, which frees the slots.
    clock.advance(enrolment.REQUEST_LIFETIME_MS / 1000 + 1)
    assert storage.enrolment_requests(TEAM_ID, clock.ms()) == []
    assert post(enrolled, Account("one-more")).status_code == 201
    sup = team.accounts["sup"]
    assert len(enrolled.request("GET", f"{BASE}/requests", sup).json()["requests"]) == 1


def test_a_version_1_database_gains_the_enrolment_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    SqliteStorage(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE enrolment_open")
    conn.execute("DROP TABLE enrolment_requests")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    storage = SqliteStorage(path)
    try:
        assert storage.enrolment_requests(TEAM_ID, 0) == []
    finally:
        storage.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()

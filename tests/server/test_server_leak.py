"""The server stores the bytes it was given and ids, nothing else; logs and errors echo nothing.

Envelopes are ciphertext, so the canary stands in for "anything a client
sent": it must end up stored exactly once, byte-identical, inside the
``envelopes.body`` column of the envelope that carried it — and nowhere else
(no other column, no other file, no log line, no error answer), whatever the
request (valid, refused for its signature, for its id, for its JSON). Header
values (signature, timestamp, user agent) are not stored at all.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.server.kit import TEAM_ID, Account, Api, FakeClock, Team, TestClient

from fieldcase.server.app import create_app
from fieldcase.server.auth import HEADER_SIGNATURE, HEADER_TIMESTAMP
from fieldcase.server.storage import SqliteStorage

CANARY = b"CANARY-relay-" + os.urandom(6).hex().encode()

EXPECTED_COLUMNS = {
    "teams": {"team_id", "public_key", "last_cursor", "created_ms"},
    "rosters": {"team_id", "version", "roster", "signature", "received_ms"},
    "members": {"team_id", "account_id", "signing_public", "role", "revoked_ms"},
    "envelopes": {"team_id", "cursor", "envelope_id", "sender", "body", "received_ms"},
    "seen_signatures": {"account_id", "digest", "expires_ms"},
    # Enrolment through the server (schema 2): public keys, signed text, ciphertext.
    "enrolment_open": {"team_id", "document", "signature", "expires_ms"},
    "enrolment_requests": {
        "team_id",
        "account_id",
        "signing_public",
        "sealed",
        "received_ms",
        "expires_ms",
        "answer",
    },
}


def needles(secret: bytes) -> dict[str, bytes]:
    """The secret raw, as hex and as base64 (both alphabets, every alignment)."""
    found = {"raw": secret, "hex": secret.hex().encode()}
    for alignment in range(3):
        start = (8 * alignment + 5) // 6
        end = (8 * (alignment + len(secret))) // 6
        for name, encode in (("b64", base64.b64encode), ("b64url", base64.urlsafe_b64encode)):
            found[f"{name}+{alignment}"] = encode(bytes(alignment) + secret)[start:end]
    return found


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    logger = logging.getLogger("fieldcase.server")
    handler = Captured()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_only_envelope_bytes_and_ids_are_stored(
    tmp_path: Path, clock: FakeClock, log_lines: list[str]
) -> None:
    folder = tmp_path / "server"
    folder.mkdir()
    team = Team.standard()
    ani = team.accounts["ani"]
    with_canary = os.urandom(300) + CANARY + os.urandom(300)
    opaque = os.urandom(1200)
    answers: list[str] = []
    sent_headers: list[dict[str, str]] = []

    storage = SqliteStorage(folder / "relay.db")
    try:
        storage.add_team(TEAM_ID, team.keys.public_bytes, clock.ms())
        with TestClient(create_app(storage, clock)) as http:
            api = Api(http, clock)
            assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
            ua = {"User-Agent": CANARY.decode()}
            put = api.put(ani, "env-canary", with_canary, headers=ua)
            assert put.status_code == 201
            sent_headers.append(dict(put.request.headers))
            assert api.put(ani, "env-opaque", opaque).status_code == 201
            # Requests that are refused must leave nothing behind either.
            refused = [
                api.put(ani, "env-forged", with_canary, signed_body=b"other"),
                api.put(Account("mallory"), "env-stranger", with_canary),
                api.put(ani, "bad_id_" + CANARY.decode().replace("-", "_"), with_canary),
                api.put(ani, "env-canary", with_canary + b"!"),  # 409
                api.put_roster(team.accounts["sup"], b'{"roster": "' + CANARY + b'"}'),
                api.put_roster(
                    team.accounts["sup"],
                    team.upload(team.roster_text(2, overrides={CANARY.decode(): 1})),
                ),
            ]
            assert [r.status_code for r in refused] == [401, 401, 400, 409, 400, 400]
            answers += [r.text for r in refused]
            page = api.page(ani, "after=0")
            assert [base64.b64decode(e["body"]) for e in page.json()["envelopes"]] == [
                with_canary,
                opaque,
            ]
    finally:
        storage.close()

    # 1. Files: the canary is in the database file once, raw; in no other encoding, no other file.
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert [p.name for p in files] == ["relay.db"]  # WAL and SHM are gone after close
    data = files[0].read_bytes()
    assert data.count(CANARY) == 1
    assert data.count(with_canary) == 1 and data.count(opaque) == 1
    for label, pattern in needles(CANARY).items():
        if label != "raw":
            assert pattern not in data, label
    for headers in sent_headers:
        for name in (HEADER_SIGNATURE, HEADER_TIMESTAMP):
            value = headers[name.lower()]
            assert value.encode() not in data, name
        signature = base64.urlsafe_b64decode(headers[HEADER_SIGNATURE.lower()] + "==")
        assert signature not in data
        assert hashlib.sha256(signature).digest() in data  # only its digest, for replays

    # 2. Cells: exactly the expected tables and columns; the canary only in envelopes.body.
    conn = sqlite3.connect(folder / "relay.db")
    try:
        tables = {
            name: {row[1] for row in conn.execute(f"PRAGMA table_info({name})")}
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert tables == EXPECTED_COLUMNS
        hits = []
        for table, columns in tables.items():
            for row in conn.execute(f"SELECT {', '.join(sorted(columns))} FROM {table}"):
                for column, value in zip(sorted(columns), row, strict=True):
                    raw = value.encode() if isinstance(value, str) else value
                    if isinstance(raw, bytes) and CANARY in raw:
                        hits.append((table, column, raw))
        assert hits == [("envelopes", "body", with_canary)]
        rows = conn.execute(
            "SELECT team_id, cursor, envelope_id, sender, body, received_ms FROM envelopes "
            "ORDER BY cursor"
        ).fetchall()
        assert rows == [
            (TEAM_ID, 1, "env-canary", "ani", with_canary, clock.ms()),
            (TEAM_ID, 2, "env-opaque", "ani", opaque, clock.ms()),
        ]
    finally:
        conn.close()

    # 3. Logs and error answers: ids and counts only.
    assert log_lines, "the server should log what it did"
    for text in log_lines + answers:
        for label, pattern in needles(CANARY).items():
            assert pattern.decode() not in text, (label, text)
    assert any("envelope put" in line and "env-canary" in line for line in log_lines)


class _Broken(SqliteStorage):
    """A storage with a bug whose exception message carries request data."""

    def member(self, team_id: str, account_id: str) -> None:
        raise RuntimeError(f"bug while handling {CANARY.decode()}")


def test_an_unexpected_error_is_a_bare_500_logged_by_type_and_place(
    tmp_path: Path, clock: FakeClock, log_lines: list[str]
) -> None:
    root_lines = Captured()
    logging.getLogger().addHandler(root_lines)
    storage = _Broken(tmp_path / "relay.db")
    try:
        with TestClient(create_app(storage, clock)) as http:
            response = Api(http, clock).put(Team.standard().accounts["ani"], "e-1", CANARY)
    finally:
        storage.close()
        logging.getLogger().removeHandler(root_lines)
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
    assert CANARY.decode() not in response.text
    lines = log_lines + root_lines.lines
    assert any("unexpected RuntimeError at test_server_leak.py:" in line for line in lines)
    assert not any(CANARY.decode() in line or "Traceback" in line for line in lines)

"""Request-signing test vectors (vectors/request_signing_v1.json), for this server and any client.

The vectors are data so that the sync client — or another implementation —
can check itself against them. This test rebuilds each message from the
protocol text independently of ``auth.request_message``, checks the
signatures, and sends the requests to a server whose clock reads the vector
time: all must be accepted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from tests.server.kit import FakeClock, TestClient

from fieldcase.crypto import SigningKeyPair, decode_key, encode_key, verify_signature
from fieldcase.server.app import create_app
from fieldcase.server.auth import request_message
from fieldcase.server.storage import SqliteStorage

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "vectors" / "request_signing_v1.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    "case", VECTORS["requests"], ids=lambda c: f"{c['method']} {c['path_with_query']}"
)
def test_messages_and_signatures_match_the_protocol(case: dict[str, str]) -> None:
    body = bytes.fromhex(case["body_hex"])
    by_hand = "\n".join(
        [
            "fieldcase-request-v1",
            case["method"],
            case["path_with_query"],
            case["timestamp"],
            hashlib.sha256(body).hexdigest(),
        ]
    )
    assert case["message"] == by_hand
    message = request_message(case["method"], case["path_with_query"], case["timestamp"], body)
    assert message == by_hand.encode("utf-8")
    keys = SigningKeyPair.from_private_bytes(bytes.fromhex(VECTORS["account_private_seed_hex"]))
    assert encode_key(keys.public_bytes) == VECTORS["account_signing_public"]
    assert encode_key(keys.sign(message)) == case["signature"]  # Ed25519 is deterministic


def test_the_roster_vector_is_signed_by_the_team_key() -> None:
    team = SigningKeyPair.from_private_bytes(bytes.fromhex(VECTORS["team_private_seed_hex"]))
    assert encode_key(team.public_bytes) == VECTORS["team_public_key"]
    verify_signature(
        team.public_bytes,
        VECTORS["roster_text"].encode("utf-8"),
        decode_key(VECTORS["roster_signature"], 64),
    )


def test_the_server_accepts_the_vector_requests(storage: SqliteStorage) -> None:
    storage.add_team(VECTORS["team_id"], decode_key(VECTORS["team_public_key"]), 0)
    by_route = {(c["method"], c["path_with_query"].split("?")[0]): c for c in VECTORS["requests"]}
    team_path = f"/v1/teams/{VECTORS['team_id']}"
    envelope_put = next(p for m, p in by_route if m == "PUT" and "/envelopes/" in p)
    # The roster first (a first roster: its team signature is what counts), then the rest.
    plan = [
        (("PUT", f"{team_path}/roster"), 200),
        (("PUT", envelope_put), 201),
        (("GET", f"{team_path}/envelopes"), 200),
        (("GET", f"{team_path}/roster"), 200),
    ]
    assert {route for route, _ in plan} == set(by_route)
    clock = FakeClock(max(int(c["timestamp"]) for c in VECTORS["requests"]) / 1000)
    with TestClient(create_app(storage, clock)) as http:
        for route, status in plan:
            case = by_route[route]
            headers = {
                "X-Fieldcase-Account": VECTORS["account_id"],
                "X-Fieldcase-Timestamp": case["timestamp"],
                "X-Fieldcase-Signature": case["signature"],
            }
            response = http.request(
                case["method"],
                case["path_with_query"],
                content=bytes.fromhex(case["body_hex"]),
                headers=headers,
            )
            assert response.status_code == status, (route, response.text)

"""Helpers for the relay-server tests: a team with accounts, a fake clock, a signing client.

Starlette 1.x warns (``StarletteDeprecationWarning``) when its TestClient
runs on ``httpx`` instead of ``httpx2``; the project pins ``httpx``, so that
one import is made with the warning silenced (every other warning stays an
error).
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from fieldcase.crypto import SigningKeyPair, encode_key
from fieldcase.server.auth import signed_headers

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

__all__ = ["TEAM_ID", "Account", "Api", "FakeClock", "Team", "TestClient"]

TEAM_ID = "0190f5c2-7a3b-7c00-8000-00000000aa01"
START = 1_795_000_000.0  # 2026-11-18, seconds


class FakeClock:
    """A clock for ``create_app(clock=...)`` that moves only when told to."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def ms(self) -> int:
        return round(self.now * 1000)


@dataclass
class Account:
    account_id: str
    role: str = "pendamping"
    keys: SigningKeyPair = field(default_factory=SigningKeyPair.generate)
    revoked_at: str | None = None

    def entry(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "signing_public": encode_key(self.keys.public_bytes),
            "role": self.role,
            "revoked_at": self.revoked_at,
        }


@dataclass
class Team:
    team_id: str = TEAM_ID
    keys: SigningKeyPair = field(default_factory=SigningKeyPair.generate)
    accounts: dict[str, Account] = field(default_factory=dict)

    @classmethod
    def standard(cls, team_id: str = TEAM_ID) -> Team:
        """A supervisor ``sup`` and two workers ``ani`` and ``budi``."""
        team = cls(team_id)
        for account in (Account("sup", "supervisor"), Account("ani"), Account("budi")):
            team.accounts[account.account_id] = account
        return team

    def roster_text(
        self,
        version: int,
        accounts: Iterable[Account] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> str:
        members = list(self.accounts.values()) if accounts is None else list(accounts)
        doc: dict[str, Any] = {
            "format": 1,
            "team_id": self.team_id,
            "version": version,
            "issued_at": "2026-11-18T08:00:00Z",
            "members": [m.entry() for m in members],
        }
        doc.update(overrides or {})
        return json.dumps(doc)

    def upload(
        self, text: str, *, with_key: bool = False, keys: SigningKeyPair | None = None
    ) -> bytes:
        """A roster upload body signed by the team key (or ``keys``)."""
        signer = keys or self.keys
        doc = {"roster": text, "signature": encode_key(signer.sign(text.encode()))}
        if with_key:
            doc["team_public_key"] = encode_key(signer.public_bytes)
        return json.dumps(doc).encode()


class Api:
    """Signed requests through any httpx-like client (TestClient or httpx.Client).

    Each request gets a timestamp one millisecond after the previous one, as a
    real client must: Ed25519 is deterministic, so two identical requests
    signed in the same millisecond would be one request replayed.
    """

    def __init__(self, http: httpx.Client, clock: FakeClock | None = None) -> None:
        self.http = http
        self.clock = clock
        self._tick = 0

    def timestamp_ms(self) -> int:
        self._tick += 1
        now = self.clock.ms() if self.clock is not None else int(time.time() * 1000)
        return now + self._tick

    def request(
        self,
        method: str,
        path: str,
        account: Account | None,
        body: bytes = b"",
        *,
        timestamp_ms: int | None = None,
        signed_path: str | None = None,
        signed_body: bytes | None = None,
        keys: SigningKeyPair | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if account is not None:
            all_headers.update(
                signed_headers(
                    keys or account.keys,
                    account.account_id,
                    method,
                    signed_path if signed_path is not None else path,
                    signed_body if signed_body is not None else body,
                    timestamp_ms if timestamp_ms is not None else self.timestamp_ms(),
                )
            )
        return self.http.request(method, path, content=body, headers=all_headers)

    def put(
        self, account: Account | None, envelope_id: str, body: bytes, **kw: Any
    ) -> httpx.Response:
        path = f"/v1/teams/{kw.pop('team_id', TEAM_ID)}/envelopes/{envelope_id}"
        return self.request("PUT", path, account, body, **kw)

    def page(self, account: Account | None, query: str = "after=0", **kw: Any) -> httpx.Response:
        path = f"/v1/teams/{kw.pop('team_id', TEAM_ID)}/envelopes"
        if query:
            path += "?" + query
        return self.request("GET", path, account, **kw)

    def put_roster(self, account: Account | None, body: bytes, **kw: Any) -> httpx.Response:
        path = f"/v1/teams/{kw.pop('team_id', TEAM_ID)}/roster"
        headers = {"Content-Type": "application/json"}
        return self.request("PUT", path, account, body, headers=headers, **kw)

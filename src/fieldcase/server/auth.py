"""Signed requests: who is asking, whether they still may, and whether we saw this before.

Every request but the health check carries the account id, a millisecond
timestamp and an Ed25519 signature over method, path with query, timestamp
and the SHA-256 of the body (docs/sync-protocol.md). The checks run cheapest
first, so that a stranger cannot make the server read a 16 MiB body: header
syntax, then the 5-minute window, then roster membership and revocation, and
only then the body, the signature and the replay check.

Replays are recognised by the signature itself: RFC 8032 verification refuses
a non-canonical ``S``, so a captured signature cannot be turned into another
valid one for the same request. The SHA-256 of every accepted signature is
stored (durably, so a restart does not reopen the window) until well after its
timestamp has left the window, from when the window check alone refuses it.
Signatures are also deterministic: the same request signed twice in one
millisecond is one signature, so clients give every request a fresh timestamp.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fieldcase.crypto import CryptoError, SigningKeyPair, decode_key, encode_key, verify_signature

from . import errors
from .checks import is_valid_id
from .records import Member, Replayed, SeenSignature
from .storage import Storage

__all__ = [
    "HEADER_ACCOUNT",
    "HEADER_SIGNATURE",
    "HEADER_TIMESTAMP",
    "SIGNATURE_CONTEXT",
    "WINDOW_MS",
    "Guard",
    "SignedHeaders",
    "path_with_query",
    "read_signed_headers",
    "request_message",
    "signed_headers",
]

log = logging.getLogger("fieldcase.server.auth")

SIGNATURE_CONTEXT = "fieldcase-request-v1"
WINDOW_MS = 5 * 60 * 1000
PURGE_EVERY_MS = 60 * 1000
HEADER_ACCOUNT = "X-Fieldcase-Account"
HEADER_TIMESTAMP = "X-Fieldcase-Timestamp"
HEADER_SIGNATURE = "X-Fieldcase-Signature"
_TIMESTAMP = re.compile(r"0|[1-9][0-9]{0,15}")
_SIGNATURE_SIZE = 64


def request_message(method: str, path_query: str, timestamp: str, body: bytes) -> bytes:
    """The exact bytes an account signs for one request."""
    digest = hashlib.sha256(body).hexdigest()
    return f"{SIGNATURE_CONTEXT}\n{method}\n{path_query}\n{timestamp}\n{digest}".encode()


def signed_headers(
    keys: SigningKeyPair,
    account_id: str,
    method: str,
    path_query: str,
    body: bytes,
    timestamp_ms: int,
) -> dict[str, str]:
    """The three headers of a signed request (for tests, the benchmark and Python clients)."""
    timestamp = str(timestamp_ms)
    signature = keys.sign(request_message(method, path_query, timestamp, body))
    return {
        HEADER_ACCOUNT: account_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_SIGNATURE: encode_key(signature),
    }


@dataclass(frozen=True)
class SignedHeaders:
    """The signature headers of a request, syntactically valid."""

    account_id: str
    timestamp: str
    signature: bytes = field(repr=False)

    @property
    def timestamp_ms(self) -> int:
        return int(self.timestamp)


def read_signed_headers(headers: Mapping[str, str]) -> SignedHeaders | None:
    """The signature headers, None if all three are absent; 401 if any is missing or malformed."""
    account = headers.get(HEADER_ACCOUNT)
    timestamp = headers.get(HEADER_TIMESTAMP)
    signature = headers.get(HEADER_SIGNATURE)
    if account is None and timestamp is None and signature is None:
        return None
    if account is None or timestamp is None or signature is None:
        raise errors.unsigned()
    if not is_valid_id(account) or _TIMESTAMP.fullmatch(timestamp) is None:
        raise errors.unsigned()
    try:
        raw = decode_key(signature, _SIGNATURE_SIZE)
    except CryptoError:
        raise errors.unsigned() from None
    return SignedHeaders(account, timestamp, raw)


def path_with_query(scope: Mapping[str, Any]) -> str:
    """The path and query exactly as the client sent them (what it signed)."""
    raw = scope.get("raw_path") or str(scope["path"]).encode("utf-8")
    query = scope.get("query_string", b"")
    try:
        text = bytes(raw).decode("ascii")
        if query:
            text += "?" + bytes(query).decode("ascii")
    except UnicodeDecodeError:
        raise errors.invalid_path() from None
    return text


class Guard:
    """Applies the checks above against one storage and one clock.

    Its methods are synchronous and touch storage: handlers call them from a
    worker thread, bundled with the storage work of the request, so that a
    request crosses into the thread pool as few times as possible.
    """

    def __init__(
        self,
        storage: Storage,
        clock: Callable[[], float] = time.time,
        window_ms: int = WINDOW_MS,
    ) -> None:
        self._storage = storage
        self._clock = clock
        self.window_ms = window_ms
        self._last_purge_ms: int | None = None

    def now_ms(self) -> int:
        return round(self._clock() * 1000)

    def fresh(self, signed: SignedHeaders | None, team_id: str) -> SignedHeaders:
        """Headers present and the timestamp in the window (for anyone, member or not)."""
        if signed is None:
            raise errors.unsigned()
        now = self.now_ms()
        if abs(now - signed.timestamp_ms) > self.window_ms:
            self._refuse("stale_timestamp", team_id, signed.account_id)
            raise errors.stale_timestamp(now)
        return signed

    def member(self, signed: SignedHeaders | None, team_id: str) -> tuple[SignedHeaders, Member]:
        """Steps before the body: headers present, timestamp in the window, a current member."""
        signed = self.fresh(signed, team_id)
        now = self.now_ms()
        found = self._storage.member(team_id, signed.account_id)
        if found is None:
            self._refuse("unknown_account", team_id, signed.account_id)
            raise errors.unknown_account()
        if found.revoked_at(now):
            self._refuse("revoked", team_id, signed.account_id)
            raise errors.revoked()
        return signed, found

    def check_signature(
        self,
        signed: SignedHeaders,
        member: Member,
        team_id: str,
        method: str,
        path_query: str,
        body: bytes,
    ) -> SeenSignature:
        """The signature step after the body: 401 unless the member signed this request.

        Returns the record that the replay check stores (by :meth:`remember`,
        or together with the request's own write).
        """
        message = request_message(method, path_query, signed.timestamp, body)
        try:
            verify_signature(member.signing_public, message, signed.signature)
        except CryptoError:
            self._refuse("bad_signature", team_id, signed.account_id)
            raise errors.bad_signature() from None
        digest = hashlib.sha256(signed.signature).digest()
        return SeenSignature(signed.account_id, digest, signed.timestamp_ms + self.window_ms)

    def remember(self, seen: SeenSignature, team_id: str) -> None:
        """Record a checked signature; 401 if it was recorded before (a replay)."""
        try:
            self._storage.remember_signature(seen)
        except Replayed:
            raise self.replayed(seen, team_id) from None
        self.maybe_purge()

    def replayed(self, seen: SeenSignature, team_id: str) -> errors.ApiError:
        """The 401 for a replay (logged), for callers that recorded the signature themselves."""
        self._refuse("replayed", team_id, seen.account_id)
        return errors.replayed()

    def verify(
        self,
        signed: SignedHeaders,
        member: Member,
        team_id: str,
        method: str,
        path_query: str,
        body: bytes,
    ) -> None:
        """Signature, then replay check: both steps for requests that write nothing else."""
        seen = self.check_signature(signed, member, team_id, method, path_query, body)
        self.remember(seen, team_id)

    def maybe_purge(self) -> None:
        """Forget expired signatures about once a minute (kept one extra window for clock steps)."""
        now = self.now_ms()
        if self._last_purge_ms is not None and now - self._last_purge_ms < PURGE_EVERY_MS:
            return
        self._last_purge_ms = now
        removed = self._storage.purge_signatures(now - self.window_ms)
        if removed:
            log.info("forgot %d expired request signatures", removed)

    @staticmethod
    def _refuse(reason: str, team_id: str, account_id: str) -> None:
        log.warning("refused request team=%s account=%s reason=%s", team_id, account_id, reason)

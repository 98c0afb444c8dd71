"""Client of the relay server (docs/sync-protocol.md, v1), over httpx.

The server is a blind store-and-forward log per team: it sees envelope
headers' ids and senders and the ciphertext, never content. Every request is
signed with the account's Ed25519 key over
``"fieldcase-request-v1\\n" METHOD "\\n" PATH?QUERY "\\n" TIMESTAMP "\\n" hex(sha256(body))``.
Any network or HTTP failure becomes :class:`TransportFailed`, nothing else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from collections.abc import Callable, Container, Sequence
from typing import Any
from urllib.parse import urlencode

import httpx

from fieldcase.crypto import SigningKeyPair
from fieldcase.sync.errors import TransportFailed
from fieldcase.sync.importer import Incoming
from fieldcase.sync.signed import b64
from fieldcase.sync.transport import Fetched

PAGE = 100


def request_message(method: str, path_with_query: str, timestamp: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return f"fieldcase-request-v1\n{method}\n{path_with_query}\n{timestamp}\n{digest}".encode()


def _failed(detail: str, detail_en: str | None = None) -> TransportFailed:
    return TransportFailed(
        f"Server relay tidak dapat dihubungi atau menolak permintaan ({detail}). Coba lagi "
        "nanti; data di laptop ini aman.",
        f"The relay server cannot be reached or refused the request ({detail_en or detail}). "
        "Try again later; the data on this laptop is safe.",
    )


def unreachable() -> TransportFailed:
    """The server did not answer its health check (checked before a sync starts)."""
    return _failed("tidak ada sambungan", "no connection")


def _network_failed(exc: httpx.HTTPError) -> TransportFailed:
    """A network failure in words a field worker can act on (the class name for support)."""
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return _failed(f"tidak ada sambungan; {name}", f"no connection; {name}")
    if isinstance(exc, httpx.TimeoutException):
        return _failed(f"waktu habis, sambungan lambat; {name}", f"timed out, slow link; {name}")
    return _failed(name)


class RelayRefused(TransportFailed):
    """The server answered with an error; ``code`` is the protocol's error code.

    The server's own two messages are fixed text (they never echo a request),
    so they are shown as they are, after the client's explanation.
    """

    def __init__(self, status: int, code: str, message_id: str, message_en: str) -> None:
        super().__init__(
            f"Server relay menolak permintaan (HTTP {status}): {message_id}",
            f"The relay server refused the request (HTTP {status}): {message_en}",
        )
        self.status = status
        self.code = code


def _refused(response: httpx.Response) -> TransportFailed:
    try:
        doc = response.json()
        code, mid, men = doc["error"], doc["message_id"], doc["message_en"]
        if not all(isinstance(v, str) and len(v) < 500 for v in (code, mid, men)):
            raise ValueError("unexpected error body")
    except (ValueError, KeyError, TypeError):
        return _failed(f"HTTP {response.status_code}")
    return RelayRefused(response.status_code, code, mid, men)


def _decode_body(text: Any) -> bytes:
    """Standard base64 (as the protocol says); the URL-safe alphabet is accepted too."""
    if not isinstance(text, str):
        raise ValueError("body is not text")
    if "-" in text or "_" in text:
        return base64.urlsafe_b64decode(text)
    return base64.b64decode(text, validate=True)


class RelayClient:
    """A :class:`Transport` speaking to one relay server for one team."""

    def __init__(
        self,
        base_url: str,
        team_id: str,
        account_id: str,
        signing: SigningKeyPair,
        *,
        client: httpx.Client | None = None,
        clock_ms: Callable[[], int] | None = None,
    ) -> None:
        self.team_id = team_id
        self.account_id = account_id
        self._signing = signing
        self._client = client or httpx.Client(base_url=base_url, timeout=30.0)
        self._clock = clock_ms or (lambda: time.time_ns() // 1_000_000)
        self.key = f"relay:{base_url.rstrip('/')}:{team_id}"
        self._last_ms = 0

    def close(self) -> None:
        self._client.close()

    def call(
        self, method: str, path: str, body: bytes = b"", content_type: str | None = None
    ) -> httpx.Response:
        """One signed request; an error answer raises :class:`RelayRefused` (with its code)."""
        extra = {"Content-Type": content_type} if content_type else {}
        return self._request(method, path, body, **extra)

    def get_unsigned(self, path: str) -> httpx.Response:
        """An unauthenticated GET (health, open enrolment); errors as in :meth:`call`."""
        try:
            response = self._client.get(path)
        except httpx.HTTPError as exc:
            raise _network_failed(exc) from None
        if response.status_code >= 400:
            raise _refused(response)
        return response

    def _request(self, method: str, path: str, body: bytes = b"", **extra: Any) -> httpx.Response:
        # A fresh millisecond per request: the same request signed twice in one
        # millisecond would be one signature, which the server refuses as a replay.
        self._last_ms = max(self._clock(), self._last_ms + 1)
        stamp = str(self._last_ms)
        headers = {
            "X-Fieldcase-Account": self.account_id,
            "X-Fieldcase-Timestamp": stamp,
            "X-Fieldcase-Signature": b64(
                self._signing.sign(request_message(method, path, stamp, body))
            ),
            **extra,
        }
        try:
            response = self._client.request(method, path, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise _network_failed(exc) from None
        if response.status_code >= 400:
            raise _refused(response)
        return response

    def health(self) -> bool:
        try:
            return self._client.get("/v1/health").status_code == 200
        except httpx.HTTPError:
            return False

    def put_roster(self, roster_text: str, signature: str) -> None:
        """Upload a roster; a 409 (the server already has this version) is fine."""
        body = json.dumps({"roster": roster_text, "signature": signature}).encode()
        try:
            self._request(
                "PUT",
                f"/v1/teams/{self.team_id}/roster",
                body,
                **{"Content-Type": "application/json"},
            )
        except RelayRefused as exc:
            if exc.status != 409:
                raise

    def put(self, envelopes: Sequence[tuple[str, bytes]]) -> None:
        for envelope_id, body in envelopes:
            self._request(
                "PUT",
                f"/v1/teams/{self.team_id}/envelopes/{envelope_id}",
                body,
                **{"Content-Type": "application/octet-stream"},
            )

    def get(self, after: str, known: Container[str]) -> Fetched:
        query = urlencode({"after": after or "0", "limit": PAGE})
        response = self._request("GET", f"/v1/teams/{self.team_id}/envelopes?{query}")
        try:
            doc = response.json()
            items = [
                Incoming(_decode_body(e["body"]), str(e["cursor"]))
                for e in doc["envelopes"]
                if str(e["id"]) not in known
            ]
            return Fetched(items, str(doc["next"]), bool(doc["more"]))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise _failed("bad response") from None

"""An in-memory relay speaking docs/sync-protocol.md v1, for httpx.MockTransport.

It checks request signatures and timestamps like the real server, so the
client's signing is exercised even when the real server is not available.
"""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import parse_qs, urlsplit

import httpx

from fieldcase.crypto import CryptoError, verify_signature
from fieldcase.sync.relay import request_message
from fieldcase.sync.signed import unb64


class FakeRelay:
    def __init__(self, members: dict[str, bytes]) -> None:
        self.members = dict(members)
        self.envelopes: list[tuple[str, str, bytes]] = []  # (id, sender, body); cursor = index+1
        self.signatures: set[str] = set()
        self.rosters: list[str] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode("ascii")
        if path == "/v1/health":
            return httpx.Response(200, json={"status": "ok"})
        account = request.headers.get("X-Fieldcase-Account", "")
        stamp = request.headers.get("X-Fieldcase-Timestamp", "")
        signature = request.headers.get("X-Fieldcase-Signature", "")
        body = request.content
        public = self.members.get(account)
        if public is None or signature in self.signatures:
            return httpx.Response(401)
        if abs(int(stamp) - time.time_ns() // 1_000_000) > 300_000:
            return httpx.Response(401)
        try:
            verify_signature(
                public, request_message(request.method, path, stamp, body), unb64(signature)
            )
        except CryptoError:
            return httpx.Response(401)
        self.signatures.add(signature)
        parts = urlsplit(path).path.split("/")
        if request.method == "PUT" and parts[-1] == "roster":
            self.rosters.append(json.loads(body)["roster"])
            return httpx.Response(200, json={})
        if request.method == "PUT":
            envelope_id = parts[-1]
            for i, (eid, _, old) in enumerate(self.envelopes):
                if eid == envelope_id:
                    if old != body:
                        return httpx.Response(409)
                    return httpx.Response(200, json={"cursor": i + 1, "created": False})
            self.envelopes.append((envelope_id, account, body))
            return httpx.Response(201, json={"cursor": len(self.envelopes), "created": True})
        query = parse_qs(urlsplit(path).query)
        after = int(query.get("after", ["0"])[0])
        limit = min(int(query.get("limit", ["100"])[0]), 1000)
        page = self.envelopes[after : after + limit]
        items = [
            {"cursor": after + i + 1, "id": eid, "sender": s, "body": base64.b64encode(b).decode()}
            for i, (eid, s, b) in enumerate(page)
        ]
        return httpx.Response(
            200,
            json={
                "envelopes": items,
                "next": after + len(page),
                "more": after + len(page) < len(self.envelopes),
            },
        )

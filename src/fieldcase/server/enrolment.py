"""Enrolment through the server: a new account asks to join, a supervisor answers.

Why the server is involved at all: the USB-stick round trip (request file to
the supervisor, answer file back) needs both people in one room. Through the
server the applicant posts its request, the supervisor fetches and approves
it, and the applicant fetches the answer — still verified by a fingerprint
both people read to each other by phone.

What the server can see: nothing but public keys and ciphertext. The request
(name, role, keys) is sealed to the supervisor's X25519 key published in a
team-signed *enrolment-open* document; the answer (certificate, roster, data
keys) is sealed to the applicant's X25519 key. The server cannot forge
either: the applicant checks the team signature and the supervisor checks the
request fingerprint.

Abuse, since an applicant is nobody yet: requests are accepted only while the
supervisor has enrolment open (at most ``MAX_OPEN_DAYS``), only for a
registered team, at most ``MAX_PENDING`` waiting per team, ``MAX_REQUEST_BYTES``
each, expiring after ``REQUEST_LIFETIME_MS``; each must be signed (fresh
timestamp, replay-checked) by the signing key it carries, so a request for an
account can later be fetched, replaced or withdrawn only by that key.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fieldcase.crypto import CryptoError, decode_key, encode_key, verify_signature

from . import errors
from .auth import Guard, SignedHeaders, path_with_query, read_signed_headers
from .checks import check_id
from .records import (
    EnrolmentConflict,
    EnrolmentOpen,
    EnrolmentRequest,
    Member,
    Replayed,
    TooManyRequests,
    UnknownTeam,
)
from .requestbody import read_body, require_content_type
from .roster import MAX_ROSTER_BYTES, SUPERVISOR_ROLES, parse_utc_ms
from .storage import Storage

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_OPEN_DAYS",
    "MAX_PENDING",
    "MAX_REQUEST_BYTES",
    "REQUEST_LIFETIME_MS",
    "Enrolment",
]

log = logging.getLogger("fieldcase.server")

MAX_PENDING = 20
MAX_REQUEST_BYTES = 16 * 1024
MAX_OPEN_BYTES = 4 * 1024
#: The answer holds the roster (≤ 4 MiB), a certificate and sealed keys.
MAX_ANSWER_BYTES = MAX_ROSTER_BYTES + 256 * 1024
MAX_OPEN_DAYS = 30
REQUEST_LIFETIME_MS = 7 * 24 * 3600 * 1000
_DAY_MS = 24 * 3600 * 1000
_OPEN_KEYS = frozenset({"type", "format", "team_id", "agreement_public", "expires_at"})
_REQUEST_KEYS = frozenset({"signing_public", "sealed"})
_OCTETS = "application/octet-stream"
_JSON = "application/json"


def _strict_object(body: bytes | str, allowed: frozenset[str], what: str) -> dict[str, object]:
    """A JSON object with exactly ``allowed`` keys (no duplicates), else 400."""

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in items:
            if key in out:
                raise ValueError("duplicate")
            out[key] = value
        return out

    try:
        doc = json.loads(body, object_pairs_hook=pairs)
    except (ValueError, UnicodeDecodeError):
        raise errors.invalid_enrolment(f"{what} bukan JSON", f"{what} is not JSON") from None
    if not isinstance(doc, dict) or set(doc) != allowed:
        raise errors.invalid_enrolment(
            f"{what} harus berisi tepat {', '.join(sorted(allowed))}",
            f"{what} must hold exactly {', '.join(sorted(allowed))}",
        )
    return doc


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def _b64url(value: object, what: str, length: int | None = None) -> bytes:
    """Strict unpadded base64url: one text form per byte string (as ``encode_key``)."""
    try:
        if not isinstance(value, str):
            raise CryptoError("not text")
        if length is not None:
            return decode_key(value, length)
        if _B64URL.fullmatch(value) is None:
            raise CryptoError("alphabet")
        data = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        if encode_key(data) != value:
            raise CryptoError("not canonical")
        return data
    except (CryptoError, binascii.Error, ValueError):
        raise errors.invalid_enrolment(
            f"{what} bukan base64url tanpa padding", f"{what} is not unpadded base64url"
        ) from None


class Enrolment:
    """The enrolment endpoints over one storage and one guard."""

    def __init__(self, storage: Storage, guard: Guard) -> None:
        self.storage = storage
        self.guard = guard

    # ------------------------------------------------------------ helpers

    def _supervisor(
        self, signed: SignedHeaders | None, team_id: str, method: str, target: str, body: bytes
    ) -> Member:
        signed, member = self.guard.member(signed, team_id)
        self.guard.verify(signed, member, team_id, method, target, body)
        if member.role not in SUPERVISOR_ROLES:
            raise errors.not_supervisor()
        return member

    def _applicant(
        self,
        signed: SignedHeaders | None,
        team_id: str,
        account_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> EnrolmentRequest:
        """The applicant's own request, authenticated by the key stored with it."""
        signed = self.guard.fresh(signed, team_id)
        if signed.account_id != account_id:
            raise errors.bad_signature()
        found = self.storage.enrolment_request(team_id, account_id, self.guard.now_ms())
        if found is None:
            raise errors.no_enrolment_request()
        as_member = Member(account_id, found.signing_public, "applicant")
        self.guard.verify(signed, as_member, team_id, method, target, body)
        return found

    # ------------------------------------------------------------ open

    async def put_open(self, request: Request, team_id: str) -> Response:
        check_id(team_id, "tim/team")
        require_content_type(request, _JSON)
        signed = read_signed_headers(request.headers)
        body = await read_body(request, MAX_OPEN_BYTES)
        target = path_with_query(request.scope)
        expires = await run_in_threadpool(
            self._put_open, signed, team_id, request.method, target, body
        )
        return JSONResponse({"team_id": team_id, "expires_ms": expires})

    def _put_open(
        self, signed: SignedHeaders | None, team_id: str, method: str, target: str, body: bytes
    ) -> int:
        self._supervisor(signed, team_id, method, target, body)
        upload = _strict_object(body, frozenset({"document", "signature"}), "body")
        text, signature = upload["document"], _b64url(upload["signature"], "signature", 64)
        if not isinstance(text, str):
            raise errors.invalid_enrolment("document harus teks", "document must be text")
        team_key = self.storage.team_key(team_id)
        if team_key is None:  # pragma: no cover - a supervisor's team is registered
            raise errors.unknown_team()
        try:
            verify_signature(team_key, text.encode("utf-8"), signature)
        except CryptoError:
            raise errors.bad_roster_signature() from None
        doc = _strict_object(text, _OPEN_KEYS, "document")
        if doc["type"] != "enrolment-open" or doc["format"] != 1 or doc["team_id"] != team_id:
            raise errors.invalid_enrolment(
                "type/format/team_id salah", "wrong type, format or team_id"
            )
        _b64url(doc["agreement_public"], "agreement_public", 32)
        expires = parse_utc_ms(doc["expires_at"]) if isinstance(doc["expires_at"], str) else None
        now = self.guard.now_ms()
        if expires is None or not now < expires <= now + MAX_OPEN_DAYS * _DAY_MS:
            raise errors.invalid_enrolment(
                f"expires_at harus di masa depan, paling lama {MAX_OPEN_DAYS} hari",
                f"expires_at must be in the future, at most {MAX_OPEN_DAYS} days ahead",
            )
        try:
            self.storage.open_enrolment(EnrolmentOpen(team_id, text, signature, expires))
        except UnknownTeam:  # pragma: no cover - checked above
            raise errors.unknown_team() from None
        log.info("enrolment opened team=%s expires_ms=%d", team_id, expires)
        return expires

    async def get_open(self, request: Request, team_id: str) -> Response:
        """No authentication: the applicant is nobody yet. Public keys and a signature only."""
        check_id(team_id, "tim/team")
        found, team_key = await run_in_threadpool(self._get_open, team_id)
        return JSONResponse(
            {
                "team_id": team_id,
                "team_public_key": encode_key(team_key),
                "document": found.document,
                "signature": encode_key(found.signature),
            }
        )

    def _get_open(self, team_id: str) -> tuple[EnrolmentOpen, bytes]:
        found = self.storage.enrolment_open(team_id, self.guard.now_ms())
        team_key = self.storage.team_key(team_id)
        if found is None or team_key is None:
            raise errors.enrolment_closed()
        return found, team_key

    # ------------------------------------------------------------ requests

    async def put_request(self, request: Request, team_id: str, account_id: str) -> Response:
        check_id(team_id, "tim/team")
        check_id(account_id, "akun/account")
        require_content_type(request, _JSON)
        signed = read_signed_headers(request.headers)
        # Cheap checks before reading a byte of the body.
        signed = await run_in_threadpool(self._before_request, signed, team_id, account_id)
        body = await read_body(request, MAX_REQUEST_BYTES)
        target = path_with_query(request.scope)
        created = await run_in_threadpool(
            self._put_request, signed, team_id, account_id, request.method, target, body
        )
        return JSONResponse(
            {"account_id": account_id, "created": created}, status_code=201 if created else 200
        )

    def _before_request(
        self, signed: SignedHeaders | None, team_id: str, account_id: str
    ) -> SignedHeaders:
        signed = self.guard.fresh(signed, team_id)
        if signed.account_id != account_id:
            raise errors.bad_signature()
        if self.storage.enrolment_open(team_id, self.guard.now_ms()) is None:
            raise errors.enrolment_closed()
        if self.storage.member(team_id, account_id) is not None:
            raise errors.already_member()
        return signed

    def _put_request(
        self,
        signed: SignedHeaders,
        team_id: str,
        account_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> bool:
        doc = _strict_object(body, _REQUEST_KEYS, "body")
        signing_public = _b64url(doc["signing_public"], "signing_public", 32)
        sealed = _b64url(doc["sealed"], "sealed")
        # Proof of possession: the request is signed by the key it carries.
        seen = self.guard.check_signature(
            signed, Member(account_id, signing_public, "applicant"), team_id, method, target, body
        )
        opened = self.storage.enrolment_open(team_id, self.guard.now_ms())
        if opened is None:
            raise errors.enrolment_closed()
        now = self.guard.now_ms()
        record = EnrolmentRequest(
            team_id,
            account_id,
            signing_public,
            sealed,
            now,
            min(opened.expires_ms, now + REQUEST_LIFETIME_MS),
        )
        try:
            created = self.storage.put_enrolment_request(record, MAX_PENDING, seen)
        except Replayed:
            raise self.guard.replayed(seen, team_id) from None
        except EnrolmentConflict:
            raise errors.enrolment_conflict() from None
        except TooManyRequests:
            log.warning("enrolment refused team=%s reason=too_many_requests", team_id)
            raise errors.too_many_requests() from None
        log.info(
            "enrolment request team=%s account=%s created=%s bytes=%d",
            team_id,
            account_id,
            created,
            len(sealed),
        )
        return created

    async def get_requests(self, request: Request, team_id: str) -> Response:
        check_id(team_id, "tim/team")
        signed = read_signed_headers(request.headers)
        body = await read_body(request, 1024)
        target = path_with_query(request.scope)
        items = await run_in_threadpool(
            self._get_requests, signed, team_id, request.method, target, body
        )
        return JSONResponse({"requests": items})

    def _get_requests(
        self, signed: SignedHeaders | None, team_id: str, method: str, target: str, body: bytes
    ) -> list[dict[str, object]]:
        self._supervisor(signed, team_id, method, target, body)
        now = self.guard.now_ms()
        self.storage.purge_enrolments(now)
        return [
            {
                "account_id": r.account_id,
                "signing_public": encode_key(r.signing_public),
                "sealed": encode_key(r.sealed),
                "received_ms": r.received_ms,
                "expires_ms": r.expires_ms,
                "answered": r.answer is not None,
            }
            for r in self.storage.enrolment_requests(team_id, now)
        ]

    async def delete_request(self, request: Request, team_id: str, account_id: str) -> Response:
        """Rejected by a supervisor, or withdrawn (or finished with) by the applicant."""
        check_id(team_id, "tim/team")
        check_id(account_id, "akun/account")
        signed = read_signed_headers(request.headers)
        body = await read_body(request, 1024)
        target = path_with_query(request.scope)
        await run_in_threadpool(
            self._delete_request, signed, team_id, account_id, request.method, target, body
        )
        return JSONResponse({"account_id": account_id, "deleted": True})

    def _delete_request(
        self,
        signed: SignedHeaders | None,
        team_id: str,
        account_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> None:
        if signed is not None and signed.account_id == account_id:
            self._applicant(signed, team_id, account_id, method, target, body)
        else:
            self._supervisor(signed, team_id, method, target, body)
        if not self.storage.delete_enrolment_request(team_id, account_id):
            raise errors.no_enrolment_request()
        log.info("enrolment request deleted team=%s account=%s", team_id, account_id)

    # ------------------------------------------------------------ answers

    async def put_answer(self, request: Request, team_id: str, account_id: str) -> Response:
        check_id(team_id, "tim/team")
        check_id(account_id, "akun/account")
        require_content_type(request, _OCTETS)
        uploader, member = await run_in_threadpool(
            self.guard.member, read_signed_headers(request.headers), team_id
        )
        body = await read_body(request, MAX_ANSWER_BYTES)
        target = path_with_query(request.scope)
        await run_in_threadpool(
            self._put_answer, uploader, member, team_id, account_id, request.method, target, body
        )
        return JSONResponse({"account_id": account_id, "answered": True})

    def _put_answer(
        self,
        signed: SignedHeaders,
        member: Member,
        team_id: str,
        account_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> None:
        self.guard.verify(signed, member, team_id, method, target, body)
        if member.role not in SUPERVISOR_ROLES:
            raise errors.not_supervisor()
        if not body:
            raise errors.empty_body()
        if not self.storage.put_enrolment_answer(team_id, account_id, body, self.guard.now_ms()):
            raise errors.no_enrolment_request()
        log.info("enrolment answered team=%s account=%s bytes=%d", team_id, account_id, len(body))

    async def get_answer(self, request: Request, team_id: str, account_id: str) -> Response:
        check_id(team_id, "tim/team")
        check_id(account_id, "akun/account")
        signed = read_signed_headers(request.headers)
        body = await read_body(request, 1024)
        target = path_with_query(request.scope)
        answer = await run_in_threadpool(
            self._get_answer, signed, team_id, account_id, request.method, target, body
        )
        return Response(answer, media_type=_OCTETS)

    def _get_answer(
        self,
        signed: SignedHeaders | None,
        team_id: str,
        account_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> bytes:
        found = self._applicant(signed, team_id, account_id, method, target, body)
        if found.answer is None:
            raise errors.enrolment_pending()
        return found.answer

"""The four team endpoints: put/get envelopes, put/get the roster.

Each handler validates ids first, then authenticates (``auth.py``) and does
its storage work in a worker thread: storage is synchronous and the event
loop must not wait on a disk. The work of one request is bundled into as few
thread hops as the checks allow (an envelope PUT needs two: membership before
the body is read, then signature, replay record and the write), because each
hop costs about as much as a small SQLite query. Log lines name ids, cursors,
sizes and counts — never a body, a signature or a header that failed checks.
"""

from __future__ import annotations

import base64
import json
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fieldcase.crypto import encode_key

from . import errors
from .auth import Guard, SignedHeaders, path_with_query, read_signed_headers
from .checks import check_id, parse_page_query
from .records import (
    EnvelopeConflict,
    Member,
    PutResult,
    Replayed,
    RosterNotNewer,
    StoredRoster,
    TeamKeyMismatch,
    UnknownTeam,
)
from .requestbody import read_body, require_content_type
from .roster import (
    MAX_ROSTER_BYTES,
    SUPERVISOR_ROLES,
    RosterUpload,
    parse_roster,
    parse_upload,
    verify_upload,
)
from .storage import Storage

__all__ = ["MAX_GET_BODY_BYTES", "MAX_PAGE_BYTES", "Relay"]

log = logging.getLogger("fieldcase.server")

MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_GET_BODY_BYTES = 64 * 1024
_OCTETS = "application/octet-stream"
_JSON = "application/json"


class Relay:
    """Request handling over one storage; ``create_app`` routes requests here."""

    def __init__(
        self,
        storage: Storage,
        guard: Guard,
        *,
        allow_new_teams: bool,
        max_body_bytes: int,
        max_page_bytes: int = MAX_PAGE_BYTES,
    ) -> None:
        self.storage = storage
        self.guard = guard
        self.allow_new_teams = allow_new_teams
        self.max_body_bytes = max_body_bytes
        self.max_page_bytes = max_page_bytes

    # ------------------------------------------------------------ envelopes

    async def put_envelope(self, request: Request, team_id: str, envelope_id: str) -> Response:
        check_id(team_id, "tim/team")
        check_id(envelope_id, "amplop/envelope")
        require_content_type(request, _OCTETS)
        signed, member = await run_in_threadpool(
            self.guard.member, read_signed_headers(request.headers), team_id
        )
        body = await read_body(request, self.max_body_bytes)
        target = path_with_query(request.scope)
        result = await run_in_threadpool(
            self._put_envelope, signed, member, team_id, envelope_id, request.method, target, body
        )
        return JSONResponse(
            {"cursor": result.cursor, "created": result.created},
            status_code=201 if result.created else 200,
        )

    def _put_envelope(
        self,
        signed: SignedHeaders,
        member: Member,
        team_id: str,
        envelope_id: str,
        method: str,
        target: str,
        body: bytes,
    ) -> PutResult:
        seen = self.guard.check_signature(signed, member, team_id, method, target, body)
        if not body:
            raise errors.empty_body()
        try:
            # The replay record and the envelope commit together: one durable write.
            result = self.storage.put_envelope(
                team_id, envelope_id, member.account_id, body, self.guard.now_ms(), seen=seen
            )
        except Replayed:
            raise self.guard.replayed(seen, team_id) from None
        except EnvelopeConflict:
            log.warning("envelope conflict team=%s id=%s", team_id, envelope_id)
            raise errors.envelope_conflict() from None
        except UnknownTeam:  # pragma: no cover - a member's team always exists
            raise errors.unknown_team() from None
        self.guard.maybe_purge()
        log.info(
            "envelope put team=%s id=%s sender=%s cursor=%d created=%s bytes=%d",
            team_id,
            envelope_id,
            member.account_id,
            result.cursor,
            result.created,
            len(body),
        )
        return result

    async def get_envelopes(self, request: Request, team_id: str) -> Response:
        check_id(team_id, "tim/team")
        signed = read_signed_headers(request.headers)
        body = await read_body(request, MAX_GET_BODY_BYTES)
        target = path_with_query(request.scope)
        raw_query = request.scope.get("query_string", b"")
        payload = await run_in_threadpool(
            self._get_envelopes, signed, team_id, request.method, target, raw_query, body
        )
        return Response(payload, media_type=_JSON)

    def _get_envelopes(
        self,
        signed: SignedHeaders | None,
        team_id: str,
        method: str,
        target: str,
        raw_query: bytes,
        body: bytes,
    ) -> bytes:
        signed, member = self.guard.member(signed, team_id)
        self.guard.verify(signed, member, team_id, method, target, body)
        query = parse_page_query(raw_query)
        page = self.storage.envelopes_after(team_id, query.after, query.limit, self.max_page_bytes)
        items = [
            {
                "cursor": e.cursor,
                "id": e.envelope_id,
                "sender": e.sender,
                "body": base64.b64encode(e.body).decode("ascii"),
            }
            for e in page.envelopes
        ]
        next_cursor = page.envelopes[-1].cursor if page.envelopes else query.after
        log.info(
            "envelopes get team=%s account=%s after=%d count=%d more=%s",
            team_id,
            member.account_id,
            query.after,
            len(items),
            page.more,
        )
        payload = {"envelopes": items, "next": next_cursor, "more": page.more}
        return json.dumps(payload, separators=(",", ":")).encode("ascii")

    # ------------------------------------------------------------ roster

    async def put_roster(self, request: Request, team_id: str) -> Response:
        check_id(team_id, "tim/team")
        require_content_type(request, _JSON)
        signed = read_signed_headers(request.headers)
        team_key, current = await run_in_threadpool(self._team_state, team_id)
        if team_key is None and not self.allow_new_teams:
            raise errors.unknown_team()
        if current is not None:
            # An update: the uploader must be a current supervisor or admin.
            uploader, member = await run_in_threadpool(self.guard.member, signed, team_id)
            body = await read_body(request, MAX_ROSTER_BYTES)
            target = path_with_query(request.scope)
            await run_in_threadpool(
                self.guard.verify, uploader, member, team_id, request.method, target, body
            )
            if member.role not in SUPERVISOR_ROLES:
                raise errors.not_supervisor()
        else:
            # The first roster: the team signature alone authenticates it.
            body = await read_body(request, MAX_ROSTER_BYTES)
        upload = parse_upload(body)
        version = await run_in_threadpool(self._save_roster, team_id, team_key, upload)
        return JSONResponse({"team_id": team_id, "version": version})

    def _team_state(self, team_id: str) -> tuple[bytes | None, StoredRoster | None]:
        return self.storage.team_key(team_id), self.storage.roster(team_id)

    def _save_roster(self, team_id: str, team_key: bytes | None, upload: RosterUpload) -> int:
        register_key: bytes | None = None
        if team_key is None:
            if upload.team_public_key is None:
                raise errors.invalid_roster(
                    "team_public_key wajib untuk tim yang belum terdaftar",
                    "team_public_key is required for a team not yet registered",
                )
            team_key = register_key = upload.team_public_key
        elif upload.team_public_key is not None and upload.team_public_key != team_key:
            raise errors.team_key_mismatch()
        verify_upload(upload, team_key)
        record = parse_roster(upload, team_id)
        try:
            self.storage.save_roster(record, self.guard.now_ms(), register_key=register_key)
        except RosterNotNewer:
            raise errors.roster_not_newer() from None
        except TeamKeyMismatch:
            raise errors.team_key_mismatch() from None
        except UnknownTeam:  # pragma: no cover - checked above; a team is never removed
            raise errors.unknown_team() from None
        log.info(
            "roster saved team=%s version=%d members=%d new_team=%s",
            team_id,
            record.roster.version,
            len(record.members),
            register_key is not None,
        )
        return record.roster.version

    async def get_roster(self, request: Request, team_id: str) -> Response:
        check_id(team_id, "tim/team")
        signed = read_signed_headers(request.headers)
        body = await read_body(request, MAX_GET_BODY_BYTES)
        target = path_with_query(request.scope)
        roster = await run_in_threadpool(
            self._get_roster, signed, team_id, request.method, target, body
        )
        return JSONResponse(
            {
                "team_id": team_id,
                "version": roster.version,
                "roster": roster.text,
                "signature": encode_key(roster.signature),
            }
        )

    def _get_roster(
        self, signed: SignedHeaders | None, team_id: str, method: str, target: str, body: bytes
    ) -> StoredRoster:
        signed, member = self.guard.member(signed, team_id)
        self.guard.verify(signed, member, team_id, method, target, body)
        roster = self.storage.roster(team_id)
        if roster is None:  # pragma: no cover - a member implies a roster
            raise errors.no_roster()
        return roster

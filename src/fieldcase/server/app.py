"""The FastAPI application of the relay server: routes and error rendering.

``create_app(storage, clock=...)`` builds one app over one storage; the clock
is injectable so the replay window can be tested without waiting. Every
error, including FastAPI's and Starlette's own (404, 405), leaves as the
protocol's JSON ``{"error", "message_id", "message_en"}``; an unexpected
exception becomes a bare 500 whose log line names only its type and where it
happened, because its message could carry a piece of a request. The interactive docs and OpenAPI
schema are switched off: the server has no visitors, only clients.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .auth import Guard
from .enrolment import Enrolment
from .errors import ApiError
from .handlers import MAX_PAGE_BYTES, Relay
from .records import StorageUnavailable
from .requestbody import MAX_ENVELOPE_BYTES
from .storage import Storage

__all__ = ["create_app"]

log = logging.getLogger("fieldcase.server")

RETRY_AFTER_SECONDS = "5"


def create_app(
    storage: Storage,
    clock: Callable[[], float] = time.time,
    *,
    allow_new_teams: bool = False,
    max_body_bytes: int = MAX_ENVELOPE_BYTES,
    max_page_bytes: int = MAX_PAGE_BYTES,
) -> FastAPI:
    """The relay server over ``storage``; ``clock`` returns UTC seconds like ``time.time``.

    The caller owns ``storage`` and closes it after the server stops.
    """
    guard = Guard(storage, clock)
    enrolment = Enrolment(storage, guard)
    relay = Relay(
        storage,
        guard,
        allow_new_teams=allow_new_teams,
        max_body_bytes=max_body_bytes,
        max_page_bytes=max_page_bytes,
    )
    app = FastAPI(title="fieldcase-server", docs_url=None, redoc_url=None, openapi_url=None)
    _install_error_handlers(app)

    @app.get("/v1/health")
    async def health() -> Response:
        return JSONResponse({"status": "ok"})

    @app.put("/v1/teams/{team_id}/envelopes/{envelope_id}")
    async def put_envelope(request: Request, team_id: str, envelope_id: str) -> Response:
        return await relay.put_envelope(request, team_id, envelope_id)

    @app.get("/v1/teams/{team_id}/envelopes")
    async def get_envelopes(request: Request, team_id: str) -> Response:
        return await relay.get_envelopes(request, team_id)

    @app.put("/v1/teams/{team_id}/roster")
    async def put_roster(request: Request, team_id: str) -> Response:
        return await relay.put_roster(request, team_id)

    @app.get("/v1/teams/{team_id}/roster")
    async def get_roster(request: Request, team_id: str) -> Response:
        return await relay.get_roster(request, team_id)

    # Enrolment through the server (enrolment.py; docs/sync-protocol.md, "Enrolment").
    @app.put("/v1/teams/{team_id}/enrolment")
    async def put_enrolment_open(request: Request, team_id: str) -> Response:
        return await enrolment.put_open(request, team_id)

    @app.get("/v1/teams/{team_id}/enrolment")
    async def get_enrolment_open(request: Request, team_id: str) -> Response:
        return await enrolment.get_open(request, team_id)

    @app.get("/v1/teams/{team_id}/enrolment/requests")
    async def get_enrolment_requests(request: Request, team_id: str) -> Response:
        return await enrolment.get_requests(request, team_id)

    @app.put("/v1/teams/{team_id}/enrolment/requests/{account_id}")
    async def put_enrolment_request(request: Request, team_id: str, account_id: str) -> Response:
        return await enrolment.put_request(request, team_id, account_id)

    @app.delete("/v1/teams/{team_id}/enrolment/requests/{account_id}")
    async def delete_enrolment_request(request: Request, team_id: str, account_id: str) -> Response:
        return await enrolment.delete_request(request, team_id, account_id)

    @app.put("/v1/teams/{team_id}/enrolment/requests/{account_id}/answer")
    async def put_enrolment_answer(request: Request, team_id: str, account_id: str) -> Response:
        return await enrolment.put_answer(request, team_id, account_id)

    @app.get("/v1/teams/{team_id}/enrolment/requests/{account_id}/answer")
    async def get_enrolment_answer(request: Request, team_id: str, account_id: str) -> Response:
        return await enrolment.get_answer(request, team_id, account_id)

    return app


def _render(request: Request, error: ApiError, headers: dict[str, str] | None = None) -> Response:
    level = logging.WARNING if error.status >= 500 else logging.INFO
    log.log(level, "answered %s %d %s", request.method, error.status, error.code)
    all_headers = dict(headers or {})
    if error.status == 401:
        all_headers["WWW-Authenticate"] = "Fieldcase-Signature"
    if error.status == 503:
        all_headers["Retry-After"] = RETRY_AFTER_SECONDS
    return JSONResponse(error.body(), status_code=error.status, headers=all_headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _render(request, exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            error = errors.not_found()
        elif exc.status_code == 405:
            error = errors.method_not_allowed()
        else:  # pragma: no cover - the routes raise ApiError, not HTTPException
            error = ApiError(exc.status_code, "http_error", "Permintaan ditolak.", "Refused.")
        return _render(request, error, dict(exc.headers or {}))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        # A safety net: FastAPI's own 422 would echo the input, but path parameters
        # are plain strings checked by hand, so it is not expected to happen.
        error = ApiError(400, "bad_request", "Permintaan tidak sah.", "Bad request.")
        return _render(request, error)

    async def on_storage_unavailable(request: Request, exc: Exception) -> Response:
        log.warning("storage unavailable: %s", exc)
        return _render(request, errors.storage_unavailable())

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StorageUnavailable, on_storage_unavailable)
    app.add_middleware(_CatchAll)


class _CatchAll:
    """Turns an unexpected exception into the protocol's 500, logging its type and place only.

    Starlette's own last-resort handler re-raises after answering, so that the
    server logs the traceback — and a traceback's messages can carry pieces of
    a request. This middleware answers and stops there.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_and_note(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception as exc:
            frames = traceback.extract_tb(exc.__traceback__)
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            log.error("unexpected %s at %s on %s", type(exc).__name__, where, scope["method"])
            if started:  # too late for an answer: drop the connection
                raise
            error = errors.internal()
            await JSONResponse(error.body(), status_code=error.status)(scope, receive, send)

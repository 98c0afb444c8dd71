"""Reading a request body with a hard size limit, and checking its declared type.

The limit is enforced twice: a declared ``Content-Length`` above it is
refused before a byte is read, and a chunked body is counted as it streams
in, so no client can make the server buffer more than the limit.
"""

from __future__ import annotations

from starlette.requests import Request

from . import errors

__all__ = ["MAX_ENVELOPE_BYTES", "read_body", "require_content_type"]

MAX_ENVELOPE_BYTES = 16 * 1024 * 1024


def require_content_type(request: Request, expected: str) -> None:
    """415 unless the content type is absent or ``expected`` (a charset parameter is allowed)."""
    declared = request.headers.get("content-type")
    if declared is None:
        return
    if declared.split(";", 1)[0].strip().lower() != expected:
        raise errors.unsupported_media_type(expected)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or 413 as soon as it is known to be longer than ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise errors.too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise errors.too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)

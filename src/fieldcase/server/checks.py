"""Strict checks of what arrives in a URL: ids, cursors, page sizes.

Ids end up in SQL parameters, log lines and JSON, so they are held to one
small alphabet before anything else looks at them; that also rules out path
tricks (``..``, ``/``, percent-encodings) and log injection. The query string
is parsed by hand from its raw bytes because it is part of the signed message:
every parameter must be known and appear once, so two different URLs can never
mean the same request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import errors

__all__ = [
    "DEFAULT_LIMIT",
    "ID_PATTERN",
    "MAX_LIMIT",
    "PageQuery",
    "check_id",
    "is_valid_id",
    "parse_page_query",
]

ID_PATTERN = re.compile(r"[A-Za-z0-9-]{1,64}")
_CURSOR = re.compile(rb"0|[1-9][0-9]{0,17}")  # < 10**18, well inside SQLite's int64
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass(frozen=True)
class PageQuery:
    """``GET …/envelopes?after=A&limit=L`` once checked."""

    after: int = 0
    limit: int = DEFAULT_LIMIT


def is_valid_id(value: str) -> bool:
    """True if ``value`` is a team, account or envelope id (1–64 of ``[A-Za-z0-9-]``)."""
    return ID_PATTERN.fullmatch(value) is not None


def check_id(value: str, what: str) -> str:
    """Return ``value`` if it is a valid id, else raise a 400 naming ``what`` (not the value)."""
    if not is_valid_id(value):
        raise errors.invalid_id(what)
    return value


def parse_page_query(raw_query: bytes) -> PageQuery:
    """Parse the raw query string of a page request; anything unexpected is a 400."""
    values: dict[bytes, int] = {}
    if raw_query:
        for part in raw_query.split(b"&"):
            name, sep, value = part.partition(b"=")
            if not sep or name not in (b"after", b"limit") or name in values:
                raise errors.invalid_query()
            if _CURSOR.fullmatch(value) is None:
                raise errors.invalid_query()
            values[name] = int(value)
    limit = values.get(b"limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.invalid_query()
    return PageQuery(after=values.get(b"after", 0), limit=limit)

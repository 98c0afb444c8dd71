"""Opening a vault database (SQLCipher 4) and sorting SQLite errors.

The vault is opened with a random 256-bit raw key (no SQLCipher KDF: the key
already comes from Argon2id-wrapped key slots). ``key=None`` opens plain
SQLite through the standard library: the benchmarks use it as the baseline
for the very same code.

SQLite errors are sorted as qutebrowser does: *known* ones a user can cause
(disk full, read-only, damaged or foreign file) become typed
:class:`FieldcaseError`s with a bilingual message; anything else is a bug and
propagates.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import sqlcipher3
import sqlite_utils

from fieldcase.core.errors import DiskFull, StorageError, VaultDamaged

#: 8 KiB pages: a case's ~2.5 KB change payload no longer takes a 4 KiB page of
#: its own, and bulk writes shrink by about a fifth (measured in bench_vault).
PAGE_SIZE = 8192

_DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)

_FULL = ("database or disk is full", "disk is full")
_DAMAGED = (
    "file is not a database",
    "malformed",
    "not a database",
    "corrupt",  # also FTS5: "fts5: corruption found reading blob ..."
    "vtable constructor failed",  # FTS5 shadow table unreadable
)
_STORAGE = ("readonly", "read-only", "unable to open", "disk i/o error", "database is locked")


def translate(exc: BaseException) -> BaseException:
    """The user-facing error for a known SQLite failure, or ``exc`` itself."""
    text = str(exc).lower()
    if any(t in text for t in _FULL):
        return DiskFull()
    if any(t in text for t in _DAMAGED):
        return VaultDamaged()
    if any(t in text for t in _STORAGE):
        return StorageError()
    return exc


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """Re-raise known storage errors as typed, user-facing errors (no traceback text).

    Besides SQLite's own errors this covers stored JSON that no longer parses:
    SQLCipher zero-fills a page whose HMAC fails, so a damaged page can surface
    as garbage text before SQLite reports it.
    """
    try:
        yield
    except json.JSONDecodeError:
        raise VaultDamaged() from None
    except _DB_ERRORS as exc:
        translated = translate(exc)
        if translated is exc:
            raise
        raise translated from None


P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of :func:`sqlite_errors` for read methods."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with sqlite_errors():
            return method(*args, **kwargs)

    return wrapper


def connect(path: Path, key: bytes | None, *, must_exist: bool = False) -> sqlite_utils.Database:
    """Open (or create) a vault database and apply the house pragmas.

    Raises :class:`VaultDamaged` when the file is not a database for this key.
    With ``must_exist`` an empty or schema-less file is refused *before*
    anything (even the WAL switch) is written to it: a truncated vault must be
    reported, never silently turned into a new empty one.
    """
    conn: Any
    if must_exist and (not path.is_file() or path.stat().st_size == 0):
        raise VaultDamaged()
    with sqlite_errors():
        if key is None:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect on a new file
        else:
            if len(key) != 32:
                raise ValueError("vault key must be 32 bytes")
            conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            # Part of the vault format: SQLCipher needs it at every open.
            conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
            conn.execute("PRAGMA cipher_memory_security = OFF")
        try:
            # The first read is where a wrong key or a foreign file shows.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if must_exist and conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                raise VaultDamaged()
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
        except BaseException:
            conn.close()
            raise
    return sqlite_utils.Database(conn)

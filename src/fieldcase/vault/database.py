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

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
import sqlite_utils

from fieldcase.core.errors import DiskFull, StorageError, VaultDamaged

_DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)

_FULL = ("database or disk is full", "disk is full")
_DAMAGED = ("file is not a database", "malformed", "not a database", "database corrupt")
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
    """Re-raise known SQLite errors as typed, user-facing errors (no traceback text)."""
    try:
        yield
    except _DB_ERRORS as exc:
        translated = translate(exc)
        if translated is exc:
            raise
        raise translated from None


def connect(path: Path, key: bytes | None) -> sqlite_utils.Database:
    """Open (or create) a vault database and apply the house pragmas.

    Raises :class:`VaultDamaged` when the file is not a database for this key.
    """
    conn: Any
    with sqlite_errors():
        if key is None:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        else:
            if len(key) != 32:
                raise ValueError("vault key must be 32 bytes")
            conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("PRAGMA cipher_memory_security = OFF")
        try:
            # The first read is where a wrong key or a foreign file shows.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
        except BaseException:
            conn.close()
            raise
    return sqlite_utils.Database(conn)

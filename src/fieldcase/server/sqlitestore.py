"""The default storage: one SQLite file (WAL), standard-library ``sqlite3``.

Writes go through one writer thread that commits concurrent requests
together (``writer.py``); reads borrow a connection from a small pool (one per
concurrent reader, reused), which WAL lets run beside the writer without
blocking it. A pool rather than one connection per thread: the server's
worker threads come and go, and per-thread connections would pile up. The schema version lives in
``PRAGMA user_version``; a database from a newer server, or a file that is not
this server's database, is refused without being touched.

Tables hold ids, public keys, signed roster text, envelope bodies as opaque
blobs, cursors and millisecond times — and for replay protection the SHA-256
of request signatures, not the signatures themselves.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .records import (
    DatabaseTooNew,
    DatabaseUnreadable,
    EnrolmentConflict,
    EnrolmentOpen,
    EnrolmentRequest,
    EnvelopeConflict,
    Member,
    Page,
    PutResult,
    Replayed,
    RosterNotNewer,
    RosterRecord,
    SeenSignature,
    StorageUnavailable,
    StoredEnvelope,
    StoredRoster,
    TeamKeyMismatch,
    TooManyRequests,
    UnknownTeam,
)
from .writer import Writer, WriterClosed

__all__ = ["SCHEMA_VERSION", "SqliteStorage"]

T = TypeVar("T")

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE teams (
    team_id     TEXT PRIMARY KEY,
    public_key  BLOB NOT NULL,
    last_cursor INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL
) STRICT;
CREATE TABLE rosters (
    team_id     TEXT PRIMARY KEY REFERENCES teams(team_id),
    version     INTEGER NOT NULL,
    roster      TEXT NOT NULL,
    signature   BLOB NOT NULL,
    received_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE members (
    team_id        TEXT NOT NULL REFERENCES teams(team_id),
    account_id     TEXT NOT NULL,
    signing_public BLOB NOT NULL,
    role           TEXT NOT NULL,
    revoked_ms     INTEGER,
    PRIMARY KEY (team_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE envelopes (
    team_id     TEXT NOT NULL REFERENCES teams(team_id),
    cursor      INTEGER NOT NULL,
    envelope_id TEXT NOT NULL,
    sender      TEXT NOT NULL,
    body        BLOB NOT NULL,
    received_ms INTEGER NOT NULL,
    UNIQUE (team_id, cursor),
    UNIQUE (team_id, envelope_id)
) STRICT;
CREATE TABLE seen_signatures (
    account_id TEXT NOT NULL,
    digest     BLOB NOT NULL,
    expires_ms INTEGER NOT NULL,
    PRIMARY KEY (account_id, digest)
) STRICT, WITHOUT ROWID;
CREATE INDEX seen_signatures_expiry ON seen_signatures(expires_ms);
"""

#: Version 2: enrolment through the server (``enrolment.py``). Applied to new
#: databases after ``_SCHEMA`` and to version-1 databases on opening.
_SCHEMA_2 = """
CREATE TABLE enrolment_open (
    team_id    TEXT PRIMARY KEY REFERENCES teams(team_id),
    document   TEXT NOT NULL,
    signature  BLOB NOT NULL,
    expires_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE enrolment_requests (
    team_id        TEXT NOT NULL REFERENCES teams(team_id),
    account_id     TEXT NOT NULL,
    signing_public BLOB NOT NULL,
    sealed         BLOB NOT NULL,
    received_ms    INTEGER NOT NULL,
    expires_ms     INTEGER NOT NULL,
    answer         BLOB,
    PRIMARY KEY (team_id, account_id)
) STRICT, WITHOUT ROWID;
"""


def _known_failure(exc: sqlite3.Error) -> bool:
    """Busy, locked, full, read-only, I/O or corrupt: the operator's problem, not a bug."""
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


@contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except WriterClosed:
        raise StorageUnavailable("storage is closed") from None
    except sqlite3.Error as exc:
        if _known_failure(exc):
            raise StorageUnavailable(type(exc).__name__) from None
        raise


class SqliteStorage:
    """:class:`~fieldcase.server.storage.Storage` over one SQLite file; thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        connection = self._open_writer()
        self._writer = Writer(connection)
        self._readers: list[sqlite3.Connection] = []  # every reader ever opened
        self._idle: list[sqlite3.Connection] = []  # those not in use right now
        self._readers_lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------ lifecycle

    def _connect(self) -> sqlite3.Connection:
        # Every connection is used by one thread at a time, but the writer's is made
        # here and used by its thread, and close() may run anywhere.
        conn = sqlite3.connect(
            self._path,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _open_writer(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
        except sqlite3.Error:
            raise DatabaseUnreadable() from None
        try:
            # Look before changing anything (even the journal mode is a write).
            version = self._check_version(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version == 0:
                self._create_schema(conn, _SCHEMA + _SCHEMA_2)
            elif version == 1:
                self._create_schema(conn, _SCHEMA_2)
        except (DatabaseTooNew, DatabaseUnreadable):
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if _known_failure(exc):
                raise DatabaseUnreadable() from None
            raise
        return conn

    @staticmethod
    def _check_version(conn: sqlite3.Connection) -> int:
        """The schema version; refuses a newer one and someone else's SQLite file."""
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise DatabaseTooNew(version, SCHEMA_VERSION)
        if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseUnreadable()
        return version

    @staticmethod
    def _create_schema(conn: sqlite3.Connection, schema: str) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """Borrow a read-only connection; known SQLite failures become StorageUnavailable."""
        with self._readers_lock:
            if self._closed:
                raise StorageUnavailable("storage is closed")
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            with _mapped_errors():
                conn = self._connect()
                conn.execute("PRAGMA query_only = ON")
            with self._readers_lock:
                if self._closed:  # closed meanwhile: do not leave this one open
                    conn.close()
                    raise StorageUnavailable("storage is closed")
                self._readers.append(conn)
        try:
            with _mapped_errors():
                yield conn
        finally:
            with self._readers_lock:
                if not self._closed:
                    self._idle.append(conn)

    def _write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        with _mapped_errors():
            return self._writer.submit(job)

    def close(self) -> None:
        """Close the readers, then the writer (the last close checkpoints the WAL)."""
        with self._readers_lock:
            if self._closed:
                return
            self._closed = True
            readers, self._readers, self._idle = self._readers, [], []
        for conn in readers:
            conn.close()
        self._writer.close()

    # ------------------------------------------------------------ teams and rosters

    def add_team(self, team_id: str, public_key: bytes, now_ms: int) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            return _insert_team(conn, team_id, public_key, now_ms)

        return self._write(job)

    def team_key(self, team_id: str) -> bytes | None:
        with self._reader() as conn:
            row = conn.execute(
                "SELECT public_key FROM teams WHERE team_id = ?", (team_id,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def roster(self, team_id: str) -> StoredRoster | None:
        with self._reader() as conn:
            row = conn.execute(
                "SELECT version, roster, signature FROM rosters WHERE team_id = ?", (team_id,)
            ).fetchone()
        if row is None:
            return None
        return StoredRoster(team_id, int(row[0]), str(row[1]), bytes(row[2]))

    def member(self, team_id: str, account_id: str) -> Member | None:
        with self._reader() as conn:
            row = conn.execute(
                "SELECT signing_public, role, revoked_ms FROM members "
                "WHERE team_id = ? AND account_id = ?",
                (team_id, account_id),
            ).fetchone()
        if row is None:
            return None
        return Member(account_id, bytes(row[0]), str(row[1]), row[2])

    def save_roster(
        self, record: RosterRecord, now_ms: int, *, register_key: bytes | None = None
    ) -> None:
        roster = record.roster

        def job(conn: sqlite3.Connection) -> None:
            if register_key is not None:
                _insert_team(conn, roster.team_id, register_key, now_ms)
            elif _team_row(conn, roster.team_id) is None:
                raise UnknownTeam(roster.team_id)
            row = conn.execute(
                "SELECT version FROM rosters WHERE team_id = ?", (roster.team_id,)
            ).fetchone()
            if row is not None and int(row[0]) >= roster.version:
                raise RosterNotNewer(roster.team_id)
            conn.execute(
                "INSERT OR REPLACE INTO rosters (team_id, version, roster, signature, "
                "received_ms) VALUES (?, ?, ?, ?, ?)",
                (roster.team_id, roster.version, roster.text, roster.signature, now_ms),
            )
            conn.execute("DELETE FROM members WHERE team_id = ?", (roster.team_id,))
            conn.executemany(
                "INSERT INTO members (team_id, account_id, signing_public, role, revoked_ms) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (roster.team_id, m.account_id, m.signing_public, m.role, m.revoked_ms)
                    for m in record.members
                ],
            )

        self._write(job)

    # ------------------------------------------------------------ replay protection

    def remember_signature(self, seen: SeenSignature) -> None:
        self._write(lambda conn: _record_signature(conn, seen))

    def purge_signatures(self, before_ms: int) -> int:
        def job(conn: sqlite3.Connection) -> int:
            cur = conn.execute("DELETE FROM seen_signatures WHERE expires_ms < ?", (before_ms,))
            return cur.rowcount

        return self._write(job)

    # ------------------------------------------------------------ envelopes

    def put_envelope(
        self,
        team_id: str,
        envelope_id: str,
        sender: str,
        body: bytes,
        now_ms: int,
        *,
        seen: SeenSignature | None = None,
    ) -> PutResult:
        if seen is None:
            # A retried PUT is answered from a reader, without queueing behind the writer.
            # (With ``seen`` the signature must be recorded anyway, so it is one write.)
            with self._reader() as conn:
                known = _existing(conn, team_id, envelope_id, body)
            if known is not None:
                return known

        def job(conn: sqlite3.Connection) -> PutResult | None:
            if seen is not None:
                _record_signature(conn, seen)
            try:
                again = _existing(conn, team_id, envelope_id, body)
            except EnvelopeConflict:
                return None  # returned, not raised, so that the signature stays recorded
            if again is not None:
                return again
            team = _team_row(conn, team_id)
            if team is None:
                raise UnknownTeam(team_id)
            cursor = team[1] + 1
            conn.execute("UPDATE teams SET last_cursor = ? WHERE team_id = ?", (cursor, team_id))
            conn.execute(
                "INSERT INTO envelopes (team_id, cursor, envelope_id, sender, body, received_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (team_id, cursor, envelope_id, sender, body, now_ms),
            )
            return PutResult(cursor, True)

        result = self._write(job)
        if result is None:
            raise EnvelopeConflict(envelope_id)
        return result

    def envelopes_after(self, team_id: str, after: int, limit: int, max_bytes: int) -> Page:
        taken: list[StoredEnvelope] = []
        size = 0
        more = False
        with self._reader() as conn:
            cur = conn.execute(
                "SELECT cursor, envelope_id, sender, body FROM envelopes "
                "WHERE team_id = ? AND cursor > ? ORDER BY cursor LIMIT ?",
                (team_id, after, limit + 1),
            )
            try:
                # Rows are stepped one by one, so bodies past the page are never loaded
                # (except the one that tells us there is more).
                for cursor, envelope_id, sender, body in cur:
                    if len(taken) == limit or (taken and size + len(body) > max_bytes):
                        more = True
                        break
                    taken.append(StoredEnvelope(int(cursor), str(envelope_id), str(sender), body))
                    size += len(body)
            finally:
                cur.close()
        return Page(tuple(taken), more)

    # ------------------------------------------------------------ enrolment

    def open_enrolment(self, opened: EnrolmentOpen) -> None:
        def job(conn: sqlite3.Connection) -> None:
            if _team_row(conn, opened.team_id) is None:
                raise UnknownTeam(opened.team_id)
            conn.execute(
                "INSERT OR REPLACE INTO enrolment_open (team_id, document, signature, expires_ms)"
                " VALUES (?, ?, ?, ?)",
                (opened.team_id, opened.document, opened.signature, opened.expires_ms),
            )

        self._write(job)

    def enrolment_open(self, team_id: str, now_ms: int) -> EnrolmentOpen | None:
        with self._reader() as conn:
            row = conn.execute(
                "SELECT document, signature, expires_ms FROM enrolment_open "
                "WHERE team_id = ? AND expires_ms > ?",
                (team_id, now_ms),
            ).fetchone()
        if row is None:
            return None
        return EnrolmentOpen(team_id, str(row[0]), bytes(row[1]), int(row[2]))

    def put_enrolment_request(
        self, request: EnrolmentRequest, max_pending: int, seen: SeenSignature
    ) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            _record_signature(conn, seen)
            conn.execute(
                "DELETE FROM enrolment_requests WHERE team_id = ? AND expires_ms <= ?",
                (request.team_id, request.received_ms),
            )
            row = conn.execute(
                "SELECT signing_public FROM enrolment_requests "
                "WHERE team_id = ? AND account_id = ?",
                (request.team_id, request.account_id),
            ).fetchone()
            if row is not None and bytes(row[0]) != request.signing_public:
                raise EnrolmentConflict(request.account_id)
            if row is None:
                pending = conn.execute(
                    "SELECT count(*) FROM enrolment_requests WHERE team_id = ?",
                    (request.team_id,),
                ).fetchone()[0]
                if pending >= max_pending:
                    raise TooManyRequests(request.team_id)
            conn.execute(
                "INSERT OR REPLACE INTO enrolment_requests (team_id, account_id, signing_public,"
                " sealed, received_ms, expires_ms, answer) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (
                    request.team_id,
                    request.account_id,
                    request.signing_public,
                    request.sealed,
                    request.received_ms,
                    request.expires_ms,
                ),
            )
            return row is None

        return self._write(job)

    def enrolment_requests(self, team_id: str, now_ms: int) -> list[EnrolmentRequest]:
        with self._reader() as conn:
            rows = conn.execute(
                "SELECT account_id, signing_public, sealed, received_ms, expires_ms, answer "
                "FROM enrolment_requests WHERE team_id = ? AND expires_ms > ? "
                "ORDER BY received_ms, account_id",
                (team_id, now_ms),
            ).fetchall()
        return [_enrolment(team_id, row) for row in rows]

    def enrolment_request(
        self, team_id: str, account_id: str, now_ms: int
    ) -> EnrolmentRequest | None:
        with self._reader() as conn:
            row = conn.execute(
                "SELECT account_id, signing_public, sealed, received_ms, expires_ms, answer "
                "FROM enrolment_requests WHERE team_id = ? AND account_id = ? AND expires_ms > ?",
                (team_id, account_id, now_ms),
            ).fetchone()
        return None if row is None else _enrolment(team_id, row)

    def put_enrolment_answer(
        self, team_id: str, account_id: str, answer: bytes, now_ms: int
    ) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "UPDATE enrolment_requests SET answer = ? "
                "WHERE team_id = ? AND account_id = ? AND expires_ms > ?",
                (answer, team_id, account_id, now_ms),
            )
            return cur.rowcount == 1

        return self._write(job)

    def delete_enrolment_request(self, team_id: str, account_id: str) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "DELETE FROM enrolment_requests WHERE team_id = ? AND account_id = ?",
                (team_id, account_id),
            )
            return cur.rowcount == 1

        return self._write(job)

    def purge_enrolments(self, now_ms: int) -> int:
        def job(conn: sqlite3.Connection) -> int:
            conn.execute("DELETE FROM enrolment_open WHERE expires_ms <= ?", (now_ms,))
            cur = conn.execute("DELETE FROM enrolment_requests WHERE expires_ms <= ?", (now_ms,))
            return cur.rowcount

        return self._write(job)


def _enrolment(team_id: str, row: Any) -> EnrolmentRequest:
    account_id, signing_public, sealed, received_ms, expires_ms, answer = row
    return EnrolmentRequest(
        team_id,
        str(account_id),
        bytes(signing_public),
        bytes(sealed),
        int(received_ms),
        int(expires_ms),
        None if answer is None else bytes(answer),
    )


def _team_row(conn: sqlite3.Connection, team_id: str) -> tuple[bytes, int] | None:
    row = conn.execute(
        "SELECT public_key, last_cursor FROM teams WHERE team_id = ?", (team_id,)
    ).fetchone()
    return None if row is None else (bytes(row[0]), int(row[1]))


def _insert_team(conn: sqlite3.Connection, team_id: str, public_key: bytes, now_ms: int) -> bool:
    row = _team_row(conn, team_id)
    if row is not None:
        if row[0] != public_key:
            raise TeamKeyMismatch(team_id)
        return False
    conn.execute(
        "INSERT INTO teams (team_id, public_key, created_ms) VALUES (?, ?, ?)",
        (team_id, public_key, now_ms),
    )
    return True


def _existing(
    conn: sqlite3.Connection, team_id: str, envelope_id: str, body: bytes
) -> PutResult | None:
    """The stored put for this id if its bytes match; EnvelopeConflict if they do not."""
    row = conn.execute(
        "SELECT cursor, body FROM envelopes WHERE team_id = ? AND envelope_id = ?",
        (team_id, envelope_id),
    ).fetchone()
    if row is None:
        return None
    if bytes(row[1]) != body:
        raise EnvelopeConflict(envelope_id)
    return PutResult(int(row[0]), False)


def _record_signature(conn: sqlite3.Connection, seen: SeenSignature) -> None:
    cur = conn.execute(
        "INSERT OR IGNORE INTO seen_signatures (account_id, digest, expires_ms) VALUES (?, ?, ?)",
        (seen.account_id, seen.digest, seen.expires_ms),
    )
    if cur.rowcount != 1:
        raise Replayed(seen.account_id)

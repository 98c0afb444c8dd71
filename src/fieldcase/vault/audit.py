"""The hash-chained audit log: who unlocked, created, edited, viewed, exported.

Each entry stores the hash of the previous one, so editing, deleting or
reordering any entry breaks the chain at that point; ``audit_head`` stores the
last (seq, hash) so removing the newest entries is caught too. Entries carry
ids, actions and counts only, never case content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from fieldcase.vault.database import guarded

GENESIS = "0" * 64

#: Actions written to the log (the UI and reports show these names).
ACTIONS = frozenset(
    {
        "account_created",
        "unlock",
        "unlock_failed",
        "recovery_unlock",
        "passphrase_changed",
        "lock",
        "create",
        "edit",
        "view",
        "export",
        "sync",
        "rebuild",
    }
)

DetailValue = str | int | float | bool | None


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entry_hash(
    prev_hash: str,
    seq: int,
    ts: str,
    account_id: str,
    action: str,
    case_id: str | None,
    detail: str,
) -> str:
    """SHA-256 over the previous hash and the entry's canonical JSON."""
    body = json.dumps(
        [seq, ts, account_id, action, case_id, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    account_id: str
    action: str
    case_id: str | None
    detail: dict[str, DetailValue]


@dataclass(frozen=True)
class AuditReport:
    """The result of :meth:`AuditLog.verify`."""

    ok: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str = ""


class AuditLog:
    """Appends and verifies entries. Call inside the caller's transaction."""

    def __init__(
        self, db: sqlite_utils.Database, account_id: str, now: Callable[[], str] = utc_now_iso
    ) -> None:
        self._db = db
        self._account_id = account_id
        self._now = now

    def _head(self) -> tuple[int, str]:
        row = self._db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def append(
        self,
        action: str,
        case_id: str | None = None,
        detail: Mapping[str, DetailValue] | None = None,
        ts: str | None = None,
    ) -> int:
        """Add one entry; returns its sequence number."""
        return self.append_many([(action, case_id, detail or {}, ts)])

    def append_many(
        self,
        items: Sequence[tuple[str, str | None, Mapping[str, DetailValue], str | None]],
    ) -> int:
        """Add several entries in order (bulk create); returns the last seq."""
        seq, prev = self._head()
        rows = []
        for action, case_id, detail, ts in items:
            if action not in ACTIONS:
                raise ValueError(f"unknown audit action {action!r}")
            seq += 1
            when = ts or self._now()
            detail_json = json.dumps(dict(detail), sort_keys=True, separators=(",", ":"))
            digest = entry_hash(prev, seq, when, self._account_id, action, case_id, detail_json)
            rows.append((seq, when, self._account_id, action, case_id, detail_json, prev, digest))
            prev = digest
        with self._db.atomic():
            self._db.conn.executemany(
                "INSERT INTO audit (seq, ts, account_id, action, case_id, detail, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self._db.execute(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                [seq, prev],
            )
        return seq

    @guarded
    def entries(
        self, case_id: str | None = None, action: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        """Newest first, optionally for one case or one action."""
        where, params = [], []
        if case_id is not None:
            where.append("case_id = ?")
            params.append(case_id)
        if action is not None:
            where.append("action = ?")
            params.append(action)
        sql = "SELECT seq, ts, account_id, action, case_id, detail FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        rows = self._db.execute(sql, [*params, limit]).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    @guarded
    def verify(self) -> AuditReport:
        """Walk the chain; name the first entry whose link is broken."""
        prev = GENESIS
        expected_seq = 1
        count = 0
        cursor = self._db.execute(
            "SELECT seq, ts, account_id, action, case_id, detail, prev_hash, hash"
            " FROM audit ORDER BY rowid"
        )
        for seq, ts, account_id, action, case_id, detail, prev_hash, digest in cursor:
            count += 1
            if seq != expected_seq:
                return AuditReport(
                    False, count, expected_seq, f"entry {expected_seq} missing or out of order"
                )
            if prev_hash != prev:
                return AuditReport(False, count, seq, "link to previous entry broken")
            if entry_hash(prev, seq, ts, account_id, action, case_id, detail) != digest:
                return AuditReport(False, count, seq, "entry content changed")
            prev = digest
            expected_seq += 1
        head_seq, head_hash = self._head()
        if head_seq != count or head_hash != prev:
            return AuditReport(False, count, count + 1, "newest entries removed")
        return AuditReport(True, count)

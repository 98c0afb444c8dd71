"""One interface for every way envelopes travel: put envelopes, get envelopes after a cursor.

A transport knows nothing of keys or vaults: it moves opaque envelope bytes.
:func:`sync` does the rest — push what this account has not sent through that
transport yet (plus queued team updates), then pull and import page by page;
the pushed mark and the incoming cursor are stored only after the transport
accepted the upload and the import transaction committed.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from fieldcase.sync import exporter, team
from fieldcase.sync.gcpause import without_gc
from fieldcase.sync.importer import ImportReport, Incoming, import_envelopes
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState


@dataclass(frozen=True)
class Fetched:
    items: list[Incoming]
    next: str
    more: bool = False


class Transport(Protocol):
    """What the bundle file, exchange folder and relay client have in common."""

    #: Stable name of this place, the key of its cursor (e.g. ``folder:<team>``).
    key: str

    def put(self, envelopes: Sequence[tuple[str, bytes]]) -> None:
        """Store envelopes (id, bytes); idempotent by envelope id."""

    def get(self, after: str, known: Container[str]) -> Fetched:
        """Envelopes after ``after``; ``known`` ids may be skipped unread."""


@dataclass
class SyncReport:
    sent_changes: int = 0
    sent_envelopes: int = 0
    imports: list[ImportReport] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(r.applied for r in self.imports)

    @property
    def rejected(self) -> int:
        return sum(len(r.rejected) for r in self.imports)


@without_gc
def push(session: Session, transport: Transport) -> tuple[int, int]:
    """Send queued team updates and unsent changes; returns (changes, envelopes)."""
    ctx = team.load(session)
    state = SyncState(session.db)
    _, pushed = state.cursor(transport.key)
    changes, last = exporter.pending(session, ctx, pushed)
    envelopes = state.outbox() + exporter.seal_changes(session, ctx, changes)
    if envelopes:
        transport.put(envelopes)
    if last != pushed:
        with sqlite_errors(), session.db.atomic():
            state.set_pushed(transport.key, last)
    return len(changes), len(envelopes)


@without_gc
def pull(session: Session, transport: Transport, now_ms: int | None = None) -> list[ImportReport]:
    """Fetch and import until the transport has nothing more."""
    state = SyncState(session.db)
    reports: list[ImportReport] = []
    while True:
        cursor, _ = state.cursor(transport.key)
        fetched = transport.get(cursor, state.seen_ids())
        if not fetched.items and fetched.next == cursor:
            return reports
        reports.append(
            import_envelopes(
                session,
                fetched.items,
                transport=transport.key,
                next_cursor=fetched.next,
                now_ms=now_ms,
            )
        )
        if not fetched.more:
            return reports


def sync(session: Session, transport: Transport, now_ms: int | None = None) -> SyncReport:
    """Push, then pull."""
    report = SyncReport()
    report.sent_changes, report.sent_envelopes = push(session, transport)
    report.imports = pull(session, transport, now_ms)
    return report

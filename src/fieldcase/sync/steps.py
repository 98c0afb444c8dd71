"""A sync that can stop between steps: one envelope pushed, or one page imported, at a time.

Why not :func:`fieldcase.sync.transport.sync`: the app's "Cancel" must leave
the vault consistent and must not make the next sync send duplicates. Here
every step is whole: an envelope of up to ``BATCH`` changes is accepted by
the transport, *then* the pushed mark moves past exactly those changes (one
transaction); a page of incoming envelopes is imported in one transaction
with its cursor. A cancel is honoured only between steps, so a cancelled
sync is just a shorter one — the next picks up where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

from fieldcase.sync import exporter, team
from fieldcase.sync.gcpause import without_gc
from fieldcase.sync.importer import import_envelopes
from fieldcase.sync.transport import SyncReport, Transport
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState


@dataclass(frozen=True)
class Progress:
    """Where a sync is: ``phase`` is ``"push"`` or ``"pull"``; counts of changes/envelopes."""

    phase: str
    done: int
    total: int  # 0 when unknown (pulling: the transport does not say how much is left)


@dataclass
class StepReport(SyncReport):
    cancelled: bool = False


def _author(session: Session) -> str | None:
    """Whose changes this account sends: everyone's for supervisors (they relay)."""
    ctx = team.load(session)
    return None if exporter.may_relay(session, ctx) else session.account_id


def pending_count(session: Session, transport_key: str) -> int:
    """Changes this account would send through ``transport_key`` at its next sync."""
    _, pushed = SyncState(session.db).cursor(transport_key)
    author = _author(session)
    sql = "SELECT count(*) FROM changes WHERE rowid > ?"
    params: list[object] = [pushed]
    if author is not None:
        sql += " AND account_id = ?"
        params.append(author)
    with sqlite_errors():
        row = session.db.execute(sql, params).fetchone()
    return int(row[0])


def iter_steps(
    session: Session,
    transport: Transport,
    report: StepReport,
    *,
    now_ms: int | None = None,
    batch: int = exporter.BATCH,
) -> Generator[Progress, None, None]:
    """Push then pull, one whole step per ``next()``; ``report`` fills in as it goes.

    Each step leaves the vault consistent, so the caller may stop after any
    ``yield`` (and close the iterator). The app runs each ``next()`` as its own
    job on the vault thread, so opening a case waits for one step at most.
    """
    ctx = team.load(session)
    state = SyncState(session.db)
    key = transport.key
    author = None if exporter.may_relay(session, ctx) else session.account_id
    total = pending_count(session, key)
    yield Progress("push", 0, total)
    outbox = state.outbox()
    if outbox:
        transport.put(outbox)
        report.sent_envelopes += len(outbox)
        yield Progress("push", 0, total)
    _, pushed = state.cursor(key)
    while True:
        page = session.cases.stored_changes_since(pushed, account_id=author, limit=batch)
        if not page:
            break
        envelopes = exporter.seal_changes(session, ctx, [c for _, c in page], batch)
        transport.put(envelopes)
        pushed = page[-1][0]
        with sqlite_errors(), session.db.atomic():
            state.set_pushed(key, pushed)
        report.sent_changes += len(page)
        report.sent_envelopes += len(envelopes)
        yield Progress("push", report.sent_changes, total)
    received = 0
    yield Progress("pull", 0, 0)
    while True:
        cursor, _ = state.cursor(key)
        fetched = transport.get(cursor, state.seen_ids())
        if not fetched.items and fetched.next == cursor:
            return
        report.imports.append(
            import_envelopes(
                session, fetched.items, transport=key, next_cursor=fetched.next, now_ms=now_ms
            )
        )
        received += len(fetched.items)
        yield Progress("pull", received, 0)
        if not fetched.more:
            return


@without_gc
def sync_steps(
    session: Session,
    transport: Transport,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[Progress], None] = lambda _p: None,
    now_ms: int | None = None,
    batch: int = exporter.BATCH,
) -> StepReport:
    """All steps in one call, checking ``cancelled()`` after every step."""
    report = StepReport()
    steps = iter_steps(session, transport, report, now_ms=now_ms, batch=batch)
    try:
        for step in steps:
            progress(step)
            if cancelled():
                report.cancelled = True
                break
    finally:
        steps.close()
    return report

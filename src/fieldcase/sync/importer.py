"""Applying envelopes: verify everything, then apply in ONE vault transaction.

Within the transaction: team updates first (a new roster may admit the sender
of a later envelope), then each envelope's changes — already-seen envelope
ids skipped, changes more than 24 h ahead of the local clock quarantined
(``core.hlc.is_too_far_ahead``), the rest folded in with
``CaseStore.apply_changes`` (idempotent by change id) — the envelope ids
recorded as seen, an audit entry, and the transport cursor *last*. A failure
anywhere rolls all of it back, so the cursor never runs ahead of the data.

``strict`` (bundles): any bad envelope rejects the whole import.
Otherwise (folder, relay): a bad envelope is skipped and reported, inside its
own savepoint, and the rest still applies.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from fieldcase.core.changes import Change, encode_json
from fieldcase.core.hlc import is_too_far_ahead, wall_clock_ms
from fieldcase.sync import envelope, payload, team
from fieldcase.sync.errors import (
    MissingEpochKey,
    NotAuthentic,
    SignerNotMember,
    SyncError,
)
from fieldcase.sync.verify import Opened, open_parsed
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState

log = logging.getLogger(__name__)

#: Failures that may go away after a later roster or key update.
RETRYABLE: tuple[type[SyncError], ...] = (SignerNotMember, MissingEpochKey)


@dataclass(frozen=True)
class Incoming:
    """One envelope as a transport delivers it; ``cursor`` is the transport's position
    just after it ("" when the transport has none)."""

    body: bytes
    cursor: str = ""


@dataclass
class ImportReport:
    envelopes: int = 0
    duplicates: int = 0
    applied: int = 0
    already_held: int = 0
    quarantined: int = 0
    released: int = 0
    team_updates: int = 0
    rejected: list[tuple[str, SyncError]] = field(default_factory=list)
    #: Rejected for now but worth fetching again (unknown sender, missing key).
    retry: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "envelopes": self.envelopes,
            "duplicates": self.duplicates,
            "applied": self.applied,
            "quarantined": self.quarantined,
            "rejected": len(self.rejected),
        }


def import_envelopes(
    session: Session,
    items: Sequence[Incoming],
    *,
    transport: str,
    next_cursor: str | None = None,
    strict: bool = False,
    now_ms: int | None = None,
) -> ImportReport:
    """Verify and apply ``items`` in one transaction (see the module docstring)."""
    ctx = team.load(session)
    state = SyncState(session.db)
    now = wall_clock_ms() if now_ms is None else now_ms
    report = ImportReport()
    parsed: list[tuple[int, envelope.Envelope | None, Incoming, SyncError | None]] = []
    for index, item in enumerate(items):
        try:
            parsed.append((index, envelope.parse(item.body), item, None))
        except SyncError as exc:
            if strict:
                raise
            parsed.append((index, None, item, exc))
    # Team updates first: a newer roster can admit senders of later envelopes.
    parsed.sort(key=lambda p: (p[1] is None or p[1].header.kind != envelope.KIND_TEAM_UPDATE, p[0]))
    cursor = next_cursor
    first_retry: int | None = None
    with sqlite_errors(), session.db.atomic():
        _release_quarantine(session, state, now, report)
        for index, env, _item, error in parsed:
            report.envelopes += 1
            if env is not None and state.seen(env.header.envelope_id):
                report.duplicates += 1
                continue
            try:
                if error is not None:
                    raise error
                assert env is not None
                with session.db.atomic():
                    ctx = _apply_one(session, state, ctx, env, now, report)
            except SyncError as exc:
                if strict:
                    raise
                name = env.header.envelope_id if env is not None else f"#{index}"
                report.rejected.append((name, exc))
                log.warning("sync: envelope rejected id=%s error=%s", name, type(exc).__name__)
                if isinstance(exc, RETRYABLE):
                    report.retry.append(name)
                    if first_retry is None or index < first_retry:
                        first_retry = index
        if first_retry is not None and next_cursor is not None:
            # Stop the cursor before the first envelope worth fetching again.
            cursor = items[first_retry - 1].cursor if first_retry > 0 else None
        session.audit.append("sync", None, {"transport": transport[:40], **report.summary()})
        if cursor is not None:
            state.set_cursor(transport, cursor)
    return report


def _apply_one(
    session: Session,
    state: SyncState,
    ctx: team.TeamContext,
    env: envelope.Envelope,
    now: int,
    report: ImportReport,
) -> team.TeamContext:
    opened: Opened = open_parsed(ctx, env)
    head = opened.header
    if head.kind == envelope.KIND_TEAM_UPDATE:
        ctx = team.apply_team_update(session, ctx, opened.team_update)
        # Pass it on: whoever syncs with this laptop later gets the roster too.
        state.add_outbox(head.envelope_id, env.raw)
        report.team_updates += 1
    else:
        fresh: list[Change] = []
        for change in opened.changes:
            if session.cases.has_change(change.change_id):
                report.already_held += 1
                continue
            holder = session.cases.change_id_at(change.account_id, change.seq)
            if holder is not None:
                # The same (author, seq) under another id: a forgery or a broken client.
                raise NotAuthentic()
            if is_too_far_ahead(change.hlc, now):
                state.quarantine(
                    change.change_id,
                    head.envelope_id,
                    change.hlc,
                    encode_json(payload.change_to_json(change)),
                )
                report.quarantined += 1
            else:
                fresh.append(change)
        report.applied += session.cases.apply_changes(fresh)
    state.mark_seen(head.envelope_id, head.sender)
    return ctx


def _release_quarantine(session: Session, state: SyncState, now: int, report: ImportReport) -> None:
    """Apply quarantined changes whose time has come (the local clock caught up)."""
    ready = [q for q in state.quarantined() if not is_too_far_ahead(q.hlc, now)]
    if not ready:
        return
    changes = [payload.change_from_json(json.loads(q.change_json)) for q in ready]
    report.released += session.cases.apply_changes(changes)
    state.release(q.change_id for q in ready)

"""Turning local changes into envelopes and bundles.

Members send their own changes; supervisors and admins (``RELAY_ROLES``) may
also forward changes authored by others, which is how a supervisor's bundle
carries the whole region's work to a laptop that never meets the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from fieldcase.core.changes import Change, StoredChange
from fieldcase.core.ids import uuid7
from fieldcase.sync import bundle, envelope, payload
from fieldcase.sync.roster import RELAY_ROLES
from fieldcase.sync.team import TeamContext
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState

#: Changes per envelope: ~2.5 KB each before compression, so envelopes stay ~1 MB.
BATCH = 500


def may_relay(session: Session, ctx: TeamContext) -> bool:
    me = ctx.roster.member(session.account_id)
    return me is not None and me.role in RELAY_ROLES and not me.revoked


def seal_changes(
    session: Session,
    ctx: TeamContext,
    changes: Sequence[Change] | Sequence[StoredChange],
    batch: int = BATCH,
) -> list[tuple[str, bytes]]:
    """(envelope id, bytes) for ``changes``, ``batch`` per envelope, current epoch."""
    signing, _ = session.identity_keys()
    epoch = ctx.team.epoch
    key = ctx.keys[epoch]
    out: list[tuple[str, bytes]] = []
    for start in range(0, len(changes), batch):
        chunk = changes[start : start + batch]
        own = [c.seq for c in chunk if c.account_id == session.account_id]
        header = envelope.Header(
            envelope_id=uuid7(),
            team_id=ctx.team.team_id,
            epoch=epoch,
            sender=session.account_id,
            seq_first=min(own) if own else 0,
            seq_last=max(own) if own else 0,
            created_hlc=session.cases.clock.now(),
            count=len(chunk),
        )
        out.append(
            (
                header.envelope_id,
                envelope.build(header, key, _encode(chunk), signing),
            )
        )
    return out


def _encode(chunk: Sequence[Change] | Sequence[StoredChange]) -> bytes:
    if chunk and isinstance(chunk[0], StoredChange):
        return payload.encode_stored_changes(cast("Sequence[StoredChange]", chunk))
    return payload.encode_changes(cast("Sequence[Change]", chunk))


def pending(session: Session, ctx: TeamContext, pushed: int) -> tuple[list[StoredChange], int]:
    """Changes stored after rowid ``pushed`` that this account sends, and the new rowid.

    Kept as stored text: a push re-sends payloads without decoding them.
    """
    author = None if may_relay(session, ctx) else session.account_id
    found: list[StoredChange] = []
    last = pushed
    while True:
        page = session.cases.stored_changes_since(last, account_id=author, limit=5000)
        if not page:
            return found, last
        found.extend(c for _, c in page)
        last = page[-1][0]


def export_bundle(
    session: Session,
    ctx: TeamContext,
    *,
    since_hlc: str = "",
    case_ids: Iterable[str] | None = None,
) -> tuple[bytes, int]:
    """A signed bundle of changes (all, since an HLC, or of some cases) plus the
    team updates in the outbox; returns (bytes, number of changes)."""
    if case_ids is not None:
        changes = session.cases.changes_for_cases(case_ids)
    else:
        changes = session.cases.changes_after_hlc(since_hlc)
    if not may_relay(session, ctx):
        changes = [c for c in changes if c.account_id == session.account_id]
    state = SyncState(session.db)
    envelopes = [body for _, body in state.outbox()]
    envelopes += [body for _, body in seal_changes(session, ctx, changes)]
    signing, _ = session.identity_keys()
    data = bundle.build(
        ctx.team.team_id, session.account_id, session.cases.clock.now(), envelopes, signing
    )
    with sqlite_errors(), session.db.atomic():
        session.audit.append(
            "export", None, {"kind": "bundle", "changes": len(changes), "envelopes": len(envelopes)}
        )
    return data, len(changes)

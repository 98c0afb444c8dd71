"""Authenticating one envelope against the team: the checks, in their order.

parse strictly → same team → sender on the roster → signature → revocation
rule (see ``roster.py``) → epoch key held → decrypt → decode → per-change
authorship. Each failure is a typed :class:`SyncError`; nothing is
decompressed before the signature and the GCM tag have been checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldcase.core.changes import Change
from fieldcase.sync import envelope, payload
from fieldcase.sync.errors import (
    FileDamaged,
    MissingEpochKey,
    SignerNotMember,
    SignerRevoked,
    WrongTeam,
)
from fieldcase.sync.roster import RELAY_ROLES, Roster
from fieldcase.sync.team import TeamContext


@dataclass(frozen=True)
class Opened:
    """An authentic, decrypted envelope."""

    header: envelope.Header
    changes: tuple[Change, ...] = ()
    team_update: Any = None


def open_envelope(ctx: TeamContext, raw: bytes) -> Opened:
    env = envelope.parse(raw)
    return open_parsed(ctx, env)


def open_parsed(ctx: TeamContext, env: envelope.Envelope) -> Opened:
    head = env.header
    if head.team_id != ctx.team.team_id:
        raise WrongTeam()
    sender = ctx.roster.member(head.sender)
    if sender is None:
        raise SignerNotMember()
    env.verify(sender.signing_public)
    if sender.revoked and (
        head.kind != envelope.KIND_CHANGES
        or sender.revoked_epoch is None
        or head.epoch >= sender.revoked_epoch
        or head.seq_last > (sender.final_seq or 0)
    ):
        raise SignerRevoked()
    key = ctx.keys.get(head.epoch)
    if key is None:
        raise MissingEpochKey(head.epoch)
    plain = env.decrypt(key)
    if head.kind == envelope.KIND_TEAM_UPDATE:
        return Opened(head, team_update=payload.decompress(plain))
    changes = payload.decode_changes(plain)
    if len(changes) != head.count:
        raise FileDamaged("envelope")
    check_authors(ctx.roster, head, changes)
    return Opened(head, tuple(changes))


def check_authors(roster: Roster, head: envelope.Header, changes: list[Change]) -> None:
    """Own changes must lie in the header's seq range; others' only from a relaying
    role; nothing by a revoked author beyond its ``final_seq``."""
    sender = roster.member(head.sender)
    assert sender is not None  # checked by the caller
    for change in changes:
        if change.account_id == head.sender:
            if not head.seq_first <= change.seq <= head.seq_last:
                raise FileDamaged("envelope")
        elif sender.role not in RELAY_ROLES or sender.revoked:
            raise SignerNotMember()
        author = roster.member(change.account_id)
        if author is None:
            raise SignerNotMember()
        if author.revoked and change.seq > (author.final_seq or 0):
            raise SignerRevoked()

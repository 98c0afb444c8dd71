"""Field-level merge: the same current view on every replica, whatever the order.

For each (case, path) the current value is the write with the greatest hlc
(HLC strings embed the account id, so ties are broken by account). Because
``max`` does not depend on arrival order, replicas that hold the same set of
changes hold the same view.

Concurrency is read from ``base_hlc``: a write *saw* another when its base is
at or after the other's hlc. Two writes that did not see each other and
disagree are a **conflict**: the winner still applies (so replicas converge)
and the losers are listed until a person resolves it. A resolution is an
ordinary later write whose base is the winner's hlc, so it saw everything and
the conflict closes on every replica that receives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fieldcase.core.changes import JsonValue


@dataclass(frozen=True)
class PathWrite:
    """A write to one path as the merge sees it."""

    hlc: str
    base_hlc: str
    change_id: str
    value: JsonValue
    deleted: bool


def winner(writes: Iterable[PathWrite]) -> PathWrite:
    """The write that defines the current value (greatest hlc)."""
    return max(writes, key=lambda w: w.hlc)


def saw(later: PathWrite, earlier: PathWrite) -> bool:
    """True when ``later``'s author had seen ``earlier`` (or something newer)."""
    return later.base_hlc >= earlier.hlc


def conflicting(writes: Iterable[PathWrite]) -> list[PathWrite]:
    """Writes that compete with the winner: concurrent with it and different.

    Returns an empty list when there is no open conflict, otherwise the
    losers sorted by hlc (the winner itself is not included).
    """
    items = list(writes)
    if len(items) < 2:
        return []
    top = winner(items)
    return sorted(
        (
            w
            for w in items
            if w is not top and not saw(top, w) and (w.value, w.deleted) != (top.value, top.deleted)
        ),
        key=lambda w: w.hlc,
    )

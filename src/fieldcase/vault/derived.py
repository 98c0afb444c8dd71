"""Per-case projections kept by layers above the vault, in the vault's own transactions.

Why a hook: some derived tables (the reports' de-identified per-case rows,
``report_cases`` / ``report_deadlines``) are computed with domain rules that
live above the vault (age bands, time zones, the procedure's deadlines), and
the vault must not import them. A layer registers a :class:`CaseProjection`;
every write of :class:`~fieldcase.vault.casestore.CaseStore` (create, save,
apply, rebuild) then calls it with the touched case ids *inside the write's
transaction*, so the projection is never behind the change log.

A process that has not registered any projection (a sync run from a script,
an older app on the same vault) leaves no mark at all, and needs none: every
write appends to the ``changes`` log, whose rowids only grow, so a projection
keeps the last rowid it covers and catches up on the cases of later changes
(see ``fieldcase.reports.projection.ensure_current``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Protocol

import sqlite_utils

#: Case id -> {path: JSON text} of its current, non-deleted fields, when the
#: writer has them at hand (bulk create); projections may then skip reading
#: them back from ``field_state``.
EncodedCases = Mapping[str, Mapping[str, str]]


class CaseProjection(Protocol):
    """A derived per-case table maintained by a layer above the vault."""

    #: A short name, used as the key of its rows in ``derived_snapshot``.
    name: str

    def refresh(
        self,
        db: sqlite_utils.Database,
        case_ids: Collection[str] | None,
        encoded: EncodedCases | None = None,
    ) -> None:
        """Recompute the rows of ``case_ids`` (None: of every case) in the caller's transaction."""

    def snapshot(self, db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
        """Every row, sorted: what a rebuild must reproduce."""


_PROJECTIONS: list[CaseProjection] = []


def register(projection: CaseProjection) -> None:
    """Keep ``projection`` up to date on every write from now on (idempotent)."""
    if projection not in _PROJECTIONS:
        _PROJECTIONS.append(projection)


def unregister(projection: CaseProjection) -> None:
    """Stop calling ``projection`` (tests use this to check the catch-up path)."""
    if projection in _PROJECTIONS:
        _PROJECTIONS.remove(projection)


def projections() -> tuple[CaseProjection, ...]:
    return tuple(_PROJECTIONS)


def after_write(
    db: sqlite_utils.Database,
    case_ids: Collection[str] | None,
    encoded: EncodedCases | None = None,
) -> None:
    """Called by the case store inside each write transaction (``None``: every case)."""
    for projection in _PROJECTIONS:
        projection.refresh(db, case_ids, encoded)

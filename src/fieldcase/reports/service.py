"""Entry points that tie access, the vault reader and the statistics together.

Kept apart from :mod:`fieldcase.reports.stats` so the statistics stay a pure
function of ``(case id, fields)`` pairs (tests and benchmarks feed them
directly) while everything that touches a session checks the role first.
The vault path reads the per-case projection (:mod:`fieldcase.reports.projection`),
which gives the same :class:`Statistics` as ``compute(iter_cases(session))``.
"""

from __future__ import annotations

from datetime import datetime

from fieldcase.reports import projection
from fieldcase.reports.access import require_export
from fieldcase.reports.stats import Statistics
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session


def statistics_for(
    session: Session, now: datetime, *, region: str | None = None, period: str | None = None
) -> Statistics:
    """Statistics of the vault (supervisor only); logged as an export of aggregates."""
    require_export(session)
    stats = projection.statistics(session.db, now=now, region=region, period=period)
    with sqlite_errors(), session.db.atomic():
        session.audit.append("export", None, {"kind": "stats", "rows": stats.cases})
    return stats

"""The per-case report projection: de-identified rows and deadline outcomes, kept by the vault.

Why: statistics over 20,000 cases took ~7 s when every call read every
case's fields and ran the de-identification and the deadline engine per case.
Both depend only on the case's own fields (and the procedure), so they are
computed once per case *when the case is written* and stored in two derived
tables (migration ``0004_report_projection``):

- ``report_cases``: the de-identified row without the case code
  (:data:`~fieldcase.reports.deidentify.ROW_COLUMNS`, from
  :func:`~fieldcase.reports.deidentify.coarsened`, so an export and the
  statistics count exactly what the row-by-row path would);
- ``report_deadlines``: each deadline that applies to the case (per record
  for per-record rules), as ``on_time`` / ``late`` (met) or ``open`` with its
  due instant.

Why the deadline outcome can be stored although "overdue" depends on *now*:
in :meth:`Deadline._evaluate` everything — whether the rule applies, its
start and due, ``applies_if_open_at``, whether and when it was met, and the
procedure's "a closed case keeps only met deadlines" — is computed from the
fields alone; ``now`` is used only in the last step, to call a started, unmet
deadline overdue when ``now > due`` (else due soon / pending, which the
statistics do not count). So the stored ``open`` rows with their due instant,
compared with ``now`` in SQL, give exactly
:func:`~fieldcase.reports.stats.outcome` of ``Procedure.deadlines_for``;
``tests/reports/test_projection.py`` checks it against the full engine at
several moments.

The projection registers itself with :mod:`fieldcase.vault.derived` on
import, so every save, sync import and ``vault rebuild`` in this process
keeps it current in the same transaction. Writes from a process that never
imported it (or from an older app) are found through the change log: the
projection records the newest change rowid it covers, and
:func:`ensure_current` re-projects the cases of later changes (and
everything, after an upgrade that changed this code or the procedure file)
before any read.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from fieldcase.core.deadlines import DeadlineState, require_aware_utc
from fieldcase.core.procedure import PROCEDURE_FILE
from fieldcase.reports.deidentify import (
    MULTIPLE,
    ROW_COLUMNS,
    UNKNOWN,
    Cell,
    coarsened,
    procedure,
    region_code,
)
from fieldcase.reports.derive import SERVICE_TIMES
from fieldcase.reports.source import CaseFields, encoded_fields, fields_of, iter_db_cases
from fieldcase.reports.stats import DIMENSIONS, Compliance, Statistics, outcome
from fieldcase.resources import resources_dir
from fieldcase.vault import derived
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.derived import EncodedCases

log = logging.getLogger(__name__)

#: Bump whenever what a projected row holds changes (deidentify, derive, source,
#: the outcome rules): every vault then re-projects all its cases on next use.
PROJECTION_VERSION = 1
VERSION_META_KEY = "report_projection"
WATERMARK_META_KEY = "report_projection_changes"
#: Other cases a write re-projects to keep the mark moving (else a read does it).
CATCH_UP_IN_WRITE = 200

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
#: Any instant: nothing stored depends on it (see the module docstring).
_ANY_NOW = datetime(2000, 1, 1, tzinfo=UTC)
#: Cases projected per batch of inserts when projecting everything.
_BATCH = 1000

DeadlineRow = tuple[str, int, str, int | None]

_CASE_SQL = (
    f"INSERT INTO report_cases (case_id, {', '.join(ROW_COLUMNS)})"  # noqa: S608 - fixed names
    f" VALUES ({', '.join('?' * (len(ROW_COLUMNS) + 1))})"
)
_DEADLINE_SQL = (
    "INSERT INTO report_deadlines (case_id, deadline_id, record, outcome, due_us)"
    " VALUES (?, ?, ?, ?, ?)"
)


def micros(instant: datetime) -> int:
    """Whole microseconds since 1970 UTC: exact, and ordered like the instants."""
    return (instant - _EPOCH) // _MICROSECOND


@functools.cache
def current_version() -> str:
    """This code's projection version and the procedure file's digest."""
    digest = hashlib.sha256((resources_dir() / PROCEDURE_FILE).read_bytes()).hexdigest()
    return f"{PROJECTION_VERSION}:{digest[:16]}"


def deadline_rows(fields: CaseFields) -> list[DeadlineRow]:
    """``(deadline id, record, outcome, due µs)`` of every deadline that applies, now aside."""
    rows: list[DeadlineRow] = []
    for status in procedure().deadlines_for(fields, _ANY_NOW):
        record = status.record or 0
        if status.state is DeadlineState.MET:
            result = outcome(status)
            if result is not None:
                rows.append((status.deadline.id, record, result, None))
        elif status.due is not None:
            rows.append((status.deadline.id, record, "open", micros(status.due)))
    return rows


def _meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def _set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def _covered(db: sqlite_utils.Database) -> int | None:
    """The change-log rowid the rows are current up to; None: the rows cannot be trusted.

    ``0`` for a vault that has never been projected by any version (a new one,
    or one migrated from before the projection): then every change is "after".
    """
    version = _meta(db, VERSION_META_KEY)
    if version is None:
        return 0 if db.execute("SELECT 1 FROM report_cases LIMIT 1").fetchone() is None else None
    mark = _meta(db, WATERMARK_META_KEY)
    if version != current_version() or mark is None:
        return None
    return int(mark)


def _top(db: sqlite_utils.Database) -> int:
    """The newest change's rowid (``changes`` is append-only: rowids only grow)."""
    return int(db.execute("SELECT coalesce(max(rowid), 0) FROM changes").fetchone()[0])


def _changed_after(db: sqlite_utils.Database, after: int, upto: int, limit: int = -1) -> set[str]:
    """Cases with a change in rowids ``(after, upto]``; at most ``limit`` of them if given
    (a write only needs to know whether few are behind, not to read a long backlog)."""
    rows = db.execute(
        "SELECT DISTINCT case_id FROM changes WHERE rowid > ? AND rowid <= ? LIMIT ?",
        [after, upto, limit],
    )
    return {r[0] for r in rows}


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ReportProjection:
    """The :class:`~fieldcase.vault.derived.CaseProjection` behind the statistics and exports.

    The meta key ``report_projection_changes`` holds the rowid of the newest
    change the rows are current with; a write in this process re-projects its
    own cases plus any other case changed since that mark (by a process that
    did not have the projection) and moves the mark, so reads find nothing to
    do. A write that cannot move the mark cheaply (more than
    :data:`CATCH_UP_IN_WRITE` other cases behind, a different projection
    version) projects its own cases only and leaves the catch-up to the next
    read (:func:`ensure_current`).
    """

    name = "report"

    def refresh(
        self,
        db: sqlite_utils.Database,
        case_ids: Collection[str] | None,
        encoded: EncodedCases | None = None,
    ) -> None:
        """Re-project the given cases (None: all), inside the caller's transaction.

        Never raises for a case whose projection fails (a report bug must not
        lose the save it rides on): the mark then stays behind, and the next
        read retries that case and fails as loudly as the row-by-row path would.
        """
        if case_ids is None:
            self._refresh_all(db, strict=False)
            return
        covered = _covered(db)
        top = _top(db)
        ids = set(case_ids)
        advance = False
        if covered is not None and covered < top:
            limit = len(ids) + CATCH_UP_IN_WRITE + 1
            behind = _changed_after(db, covered, top, limit) - ids
            if len(behind) <= CATCH_UP_IN_WRITE:
                ids |= behind
                advance = True
        failed = self._project(db, ids, encoded, strict=False)
        if advance and not failed:
            _set_meta(db, VERSION_META_KEY, current_version())
            _set_meta(db, WATERMARK_META_KEY, str(top))

    def snapshot(self, db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
        # As a report reads them: writes made without the hook (another process,
        # an older app) are caught up first, exactly as before any report.
        ensure_current(db)
        cases = db.execute("SELECT * FROM report_cases ORDER BY case_id").fetchall()
        deadlines = db.execute(
            "SELECT * FROM report_deadlines ORDER BY case_id, deadline_id, record"
        ).fetchall()
        return [*cases, *deadlines]

    def _project(
        self,
        db: sqlite_utils.Database,
        case_ids: Collection[str],
        encoded: EncodedCases | None,
        *,
        strict: bool,
    ) -> list[str]:
        """Replace the rows of ``case_ids``; returns the cases that failed (not ``strict``)."""
        ids = sorted(case_ids)
        given = encoded or {}
        found = {cid: encoded_fields(given[cid]) for cid in ids if cid in given}
        found.update(fields_of(db, [cid for cid in ids if cid not in given]))
        conn = db.conn
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for table in ("report_cases", "report_deadlines"):
                conn.execute(f"DELETE FROM {table} WHERE case_id IN ({marks})", chunk)  # noqa: S608
        # A case with no report field at all gets no row (as in source.iter_cases).
        return self._insert(db, ((cid, found[cid]) for cid in ids if found.get(cid)), strict)

    def _refresh_all(self, db: sqlite_utils.Database, *, strict: bool) -> None:
        """Every case from scratch (``vault rebuild``, an upgrade, a first read)."""
        top = _top(db)
        for table in ("report_cases", "report_deadlines"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        # Streamed: the read cursor is on field_state, the inserts go elsewhere.
        failed: list[str] = []
        batch: list[tuple[str, CaseFields]] = []
        for item in iter_db_cases(db):
            batch.append(item)
            if len(batch) == _BATCH:
                failed += self._insert(db, batch, strict)
                batch = []
        failed += self._insert(db, batch, strict)
        _set_meta(db, VERSION_META_KEY, current_version())
        if failed:  # the next read starts over, strictly
            db.execute("DELETE FROM meta WHERE key = ?", [WATERMARK_META_KEY])
        else:
            _set_meta(db, WATERMARK_META_KEY, str(top))

    @staticmethod
    def _insert(
        db: sqlite_utils.Database, cases: Iterable[tuple[str, CaseFields]], strict: bool
    ) -> list[str]:
        """Project and insert; returns the cases whose projection failed (not ``strict``)."""
        case_rows: list[tuple[Cell, ...]] = []
        deadlines: list[tuple[Any, ...]] = []
        failed: list[str] = []
        for case_id, fields in cases:
            try:
                row = coarsened(fields)
                found = deadline_rows(fields)
            except Exception:
                if strict:
                    raise
                failed.append(case_id)
                continue
            case_rows.append((case_id, *(row[c] for c in ROW_COLUMNS)))
            deadlines.extend((case_id, *d) for d in found)
        db.conn.executemany(_CASE_SQL, case_rows)
        db.conn.executemany(_DEADLINE_SQL, deadlines)
        if failed:
            log.warning("report projection failed for %d case(s); retried on read", len(failed))
        return failed


PROJECTION = ReportProjection()
derived.register(PROJECTION)


def stale_cases(db: sqlite_utils.Database) -> set[str] | None:
    """Cases whose rows are behind the change log; None: every case must be re-projected."""
    covered = _covered(db)
    if covered is None or covered == 0:
        return None
    return _changed_after(db, covered, _top(db))


def reproject_all(db: sqlite_utils.Database) -> int:
    """Project every case from scratch (strictly); returns how many rows there are."""
    with sqlite_errors(), db.atomic():
        PROJECTION._refresh_all(db, strict=True)
        return int(db.execute("SELECT count(*) FROM report_cases").fetchone()[0])


def ensure_current(db: sqlite_utils.Database) -> int:
    """Project what is stale before a read; returns how many cases were re-projected.

    Everything when the rows cannot be trusted (first use of a vault from an
    older app, a changed projection version or procedure file), else the cases
    of the changes after the mark.
    """
    with sqlite_errors():
        stale = stale_cases(db)
        if stale is None:
            return reproject_all(db)
        if stale:
            top = _top(db)
            with db.atomic():
                PROJECTION._project(db, stale, None, strict=True)
                _set_meta(db, WATERMARK_META_KEY, str(top))
        return len(stale)


# ------------------------------------------------------------------ reading


def _where(
    region: str | None,
    period: str | None,
    prefix: str = "",
    month_from: str | None = None,
    month_to: str | None = None,
) -> tuple[str, list[str]]:
    """The ``--region`` / ``--period`` filter of :func:`~fieldcase.reports.stats.matches`,
    and a complaint-month range (a case with no complaint month is outside any range)."""
    clauses, params = [], []
    if region is not None:
        clauses.append(f"{prefix}wilayah = ?")
        params.append(region_code(region))
    if period is not None:
        clauses.append(f"{prefix}bulan_pengaduan = ?")
        params.append(period)
    if month_from is not None:
        clauses.append(f"{prefix}bulan_pengaduan >= ?")
        params.append(month_from)
    if month_to is not None:
        clauses.append(f"{prefix}bulan_pengaduan <= ?")
        params.append(month_to)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def statistics(
    db: sqlite_utils.Database,
    *,
    now: datetime,
    region: str | None = None,
    period: str | None = None,
    with_deadlines: bool = True,
    month_from: str | None = None,
    month_to: str | None = None,
) -> Statistics:
    """What :func:`~fieldcase.reports.stats.compute` gives over every case, from the projection.

    A few ``GROUP BY`` queries instead of one Python pass per case.
    ``month_from`` / ``month_to`` (``YYYY-MM``, inclusive, either may be open)
    keep the cases whose complaint month lies in the range, as the dashboard
    filters. No role check or audit entry here: callers check the role first
    (:func:`fieldcase.reports.service.statistics_for` does both).
    """
    utc_now = require_aware_utc(now)
    ensure_current(db)
    where, params = _where(region, period, "", month_from, month_to)
    rules = procedure()
    stats = Statistics(
        tables={name: Counter() for name in DIMENSIONS},
        times={name: [] for name in SERVICE_TIMES},
        deadlines={d.id: Compliance() for d in rules.deadlines},
    )
    with sqlite_errors():
        sql = "SELECT count(*) FROM report_cases" + where  # noqa: S608 - fixed clauses
        stats.cases = int(db.execute(sql, params).fetchone()[0])
        for name, counter in stats.tables.items():
            sql = f"SELECT {name}, count(*) FROM report_cases{where} GROUP BY {name}"  # noqa: S608
            for value, count in db.execute(sql, params):
                if name in MULTIPLE:
                    for code in str(value).split():
                        counter[code] += count
                else:
                    counter[UNKNOWN if value is None else str(value)] += count
        for name, values in stats.times.items():
            joiner = " AND " if where else " WHERE "
            sql = (
                f"SELECT {name} FROM report_cases{where}{joiner}{name} IS NOT NULL"  # noqa: S608
                " ORDER BY case_id"
            )
            values.extend(int(r[0]) for r in db.execute(sql, params))
        if with_deadlines:
            where, params = _where(region, period, "c.", month_from, month_to)
            _compliance(db, stats, micros(utc_now), where, params)
    return stats


def _compliance(
    db: sqlite_utils.Database, stats: Statistics, now_us: int, where: str, params: list[str]
) -> None:
    join = " JOIN report_cases AS c ON c.case_id = d.case_id" if where else ""
    sql = (
        "SELECT d.deadline_id, sum(d.outcome = 'on_time'), sum(d.outcome = 'late'),"  # noqa: S608
        " sum(d.outcome = 'open' AND d.due_us < ?)"
        f" FROM report_deadlines AS d{join}{where} GROUP BY d.deadline_id"
    )
    for deadline_id, on_time, late, overdue in db.execute(sql, [now_us, *params]):
        counts = stats.deadlines.get(deadline_id)
        if counts is not None:
            counts.on_time, counts.late, counts.overdue = int(on_time), int(late), int(overdue)


def projected_rows(
    db: sqlite_utils.Database, since: str | None = None
) -> Iterator[tuple[str, tuple[Cell, ...]]]:
    """``(case id, ROW_COLUMNS values)`` in case-id order, complaint month ``>= since``.

    Streamed from the cursor: memory does not grow with the number of cases.
    """
    ensure_current(db)
    sql = f"SELECT case_id, {', '.join(ROW_COLUMNS)} FROM report_cases"  # noqa: S608
    params: list[str] = []
    if since is not None:
        sql += " WHERE bulan_pengaduan >= ?"
        params.append(since)
    with sqlite_errors():
        for case_id, *values in db.execute(sql + " ORDER BY case_id", params):
            yield case_id, tuple(values)

"""The worklist ("Hari ini / Today"): what one account must do now, across its vault.

Three kinds of work, most urgent first:

1. deadlines of the procedure (``procedure.toml``) that are overdue, inside
   their warning window, or due before the end of today in the case's zone;
2. cases waiting for *this* account's approval (a service plan or a closure
   whose approval role is the account's role, not yet decided, or decided
   "send back" and changed since);
3. unfinished wizard drafts.

Why it reads only a few fields per case: computing deadlines needs every case
of the vault (20,000 on a busy laptop), but only the fields the procedure
mentions (``Procedure.referenced_fields`` plus the stage, region and approval
fields). Rows are read by primary key, ``CHUNK`` cases per query, and every
other field value (names, narratives) is never decoded. Closed cases
(projected ``status`` of "ditutup") are skipped in SQL: nothing is due on them.

Qt-free: runs as one vault-thread job (``fieldcase.ui.worklist``) and in tests.
Items carry no case content — only ids, procedure labels, and due times.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from fieldcase.core.deadlines import (
    DeadlineStatus,
    Text,
    Zone,
    format_local,
    require_aware_utc,
)
from fieldcase.core.procedure import Procedure
from fieldcase.core.roles import Role
from fieldcase.sync.gcpause import without_gc
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.drafts import Draft
from fieldcase.vault.session import Session

#: Cases per field_state query (SQLite's default limit of host parameters is 32766).
CHUNK = 500
#: Projected statuses of cases with nothing left to do.
CLOSED_STATUSES = ("ditutup",)
#: An approval sent back ("perlu perbaikan") is the worker's turn until the case changes.
SENT_BACK = "perlu_perbaikan"

_RECORD_RE = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\[[1-9][0-9]*\]\.([A-Za-z][A-Za-z0-9_]*)")


class WorkKind(StrEnum):
    DEADLINE = "deadline"
    APPROVAL = "approval"
    DRAFT = "draft"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    APPROVAL = "approval"
    DRAFT = "draft"


#: Smaller is more urgent (the sort order of the list).
URGENCY_RANK: Mapping[Urgency, int] = {
    Urgency.OVERDUE: 0,
    Urgency.TODAY: 1,
    Urgency.SOON: 2,
    Urgency.APPROVAL: 3,
    Urgency.DRAFT: 4,
}


@dataclass(frozen=True)
class WorkItem:
    """One row of the worklist. ``target`` is a case id, or a draft id for drafts."""

    kind: WorkKind
    target: str
    urgency: Urgency
    #: What to do: the deadline's label, the stage to approve, the draft's form title.
    title: Text
    #: When: the local due time ("segera" for immediate rules), or when a draft was saved.
    when: Text
    #: The case this is about (a draft of a new case has none).
    case_id: str | None = None
    #: For sorting: the due instant (deadlines), the decision's wait start or draft save time.
    moment: datetime | None = None
    #: The per-record number of a deadline (``rujukan[2]`` -> 2).
    record: int | None = None
    #: Where a deadline comes from ("UU TPKS: 3×24 jam ..."), for the tooltip.
    rule: Text | None = None

    def sort_key(self) -> tuple[int, float, str]:
        """Most urgent first; within a group the longest overdue / earliest due first,
        approvals oldest first, drafts newest first (the one just left)."""
        if self.moment is None:
            stamp = float("inf")
        elif self.kind is WorkKind.DRAFT:
            stamp = -self.moment.timestamp()
        else:
            stamp = self.moment.timestamp()
        return (URGENCY_RANK[self.urgency], stamp, self.target)


@dataclass(frozen=True)
class Worklist:
    items: tuple[WorkItem, ...]
    #: How many cases were examined (open cases), for the status line.
    cases_checked: int
    #: Rows per urgency (counted on the vault thread, not the window's).
    counts: Mapping[Urgency, int] = dataclasses.field(default_factory=dict)


# ------------------------------------------------------------------ fields read


def wanted_paths(procedure: Procedure) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(case field names, (record prefix, field name)) the worklist needs of each case."""
    plain: set[str] = {procedure.stage_field, *procedure.region_fields}
    records: set[tuple[str, str]] = set()
    for prefix, name in procedure.referenced_fields():
        if prefix is None:
            plain.add(name)
        else:
            records.add((prefix, name))
    for approval in procedure.approvals.values():
        plain.add(approval.field)
        if approval.date_field:
            plain.add(approval.date_field)
    return frozenset(plain), frozenset(records)


@dataclass(frozen=True)
class _CaseRows:
    fields: dict[str, object]
    hlcs: dict[str, str]
    updated_hlc: str


def _open_cases(session: Session) -> list[tuple[str, str]]:
    marks = ", ".join("?" for _ in CLOSED_STATUSES)
    sql = (
        "SELECT id, updated_hlc FROM cases"  # noqa: S608 - only placeholders are spliced
        f" WHERE status IS NULL OR status NOT IN ({marks}) ORDER BY id"
    )
    with sqlite_errors():
        return [(r[0], r[1]) for r in session.db.execute(sql, list(CLOSED_STATUSES)).fetchall()]


def _read_cases(
    session: Session, procedure: Procedure, cases: Sequence[tuple[str, str]]
) -> Iterator[tuple[str, _CaseRows]]:
    """Each case's needed fields, ``CHUNK`` cases per query (primary-key range reads)."""
    plain, records = wanted_paths(procedure)
    # Only the wanted paths leave SQLite: a narrative is never turned into a Python string.
    path_marks = ", ".join("?" for _ in plain)
    globs = sorted({f"{prefix}[[]*" for prefix, _ in records})
    path_sql = " OR ".join([f"path IN ({path_marks})", *("path GLOB ?" for _ in globs)])
    path_params = [*sorted(plain), *globs]
    updated = dict(cases)
    for start in range(0, len(cases), CHUNK):
        ids = [case_id for case_id, _ in cases[start : start + CHUNK]]
        marks = ", ".join("?" for _ in ids)
        sql = (
            "SELECT case_id, path, value, hlc FROM field_state"  # noqa: S608 - placeholders
            f" WHERE case_id IN ({marks}) AND deleted = 0 AND ({path_sql})"
        )
        found: dict[str, _CaseRows] = {
            case_id: _CaseRows({}, {}, updated[case_id]) for case_id in ids
        }
        with sqlite_errors():
            rows = session.db.execute(sql, [*ids, *path_params]).fetchall()
            for case_id, path, value, hlc in rows:
                if path not in plain:
                    match = _RECORD_RE.fullmatch(path) if "[" in path else None
                    if match is None or (match.group(1), match.group(2)) not in records:
                        continue
                entry = found[case_id]
                entry.fields[path] = json.loads(value) if value is not None else None
                entry.hlcs[path] = hlc
        yield from found.items()


# ------------------------------------------------------------------ items


def _end_of_day(now: datetime, zone: Zone) -> datetime:
    local = now.astimezone(zone.tzinfo)
    end = datetime.combine(local.date() + timedelta(days=1), time(0, 0), zone.tzinfo)
    return end.astimezone(UTC)


def _urgency(status: DeadlineStatus, now: datetime, end_of_day: datetime) -> Urgency | None:
    """Where an open deadline stands at ``now`` (its state depends only on the clock)."""
    due = status.due
    if due is None:
        return None
    if now > due:
        return Urgency.OVERDUE
    if due < end_of_day:
        return Urgency.TODAY
    if now >= due - status.deadline.warning():
        return Urgency.SOON
    return None


def _deadline_item(case_id: str, status: DeadlineStatus, when: Text, urgency: Urgency) -> WorkItem:
    return WorkItem(
        kind=WorkKind.DEADLINE,
        target=case_id,
        urgency=urgency,
        title=status.deadline.label,
        when=when,
        case_id=case_id,
        moment=status.due,
        record=status.record,
        rule=status.deadline.rule,
    )


def _due_text(status: DeadlineStatus, zone: Zone) -> Text:
    """The local due time; an immediate rule says so too ("... (segera)")."""
    if status.due is None:
        return Text(status.describe_due(zone, "id"), status.describe_due(zone, "en"))
    local = format_local(status.due, zone)
    if status.deadline.immediate:
        return Text(f"{local} (segera)", f"{local} (immediately)")
    return Text(local, local)


def _waiting_approvals(
    procedure: Procedure, role: Role, case_id: str, rows: _CaseRows
) -> Iterator[WorkItem]:
    """Approvals this role must give: the case sits in the stage, undecided (or resubmitted)."""
    stage = rows.fields.get(procedure.stage_field)
    for approval in procedure.approvals.values():
        if approval.role != role or stage != approval.stage:
            continue
        decision = rows.fields.get(approval.field)
        if decision == approval.granted:
            continue
        if decision == SENT_BACK and rows.hlcs.get(approval.field, "") >= rows.updated_hlc:
            continue  # sent back and not changed since: the worker's turn
        label = procedure.stage(approval.stage).label
        yield WorkItem(
            kind=WorkKind.APPROVAL,
            target=case_id,
            urgency=Urgency.APPROVAL,
            title=label,
            when=Text("", ""),
            case_id=case_id,
            moment=_hlc_moment(rows.updated_hlc),
        )


def _hlc_moment(hlc: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(hlc.split(".", 1)[0]) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def draft_items(
    drafts: Iterable[Draft], form_title: Callable[[str], Text | None]
) -> list[WorkItem]:
    """Unfinished wizard drafts; the title is the form's (or its id if the form is gone)."""
    items = []
    for draft in drafts:
        saved = _parse_iso(draft.updated_at)
        title = form_title(draft.form_id) or Text(draft.form_id, draft.form_id)
        when = format_local(saved, _local_zone()) if saved else draft.updated_at
        items.append(
            WorkItem(
                kind=WorkKind.DRAFT,
                target=draft.draft_id,
                urgency=Urgency.DRAFT,
                title=title,
                when=Text(when, when),
                case_id=draft.case_id,
                moment=saved,
            )
        )
    return items


def _parse_iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local_zone() -> Zone:
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    hours = int(offset.total_seconds() // 3600)
    names = {7: "WIB", 8: "WITA", 9: "WIT"}
    return Zone(names.get(hours, f"UTC{hours:+d}"), hours)


@dataclass(frozen=True)
class _CaseResult:
    """What one case contributes, valid while its ``updated_hlc`` is unchanged.

    Only open deadline statuses are kept: met or not-started ones never turn
    into worklist rows by the clock alone, open ones are re-timed by :func:`_at`.
    """

    updated_hlc: str
    zone: Zone
    #: Each open deadline with its due time as shown (that text never changes).
    open_statuses: tuple[tuple[DeadlineStatus, Text], ...]
    approvals: tuple[WorkItem, ...]


class WorklistBuilder:
    """Computes the worklist in steps, remembering each case's result between refreshes.

    Why steps: the first computation over 20,000 cases takes seconds; run as
    one vault job it would hold the vault thread (and a lock request) for all
    of it. :meth:`plan` returns chunks of case ids; the caller runs
    :meth:`compute` for each as its own job, then :meth:`finish`. Why the
    memory: on the next refresh only cases whose ``updated_hlc`` changed are
    read again; the others are re-timed in microseconds.

    All methods run on the vault thread. The owner drops the whole builder on
    lock (it holds due times and case ids, never field values).
    """

    def __init__(
        self,
        procedure: Procedure,
        form_title: Callable[[str], Text | None] = lambda _form_id: None,
    ) -> None:
        self.procedure = procedure
        self._form_title = form_title
        self._results: dict[str, _CaseResult] = {}
        self._open: dict[str, str] = {}

    @without_gc
    def plan(self, session: Session, chunk: int = CHUNK) -> list[list[tuple[str, str]]]:
        """Find the open cases; return the ones to (re)compute, in chunks."""
        cases = _open_cases(session)
        self._open = dict(cases)
        for gone in set(self._results) - set(self._open):
            del self._results[gone]
        stale = [
            (case_id, hlc)
            for case_id, hlc in cases
            if (found := self._results.get(case_id)) is None or found.updated_hlc != hlc
        ]
        return [stale[i : i + chunk] for i in range(0, len(stale), chunk)]

    @without_gc
    def compute(self, session: Session, cases: Sequence[tuple[str, str]], now: datetime) -> None:
        """Read and evaluate these cases (one vault job).

        The garbage collector is paused meanwhile (as for a sync step): the job makes
        ~100,000 short-lived, acyclic objects, and a full collection triggered by them
        holds the GIL long enough (~250 ms measured) to stall the window's thread.
        """
        moment = require_aware_utc(now)
        procedure = self.procedure
        role = session.role
        approver = any(a.role == role for a in procedure.approvals.values())
        for case_id, rows in _read_cases(session, procedure, cases):
            approvals = (
                tuple(_waiting_approvals(procedure, role, case_id, rows)) if approver else ()
            )
            zone = procedure.zone_for(rows.fields)
            self._results[case_id] = _CaseResult(
                rows.updated_hlc,
                zone,
                tuple(
                    (s, _due_text(s, zone))
                    for s in procedure.deadlines_for(rows.fields, moment)
                    if s.open
                ),
                approvals,
            )

    @without_gc
    def finish(self, session: Session, now: datetime) -> Worklist:
        """Assemble the rows at ``now``, drafts included, most urgent first."""
        moment = require_aware_utc(now)
        items: list[WorkItem] = []
        ends: dict[Zone, datetime] = {}
        for case_id, result in self._results.items():
            items.extend(result.approvals)
            end_of_day = ends.get(result.zone)
            if end_of_day is None:
                end_of_day = ends[result.zone] = _end_of_day(moment, result.zone)
            for status, when in result.open_statuses:
                urgency = _urgency(status, moment, end_of_day)
                if urgency is not None:
                    items.append(_deadline_item(case_id, status, when, urgency))
        with sqlite_errors():
            drafts = session.drafts.list()
        items.extend(draft_items(drafts, self._form_title))
        items.sort(key=WorkItem.sort_key)
        counts = dict.fromkeys(Urgency, 0)
        for item in items:
            counts[item.urgency] += 1
        return Worklist(tuple(items), len(self._open), counts)


def build_worklist(
    session: Session,
    procedure: Procedure,
    now: datetime,
    *,
    form_title: Callable[[str], Text | None] = lambda _form_id: None,
) -> Worklist:
    """The whole worklist of ``session`` at ``now`` in one call (tests, benchmarks, CLI)."""
    builder = WorklistBuilder(procedure, form_title)
    for chunk in builder.plan(session):
        builder.compute(session, chunk, now)
    return builder.finish(session, now)

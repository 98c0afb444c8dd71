"""Deadlines on case fields: time zones, instants, conditions, and the clock of each rule.

Why this module exists apart from :mod:`fieldcase.core.procedure`: the
procedure file says *which* rules there are; this module says how one rule
is evaluated on one case at one moment, with no I/O, so it can be tested
table by table and run for thousands of cases in a list view.

Time, as DESIGN.md asks ("Field realities"):

- every computation is on instants in UTC; ``now`` must be tz-aware;
- Indonesia has no daylight saving, so each zone (WIB +7, WITA +8, WIT +9)
  is a fixed offset — no tz database, which old Windows laptops may lack;
- a datetime stored with an offset is that instant; a datetime without one
  is the wall clock of the case's zone; a date alone (``tanggal_lp``) is
  00:00 of that day in the case's zone. That reading is deliberately
  conservative: the real event happened at or after it, so a due time shown
  is never later than the real one;
- dates are shown as dd/mm/yyyy with the zone's name.

Case fields are the flat ``{path: value}`` view of a case. Paths in rules:
``name`` (a case field), ``rujukan[*].name`` (that field in *any* record or
repeat row) and, in a rule evaluated once per record, ``rujukan[.].name``
(the record being evaluated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import Literal

# ------------------------------------------------------------------ texts


@dataclass(frozen=True)
class Text:
    """A label in Bahasa Indonesia and English (the app's two languages)."""

    id: str
    en: str

    def get(self, language: str = "id") -> str:
        return self.en if language == "en" else self.id


# ------------------------------------------------------------------ time


@dataclass(frozen=True)
class Zone:
    """An Indonesian time zone: a fixed offset from UTC and its name (WIB, WITA, WIT)."""

    name: str
    utc_offset_hours: int

    @cached_property
    def tzinfo(self) -> tzinfo:
        return timezone(timedelta(hours=self.utc_offset_hours), self.name)


def parse_instant(value: object, zone: Zone) -> datetime | None:
    """A case value as a UTC instant (see the module docstring); None if it is not a time.

    A value that does not parse is treated as absent rather than raising: a
    list of deadlines must still show for a case with one garbled field.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0, 0))
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            moment = (
                datetime.combine(date.fromisoformat(text), time(0, 0))
                if len(text) == 10
                else datetime.fromisoformat(text)
            )
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone.tzinfo)
    return moment.astimezone(UTC)


def format_local(instant: datetime, zone: Zone, *, with_time: bool = True) -> str:
    """``02/03/2026 07:00 WITA``: dd/mm/yyyy in the case's zone (no locale, same on Windows)."""
    local = instant.astimezone(zone.tzinfo)
    day = f"{local.day:02d}/{local.month:02d}/{local.year:04d}"
    if not with_time:
        return f"{day} {zone.name}"
    return f"{day} {local.hour:02d}:{local.minute:02d} {zone.name}"


def require_aware_utc(now: datetime) -> datetime:
    """``now`` in UTC; a naive datetime is a programming error (which zone would it be?)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime (UTC)")
    return now.astimezone(UTC)


# ------------------------------------------------------------------ durations

DurationUnit = Literal["hours", "days"]


@dataclass(frozen=True)
class Duration:
    """A deadline's length as the rule states it (72 hours, 14 days; 0 hours = immediately)."""

    amount: int
    unit: DurationUnit

    @property
    def delta(self) -> timedelta:
        return timedelta(hours=self.amount) if self.unit == "hours" else timedelta(days=self.amount)

    @property
    def immediate(self) -> bool:
        return self.amount == 0

    def describe(self, language: str = "id") -> str:
        if self.immediate:
            return "immediately" if language == "en" else "segera"
        if language == "en":
            word = "hour" if self.unit == "hours" else "day"
            return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"
        return f"{self.amount} {'jam' if self.unit == 'hours' else 'hari'}"


# ------------------------------------------------------------------ case fields

#: ``name``, ``prefix[*].name`` or ``prefix[.].name``.
FIELD_PATH_RE = re.compile(r"(?:([A-Za-z][A-Za-z0-9_]*)\[([*.])\]\.)?([A-Za-z][A-Za-z0-9_]*)")
_RECORD_KEY_RE = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\[([1-9][0-9]*)\]\.([A-Za-z][A-Za-z0-9_]*)")

ANY_ROW = "*"
THIS_ROW = "."


@dataclass(frozen=True)
class FieldPath:
    """A field named in a rule: a case field, or a field of any / this record."""

    name: str
    prefix: str | None = None
    #: ``*`` (any record) or ``.`` (the record being evaluated); None for a case field.
    row: str | None = None

    @classmethod
    def parse(cls, text: str) -> FieldPath | None:
        match = FIELD_PATH_RE.fullmatch(text)
        if match is None:
            return None
        prefix, row, name = match.groups()
        return cls(name, prefix, row)

    def __str__(self) -> str:
        return self.name if self.prefix is None else f"{self.prefix}[{self.row}].{self.name}"


@dataclass(frozen=True)
class Scope:
    """The record a per-record rule is being evaluated for (``rujukan`` number 2)."""

    prefix: str
    index: int


class CaseView:
    """Read access to a case's flat fields, with records and repeat rows grouped.

    Built once per case and evaluation: grouping ``rujukan[3].x`` keys is a
    single pass, after which every rule reads dictionaries.
    """

    def __init__(self, fields: Mapping[str, object]) -> None:
        self.fields = fields

    @cached_property
    def _rows(self) -> Mapping[str, Mapping[int, Mapping[str, object]]]:
        rows: dict[str, dict[int, dict[str, object]]] = {}
        for key, value in self.fields.items():
            match = _RECORD_KEY_RE.fullmatch(key)
            if match is not None:
                prefix, index, name = match.groups()
                rows.setdefault(prefix, {}).setdefault(int(index), {})[name] = value
        return rows

    def row_indexes(self, prefix: str) -> tuple[int, ...]:
        """The record or row numbers present for ``prefix``, in order."""
        return tuple(sorted(self._rows.get(prefix, {})))

    def values(self, path: FieldPath, scope: Scope | None = None) -> list[object]:
        """Every present value the path names (one for a case field, one per record for ``[*]``)."""
        if path.prefix is None:
            found = [self.fields.get(path.name)]
        elif path.row == THIS_ROW:
            if scope is None or scope.prefix != path.prefix:
                raise ValueError(f"{path} is only meaningful inside a per-record rule")
            found = [self._rows.get(path.prefix, {}).get(scope.index, {}).get(path.name)]
        else:
            found = [
                row.get(path.name) for _, row in sorted(self._rows.get(path.prefix, {}).items())
            ]
        return [v for v in found if is_present(v)]


def is_present(value: object) -> bool:
    """A field counts as filled unless it is missing, None, an empty text or an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return len(value) > 0
    return True


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _selected(value: object) -> tuple[str, ...]:
    """A select_multiple answer: space-separated text (XLSForm) or a JSON list."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_as_text(v) for v in value)
    return tuple(_as_text(value).split())


# ------------------------------------------------------------------ conditions

Operator = Literal["present", "equals", "in", "includes"]


@dataclass(frozen=True)
class FieldTest:
    """One test on one field; for ``[*]`` it holds when any record passes it."""

    path: FieldPath
    op: Operator
    values: tuple[str, ...] = ()

    def holds(self, view: CaseView, scope: Scope | None = None) -> bool:
        found = view.values(self.path, scope)
        if self.op == "present":
            return bool(found)
        if self.op in ("equals", "in"):
            return any(_as_text(v) in self.values for v in found)
        return any(set(self.values) & set(_selected(v)) for v in found)

    def paths(self) -> Iterator[FieldPath]:
        yield self.path


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]

    def holds(self, view: CaseView, scope: Scope | None = None) -> bool:
        return all(c.holds(view, scope) for c in self.items)

    def paths(self) -> Iterator[FieldPath]:
        for c in self.items:
            yield from c.paths()


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def holds(self, view: CaseView, scope: Scope | None = None) -> bool:
        return any(c.holds(view, scope) for c in self.items)

    def paths(self) -> Iterator[FieldPath]:
        for c in self.items:
            yield from c.paths()


@dataclass(frozen=True)
class Not:
    item: Condition

    def holds(self, view: CaseView, scope: Scope | None = None) -> bool:
        return not self.item.holds(view, scope)

    def paths(self) -> Iterator[FieldPath]:
        yield from self.item.paths()


Condition = FieldTest | AllOf | AnyOf | Not


# ------------------------------------------------------------------ deadlines


class DeadlineState(StrEnum):
    #: The rule applies but its clock has not started (e.g. no police report date yet).
    NOT_STARTED = "not_started"
    PENDING = "pending"
    #: Inside the rule's warning window before the due time.
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"


#: Most urgent first, for sorting lists.
STATE_RANK: Mapping[DeadlineState, int] = {
    DeadlineState.OVERDUE: 0,
    DeadlineState.DUE_SOON: 1,
    DeadlineState.PENDING: 2,
    DeadlineState.NOT_STARTED: 3,
    DeadlineState.MET: 4,
}

RuleSource = Literal["law", "SOP", "practice"]


@dataclass(frozen=True)
class Deadline:
    """One rule of PROCEDURE.md's deadline table, as data (see docs/procedure.md)."""

    id: str
    label: Text
    stage: str
    #: Fields holding the clock start; the earliest (or latest) present value counts.
    start: tuple[FieldPath, ...]
    duration: Duration
    source: RuleSource
    rule: Text
    configurable: bool = False
    start_pick: Literal["earliest", "latest"] = "earliest"
    when: Condition | None = None
    #: Any of these fields present means the deadline was met...
    met_by: tuple[FieldPath, ...] = ()
    #: ...or this condition holds.
    met_when: Condition | None = None
    #: Where the time it was met is read (default: met_by).
    met_at: tuple[FieldPath, ...] = ()
    warn_before: Duration | None = None
    duration_label: Text | None = None
    #: Evaluated once per record of this prefix (``[.]`` paths name that record).
    per_record: str | None = None
    #: Tracked only if, at the time in this field, the deadline had not already passed.
    applies_if_open_at: FieldPath | None = None
    #: A rule that starts again after each event (next review): never "met".
    recurring: bool = False

    @property
    def immediate(self) -> bool:
        return self.duration.immediate

    def describe_duration(self, language: str = "id") -> str:
        """``segera`` / ``immediately`` for 0 h, the legal wording (3×24 jam) where given."""
        if self.immediate:
            return self.duration.describe(language)
        if self.duration_label is not None:
            return self.duration_label.get(language)
        return self.duration.describe(language)

    def paths(self) -> Iterator[FieldPath]:
        """Every field the rule reads (the forms must keep them)."""
        yield from self.start
        yield from self.met_by
        yield from self.met_at
        for condition in (self.when, self.met_when):
            if condition is not None:
                yield from condition.paths()
        if self.applies_if_open_at is not None:
            yield self.applies_if_open_at

    def warning(self) -> timedelta:
        if self.warn_before is not None:
            return self.warn_before.delta
        return self.duration.delta / 4

    def evaluate(self, view: CaseView, zone: Zone, now: datetime) -> list[DeadlineStatus]:
        """This rule on one case: none if it does not apply, one status per record if per-record."""
        if self.per_record is None:
            found = self._evaluate(view, zone, now, None)
            return [found] if found is not None else []
        statuses = []
        for index in view.row_indexes(self.per_record):
            found = self._evaluate(view, zone, now, Scope(self.per_record, index))
            if found is not None:
                statuses.append(found)
        return statuses

    def _evaluate(
        self, view: CaseView, zone: Zone, now: datetime, scope: Scope | None
    ) -> DeadlineStatus | None:
        if self.when is not None and not self.when.holds(view, scope):
            return None
        record = scope.index if scope is not None else None
        starts = _instants(view, self.start, zone, scope)
        start = (min if self.start_pick == "earliest" else max)(starts) if starts else None
        due = start + self.duration.delta if start is not None else None
        if self.applies_if_open_at is not None and due is not None:
            opened = _instants(view, (self.applies_if_open_at,), zone, scope)
            if opened and min(opened) > due:
                return None
        if self._met(view, scope):
            met_times = _instants(view, self.met_at or self.met_by, zone, scope)
            met_at = min(met_times) if met_times else None
            return DeadlineStatus(self, DeadlineState.MET, start, due, met_at, record)
        if due is None:
            return DeadlineStatus(self, DeadlineState.NOT_STARTED, None, None, None, record)
        if now > due:
            state = DeadlineState.OVERDUE
        elif now >= due - self.warning():
            state = DeadlineState.DUE_SOON
        else:
            state = DeadlineState.PENDING
        return DeadlineStatus(self, state, start, due, None, record)

    def _met(self, view: CaseView, scope: Scope | None) -> bool:
        if self.recurring:
            return False
        if any(view.values(p, scope) for p in self.met_by):
            return True
        return self.met_when is not None and self.met_when.holds(view, scope)


def _instants(
    view: CaseView, paths: Sequence[FieldPath], zone: Zone, scope: Scope | None
) -> list[datetime]:
    found = (parse_instant(v, zone) for p in paths for v in view.values(p, scope))
    return [t for t in found if t is not None]


@dataclass(frozen=True)
class DeadlineStatus:
    """Where one deadline stands for one case (and one record) at one moment. Times in UTC."""

    deadline: Deadline
    state: DeadlineState
    start: datetime | None
    due: datetime | None
    met_at: datetime | None = None
    #: The record number for a per-record deadline (``rujukan[2]`` -> 2).
    record: int | None = None

    @property
    def open(self) -> bool:
        """Still to do: started and not met."""
        return self.state in (DeadlineState.PENDING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)

    def describe_due(self, zone: Zone, language: str = "id") -> str:
        """What a worker reads: ``segera`` for an immediate rule, else the local due time."""
        if self.deadline.immediate:
            return self.deadline.describe_duration(language)
        if self.due is None:
            return "belum mulai" if language != "en" else "not started"
        return format_local(self.due, zone)

    def sort_key(self) -> tuple[int, datetime, str, int]:
        far = datetime.max.replace(tzinfo=UTC)
        return (STATE_RANK[self.state], self.due or far, self.deadline.id, self.record or 0)

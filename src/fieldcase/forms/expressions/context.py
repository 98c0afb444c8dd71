"""What an expression may ask of the form while it is evaluated.

The engine never sees the form's data structure: it asks the context by field
name, and the context answers with values *as stored* (``None``/``""`` for
empty, ``str``, ``int``, ``float``, ``bool``, ``list[str]`` for
select_multiple, ``datetime.date``/``datetime.datetime``/``datetime.time``).
That keeps repeat handling, relevance (a non-relevant field answers ``None``,
as in ODK) and storage in the form engine, and keeps this package testable
with a dictionary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class EvalContext(Protocol):
    """The form engine's side of an evaluation."""

    def value(self, name: str) -> object:
        """The current answer of ``name``.

        Inside a repeat the context resolves ``name`` relative to the current
        repeat instance (ODK's relative-reference rule): a sibling field gives
        this row's answer; a field outside the repeat its single answer.
        """
        ...

    def values(self, name: str) -> Sequence[object]:
        """Every instance of ``name`` across repeat rows, for count/sum/max/min.

        A field outside any repeat gives ``[value]``; the name of a repeat
        group gives one item per row (``count(${children})`` counts rows).
        """
        ...

    def current(self) -> object:
        """``.``: the answer of the field being evaluated (constraints, ``once``)."""
        ...

    def choice_column(self, name: str) -> object | None:
        """A bare name in ``choice_filter``: that column of the choice being filtered."""
        ...

    def choice_label(self, field: str, value: str) -> str | None:
        """The label (in the current language) of choice ``value`` of ``field``'s list."""
        ...

    def today(self) -> date:
        """Today in the worker's zone; injectable so tests and replays are stable."""
        ...

    def now(self) -> datetime:
        """Now, timezone-aware."""
        ...

    def position(self) -> int:
        """1-based position of the current repeat instance, 0 outside repeats."""
        ...


def _today() -> date:
    return datetime.now().astimezone().date()


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class DictContext:
    """A context over plain dictionaries: for tests, previews and simple forms.

    ``answers`` maps field names to stored values; ``repeats`` maps a name to
    its values across repeat rows (used by ``values``; a name not listed there
    gives ``[answers[name]]``, or ``[]`` when it has no answer at all);
    ``choice`` is the choice row during ``choice_filter``; ``labels`` maps
    field → choice name → label. ``today_value``/``now_value`` pin the clock.
    """

    answers: Mapping[str, object] = field(default_factory=dict)
    repeats: Mapping[str, Sequence[object]] = field(default_factory=dict)
    current_value: object = None
    choice: Mapping[str, object] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    today_value: date | None = None
    now_value: datetime | None = None
    position_value: int = 0

    def value(self, name: str) -> object:
        return self.answers.get(name)

    def values(self, name: str) -> Sequence[object]:
        found = self.repeats.get(name)
        if found is not None:
            return found
        if name in self.answers:
            return [self.answers[name]]
        return []

    def current(self) -> object:
        return self.current_value

    def choice_column(self, name: str) -> object | None:
        return self.choice.get(name)

    def choice_label(self, field: str, value: str) -> str | None:
        return self.labels.get(field, {}).get(value)

    def today(self) -> date:
        return self.today_value if self.today_value is not None else _today()

    def now(self) -> datetime:
        return self.now_value if self.now_value is not None else _now()

    def position(self) -> int:
        return self.position_value

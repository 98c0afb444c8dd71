"""XPath values and the conversions between them (XPath 1.0 as JavaRosa applies it).

Inside the engine a value is one of: ``str``, ``float`` (every number; NaN is
"no number"), ``bool``, ``datetime.date`` / ``datetime.datetime``, or a
``NodeSet`` (only ever handed to functions that take one, such as ``count``).

What the form engine stores is turned into these by :func:`atomise`:
``None`` is the empty string (an unanswered field is ``""``, and NaN as a
number, so ``${age} < 18`` is false when age is empty); ``int`` becomes
``float``; a select_multiple list becomes its ODK form, the names joined by
single spaces.

Conversions follow JavaRosa (``XPathFuncExpr.toNumeric/toString/toBoolean``):

- number(): strings are trimmed, ``,`` is read as the decimal point (common
  in Indonesia; JavaRosa does the same), then only digits, ``-`` and ``.``
  are allowed: ``"1e3"``, ``"+5"``, ``"abc"`` and ``""`` are NaN. true is 1.
  Dates are day numbers (see dates.py).
- string(): whole numbers print without ``.0``, numbers within 1e-12 of a
  whole number too (so ``0.1 * 30`` prints ``3``), others in the shortest
  round-trip form without exponent; NaN is ``"NaN"``; booleans
  ``"true"``/``"false"``; dates ``YYYY-MM-DD``; datetimes XForms-style
  ``2024-03-15T10:30:00.000+07:00`` (JavaRosa prints only the date there).
- boolean(): a number is true unless within 1e-12 of 0 or NaN; a string is
  true unless empty; a date is true.

Comparisons (JavaRosa's ``XPathEqExpr``/``XPathCmpExpr``, plus a date rule):

- ``=``/``!=``: if either side is a boolean, compare as booleans; else if
  either side is a date, compare day numbers (a string on the other side is
  read as a date when it looks like one; if not it is NaN and never equal);
  else if either is a number, compare as numbers (within 1e-12); else as
  strings. ``!=`` is always the negation of ``=``.
- ``< <= > >=``: both sides as numbers, NaN makes the comparison false; when
  one side is a date, a date-looking string on the other side is read as a
  date. Two plain strings are compared as numbers (XPath 1.0), so
  ``'2024-01-05' < '2024-02-01'`` is false: wrap such strings in ``date()``.
- ``+ - * div mod``: numbers, with the same date rule for strings; ``div`` by
  zero gives ±Infinity or NaN and ``mod`` is the remainder with the sign of
  the dividend (Java's ``%``), never a Python exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeAlias

from .dates import day_number, from_time, iso_date, iso_datetime, parse_temporal

NAN = math.nan
INF = math.inf


@dataclass(frozen=True, slots=True)
class NodeSet:
    """The values of one field across all repeat instances (``ctx.values(name)``), atomised."""

    values: tuple[Atomic, ...]

    def first(self) -> Atomic:
        """XPath's rule for using a node-set as a single value: its first node, or ""."""
        return self.values[0] if self.values else ""


Atomic: TypeAlias = str | float | bool | date  # date includes datetime
XPathValue: TypeAlias = str | float | bool | date | datetime | NodeSet


def atomise(raw: object) -> Atomic:
    """An answer as the form engine stores it → an XPath value."""
    cls = raw.__class__
    if cls is str or cls is float or cls is bool:
        return raw  # type: ignore[return-value]
    if raw is None:
        return ""
    if cls is int:
        return _int_to_float(raw)  # type: ignore[arg-type]
    if isinstance(raw, list | tuple):
        return " ".join(to_string(atomise(item)) for item in raw)
    if isinstance(raw, date):
        return raw
    if isinstance(raw, time):
        return from_time(raw)
    if isinstance(raw, NodeSet):
        return raw.first()
    if isinstance(raw, str):
        return str(raw)
    if isinstance(raw, bool):
        return bool(raw)
    if isinstance(raw, int):
        return _int_to_float(int(raw))
    if isinstance(raw, float | Decimal):
        return float(raw)
    return str(raw)


def _int_to_float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return INF if value > 0 else -INF


def first(value: XPathValue) -> Atomic:
    return value.first() if isinstance(value, NodeSet) else value


def items(value: XPathValue) -> tuple[Atomic, ...]:
    """All values of a node-set argument; a single value is a one-item list."""
    return value.values if isinstance(value, NodeSet) else (value,)


# -- number ---------------------------------------------------------------------------------

_NUMBER_CHARS = frozenset("-.0123456789")


def parse_number(text: str) -> float:
    """XPath number(string) with JavaRosa's comma rule; NaN when it is not a number."""
    cleaned = text.replace(",", ".").strip()
    if not cleaned or not _NUMBER_CHARS.issuperset(cleaned):
        return NAN
    try:
        return float(cleaned)
    except ValueError:
        return NAN


def to_number(value: XPathValue) -> float:
    cls = value.__class__
    if cls is float:
        return value  # type: ignore[return-value]
    if cls is str:
        return parse_number(value)  # type: ignore[arg-type]
    if cls is bool:
        return 1.0 if value else 0.0
    if isinstance(value, date):
        return day_number(value)
    if isinstance(value, NodeSet):
        return to_number(value.first())
    return NAN


def date_or_number(value: XPathValue) -> float:
    """Like to_number, but a date-looking string counts as that date's day number."""
    if isinstance(value, str):
        parsed = parse_temporal(value)
        return day_number(parsed) if parsed is not None else parse_number(value)
    return to_number(value)


def numeric_pair(a: XPathValue, b: XPathValue) -> tuple[float, float]:
    """Both operands as numbers for arithmetic and ordering, with the date rule."""
    if isinstance(a, date) or isinstance(b, date):
        return date_or_number(a), date_or_number(b)
    return to_number(a), to_number(b)


def java_int(value: float) -> int:
    """Java's ``(int) double``: NaN is 0, out-of-range values saturate, the rest truncate."""
    if value != value:
        return 0
    if value >= 2_147_483_647:
        return 2_147_483_647
    if value <= -2_147_483_648:
        return -2_147_483_648
    return int(value)


# -- string ---------------------------------------------------------------------------------


def format_number(value: float) -> str:
    if value != value:
        return "NaN"
    if value == INF:
        return "Infinity"
    if value == -INF:
        return "-Infinity"
    nearest = round(value)
    if abs(value - nearest) < 1e-12:
        return str(int(nearest))
    text = repr(value)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def to_string(value: XPathValue) -> str:
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[return-value]
    if cls is float:
        return format_number(value)  # type: ignore[arg-type]
    if cls is bool:
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return iso_date(value)
    if isinstance(value, NodeSet):
        return to_string(value.first())
    return str(value)


# -- boolean --------------------------------------------------------------------------------


def to_boolean(value: XPathValue) -> bool:
    cls = value.__class__
    if cls is bool:
        return value  # type: ignore[return-value]
    if cls is str:
        return value != ""
    if cls is float:
        return abs(value) > 1e-12  # type: ignore[arg-type]  # False for NaN too
    if isinstance(value, NodeSet):
        return to_boolean(value.first())
    return True  # a date


# -- comparison -----------------------------------------------------------------------------


def numbers_equal(a: float, b: float) -> bool:
    return a == b or abs(a - b) < 1e-12


def equals(a: XPathValue, b: XPathValue) -> bool:
    """XPath ``=`` as JavaRosa's XPathEqExpr, plus the date rule of the module docstring."""
    if isinstance(a, NodeSet):
        a = a.first()
    if isinstance(b, NodeSet):
        b = b.first()
    ca, cb = a.__class__, b.__class__
    if ca is str and cb is str:
        return a == b
    if ca is bool or cb is bool:
        return to_boolean(a) == to_boolean(b)
    if isinstance(a, date) or isinstance(b, date):
        return numbers_equal(date_or_number(a), date_or_number(b))
    if ca is float or cb is float:
        return numbers_equal(to_number(a), to_number(b))
    return to_string(a) == to_string(b)


def is_empty(value: XPathValue) -> bool:
    """JavaRosa's isNull: "" and NaN are empty (``coalesce``, ``once``)."""
    value = first(value)
    return value == "" or (value.__class__ is float and value != value)

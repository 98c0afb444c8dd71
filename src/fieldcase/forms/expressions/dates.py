"""Dates and times inside expressions: parsing, day numbers, ``format-date``.

The choices, and why:

- Dates are ``datetime.date``, instants ``datetime.datetime``, as the form
  engine stores them. ODK ``time`` answers (``datetime.time``) become a
  datetime on 1970-01-01, as in JavaRosa, so they compare and format.
- A date's number is its count of days since 1970-01-01 (JavaRosa:
  ``today() - ${dob}`` is a number of days, ``date(19000)`` a date). A
  datetime's number is fractional days on its *own wall clock* (a WITA answer
  of 10:00 is 10:00, whatever the laptop's zone); ``decimal-date-time`` uses
  the same number, so ``date(decimal-date-time(x))`` is x's calendar day.
  JavaRosa rounds datetimes to whole days in comparisons and counts
  ``decimal-date-time`` from UTC; we do neither, so two answers on the same
  day still compare by time and a WIB day never shifts by seven hours.
- Strings are parsed as dates only by the date functions and where the other
  side of a comparison or of ``+``/``-`` is already a date (see values.py):
  ``YYYY-MM-DD`` (month and day may have one digit, as JavaRosa allows),
  optionally ``THH:MM[:SS[.fff]]`` and ``Z`` or ``±HH[:MM]``. The offset is
  kept on the datetime; the wall-clock time is what counts.
- ``format-date`` is implemented here, not with ``strftime``: strftime
  depends on the process locale and platform (Windows!) and pads years
  differently. Month and weekday names (``%b``, ``%a``) are English
  abbreviations, the same on every laptop.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from .errors import EvalProblem

EPOCH = date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FORMAT_ESCAPES = frozenset("%YymnbdeHhMS3aW")


def day_number(value: date) -> float:
    """Days since 1970-01-01; fractional for a datetime (its wall clock)."""
    days = float(value.toordinal() - EPOCH_ORDINAL)
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        days += (seconds + value.microsecond / 1_000_000) / 86_400
    return days


def time_of_day(value: date) -> float:
    """The fraction of the day elapsed on the value's wall clock (0 for a date)."""
    if not isinstance(value, datetime):
        return 0.0
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return (seconds + value.microsecond / 1_000_000) / 86_400


def from_time(value: time) -> datetime:
    return datetime.combine(EPOCH, value)


def from_day_number(days: float, *, keep_time: bool, function: str) -> date:
    """The date (or datetime) ``days`` after 1970-01-01.

    Without ``keep_time`` the fraction is cut toward zero, as JavaRosa's
    ``date()`` does; with it, the fraction becomes the time of day.
    """
    if not math.isfinite(days):
        raise _out_of_range(function)
    whole = math.floor(days) if keep_time else math.trunc(days)
    ordinal = EPOCH_ORDINAL + whole
    if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
        raise _out_of_range(function)
    day = date.fromordinal(ordinal)
    if not keep_time:
        return day
    millis = round((days - whole) * 86_400_000)
    try:
        return datetime.combine(day, time()) + timedelta(milliseconds=millis)
    except OverflowError:
        raise _out_of_range(function) from None


def _out_of_range(function: str) -> EvalProblem:
    return EvalProblem(
        function,
        "angka di luar rentang tanggal yang dapat ditampilkan",
        "the number is outside the range of dates that can be shown",
    )


def parse_temporal(text: str) -> date | None:
    """``YYYY-MM-DD`` → date, ``YYYY-MM-DDTHH:MM[...]`` → datetime, anything else → None."""
    day_part, sep, time_part = text.partition("T")
    pieces = day_part.split("-")
    if len(pieces) != 3 or not all(_is_digits(p) for p in pieces):
        return None
    year, month, day = pieces
    if len(year) > 4 or len(month) > 2 or len(day) > 2:
        return None
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not sep:
        return parsed
    clock = parse_time(time_part)
    if clock is None:
        return None
    return datetime.combine(parsed, clock)


def parse_time(text: str) -> time | None:
    """``HH:MM[:SS[.fff]]`` with an optional ``Z`` or ``±HH[:MM]``; else None."""
    if len(text) < 5 or text[2] != ":" or not text.isascii():
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def iso_datetime(value: datetime) -> str:
    """The XForms dateTime form: ``2024-03-15T10:30:00.000+07:00`` (no offset if naive)."""
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        f".{value.microsecond // 1000:03d}"
    )
    offset = value.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def iso_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def check_format(pattern: str) -> tuple[str, str] | None:
    """The problem with a ``format-date`` pattern (Indonesian, English), or None if it is fine."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "%":
            if i + 1 >= len(pattern):
                return ("pola tanggal berakhir dengan '%'", "the date pattern ends with '%'")
            code = pattern[i + 1]
            if code not in _FORMAT_ESCAPES:
                return (
                    f"kode pola tanggal '%{code}' tidak dikenal",
                    f"unknown date pattern code '%{code}'",
                )
            i += 2
        else:
            i += 1
    return None


def format_date(value: date, pattern: str, function: str = "format-date") -> str:
    """JavaRosa's ``format-date`` codes: %Y %y %m %n %b %d %e %H %h %M %S %3 %a %W %%."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char != "%":
            out.append(char)
            i += 1
            continue
        if i + 1 >= len(pattern):
            raise EvalProblem(
                function, "pola tanggal berakhir dengan '%'", "the date pattern ends with '%'"
            )
        out.append(_format_code(moment, pattern[i + 1], function))
        i += 2
    return "".join(out)


def _format_code(moment: datetime, code: str, function: str) -> str:
    match code:
        case "%":
            return "%"
        case "Y":
            return f"{moment.year:04d}"
        case "y":
            return f"{moment.year:04d}"[2:]
        case "m":
            return f"{moment.month:02d}"
        case "n":
            return str(moment.month)
        case "b":
            return _MONTHS[moment.month - 1]
        case "d":
            return f"{moment.day:02d}"
        case "e":
            return str(moment.day)
        case "H":
            return f"{moment.hour:02d}"
        case "h":
            return str(moment.hour)
        case "M":
            return f"{moment.minute:02d}"
        case "S":
            return f"{moment.second:02d}"
        case "3":
            return f"{moment.microsecond // 1000:03d}"
        case "a":
            return _WEEKDAYS[moment.weekday()]
        case "W":
            return str(moment.isocalendar().week)
    raise EvalProblem(
        function,
        f"kode pola tanggal '%{code}' tidak dikenal",
        f"unknown date pattern code '%{code}'",
    )

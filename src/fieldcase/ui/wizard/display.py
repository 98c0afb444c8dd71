"""Answers as a worker reads and types them: dd/mm/yyyy, local time with its zone, labels.

Qt-free on purpose (the engine and the review use it, and tests run it
without a display). Storage forms, and why:

- a date is stored as ISO ``YYYY-MM-DD``;
- a datetime is an instant, stored in UTC as ``YYYY-MM-DDTHH:MM:SSZ``
  (DESIGN.md, "Field realities"); it is shown, typed and handed to
  expressions in the worker's zone, named WIB/WITA/WIT when it is one of
  Indonesia's three zones;
- integers and decimals are JSON numbers, select_multiple a list of choice
  names in the form's order, acknowledge the string ``"OK"`` (as ODK).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from fieldcase.forms.expressions.values import format_number
from fieldcase.forms.model import Choice, Form, Question, QuestionType

#: The value an acknowledge question stores when ticked (ODK's convention).
ACKNOWLEDGED = "OK"

_ZONE_NAMES = {7 * 60: "WIB", 8 * 60: "WITA", 9 * 60: "WIT"}

_DATE_INPUT = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")
_ISO_DATE_INPUT = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_TIME_INPUT = re.compile(r"\s*(\d{1,2})\s*[:.]\s*(\d{2})\s*")
_COMPACT_TIME_INPUT = re.compile(r"\s*(\d{2})(\d{2})\s*")


def local_zone() -> tzinfo:
    """The laptop's zone as a fixed offset (what ``datetime.astimezone()`` gives)."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def zone_label(moment: datetime) -> str:
    """``WIB``/``WITA``/``WIT`` for Indonesia's zones, else ``UTC+05:30`` style."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    name = _ZONE_NAMES.get(minutes)
    if name is not None:
        return name
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


# ------------------------------------------------------------------ storage forms


def iso_date(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def utc_iso(moment: datetime, zone: tzinfo | None = None) -> str:
    """An instant as stored: UTC, seconds, ``Z`` (a naive value is read in ``zone``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone or local_zone())
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stored_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_stored_datetime(value: object, zone: tzinfo | None = None) -> datetime | None:
    """A stored instant (any ISO form; naive read as UTC) in ``zone``."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or local_zone())


# ------------------------------------------------------------------ typing


def parse_date_input(text: str) -> date | None:
    """What a worker types: ``17/08/2015``, ``17-8-2015``, ``17.08.2015`` (or ISO)."""
    match = _DATE_INPUT.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE_INPUT.fullmatch(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    if year < 1900:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time_input(text: str) -> time | None:
    """``14:30``, ``9.05`` or ``1430``; None when it is not a time of day."""
    match = _TIME_INPUT.fullmatch(text) or _COMPACT_TIME_INPUT.fullmatch(text)
    if not match:
        return None
    hour, minute = (int(g) for g in match.groups())
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_time(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_datetime(moment: datetime) -> str:
    return f"{format_date(moment)} {format_time(moment)} {zone_label(moment)}"


# ------------------------------------------------------------------ showing


def choice_label(choices: Sequence[Choice], name: str, language: str) -> str:
    for choice in choices:
        if choice.name == name:
            return choice.label.get(language) or name
    return name


def display_value(
    form: Form, question: Question, value: object, language: str, zone: tzinfo | None = None
) -> str:
    """An answer as text for a person: labels of choices, dd/mm/yyyy, local time and zone."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.type
    if kind is QuestionType.SELECT_ONE:
        return choice_label(form.choices_for(question), str(value), language)
    if kind is QuestionType.SELECT_MULTIPLE:
        names = value if isinstance(value, list) else str(value).split()
        choices = form.choices_for(question)
        return ", ".join(choice_label(choices, str(n), language) for n in names)
    if kind is QuestionType.DATE:
        day = parse_stored_date(value)
        return format_date(day) if day else str(value)
    if kind is QuestionType.DATETIME:
        moment = parse_stored_datetime(value, zone)
        return format_datetime(moment) if moment else str(value)
    if kind is QuestionType.ACKNOWLEDGE:
        return "✓ Ya" if language == "id" else "✓ Yes"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return format_number(float(value))
    return str(value)

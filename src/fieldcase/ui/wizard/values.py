"""Answers in their storage form: what a person gives, and what an expression computes.

Qt-free. ``normalise`` checks and canonicalises an answer (empty is None,
select_multiple in the form's order, datetimes as UTC instants); ``coerce``
turns an expression's XPath result (a calculate, a default) into a value of
the question's type.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from enum import StrEnum

from fieldcase.core.changes import JsonValue
from fieldcase.forms.expressions.dates import parse_temporal
from fieldcase.forms.expressions.values import NodeSet, XPathValue, to_boolean, to_number, to_string
from fieldcase.forms.model import Form, Question, QuestionType
from fieldcase.ui.wizard import display


def context_value(value: object) -> JsonValue:
    if isinstance(value, StrEnum):
        return str(value.value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _ordered(question: Question, form: Form, names: Iterable[str]) -> list[str]:
    """Choice names in the form's order, each once (so equal answers compare equal)."""
    wanted = list(dict.fromkeys(names))
    order = {c.name: i for i, c in enumerate(form.choices_for(question))}
    return sorted(wanted, key=lambda n: order.get(n, len(order)))


def normalise(question: Question, value: JsonValue, form: Form, zone: tzinfo) -> JsonValue:
    """A person's answer in its storage form; None when empty. ValueError if unusable."""
    if _is_blank(value):
        return None
    kind = question.type
    if kind is QuestionType.TEXT:
        return str(value)
    if kind is QuestionType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError("not an integer")
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        if not number.is_integer():
            raise ValueError("not an integer")
        return int(number)
    if kind is QuestionType.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError("not a number")
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        if not math.isfinite(number):
            raise ValueError("not a number")
        return number
    if kind is QuestionType.DATE:
        day = display.parse_stored_date(value)
        if day is None:
            raise ValueError("not a date")
        return display.iso_date(day)
    if kind is QuestionType.DATETIME:
        if isinstance(value, datetime):
            return display.utc_iso(value, zone)
        moment = display.parse_stored_datetime(value, zone)
        if moment is None:
            raise ValueError("not a datetime")
        return display.utc_iso(moment)
    if kind is QuestionType.SELECT_MULTIPLE:
        names = value.split() if isinstance(value, str) else [str(v) for v in value]
        return _ordered(question, form, names) or None
    if kind is QuestionType.ACKNOWLEDGE:
        return display.ACKNOWLEDGED if value else None
    return str(value)


def coerce(question: Question, raw: XPathValue, zone: tzinfo) -> JsonValue:
    """An expression's result (calculate, default) as a value of ``question``'s type."""
    if isinstance(raw, NodeSet):
        raw = raw.first()
    if isinstance(raw, float) and math.isnan(raw):
        return None
    kind = question.type
    if kind in (QuestionType.CALCULATE, QuestionType.TEXT, QuestionType.SELECT_ONE):
        text = to_string(raw)
        return text or None
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        number = to_number(raw)
        if not math.isfinite(number):
            return None
        return int(number) if kind is QuestionType.INTEGER else number
    if kind in (QuestionType.DATE, QuestionType.DATETIME):
        moment: object = raw
        if isinstance(raw, str):
            moment = parse_temporal(raw)
        if not isinstance(moment, date):
            return None
        if kind is QuestionType.DATE:
            if isinstance(moment, datetime):
                moment = moment.astimezone(zone) if moment.tzinfo else moment
                return display.iso_date(moment.date())
            return display.iso_date(moment)
        if not isinstance(moment, datetime):
            moment = datetime(moment.year, moment.month, moment.day, tzinfo=zone)
        return display.utc_iso(moment, zone)
    if kind is QuestionType.SELECT_MULTIPLE:
        return to_string(raw).split() or None
    if kind is QuestionType.ACKNOWLEDGE:
        return display.ACKNOWLEDGED if to_boolean(raw) else None
    return to_string(raw) or None

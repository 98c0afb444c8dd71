"""Reading the ``type`` column: which XLSForm types fieldcase takes, and why not others.

pyxform accepts any word in ``type`` and only fails later, deep in XML
generation, with no row number. fieldcase reads the type itself, with
pyxform's own patterns for ``select_one list or_other`` and
``begin_group``, so that a typo or a type the wizards cannot show is
reported at its cell, in words an organisation's form author understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pyxform import aliases
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_SELECT

from fieldcase.forms.model import QuestionType

_PLAIN: dict[str, QuestionType] = {
    "text": QuestionType.TEXT,
    "string": QuestionType.TEXT,
    "integer": QuestionType.INTEGER,
    "int": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "date": QuestionType.DATE,
    "datetime": QuestionType.DATETIME,
    "note": QuestionType.NOTE,
    "calculate": QuestionType.CALCULATE,
    "acknowledge": QuestionType.ACKNOWLEDGE,
    "trigger": QuestionType.ACKNOWLEDGE,
}

#: pyxform's JSON "type" for each supported question type.
JSON_TYPES: dict[str, QuestionType] = {
    **_PLAIN,
    "dateTime": QuestionType.DATETIME,
    "select one": QuestionType.SELECT_ONE,
    "select all that apply": QuestionType.SELECT_MULTIPLE,
}

SUPPORTED_TEXT = (
    "text, integer, decimal, date, datetime, select_one <list>, select_multiple <list> "
    "(or_other), note, calculate, acknowledge, begin_group/end_group, begin_repeat/end_repeat"
)

_KNOWN_LOWER = frozenset(k.lower() for k in QUESTION_TYPE_DICT) | frozenset(
    k.lower() for k in aliases._type_alias_map
)
_WHITESPACE = re.compile(r"\s+")


class Kind(StrEnum):
    QUESTION = "question"
    BEGIN_GROUP = "begin_group"
    END_GROUP = "end_group"
    BEGIN_REPEAT = "begin_repeat"
    END_REPEAT = "end_repeat"


@dataclass(frozen=True)
class ParsedType:
    kind: Kind
    question_type: QuestionType | None = None
    list_name: str | None = None
    or_other: bool = False


@dataclass(frozen=True)
class TypeProblem:
    """Why a type cannot be used: ``known`` is True for a real XLSForm type fieldcase lacks."""

    text: str
    known: bool
    #: "select_one" with no list name after it.
    missing_list: bool = False


def parse_type(text: str) -> ParsedType | TypeProblem:
    """Read one ``type`` cell."""
    clean = _WHITESPACE.sub(" ", text.strip())
    begin = RE_BEGIN_CONTROL.match(clean)
    if begin:
        control = aliases.control[begin.group("type")]
        if control == "group" and not begin.group("list_name"):
            return ParsedType(Kind.BEGIN_GROUP)
        if control == "repeat" and not begin.group("list_name"):
            return ParsedType(Kind.BEGIN_REPEAT)
        return TypeProblem(clean, known=True)  # loops and "begin_group over x"
    end = RE_END_CONTROL.match(clean)
    if end:
        control = aliases.control[end.group("type")]
        if control in ("group", "repeat"):
            return ParsedType(Kind.END_GROUP if control == "group" else Kind.END_REPEAT)
        return TypeProblem(clean, known=True)
    select = RE_SELECT.match(clean)
    if select:
        command = aliases.select[select.group("select_command")]
        list_name = select.group("list_name")
        from_file = "file" in select.group("select_command") or "." in list_name
        if command == "select one" and not from_file:
            return ParsedType(
                Kind.QUESTION,
                QuestionType.SELECT_ONE,
                list_name,
                bool(select.group("specify_other")),
            )
        if command == "select all that apply" and not from_file:
            return ParsedType(
                Kind.QUESTION,
                QuestionType.SELECT_MULTIPLE,
                list_name,
                bool(select.group("specify_other")),
            )
        return TypeProblem(clean, known=True)
    plain = _PLAIN.get(clean.lower())
    if plain is not None:
        return ParsedType(Kind.QUESTION, plain)
    if clean.lower() in aliases.select or clean.lower() in ("select_one", "select_multiple"):
        return TypeProblem(clean, known=True, missing_list=True)
    first = clean.split(" ")[0].lower()
    known = (
        clean.lower() in _KNOWN_LOWER
        or first in ("select_one_external", "rank", "range", "osm")
        or first in aliases.select
    )
    return TypeProblem(clean, known=known)

"""The typed form model the wizards and the case store work from.

The loader turns an XLSForm into these frozen dataclasses once per process, so
nothing downstream ever looks at pyxform's loosely typed dicts. Expressions
stay as text here (``relevant``, ``constraint``...): the expression engine
compiles them, and the loader has already checked that it can.

Storage: a case stores one JSON value per *field path*. Groups are only pages
and never appear in a path; a repeat does, with a 1-based row index; a
*record form* (referrals, monitoring visits: forms filled once per event, see
:attr:`Form.record`) puts every path under ``<record>[<n>].``::

    nama                          a question at the top of the form
    pelaku[2].umur_pelaku         row 2 of the repeat "pelaku"
    rujukan[3].status_rujukan     the 3rd referral record
    kunjungan[1].kemajuan[2].x    a repeat row inside a record
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

#: Names of questions, groups and repeats (stricter than XLSForm: no "-" or ".",
#: because "." and "[" build storage paths).
NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

#: The languages every built-in form carries (codes as in "label::English (en)").
LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"

_EMPTY: Mapping[str, str] = MappingProxyType({})


class QuestionType(StrEnum):
    """The XLSForm types fieldcase supports (anything else is refused on load)."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    NOTE = "note"
    CALCULATE = "calculate"
    ACKNOWLEDGE = "acknowledge"

    @property
    def is_select(self) -> bool:
        return self in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)

    @property
    def holds_value(self) -> bool:
        """A note only shows text; every other type has a value to store."""
        return self is not QuestionType.NOTE


@dataclass(frozen=True)
class Translations:
    """One text in several languages, keyed by language code ("id", "en")."""

    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, str] | None = None, /, **texts: str) -> Translations:
        merged = {**(mapping or {}), **texts}
        return cls(tuple((lang, text) for lang, text in merged.items() if text))

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for lang, _ in self.texts)

    def get(self, language: str, fallback: str | None = DEFAULT_LANGUAGE) -> str:
        """The text in ``language``, else in ``fallback``, else any text, else ""."""
        found = dict(self.texts)
        if language in found:
            return found[language]
        if fallback is not None and fallback in found:
            return found[fallback]
        return self.texts[0][1] if self.texts else ""

    def has(self, language: str) -> bool:
        return any(lang == language for lang, _ in self.texts)

    def __bool__(self) -> bool:
        return bool(self.texts)


_NO_TEXT = Translations()


@dataclass(frozen=True)
class Choice:
    """One option of a choice list; ``columns`` are its extra columns (for choice_filter)."""

    name: str
    label: Translations
    columns: Mapping[str, str] = field(default_factory=lambda: _EMPTY, compare=False)
    row: int | None = None


#: The option pyxform adds to a select with ``or_other`` (its label is bilingual here).
OTHER_CHOICE = Choice("other", Translations.of(id="Lainnya", en="Other"))


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    def get(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)

    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.choices)


@dataclass(frozen=True)
class Question:
    """A question, note or calculate row. Expressions are XLSForm text (``${name}``)."""

    name: str
    type: QuestionType
    label: Translations = _NO_TEXT
    hint: Translations = _NO_TEXT
    row: int | None = None
    #: The repeat this question sits in (its rows are stored as ``repeat[i].name``).
    repeat: str | None = None
    #: "true()" or an expression; None when the question is optional.
    required: str | None = None
    required_message: Translations = _NO_TEXT
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Translations = _NO_TEXT
    #: "true()" or an expression; None when editable.
    readonly: str | None = None
    calculation: str | None = None
    #: The default value; an expression when ``default_is_expression``.
    default: str | None = None
    default_is_expression: bool = False
    choice_list: str | None = None
    choice_filter: str | None = None
    or_other: bool = False
    appearance: str | None = None
    parameters: Mapping[str, str] = field(default_factory=lambda: _EMPTY, compare=False)
    #: A calculate whose value the app supplies (see :mod:`fieldcase.forms.context`).
    is_context: bool = False
    #: The "specify other" text the loader adds after a select with ``or_other``.
    generated: bool = False

    @property
    def stored(self) -> bool:
        """True when the case keeps this question's value (not notes, not context)."""
        return self.type.holds_value and not self.is_context

    def expressions(self) -> Iterator[tuple[str, str]]:
        """(column, text) of every expression on this row, in sheet-column terms."""
        for column, text in (
            ("relevant", self.relevant),
            ("constraint", self.constraint),
            ("required", self.required),
            ("read_only", self.readonly),
            ("calculation", self.calculation),
            ("choice_filter", self.choice_filter),
            ("default", self.default if self.default_is_expression else None),
        ):
            if text and text not in _CONSTANT_BOOLS:
                yield column, text


_CONSTANT_BOOLS = frozenset({"true()", "false()"})


@dataclass(frozen=True)
class Group:
    """A group. At the top of a form it is one wizard page; inside a page, a section."""

    name: str
    label: Translations
    children: tuple[Node, ...]
    hint: Translations = _NO_TEXT
    row: int | None = None
    repeat: str | None = None
    relevant: str | None = None
    appearance: str | None = None
    #: True for a page the loader made around top-level questions outside any group.
    synthetic: bool = False

    def expressions(self) -> Iterator[tuple[str, str]]:
        if self.relevant and self.relevant not in _CONSTANT_BOOLS:
            yield "relevant", self.relevant


@dataclass(frozen=True)
class Repeat:
    """A repeat: a table of rows, each row one set of its questions."""

    name: str
    label: Translations
    children: tuple[Node, ...]
    hint: Translations = _NO_TEXT
    row: int | None = None
    relevant: str | None = None
    repeat_count: str | None = None
    appearance: str | None = None

    def expressions(self) -> Iterator[tuple[str, str]]:
        if self.relevant and self.relevant not in _CONSTANT_BOOLS:
            yield "relevant", self.relevant
        if self.repeat_count:
            yield "repeat_count", self.repeat_count


Node = Question | Group | Repeat

_SEGMENT = r"([A-Za-z][A-Za-z0-9_]*)\[([1-9][0-9]*)\]\."
_PATH_RE = re.compile(rf"(?:{_SEGMENT})?(?:{_SEGMENT})?([A-Za-z][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class PathParts:
    """A storage path taken apart (see the module docstring).

    With one ``[n]`` the path is read as a repeat row; whether that prefix is
    really a record is the form's business (:meth:`Form.question_at`).
    """

    name: str
    repeat: str | None = None
    index: int | None = None
    record: str | None = None
    record_index: int | None = None


def parse_path(path: str) -> PathParts | None:
    """``pelaku[2].umur_pelaku`` -> its parts; None if it is not a form field path."""
    match = _PATH_RE.fullmatch(path)
    if match is None:
        return None
    first, first_i, second, second_i, name = match.groups()
    if second is None:
        return PathParts(name, first, int(first_i) if first_i else None)
    if first is None:
        return PathParts(name, second, int(second_i))
    return PathParts(name, second, int(second_i), first, int(first_i))


@dataclass(frozen=True)
class Form:
    """One loaded XLSForm: settings, the tree of pages/questions, the choice lists."""

    form_id: str
    version: str
    title: Translations
    children: tuple[Node, ...]
    #: The wizard pages: the top-level groups, in order (questions outside any
    #: group are gathered into synthetic pages; top-level calculates are on no page).
    pages: tuple[Group, ...]
    choice_lists: Mapping[str, ChoiceList]
    default_language: str = DEFAULT_LANGUAGE
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    #: For a record form (settings column ``fieldcase_record``), the prefix of its paths.
    record: str | None = None
    source: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    # ------------------------------------------------------------ walking

    @cached_property
    def _questions(self) -> tuple[Question, ...]:
        return tuple(q for q in walk(self.children) if isinstance(q, Question))

    @cached_property
    def _by_name(self) -> Mapping[str, Question]:
        return MappingProxyType({q.name: q for q in self._questions})

    def questions(self) -> tuple[Question, ...]:
        """Every question, note and calculate, depth first in sheet order."""
        return self._questions

    def question(self, name: str) -> Question:
        """The question called ``name`` (names are unique in a form); KeyError if none."""
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def repeats(self) -> tuple[Repeat, ...]:
        return tuple(n for n in walk(self.children) if isinstance(n, Repeat))

    def context_fields(self) -> tuple[Question, ...]:
        """The calculates whose values the app supplies (see fieldcase.forms.context)."""
        return tuple(q for q in self._questions if q.is_context)

    def choices_for(self, question: Question | str) -> tuple[Choice, ...]:
        """The options of a select, with the "other" option of ``or_other`` at the end."""
        q = self.question(question) if isinstance(question, str) else question
        if q.choice_list is None:
            return ()
        choices = self.choice_lists[q.choice_list].choices
        return (*choices, OTHER_CHOICE) if q.or_other else choices

    # ------------------------------------------------------------ storage paths

    def stored_questions(self) -> tuple[Question, ...]:
        """The questions whose values a case stores (see :attr:`Question.stored`)."""
        return tuple(q for q in self._questions if q.stored)

    def path(self, name: str, index: int | None = None, record_index: int | None = None) -> str:
        """The storage path of question ``name`` (row ``index`` of its repeat, if any)."""
        q = self.question(name)
        if (q.repeat is None) != (index is None):
            raise ValueError(f"{name}: a repeat row index is needed iff the question repeats")
        if (self.record is None) != (record_index is None):
            raise ValueError(f"{self.form_id}: a record index is needed iff it is a record form")
        for i in (index, record_index):
            if i is not None and i < 1:
                raise ValueError("row and record indexes start at 1")
        path = name if q.repeat is None else f"{q.repeat}[{index}].{name}"
        return path if self.record is None else f"{self.record}[{record_index}].{path}"

    def field_paths(
        self, repeat_rows: Mapping[str, int] | None = None, record_index: int | None = None
    ) -> tuple[str, ...]:
        """Every path this form stores, given how many rows each repeat has (default 0)."""
        rows = repeat_rows or {}
        paths: list[str] = []
        for q in self.stored_questions():
            if q.repeat is None:
                paths.append(self.path(q.name, record_index=record_index))
            else:
                paths.extend(
                    self.path(q.name, i, record_index) for i in range(1, rows.get(q.repeat, 0) + 1)
                )
        return tuple(paths)

    def question_at(self, path: str) -> Question | None:
        """The stored question a path belongs to in this form, or None."""
        parts = parse_path(path)
        if parts is None:
            return None
        if self.record is not None:
            # In a record form the first [n] is the record, the second the repeat row.
            if parts.record is None and parts.repeat == self.record:
                parts = PathParts(parts.name, record=parts.repeat, record_index=parts.index)
            if parts.record != self.record:
                return None
        elif parts.record is not None:
            return None
        q = self._by_name.get(parts.name)
        if q is None or not q.stored or q.repeat != parts.repeat:
            return None
        return q


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Every node under ``nodes``, depth first, parents before children."""
    for node in nodes:
        yield node
        if not isinstance(node, Question):
            yield from walk(node.children)

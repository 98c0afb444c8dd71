"""The answers of one form being filled in, and everything derived from them. No Qt.

Why a separate engine: relevance, calculations, defaults, choice filters and
validation are the rules of the *form*; the widgets only show them. Kept
Qt-free, every rule is tested without a display, and the same engine could
drive a command-line import or a web form.

How it stays fast: every expression of the form is compiled once into a
*slot* (``relevant`` of a node, ``calculate``, ``constraint``...). A
dependency index maps each field name to the slots whose expression
references it (``Expression.references``). When an answer changes, only the
slots that depend on it are re-evaluated, in a topological order (producers
of a value before the slots that read it), and only their own dependents
follow when a result really changes. ``recompute_all`` is the brute-force
pass, used when the shape changes (a repeat row added or removed) and as the
benchmark's baseline.

Instances: a question outside any repeat has one instance, row ``None``; a
question in a repeat has one per row, rows numbered from 1. A reference to a
sibling inside the same repeat means the same row (ODK's relative rule); a
reference from outside a repeat to a field inside reads its first row.

Storage: :meth:`FormEngine.stored_fields` gives path → value for relevant,
non-empty, stored questions (inputs and calculates; never notes or context
fields); values of non-relevant questions are kept while editing (toggling an
answer back restores them) but never stored.
"""

from __future__ import annotations

import heapq
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Literal

from fieldcase.core.changes import JsonValue
from fieldcase.forms.expressions import Expression, ExpressionError, compile_expression
from fieldcase.forms.expressions.values import XPathValue, to_boolean, to_number
from fieldcase.forms.model import (
    Choice,
    Form,
    Group,
    Node,
    Question,
    QuestionType,
    Repeat,
    Translations,
    parse_path,
)
from fieldcase.ui.wizard import display
from fieldcase.ui.wizard.strings import text as wizard_text
from fieldcase.ui.wizard.values import coerce, context_value, normalise

log = logging.getLogger(__name__)

Row = int | None
Key = tuple[str, Row]

#: Most rows a repeat_count may ask for (a form bug must not build 10,000 widgets).
MAX_ROWS = 50

_TEMPLATE = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")
_CONSTANT = {"true()": True, "false()": False}
_NO_INPUT = (QuestionType.NOTE, QuestionType.CALCULATE)


class SlotKind(StrEnum):
    RELEVANT = "relevant"
    CALCULATE = "calculate"
    CHOICE_FILTER = "choice_filter"
    REPEAT_COUNT = "repeat_count"
    REQUIRED = "required"
    READONLY = "readonly"
    CONSTRAINT = "constraint"
    #: ``${name}`` in a label, hint or message: nothing to evaluate, the text is redrawn.
    TEXT = "text"


@dataclass(frozen=True)
class Slot:
    """One expression of one node; evaluated once, or once per row of ``repeat``."""

    index: int
    node: str
    kind: SlotKind
    repeat: str | None
    expression: Expression | None
    references: frozenset[str]
    uses_current: bool


@dataclass(frozen=True)
class NodeInfo:
    node: Node | Group
    parent: str | None
    #: The repeat whose rows this node's instances are (None: one instance).
    repeat: str | None
    page: int | None
    #: Every node below this one, depth first.
    descendants: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """Why an instance keeps its page from being complete."""

    name: str
    row: Row
    kind: Literal["required", "constraint"]


class FormEngine:
    """Answer state and dependency-driven evaluation for one :class:`Form`."""

    def __init__(
        self,
        form: Form,
        *,
        answers: Mapping[str, JsonValue] | None = None,
        context: Mapping[str, object] | None = None,
        clock: Callable[[], datetime] | None = None,
        zone: tzinfo | None = None,
        language: str = "id",
    ) -> None:
        self.form = form
        self.zone = zone or display.local_zone()
        self._clock = clock or (lambda: datetime.now(self.zone))
        self.language = language
        self.rows: dict[str, int] = {r.name: 0 for r in form.repeats()}
        self._values: dict[Key, JsonValue] = {}
        self._context: dict[str, JsonValue] = {}
        for name, value in (context or {}).items():
            if name in form and form.question(name).is_context and value is not None:
                self._context[name] = context_value(value)
        self._nodes: dict[str, NodeInfo] = {}
        self._page_nodes: list[tuple[str, ...]] = []
        self._index_nodes()
        self._slots: list[Slot] = []
        self._by_node: dict[str, dict[SlotKind, Slot]] = {}
        self._static_required: set[str] = set()
        self._static_readonly: set[str] = set()
        self._build_slots()
        self._deps: dict[str, tuple[int, ...]] = {}
        self._current_deps: dict[str, tuple[int, ...]] = {}
        self._rank: list[int] = []
        self._index_dependencies()
        # Results per instance (absent = the default: relevant, optional, editable, valid).
        self._relevant: dict[Key, bool] = {}
        self._required: dict[Key, bool] = {}
        self._readonly: dict[Key, bool] = {}
        self._valid: dict[Key, bool] = {}
        self._allowed: dict[Key, frozenset[str]] = {}
        self._flag_tables: dict[SlotKind, tuple[dict[Key, bool], bool]] = {
            SlotKind.REQUIRED: (self._required, False),
            SlotKind.READONLY: (self._readonly, False),
            SlotKind.CONSTRAINT: (self._valid, True),
        }
        self._defaulted: set[int] = set()
        self._heap: list[tuple[int, int, int]] = []
        self._queued: set[tuple[int, Row]] = set()
        self._touched: set[Key] = set()
        self._pending_counts: dict[str, int] = {}
        self._failed_slots: set[int] = set()
        #: How many slot evaluations ran (tests and the benchmark read it).
        self.evaluations = 0
        for name, value in self._context.items():
            self._values[(name, None)] = value
        if answers:
            self._load(answers)
        self.recompute_all()

    # ------------------------------------------------------------------ structure

    def _index_nodes(self) -> None:
        def visit(
            node: Node | Group, parent: str | None, repeat: str | None, page: int | None
        ) -> list[str]:
            below: list[str] = []
            children: tuple[Node, ...] = () if isinstance(node, Question) else node.children
            inner = node.name if isinstance(node, Repeat) else repeat
            for child in children:
                below.append(child.name)
                below.extend(visit(child, node.name, inner, page))
            own_repeat = None if isinstance(node, Repeat) else repeat
            self._nodes[node.name] = NodeInfo(node, parent, own_repeat, page, tuple(below))
            return below

        for index, page in enumerate(self.form.pages):
            visit(page, None, None, index)
            self._page_nodes.append((page.name, *self._nodes[page.name].descendants))
        for question in self.form.questions():
            if question.name not in self._nodes:  # top-level calculates are on no page
                visit(question, None, question.repeat, None)

    def _build_slots(self) -> None:
        for name, info in self._nodes.items():
            node = info.node
            if isinstance(node, Question):
                self._question_slots(node, info)
            elif node.relevant and node.relevant not in _CONSTANT:
                self._add_slot(name, SlotKind.RELEVANT, info.repeat, node.relevant)
            if isinstance(node, Repeat) and node.repeat_count:
                self._add_slot(name, SlotKind.REPEAT_COUNT, None, node.repeat_count)
            if not isinstance(node, Question) or node.type is not QuestionType.CALCULATE:
                texts = [node.label, node.hint]
                if isinstance(node, Question):
                    texts += [node.constraint_message, node.required_message]
                refs = frozenset(m for t in texts for _, s in t.texts for m in _TEMPLATE.findall(s))
                if refs:
                    self._slots.append(
                        Slot(len(self._slots), name, SlotKind.TEXT, info.repeat, None, refs, False)
                    )
                    self._by_node.setdefault(name, {})[SlotKind.TEXT] = self._slots[-1]

    def _question_slots(self, q: Question, info: NodeInfo) -> None:
        name, repeat = q.name, info.repeat
        if q.relevant and q.relevant not in _CONSTANT:
            self._add_slot(name, SlotKind.RELEVANT, repeat, q.relevant)
        for kind, text, static in (
            (SlotKind.REQUIRED, q.required, self._static_required),
            (SlotKind.READONLY, q.readonly, self._static_readonly),
        ):
            if text is None or text == "false()":
                continue
            if text == "true()":
                static.add(name)
            else:
                self._add_slot(name, kind, repeat, text)
        if q.constraint:
            self._add_slot(name, SlotKind.CONSTRAINT, repeat, q.constraint)
        if q.calculation and not (q.is_context and name in self._context):
            self._add_slot(name, SlotKind.CALCULATE, repeat, q.calculation)
        if q.choice_filter:
            self._add_slot(name, SlotKind.CHOICE_FILTER, repeat, q.choice_filter)

    def _add_slot(self, name: str, kind: SlotKind, repeat: str | None, text: str) -> None:
        expression = compile_expression(text)
        slot = Slot(
            len(self._slots),
            name,
            kind,
            repeat,
            expression,
            expression.references,
            expression.uses_current or kind is SlotKind.CONSTRAINT,
        )
        self._slots.append(slot)
        self._by_node.setdefault(name, {})[kind] = slot

    def _producers(self, name: str) -> list[int]:
        """Slots whose result changes what ``${name}`` evaluates to."""
        found: list[int] = []
        own = self._by_node.get(name, {})
        for kind in (SlotKind.CALCULATE, SlotKind.CHOICE_FILTER, SlotKind.REPEAT_COUNT):
            if kind in own:
                found.append(own[kind].index)
        current: str | None = name
        while current is not None:
            slot = self._by_node.get(current, {}).get(SlotKind.RELEVANT)
            if slot is not None:
                found.append(slot.index)
            info = self._nodes.get(current)
            current = info.parent if info else None
        return found

    def _index_dependencies(self) -> None:
        deps: dict[str, list[int]] = {}
        current: dict[str, list[int]] = {}
        edges: list[set[int]] = [set() for _ in self._slots]
        indegree = [0] * len(self._slots)
        for slot in self._slots:
            for name in slot.references:
                deps.setdefault(name, []).append(slot.index)
            reads = set(slot.references)
            if slot.uses_current:
                current.setdefault(slot.node, []).append(slot.index)
                reads.add(slot.node)
            for name in reads:
                for producer in self._producers(name):
                    if producer != slot.index and slot.index not in edges[producer]:
                        edges[producer].add(slot.index)
                        indegree[slot.index] += 1
        # Kahn's algorithm; slots left in a cycle (a form bug) are ranked after the rest.
        rank = [-1] * len(self._slots)
        ready = [i for i, d in enumerate(indegree) if d == 0]
        heapq.heapify(ready)
        order = 0
        while ready:
            i = heapq.heappop(ready)
            rank[i] = order
            order += 1
            for j in sorted(edges[i]):
                indegree[j] -= 1
                if indegree[j] == 0:
                    heapq.heappush(ready, j)
        for i in range(len(self._slots)):
            if rank[i] < 0:
                log.warning(
                    "form %s: circular reference at %s", self.form.form_id, self._slots[i].node
                )
                rank[i] = order
                order += 1
        self._rank = rank
        self._deps = {name: tuple(found) for name, found in deps.items()}
        self._current_deps = {name: tuple(found) for name, found in current.items()}

    # ------------------------------------------------------------------ reading

    def question(self, name: str) -> Question:
        return self.form.question(name)

    def node(self, name: str) -> Node | Group:
        return self._nodes[name].node

    @property
    def slot_count(self) -> int:
        """How many expressions (and ``${}`` texts) the form has, each evaluated per instance."""
        return len(self._slots)

    def row_has_answers(self, repeat: str, row: int) -> bool:
        """Whether anything was typed (or defaulted) in row ``row`` of ``repeat``."""
        return any(
            self._values.get((name, row)) is not None
            and SlotKind.CALCULATE not in self._by_node.get(name, {})
            for name in self._nodes[repeat].descendants
        )

    def page_of(self, name: str) -> int | None:
        return self._nodes[name].page

    def rows_of(self, name: str) -> list[Row]:
        """The instances of a node: ``[None]``, or its repeat's rows ``[1..n]``."""
        repeat = self._nodes[name].repeat
        if repeat is None:
            return [None]
        return list(range(1, self.rows[repeat] + 1))

    def path(self, name: str, row: Row = None) -> str:
        repeat = self._nodes[name].repeat
        return name if repeat is None or row is None else f"{repeat}[{row}].{name}"

    def key_of(self, path: str) -> Key | None:
        parts = parse_path(path)
        if parts is None or parts.record is not None or parts.name not in self._nodes:
            return None
        if self._nodes[parts.name].repeat != parts.repeat:
            return None
        return parts.name, parts.index

    def value(self, name: str, row: Row = None) -> JsonValue:
        """The stored answer (or calculated value), relevant or not."""
        return self._values.get((name, row))

    def is_relevant(self, name: str, row: Row = None) -> bool:
        nodes, relevant = self._nodes, self._relevant
        current: str | None = name
        while current is not None:
            if not relevant.get((current, row), True):
                return False
            parent = nodes[current].parent
            if parent is not None and nodes[parent].repeat is None:
                row = None
            current = parent
        return True

    def is_required(self, name: str, row: Row = None) -> bool:
        return name in self._static_required or self._required.get((name, row), False)

    def is_readonly(self, name: str, row: Row = None) -> bool:
        if name in self._static_readonly or self._readonly.get((name, row), False):
            return True
        slots = self._by_node.get(name, {})
        node = self._nodes[name].node
        # A question whose value a calculation sets is not typed by a person.
        return SlotKind.CALCULATE in slots and isinstance(node, Question)

    def choices(self, name: str, row: Row = None) -> tuple[Choice, ...]:
        """The options shown now: the list after ``choice_filter``."""
        question = self.question(name)
        every = self.form.choices_for(question)
        allowed = self._allowed.get((name, row))
        if allowed is None:
            return every
        return tuple(c for c in every if c.name in allowed)

    def page_visible(self, page: int) -> bool:
        """A page is shown when its group is relevant and something on it is too."""
        names = self._page_nodes[page]
        if not self.is_relevant(names[0]):
            return False
        for name in names[1:]:
            node = self._nodes[name].node
            if isinstance(node, Repeat) and self.is_relevant(name):
                return True
            shown = isinstance(node, Question) and node.type is not QuestionType.CALCULATE
            if shown and any(self.is_relevant(name, row) for row in self.rows_of(name)):
                return True
        return False

    def page_names(self, page: int) -> tuple[str, ...]:
        """The page's group, then every node on it, depth first."""
        return self._page_nodes[page]

    # ------------------------------------------------------------------ texts

    def render(
        self,
        text: str,
        row: Row = None,
        language: str | None = None,
        scope: str | None = None,
    ) -> str:
        """``text`` with each ``${name}`` replaced by that field's current value, for people.

        ``scope`` is the repeat the text belongs to (its siblings are read in ``row``).
        """
        lang = language or self.language

        def value_of(match: re.Match[str]) -> str:
            name = match.group(1)
            info = self._nodes.get(name)
            if info is None or not isinstance(info.node, Question):
                return ""
            target = self._resolve_row(name, scope, row)
            if target is False:
                return ""
            value = self._expression_value(name, target)
            return display.display_value(self.form, info.node, value, lang, self.zone)

        return _TEMPLATE.sub(value_of, text)

    def text(
        self, texts: Translations, name: str, row: Row = None, language: str | None = None
    ) -> str:
        """One of ``name``'s texts (label, hint, message) in ``language``, values filled in."""
        lang = language or self.language
        return self.render(texts.get(lang), row, lang, scope=self._nodes[name].repeat)

    def label(self, name: str, row: Row = None, language: str | None = None) -> str:
        return self.text(self.node(name).label, name, row, language)

    def hint(self, name: str, row: Row = None, language: str | None = None) -> str:
        return self.text(self.node(name).hint, name, row, language)

    # ------------------------------------------------------------------ validation

    def problem(self, name: str, row: Row = None) -> Problem | None:
        """The reason this instance is not acceptable yet, or None."""
        node = self._nodes[name].node
        if not isinstance(node, Question) or node.type in _NO_INPUT:
            return None
        if not self.is_relevant(name, row):
            return None
        if self._values.get((name, row)) is None:
            if self.is_required(name, row) and not self.is_readonly(name, row):
                return Problem(name, row, "required")
            return None
        if not self._valid.get((name, row), True):
            return Problem(name, row, "constraint")
        return None

    def message(self, problem: Problem, language: str | None = None) -> str:
        """What to tell the person: the form's message in ``language``, else a generic one."""
        lang = language or self.language
        question = self.question(problem.name)
        if problem.kind == "required":
            texts, generic = question.required_message, "generic_required"
        else:
            texts, generic = question.constraint_message, "generic_constraint"
        if texts.has(lang):
            return self.text(texts, problem.name, problem.row, lang)
        return wizard_text(generic, lang)

    def page_problems(self, page: int) -> list[Problem]:
        found: list[Problem] = []
        for name in self._page_nodes[page]:
            node = self._nodes[name].node
            if isinstance(node, Question) and node.type not in _NO_INPUT:
                for row in self.rows_of(name):
                    problem = self.problem(name, row)
                    if problem is not None:
                        found.append(problem)
        return found

    def problems(self) -> list[Problem]:
        """Every problem on every visible page."""
        found: list[Problem] = []
        for page in range(len(self._page_nodes)):
            if self.page_visible(page):
                found.extend(self.page_problems(page))
        return found

    # ------------------------------------------------------------------ output

    def answers(self) -> dict[str, JsonValue]:
        """Every answer typed or defaulted (relevant or not), by path: what a draft keeps."""
        out: dict[str, JsonValue] = {}
        for (name, row), value in self._values.items():
            node = self._nodes[name].node
            if value is None or not isinstance(node, Question) or node.type in _NO_INPUT:
                continue
            if SlotKind.CALCULATE in self._by_node.get(name, {}):
                continue
            out[self.path(name, row)] = value
        return dict(sorted(out.items()))

    def stored_fields(self) -> dict[str, JsonValue]:
        """What the case keeps: relevant, non-empty values of stored questions, by path."""
        out: dict[str, JsonValue] = {}
        for (name, row), value in self._values.items():
            node = self._nodes[name].node
            if value is None or not isinstance(node, Question) or not node.stored:
                continue
            if row is not None and row > self.rows[self._nodes[name].repeat or ""]:
                continue
            if not self.is_relevant(name, row):
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            out[self.path(name, row)] = value
        return dict(sorted(out.items()))

    # ------------------------------------------------------------------ changing

    def set_answer(self, name: str, row: Row, value: JsonValue) -> set[Key]:
        """Record an answer; returns every instance whose state may have changed."""
        question = self.question(name)
        if question.type in _NO_INPUT or question.is_context:
            raise ValueError(f"{name} is not answered by a person")
        self._check_row(name, row)
        new = normalise(question, value, self.form, self.zone)
        key = (name, row)
        if self._values.get(key) == new:
            return set()
        self._touched = {key}
        self._store(key, new)
        self._value_changed(name, row)
        self._run()
        return self._touched

    def set_context(self, context: Mapping[str, object]) -> set[Key]:
        for name, value in context.items():
            if name in self.form and self.form.question(name).is_context and value is not None:
                self._context[name] = context_value(value)
                self._values[(name, None)] = self._context[name]
        return self.recompute_all()

    def apply_defaults(self, page: int) -> set[Key]:
        """Fill the page's empty fields with their defaults, the first time it is shown."""
        if page in self._defaulted:
            return set()
        self._defaulted.add(page)
        self._touched = set()
        for name in self._page_nodes[page]:
            for row in self.rows_of(name):
                self._apply_default(name, row)
        self._run()
        return self._touched

    def mark_defaulted(self, pages: Iterable[int]) -> None:
        """Pages already shown before (a resumed draft): their defaults are not reapplied."""
        self._defaulted.update(pages)

    @property
    def defaulted_pages(self) -> frozenset[int]:
        return frozenset(self._defaulted)

    def add_row(self, repeat: str) -> int:
        """Append a row to ``repeat`` (defaults applied); returns its number."""
        self.rows[repeat] += 1
        row = self.rows[repeat]
        self._touched = set()
        for name in self._nodes[repeat].descendants:
            self._apply_default(name, row)
        self.recompute_all()
        return row

    def remove_row(self, repeat: str, row: int) -> None:
        """Delete row ``row``; the rows after it move up by one."""
        count = self.rows[repeat]
        if not 1 <= row <= count:
            raise IndexError(f"{repeat} has no row {row}")
        members = set(self._nodes[repeat].descendants)
        moved: dict[Key, JsonValue] = {}
        for (name, r), value in list(self._values.items()):
            if name in members and r is not None:
                del self._values[(name, r)]
                if r > row:
                    moved[(name, r - 1)] = value
                elif r < row:
                    moved[(name, r)] = value
        self._values.update(moved)
        self.rows[repeat] = count - 1
        self.recompute_all()

    def recompute_all(self) -> set[Key]:
        """Re-evaluate every expression of the form for every instance (the brute force)."""
        self._relevant.clear()
        self._required.clear()
        self._readonly.clear()
        self._valid.clear()
        self._allowed.clear()
        self._touched = set()
        for slot in self._slots:
            for row in self._instance_rows(slot.repeat):
                self._push(slot.index, row)
        self._run()
        return {(name, row) for name in self._nodes for row in self.rows_of(name)}

    # ------------------------------------------------------------------ internals

    def _check_row(self, name: str, row: Row) -> None:
        repeat = self._nodes[name].repeat
        if (repeat is None) != (row is None):
            raise ValueError(f"{name}: a row is needed iff the question repeats")
        if repeat is not None and row is not None and not 1 <= row <= self.rows[repeat]:
            raise IndexError(f"{repeat} has no row {row}")

    def _store(self, key: Key, value: JsonValue) -> None:
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value

    def _load(self, answers: Mapping[str, JsonValue]) -> None:
        for path, value in answers.items():
            key = self.key_of(path)
            if key is None:
                continue
            name, row = key
            question = self.form.question(name)
            if question.type in _NO_INPUT:
                continue
            try:
                new = normalise(question, value, self.form, self.zone)
            except ValueError:
                continue
            if row is not None:
                repeat = self._nodes[name].repeat or ""
                self.rows[repeat] = max(self.rows[repeat], row)
            self._store(key, new)

    def _instance_rows(self, repeat: str | None) -> Sequence[Row]:
        return [None] if repeat is None else range(1, self.rows[repeat] + 1)

    def _push(self, index: int, row: Row) -> None:
        key = (index, row)
        if key in self._queued:
            return
        self._queued.add(key)
        heapq.heappush(self._heap, (self._rank[index], index, -1 if row is None else row))

    def _rows_for(self, target: str | None, source: str | None, row: Row) -> Sequence[Row]:
        if target is None:
            return (None,)
        if target == source and row is not None:
            return (row,)
        return range(1, self.rows[target] + 1)

    def _value_changed(self, name: str, row: Row) -> None:
        """``${name}`` at ``row`` now reads differently: queue what depends on it."""
        source = self._nodes[name].repeat
        for index in self._deps.get(name, ()):
            for target in self._rows_for(self._slots[index].repeat, source, row):
                self._push(index, target)
        for index in self._current_deps.get(name, ()):
            self._push(index, row)

    def _run(self) -> None:
        budget = 50 * (len(self._slots) + 1) * (1 + sum(self.rows.values()))
        spent = 0
        while self._heap:
            _, index, row_key = heapq.heappop(self._heap)
            row = None if row_key < 0 else row_key
            self._queued.discard((index, row))
            slot = self._slots[index]
            if slot.repeat is not None and row is not None and row > self.rows[slot.repeat]:
                continue
            spent += 1
            if spent > budget:  # only a circular form gets here
                log.warning("form %s: evaluation stopped (circular?)", self.form.form_id)
                self._heap.clear()
                self._queued.clear()
                break
            self._evaluate(slot, row)
        self.evaluations += spent
        if self._pending_counts:
            counts, self._pending_counts = self._pending_counts, {}
            for repeat, count in counts.items():
                self._resize(repeat, count)
            touched = self._touched
            self.recompute_all()
            self._touched = touched | {
                (name, row) for name in self._nodes for row in self.rows_of(name)
            }

    def _resize(self, repeat: str, count: int) -> None:
        self.rows[repeat] = count
        members = set(self._nodes[repeat].descendants)
        for name, row in list(self._values):
            if name in members and row is not None and row > count:
                del self._values[(name, row)]
        for name in members:
            for row in range(1, count + 1):
                self._apply_default(name, row)

    def _evaluate(self, slot: Slot, row: Row) -> None:
        key = (slot.node, row)
        kind = slot.kind
        if kind is SlotKind.TEXT:
            self._touched.add(key)
            return
        if kind is SlotKind.CONSTRAINT and self._values.get(key) is None:
            result: XPathValue | None = True
        else:
            result = self._run_expression(slot, row)
        if kind is SlotKind.RELEVANT:
            relevant = True if result is None else to_boolean(result)
            if self._relevant.get(key, True) != relevant:
                self._relevant[key] = relevant
                self._relevance_changed(slot.node, row)
        elif kind is SlotKind.CALCULATE:
            question = self.question(slot.node)
            value = None if result is None else coerce(question, result, self.zone)
            if self._values.get(key) != value:
                self._store(key, value)
                self._touched.add(key)
                self._value_changed(slot.node, row)
        elif kind is SlotKind.CHOICE_FILTER:
            self._filter_choices(slot, row)
        elif kind is SlotKind.REPEAT_COUNT:
            number = 0.0 if result is None else to_number(result)
            count = 0 if math.isnan(number) else max(0, min(MAX_ROWS, int(number)))
            if count != self.rows[slot.node]:
                self._pending_counts[slot.node] = count
        else:
            table, default = self._flag_tables[kind]
            flag = default if result is None else to_boolean(result)
            if kind is SlotKind.CONSTRAINT and result is None:
                flag = False  # a rule that cannot be checked does not pass
            if table.get(key, default) != flag:
                table[key] = flag
                self._touched.add(key)

    def _run_expression(
        self, slot: Slot, row: Row, choice: Choice | None = None
    ) -> XPathValue | None:
        """The result, or None when the expression failed (logged once, by name only)."""
        assert slot.expression is not None
        scope = _Scope(self, slot.repeat, row, slot.node, choice)
        try:
            return slot.expression.evaluate(scope)
        except ExpressionError:
            if slot.index not in self._failed_slots:
                self._failed_slots.add(slot.index)
                log.warning(
                    "form %s: %s of %s failed", self.form.form_id, slot.kind.value, slot.node
                )
            return None

    def _relevance_changed(self, name: str, row: Row) -> None:
        self._touched.add((name, row))
        parent = self._nodes[name].parent
        if parent is not None:
            parent_row = None if self._nodes[parent].repeat is None else row
            if not self.is_relevant(parent, parent_row):
                return  # hidden anyway: nothing reads differently below
        for target, target_row in self._instances_below(name, row):
            self._touched.add((target, target_row))
            if target != name and not self._relevant.get((target, target_row), True):
                continue  # hidden by itself already: reads None either way
            if (target, target_row) in self._values or target in self._current_deps:
                self._value_changed(target, target_row)

    def _instances_below(self, name: str, row: Row) -> Iterable[Key]:
        yield name, row
        for below in self._nodes[name].descendants:
            repeat = self._nodes[below].repeat
            if repeat is None:
                yield below, None
            elif row is None:
                for r in range(1, self.rows[repeat] + 1):
                    yield below, r
            else:
                yield below, row

    def _filter_choices(self, slot: Slot, row: Row) -> None:
        key = (slot.node, row)
        question = self.question(slot.node)
        allowed: set[str] = set()
        for choice in self.form.choices_for(question):
            if choice.name == "other" and question.or_other:
                allowed.add(choice.name)
                continue
            result = self._run_expression(slot, row, choice)
            if result is not None and to_boolean(result):
                allowed.add(choice.name)
        frozen = frozenset(allowed)
        if self._allowed.get(key) == frozen:
            return
        self._allowed[key] = frozen
        self._touched.add(key)
        value = self._values.get(key)
        if value is None:
            return
        if isinstance(value, list):
            kept: JsonValue = [v for v in value if v in frozen] or None
        else:
            kept = value if value in frozen else None
        if kept != value:  # an option no longer offered is not kept (e.g. mediation for ESA)
            self._store(key, kept)
            self._value_changed(slot.node, row)

    def _apply_default(self, name: str, row: Row) -> None:
        node = self._nodes[name].node
        if not isinstance(node, Question) or node.default is None or node.type in _NO_INPUT:
            return
        key = (name, row)
        if self._values.get(key) is not None:
            return
        if node.default_is_expression:
            expression = compile_expression(node.default)
            scope = _Scope(self, self._nodes[name].repeat, row, name, None)
            try:
                raw: XPathValue = expression.evaluate(scope)
            except ExpressionError:
                log.warning("form %s: default of %s failed", self.form.form_id, name)
                return
        else:
            raw = node.default
        value = coerce(node, raw, self.zone)
        if value is None:
            return
        self._store(key, value)
        self._touched.add(key)
        self._value_changed(name, row)

    def _resolve_row(self, name: str, scope_repeat: str | None, row: Row) -> Row | Literal[False]:
        """The row of ``name`` an expression at (scope_repeat, row) reads; False if none."""
        repeat = self._nodes[name].repeat
        if repeat is None:
            return None
        if repeat == scope_repeat and row is not None:
            return row
        return 1 if self.rows.get(repeat, 0) >= 1 else False

    def _expression_value(self, name: str, row: Row) -> object:
        """A value as expressions see it: None when not relevant; datetimes in local time."""
        if not self.is_relevant(name, row):
            return None
        value = self._values.get((name, row))
        if isinstance(value, str) and self.question(name).type is QuestionType.DATETIME:
            return display.parse_stored_datetime(value, self.zone)
        return value

    def now(self) -> datetime:
        return self._clock().astimezone(self.zone)


class _Scope:
    """The :class:`EvalContext` for one evaluation: which row, which field is ``.``."""

    __slots__ = ("choice", "engine", "node", "repeat", "row")

    def __init__(
        self, engine: FormEngine, repeat: str | None, row: Row, node: str, choice: Choice | None
    ) -> None:
        self.engine = engine
        self.repeat = repeat
        self.row = row
        self.node = node
        self.choice = choice

    def value(self, name: str) -> object:
        engine = self.engine
        info = engine._nodes.get(name)
        if info is None or not isinstance(info.node, Question):
            return None
        row = engine._resolve_row(name, self.repeat, self.row)
        if row is False:
            return None
        return engine._expression_value(name, row)

    def values(self, name: str) -> Sequence[object]:
        engine = self.engine
        info = engine._nodes.get(name)
        if info is None:
            return []
        if isinstance(info.node, Repeat):
            return list(range(1, engine.rows[name] + 1))
        if info.repeat is None:
            return [engine._expression_value(name, None)]
        return [engine._expression_value(name, r) for r in range(1, engine.rows[info.repeat] + 1)]

    def current(self) -> object:
        return self.engine._expression_value(self.node, self.row)

    def choice_column(self, name: str) -> object | None:
        choice = self.choice
        if choice is None:
            return None
        if name == "name":
            return choice.name
        if name == "label":
            return choice.label.get(self.engine.language)
        return choice.columns.get(name, "")

    def choice_label(self, field: str, value: str) -> str | None:
        form = self.engine.form
        if field not in form:
            return None
        for choice in form.choices_for(field):
            if choice.name == value:
                return choice.label.get(self.engine.language)
        return None

    def today(self) -> date:
        return self.engine.now().date()

    def now(self) -> datetime:
        return self.engine.now()

    def position(self) -> int:
        return self.row or 0

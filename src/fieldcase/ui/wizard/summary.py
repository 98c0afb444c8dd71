"""What the review page lists: every answered, relevant question, page by page. No Qt.

Exactly the inputs :meth:`FormEngine.stored_fields` will keep (calculations
and notes are not answers a person gave), with choice labels, dd/mm/yyyy
dates and local times, in the engine's current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldcase.forms.model import Group, Node, QuestionType, Repeat
from fieldcase.ui.wizard import display
from fieldcase.ui.wizard.engine import FormEngine, Row

_NOT_ANSWERS = (QuestionType.NOTE, QuestionType.CALCULATE)


@dataclass(frozen=True)
class ReviewItem:
    path: str
    label: str
    value: str


@dataclass(frozen=True)
class ReviewSection:
    """One page's answers; ``rows`` are its repeat rows: (title, items)."""

    page: int
    title: str
    items: tuple[ReviewItem, ...]
    rows: tuple[tuple[str, tuple[ReviewItem, ...]], ...] = ()


def review(engine: FormEngine, language: str | None = None) -> list[ReviewSection]:
    """Every answered, relevant question by visible page."""
    lang = language or engine.language
    sections: list[ReviewSection] = []
    for index, page in enumerate(engine.form.pages):
        if not engine.page_visible(index):
            continue
        items: list[ReviewItem] = []
        rows: list[tuple[str, tuple[ReviewItem, ...]]] = []
        _collect(engine, page.children, None, lang, items, rows)
        if items or rows:
            title = engine.label(page.name, language=lang)
            sections.append(ReviewSection(index, title, tuple(items), tuple(rows)))
    return sections


def _collect(
    engine: FormEngine,
    nodes: Sequence[Node],
    row: Row,
    language: str,
    items: list[ReviewItem],
    rows: list[tuple[str, tuple[ReviewItem, ...]]],
) -> None:
    for node in nodes:
        if not engine.is_relevant(node.name, None if isinstance(node, Repeat) else row):
            continue
        if isinstance(node, Repeat):
            label = engine.label(node.name, language=language)
            for r in range(1, engine.rows[node.name] + 1):
                found: list[ReviewItem] = []
                _collect(engine, node.children, r, language, found, rows)
                rows.append((f"{label} {r}", tuple(found)))
        elif isinstance(node, Group):
            _collect(engine, node.children, row, language, items, rows)
        elif node.type not in _NOT_ANSWERS:
            value = engine.value(node.name, row)
            if value is None:
                continue
            shown = display.display_value(engine.form, node, value, language, engine.zone)
            label = engine.label(node.name, row, language)
            items.append(ReviewItem(engine.path(node.name, row), label, shown))

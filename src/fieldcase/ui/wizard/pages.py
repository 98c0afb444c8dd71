"""One wizard page per top-level group of the form, generated from its tree.

A page is complete (Next enabled) when the engine reports no problem on it
and no editor holds text it cannot read. The footer says, in words, what is
still missing, so a disabled Next button is never a riddle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from fieldcase.forms.model import Group, Node, Question, QuestionType, Repeat
from fieldcase.ui.style import set_feedback
from fieldcase.ui.wizard.engine import FormEngine, Key, Problem, Row
from fieldcase.ui.wizard.fields import NoteWidget, QuestionWidget, RepeatWidget, SectionWidget
from fieldcase.ui.wizard.strings import text
from fieldcase.ui.wizard.widgets import make_editor

#: At most this many missing fields are named in the footer.
FOOTER_NAMES = 4


class Host(Protocol):
    """What a page needs from its wizard."""

    engine: FormEngine
    zone: tzinfo

    def answer(self, name: str, row: Row, value: object) -> None: ...

    def add_row(self, repeat: str) -> None: ...

    def remove_row(self, repeat: str, row: int) -> None: ...

    def page_shown(self, index: int) -> None: ...


Refreshable = QuestionWidget | NoteWidget | SectionWidget | RepeatWidget


class FormPage(QWizardPage):
    def __init__(self, host: Host, index: int) -> None:
        super().__init__()
        self.host = host
        self.engine = host.engine
        self.index = index
        self.group: Group = self.engine.form.pages[index]
        self.setObjectName(f"page:{self.group.name}")
        self.questions: dict[Key, QuestionWidget] = {}
        self.items: dict[Key, Refreshable] = {}
        self.repeats: dict[str, RepeatWidget] = {}
        content = QWidget()
        content.setObjectName(f"{self.group.name}:content")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(4, 4, 16, 4)
        self._build(self.group.children, None, self.body)
        self.body.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(content)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.footer = QLabel()
        self.footer.setObjectName(f"{self.group.name}:footer")
        self.footer.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.footer)
        self.relabel()

    # ------------------------------------------------------------------ building

    def _build(self, nodes: Sequence[Node], row: Row, layout: QVBoxLayout) -> None:
        engine = self.engine
        for node in nodes:
            key = (node.name, row)
            if isinstance(node, Question):
                if node.type is QuestionType.CALCULATE:
                    continue
                if node.type is QuestionType.NOTE:
                    note = NoteWidget(engine, node, row)
                    layout.addWidget(note)
                    self.items[key] = note
                    continue
                editor = make_editor(node, engine.path(node.name, row), self.host.zone)
                if editor is None:
                    continue
                widget = QuestionWidget(engine, node, row, editor, self.host.answer)
                layout.addWidget(widget)
                self.items[key] = widget
                self.questions[key] = widget
            elif isinstance(node, Repeat):
                repeat = RepeatWidget(
                    engine, node, self._row_builder(node), self.host.add_row, self.host.remove_row
                )
                layout.addWidget(repeat)
                self.items[key] = repeat
                self.repeats[node.name] = repeat
            else:
                section = SectionWidget(engine, node, row)
                self._build(node.children, row, section.body)
                layout.addWidget(section)
                self.items[key] = section

    def _row_builder(self, repeat: Repeat) -> Callable[[int, QVBoxLayout], None]:
        def build(row: int, layout: QVBoxLayout) -> None:
            self._build(repeat.children, row, layout)

        return build

    def rebuild_repeat(self, name: str) -> None:
        """After a row was added or removed: new boxes, every widget redrawn."""
        members = set(self.engine.page_names(self.index))
        for key in [k for k in self.items if k[1] is not None and k[0] in members]:
            self.items.pop(key)
            self.questions.pop(key, None)
        self.repeats[name].rebuild()
        self.refresh()

    # ------------------------------------------------------------------ QWizardPage

    def initializePage(self) -> None:
        self.host.page_shown(self.index)
        QTimer.singleShot(0, self, self.focus_first)

    def cleanupPage(self) -> None:
        """Going back keeps the answers (QWizard would reset registered fields)."""

    def isComplete(self) -> bool:
        if self.engine.page_problems(self.index):
            return False
        return not any(w.input_error() for w in self.questions.values())

    # ------------------------------------------------------------------ drawing

    def relabel(self) -> None:
        engine = self.engine
        self.setTitle(engine.label(self.group.name))
        self.setSubTitle(engine.hint(self.group.name))
        self.refresh()

    def refresh(self, keys: set[Key] | None = None) -> None:
        """Redraw the given instances (all when None), then the footer."""
        if keys is None:
            targets: list[Refreshable] = list(self.items.values())
        else:
            targets = [self.items[k] for k in keys if k in self.items]
        for target in targets:
            target.refresh()
        self.update_footer()

    def update_footer(self) -> None:
        missing = self._missing()
        language = self.engine.language
        if missing:
            names = missing[:FOOTER_NAMES]
            if len(missing) > FOOTER_NAMES:
                names.append("…")
            set_feedback(
                self.footer, text("still_needed", language, fields=", ".join(names)), "hint"
            )
            self.footer.setStyleSheet(
                "color: #7a3e00; font-weight: bold; background: #fff4e0;"
                " border: 1px solid #e0b070; border-radius: 3px; padding: 6px;"
            )
        else:
            set_feedback(self.footer, text("page_ok", language), "ok")
            self.footer.setStyleSheet(
                "color: #1b6e2a; background: #eef7ee; border: 1px solid #9ccc9c;"
                " border-radius: 3px; padding: 6px;"
            )
        self.completeChanged.emit()

    def _missing(self) -> list[str]:
        engine = self.engine
        names: list[str] = []
        for key, widget in self.questions.items():
            problem: Problem | None = engine.problem(*key)
            if problem is None and not widget.input_error():
                continue
            label = engine.label(*key)
            if key[1] is not None:
                repeat = engine.question(key[0]).repeat or ""
                label += (
                    " (" + text("row", engine.language, label=engine.label(repeat), n=key[1]) + ")"
                )
            if label not in names:
                names.append(label)
        return names

    # ------------------------------------------------------------------ keyboard

    def focus_first(self, only_problems: bool = False) -> None:
        for key, widget in self.questions.items():
            if not widget.isVisible() or not widget.editor.isEnabled():
                continue
            if only_problems and self.engine.problem(*key) is None and not widget.input_error():
                continue
            target = widget.editor.focus_target()
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroller.ensureWidgetVisible(widget)
            return

    def reveal(self) -> None:
        """The person tried to go on: show every message and go to the first problem."""
        for widget in self.questions.values():
            widget.reveal()
        self.focus_first(only_problems=True)

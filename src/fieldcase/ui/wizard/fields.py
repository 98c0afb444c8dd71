"""What a page is made of: a question (label, hint, editor, message), a note, a section,
a repeat with its rows.

Each widget draws itself from the engine (``refresh``); none keeps form
state of its own except ``touched`` (the person has left the field once), so
that a required message appears when someone skips a field, not the moment
the page opens.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldcase.forms.model import Group, Question, QuestionType, Repeat
from fieldcase.ui.style import set_feedback
from fieldcase.ui.wizard.engine import FormEngine, Row
from fieldcase.ui.wizard.strings import text
from fieldcase.ui.wizard.widgets import Editor, _ChoiceEditor

REQUIRED_COLOUR = "#a1111c"
HINT_STYLE = "color: #4a4a4a;"
NOTE_STYLE = (
    "background: #eef4fb; border: 1px solid #b9cde6; border-radius: 4px; padding: 8px 10px;"
    " color: #1d2b3a;"
)
ROW_STYLE = "QGroupBox { font-weight: bold; }"

Answer = Callable[[str, Row, object], None]


def _wrapping_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class QuestionWidget(QWidget):
    """Label (with * when required), hint, editor and the message under it."""

    def __init__(
        self, engine: FormEngine, question: Question, row: Row, editor: Editor, answer: Answer
    ) -> None:
        super().__init__()
        self.engine = engine
        self.question = question
        self.row = row
        self.path = engine.path(question.name, row)
        self.setObjectName(f"{self.path}:field")
        self.editor = editor
        self.touched = False
        self.revealed = False
        self._answer = answer
        self.label = QLabel()
        self.label.setObjectName(f"{self.path}:label")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setBuddy(editor.focus_target())
        self.hint = _wrapping_label(f"{self.path}:hint")
        self.hint.setStyleSheet(HINT_STYLE)
        self.message = _wrapping_label(f"{self.path}:message")
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        editor.edited.connect(self._edited)
        editor.left.connect(self._left)

    def _edited(self) -> None:
        self._answer(self.question.name, self.row, self.editor.value())

    def _left(self) -> None:
        self.touched = True
        self.update_message()

    def refresh(self) -> None:
        engine, name, row = self.engine, self.question.name, self.row
        relevant = engine.is_relevant(name, row)
        self.setVisible(relevant)
        if not relevant:
            return
        language = engine.language
        required = engine.is_required(name, row) and not engine.is_readonly(name, row)
        label = f"<b>{html.escape(engine.label(name, row))}</b>"
        if required:
            label += f' <span style="color:{REQUIRED_COLOUR}">*</span>'
        self.label.setText(label)
        self.label.setToolTip(text("required_mark", language) if required else "")
        hint = engine.hint(name, row)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.editor.set_language(language)
        if isinstance(self.editor, _ChoiceEditor):
            self.editor.set_choices(engine.choices(name, row), language)
        self.editor.set_readonly(engine.is_readonly(name, row))
        self.editor.set_value(engine.value(name, row))
        accessible = engine.label(name, row)
        if required:
            accessible += ", " + text("required_mark", language)
        self.editor.set_accessible(accessible, hint)
        self.update_message()

    def input_error(self) -> str | None:
        if not self.engine.is_relevant(self.question.name, self.row):
            return None
        return self.editor.input_error()

    def update_message(self) -> None:
        """Show what is wrong: unreadable input or a broken rule once the person has left
        the field; a missing answer once they skipped it or asked to go on."""
        shown = ""
        error = self.input_error()
        problem = self.engine.problem(self.question.name, self.row)
        late = self.touched or self.revealed or self.message.isVisible()
        if error and late:
            shown = error
        elif problem is not None and (
            late if problem.kind == "constraint" else self.touched or self.revealed
        ):
            shown = self.engine.message(problem)
        set_feedback(self.message, shown, "error")

    def reveal(self) -> None:
        self.revealed = True
        self.update_message()


class NoteWidget(QLabel):
    """A note: read-only text, with ``${name}`` filled in."""

    def __init__(self, engine: FormEngine, question: Question, row: Row) -> None:
        super().__init__()
        self.engine = engine
        self.question = question
        self.row = row
        self.setObjectName(f"{engine.path(question.name, row)}:note")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(NOTE_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def refresh(self) -> None:
        relevant = self.engine.is_relevant(self.question.name, self.row)
        self.setVisible(relevant)
        if relevant:
            self.setText(self.engine.label(self.question.name, self.row))


class SectionWidget(QGroupBox):
    """A group inside a page: a titled box that disappears when not relevant."""

    def __init__(self, engine: FormEngine, group: Group, row: Row) -> None:
        super().__init__()
        self.engine = engine
        self.group = group
        self.row = row
        self.setObjectName(f"{engine.path(group.name, row)}:section")
        self.hint = _wrapping_label(f"{group.name}:hint")
        self.hint.setStyleSheet(HINT_STYLE)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.hint)

    def refresh(self) -> None:
        relevant = self.engine.is_relevant(self.group.name, self.row)
        self.setVisible(relevant)
        if relevant:
            self.setTitle(self.engine.label(self.group.name, self.row))
            hint = self.engine.hint(self.group.name, self.row)
            self.hint.setText(hint)
            self.hint.setVisible(bool(hint))


class RepeatWidget(QWidget):
    """A repeat: one framed box per row with its questions, "Add" below, "Remove" per row.

    ``build_row(row, layout)`` fills a row's box (the page registers the widgets);
    ``add``/``remove`` ask the wizard, which changes the engine and calls :meth:`rebuild`.
    """

    def __init__(
        self,
        engine: FormEngine,
        repeat: Repeat,
        build_row: Callable[[int, QVBoxLayout], None],
        add: Callable[[str], None],
        remove: Callable[[str, int], None],
    ) -> None:
        super().__init__()
        self.engine = engine
        self.repeat = repeat
        self.setObjectName(f"{repeat.name}:repeat")
        self._build_row = build_row
        self._remove = remove
        self.title = QLabel()
        self.title.setObjectName(f"{repeat.name}:title")
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.hint = _wrapping_label(f"{repeat.name}:hint")
        self.hint.setStyleSheet(HINT_STYLE)
        self.empty = _wrapping_label(f"{repeat.name}:empty")
        self.empty.setStyleSheet(HINT_STYLE + " font-style: italic;")
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(8)
        self.boxes: list[QGroupBox] = []
        self.remove_buttons: list[QPushButton] = []
        self.add_button = QPushButton()
        self.add_button.setObjectName(f"{repeat.name}:add")
        self.add_button.clicked.connect(lambda: add(repeat.name))
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self.rows_layout)
        layout.addWidget(self.empty)
        layout.addWidget(self.add_button)
        self.rebuild()

    def _label(self) -> str:
        return self.engine.label(self.repeat.name)

    def rebuild(self) -> None:
        """Recreate every row's box (after a row was added or removed)."""
        for box in self.boxes:
            box.hide()
            box.deleteLater()
        self.boxes = []
        self.remove_buttons = []
        for row in range(1, self.engine.rows[self.repeat.name] + 1):
            box = QGroupBox()
            box.setObjectName(f"{self.repeat.name}[{row}]:row")
            box.setStyleSheet(ROW_STYLE)
            body = QVBoxLayout(box)
            top = QHBoxLayout()
            top.addStretch(1)
            remove = QPushButton()
            remove.setObjectName(f"{self.repeat.name}[{row}]:remove")
            remove.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            remove.clicked.connect(lambda _c=False, r=row: self._remove(self.repeat.name, r))
            top.addWidget(remove)
            body.addLayout(top)
            self._build_row(row, body)
            self.rows_layout.addWidget(box)
            box.show()
            self.boxes.append(box)
            self.remove_buttons.append(remove)
        self.relabel()

    def relabel(self) -> None:
        language = self.engine.language
        label = self._label()
        self.title.setText(label)
        hint = self.engine.hint(self.repeat.name)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.empty.setText(text("no_rows", language))
        self.empty.setVisible(not self.boxes)
        self.add_button.setText("+ " + text("add_row", language, label=label))
        for row, (box, remove) in enumerate(zip(self.boxes, self.remove_buttons, strict=True), 1):
            box.setTitle(text("row", language, label=label, n=row))
            remove.setText(text("remove_row", language, label=label, n=row))

    def refresh(self) -> None:
        relevant = self.engine.is_relevant(self.repeat.name)
        self.setVisible(relevant)
        if relevant:
            self.relabel()


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def is_shown(question: Question) -> bool:
    """Calculates are computed, never shown."""
    return question.type is not QuestionType.CALCULATE

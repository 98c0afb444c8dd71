"""One editor per question type: what a person types, ticks or picks, and nothing else.

An editor knows nothing of the form's rules. It turns the person's input
into a storage value (:mod:`fieldcase.ui.wizard.display`), says when the
text cannot be read (``input_error``: a half-typed date must not count as
empty), and shows a value it is given without emitting ``edited`` (so the
engine's own changes never loop back as answers).

Every editor can be empty — that is why dates are line edits with a
calendar button rather than ``QDateEdit``, and numbers line edits with a
validator rather than spin boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from fieldcase.core.changes import JsonValue
from fieldcase.forms.model import Choice, Question, QuestionType
from fieldcase.ui.wizard import display
from fieldcase.ui.wizard.strings import text

#: More options than this are a drop-down list instead of radio buttons.
MAX_RADIOS = 6
#: Up to this many short options (Ya / Tidak / Tidak tahu) sit side by side.
MAX_IN_A_ROW = 3
SHORT_LABEL = 24
#: More check boxes than this are laid out in two columns.
MAX_SINGLE_COLUMN = 6
_MULTILINE = ("multiline", "multi-line")


def locale_for(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


class Editor(QWidget):
    """The input of one question instance."""

    #: The person changed the input (the value may be unchanged or unreadable).
    edited = Signal()
    #: The person left the input (for showing messages "late").
    left = Signal()

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName(path)
        self.language = "id"
        self._readonly = False

    def value(self) -> JsonValue:
        raise NotImplementedError

    def set_value(self, value: JsonValue) -> None:
        raise NotImplementedError

    def input_error(self) -> str | None:
        """Why the input cannot be read (in the current language), or None."""
        return None

    def set_language(self, language: str) -> None:
        self.language = language

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.setEnabled(not readonly)

    def focus_target(self) -> QWidget:
        return self

    def set_accessible(self, name: str, description: str) -> None:
        target = self.focus_target()
        target.setAccessibleName(name)
        target.setAccessibleDescription(description)
        self.setAccessibleName(name)

    def _watch_focus(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left.emit()
        return super().eventFilter(watched, event)


def _line(path: str, object_name: str | None = None) -> QLineEdit:
    line = QLineEdit()
    line.setObjectName(object_name or f"{path}:input")
    line.setClearButtonEnabled(False)
    return line


class TextEditor(Editor):
    def __init__(self, path: str, multiline: bool, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.multiline = multiline
        if multiline:
            self.area = QPlainTextEdit()
            self.area.setObjectName(f"{path}:input")
            self.area.setTabChangesFocus(True)
            self.area.setFixedHeight(self.area.fontMetrics().lineSpacing() * 4 + 14)
            self.area.textChanged.connect(self.edited.emit)
            self._watch_focus(self.area)
            layout.addWidget(self.area)
        else:
            self.line = _line(path)
            self.line.textEdited.connect(lambda _t: self.edited.emit())
            self.line.editingFinished.connect(self.left.emit)
            layout.addWidget(self.line)

    def focus_target(self) -> QWidget:
        return self.area if self.multiline else self.line

    def _text(self) -> str:
        return self.area.toPlainText() if self.multiline else self.line.text()

    def value(self) -> JsonValue:
        typed = self._text()
        return typed if typed.strip() else None

    def set_value(self, value: JsonValue) -> None:
        new = "" if value is None else str(value)
        if self._text() == new or (value is None and not self._text().strip()):
            return
        if self.multiline:
            self.area.blockSignals(True)
            self.area.setPlainText(new)
            self.area.blockSignals(False)
        else:
            self.line.setText(new)

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.focus_target().setProperty("readOnly", readonly)
        if self.multiline:
            self.area.setReadOnly(readonly)
        else:
            self.line.setReadOnly(readonly)


class NumberEditor(Editor):
    """Integer or decimal; empty is allowed; ranges are the form's constraints."""

    def __init__(self, path: str, decimal: bool, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.decimal = decimal
        self.line = _line(path)
        pattern = r"-?\d{0,12}([.,]\d{0,8})?" if decimal else r"-?\d{0,12}"
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.line))
        self.line.setMaximumWidth(180)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.line.editingFinished.connect(self.left.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addStretch(1)

    def focus_target(self) -> QWidget:
        return self.line

    def _parse(self) -> float | None:
        typed = self.line.text().strip().replace(",", ".")
        if not typed:
            return None
        try:
            return float(typed)
        except ValueError:
            return None

    def value(self) -> JsonValue:
        number = self._parse()
        if number is None:
            return None
        if not self.decimal:
            return int(number)
        return number

    def input_error(self) -> str | None:
        if self.line.text().strip() and self._parse() is None:
            return text("bad_decimal" if self.decimal else "bad_integer", self.language)
        return None

    def set_value(self, value: JsonValue) -> None:
        if value == self.value():  # also keeps a half-typed input the engine saw as empty
            return
        if value is None:
            self.line.setText("")
            return
        number = float(value)
        shown = str(int(number)) if number.is_integer() else repr(number)
        if self.language == "id":
            shown = shown.replace(".", ",")
        self.line.setText(shown)

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.line.setReadOnly(readonly)


class _Calendar(QToolButton):
    """A "Calendar" button whose menu is a month view; ``picked`` gives the date."""

    picked = Signal(QDate)

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{path}:calendar")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style's small menu arrow is drawn over the last letter ("Kalende⌄");
        # the text carries its own arrow instead (see ``setText``).
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName(f"{path}:month")
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.setMenu(menu)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def setText(self, text: str) -> None:
        """The label with a "▾": it opens a menu (the month view)."""
        super().setText(f"{text} ▾")

    def _pick(self, day: QDate) -> None:
        menu = self.menu()
        if menu is not None:
            menu.hide()
        self.picked.emit(day)

    def show_month_of(self, day: date | None, language: str) -> None:
        self.calendar.setLocale(locale_for(language))
        shown = day or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))


class DateEditor(Editor):
    """dd/mm/yyyy typed or picked; stored as ISO ``YYYY-MM-DD``."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.line = _line(path)
        self.line.setMaximumWidth(150)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.line.editingFinished.connect(self.left.emit)
        self.calendar = _Calendar(path)
        self.calendar.picked.connect(self._picked)
        self.calendar.pressed.connect(
            lambda: self.calendar.show_month_of(self._date(), self.language)
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.calendar)
        layout.addStretch(1)
        self.set_language("id")

    def focus_target(self) -> QWidget:
        return self.line

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self.line.setPlaceholderText(text("date_placeholder", language))
        self.calendar.setText(text("calendar", language))

    def _date(self) -> date | None:
        return display.parse_date_input(self.line.text())

    def _picked(self, day: QDate) -> None:
        self.line.setText(display.format_date(date(day.year(), day.month(), day.day())))
        self.edited.emit()
        self.left.emit()

    def value(self) -> JsonValue:
        day = self._date()
        return display.iso_date(day) if day else None

    def input_error(self) -> str | None:
        if self.line.text().strip() and self._date() is None:
            return text("bad_date", self.language)
        return None

    def set_value(self, value: JsonValue) -> None:
        if value == self.value():  # also keeps a half-typed input the engine saw as empty
            return
        day = display.parse_stored_date(value)
        self.line.setText(display.format_date(day) if day else "")

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.line.setReadOnly(readonly)
        self.calendar.setEnabled(not readonly)


class DateTimeEditor(Editor):
    """A date, a time and the zone they are in; stored as a UTC instant."""

    def __init__(self, path: str, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.zone = zone
        self.date_line = _line(path, f"{path}:date")
        self.date_line.setMaximumWidth(150)
        self.time_line = _line(path, f"{path}:time")
        self.time_line.setMaximumWidth(90)
        for line in (self.date_line, self.time_line):
            line.textEdited.connect(lambda _t: self.edited.emit())
            line.editingFinished.connect(self.left.emit)
        self.calendar = _Calendar(path)
        self.calendar.picked.connect(self._picked)
        self.calendar.pressed.connect(
            lambda: self.calendar.show_month_of(
                display.parse_date_input(self.date_line.text()), self.language
            )
        )
        self.zone_label = QLabel()
        self.zone_label.setObjectName(f"{path}:zone")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_line)
        layout.addWidget(self.calendar)
        layout.addSpacing(12)
        layout.addWidget(self.time_line)
        layout.addWidget(self.zone_label)
        layout.addStretch(1)
        self.set_language("id")

    def focus_target(self) -> QWidget:
        return self.date_line

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self.date_line.setPlaceholderText(text("date_placeholder", language))
        self.time_line.setPlaceholderText(text("time_placeholder", language))
        self.calendar.setText(text("calendar", language))
        label = display.zone_label(datetime.now(self.zone))
        self.zone_label.setText(label)
        self.zone_label.setToolTip(text("zone", language, zone=label))
        self.time_line.setAccessibleName(text("zone", language, zone=label))

    def _picked(self, day: QDate) -> None:
        self.date_line.setText(display.format_date(date(day.year(), day.month(), day.day())))
        self.edited.emit()

    def _moment(self) -> datetime | None:
        day = display.parse_date_input(self.date_line.text())
        clock = display.parse_time_input(self.time_line.text())
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, tzinfo=self.zone)

    def value(self) -> JsonValue:
        moment = self._moment()
        return display.utc_iso(moment) if moment else None

    def input_error(self) -> str | None:
        typed_date = self.date_line.text().strip()
        typed_time = self.time_line.text().strip()
        if not typed_date and not typed_time:
            return None
        if display.parse_date_input(typed_date) is None:
            return text("bad_date" if typed_date else "time_needs_date", self.language)
        if display.parse_time_input(typed_time) is None:
            return text("bad_time", self.language)
        return None

    def set_value(self, value: JsonValue) -> None:
        if value == self.value():  # also keeps a half-typed input the engine saw as empty
            return
        moment = display.parse_stored_datetime(value, self.zone)
        self.date_line.setText(display.format_date(moment) if moment else "")
        self.time_line.setText(display.format_time(moment) if moment else "")

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.date_line.setReadOnly(readonly)
        self.time_line.setReadOnly(readonly)
        self.calendar.setEnabled(not readonly)


class _ChoiceEditor(Editor):
    """Common ground of the selects: a list of options that a choice_filter may change."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.choices: tuple[Choice, ...] = ()
        self._shown: tuple[tuple[str, str], ...] | None = None
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(2)

    def set_choices(self, choices: Sequence[Choice], language: str) -> None:
        self.language = language
        shown = tuple((c.name, c.label.get(language) or c.name) for c in choices)
        if shown == self._shown:
            return
        same_options = self._shown is not None and [n for n, _ in shown] == [
            n for n, _ in self._shown
        ]
        self.choices = tuple(choices)
        self._shown = shown
        if same_options:  # only the language changed: relabel, keep the widgets (and focus)
            self._relabel(shown)
            return
        current = self.value()
        self._rebuild(shown)
        self.set_value(current)

    def _rebuild(self, shown: tuple[tuple[str, str], ...]) -> None:
        raise NotImplementedError

    def _relabel(self, shown: tuple[tuple[str, str], ...]) -> None:
        raise NotImplementedError

    def set_language(self, language: str) -> None:
        self.language = language  # labels come again with set_choices


def _clear_layout(layout: QLayout) -> None:
    """Remove every widget (deleted later) and inner layout, keeping ``layout`` itself."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        inner = item.layout()
        if inner is not None:
            _clear_layout(inner)


class SelectOneEditor(_ChoiceEditor):
    """Radio buttons for a few options, a drop-down list for many."""

    def __init__(self, path: str, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.optional = optional
        self.group: QButtonGroup | None = None
        self.combo: QComboBox | None = None
        self.radios: dict[str, QRadioButton] = {}
        self.clear_button: QPushButton | None = None
        self._signals_on = True

    def _rebuild(self, shown: tuple[tuple[str, str], ...]) -> None:
        _clear_layout(self.box)
        self.radios = {}
        self.group = None
        self.combo = None
        self.clear_button = None
        if len(shown) > MAX_RADIOS:
            combo = QComboBox()
            combo.setObjectName(f"{self.path}:input")
            combo.addItem(text("choose", self.language), None)
            for name, label in shown:
                combo.addItem(label, name)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            combo.setMaxVisibleItems(15)
            combo.currentIndexChanged.connect(lambda _i: self._user_changed())
            self._watch_focus(combo)
            self.combo = combo
            self.box.addWidget(combo)
            combo.show()  # added to a shown parent: visible now, not after the next event
            return
        group = QButtonGroup(self)
        group.setExclusive(True)
        side_by_side = len(shown) <= MAX_IN_A_ROW and all(
            len(label) <= SHORT_LABEL for _, label in shown
        )
        row = QHBoxLayout()
        row.setSpacing(28)
        if side_by_side:
            self.box.addLayout(row)
        for name, label in shown:
            radio = QRadioButton(label)
            radio.setObjectName(f"{self.path}:{name}")
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            group.addButton(radio)
            self.radios[name] = radio
            (row if side_by_side else self.box).addWidget(radio)
            radio.show()
        row.addStretch(1)
        group.buttonToggled.connect(self._toggled)
        self.group = group
        if self.optional:
            clear = QPushButton(text("clear_choice", self.language))
            clear.setObjectName(f"{self.path}:clear")
            clear.setFlat(True)
            clear.setAutoDefault(False)
            clear.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            clear.setStyleSheet("QPushButton { color: #1f5fa8; text-decoration: underline; }")
            clear.clicked.connect(self._clear)
            self.clear_button = clear
            self.box.addWidget(clear)
            clear.setVisible(False)

    def _relabel(self, shown: tuple[tuple[str, str], ...]) -> None:
        if self.combo is not None:
            self.combo.setItemText(0, text("choose", self.language))
            for index, (_name, label) in enumerate(shown, 1):
                self.combo.setItemText(index, label)
        for name, label in shown:
            if name in self.radios:
                self.radios[name].setText(label)
        if self.clear_button is not None:
            self.clear_button.setText(text("clear_choice", self.language))

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        # Clicks and arrow keys both end here; only the newly checked radio counts.
        if checked:
            self._user_changed()

    def _user_changed(self) -> None:
        if self._signals_on:
            self._changed()

    def _changed(self) -> None:
        if self.clear_button is not None:
            self.clear_button.setVisible(self.value() is not None)
        self.edited.emit()
        self.left.emit()

    def _clear(self) -> None:
        self.set_value(None)
        self._changed()
        if self.radios:
            next(iter(self.radios.values())).setFocus()

    def focus_target(self) -> QWidget:
        if self.combo is not None:
            return self.combo
        for radio in self.radios.values():
            if radio.isChecked():
                return radio
        return next(iter(self.radios.values()), self)

    def value(self) -> JsonValue:
        if self.combo is not None:
            return self.combo.currentData()
        for name, radio in self.radios.items():
            if radio.isChecked():
                return name
        return None

    def set_value(self, value: JsonValue) -> None:
        if value == self.value():
            return
        self._signals_on = False
        try:
            if self.combo is not None:
                index = self.combo.findData(value) if value is not None else 0
                self.combo.setCurrentIndex(max(index, 0))
            elif self.group is not None:
                self.group.setExclusive(False)
                for name, radio in self.radios.items():
                    radio.setChecked(name == value)
                self.group.setExclusive(True)
        finally:
            self._signals_on = True
        if self.clear_button is not None:
            self.clear_button.setVisible(self.value() is not None)

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        for radio in self.radios.values():
            radio.setEnabled(not readonly)
        if self.combo is not None:
            self.combo.setEnabled(not readonly)
        if self.clear_button is not None:
            self.clear_button.setEnabled(not readonly)

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        if self.combo is not None:
            self.combo.setAccessibleName(name)
            self.combo.setAccessibleDescription(description)
        for radio in self.radios.values():
            radio.setAccessibleDescription(name)


class SelectMultipleEditor(_ChoiceEditor):
    """One check box per option; the value is the list of ticked names, in form order."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(2)
        self.box.addLayout(self.grid)
        self._signals_on = True

    def _rebuild(self, shown: tuple[tuple[str, str], ...]) -> None:
        _clear_layout(self.grid)
        self.boxes = {}
        columns = 2 if len(shown) > MAX_SINGLE_COLUMN else 1
        per_column = (len(shown) + columns - 1) // columns
        for i, (name, label) in enumerate(shown):
            box = QCheckBox(label)
            box.setObjectName(f"{self.path}:{name}")
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            box.toggled.connect(lambda _c: self._changed())
            self.boxes[name] = box
            row, column = i % per_column, i // per_column
            self.grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignLeft)
            box.show()
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)

    def _relabel(self, shown: tuple[tuple[str, str], ...]) -> None:
        for name, label in shown:
            self.boxes[name].setText(label)

    def _changed(self) -> None:
        if self._signals_on:
            self.edited.emit()
            self.left.emit()

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def value(self) -> JsonValue:
        ticked = [name for name, box in self.boxes.items() if box.isChecked()]
        return ticked or None

    def set_value(self, value: JsonValue) -> None:
        wanted = set(value or [])
        self._signals_on = False
        try:
            for name, box in self.boxes.items():
                if box.isChecked() != (name in wanted):
                    box.setChecked(name in wanted)
        finally:
            self._signals_on = True

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        for box in self.boxes.values():
            box.setEnabled(not readonly)

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        for box in self.boxes.values():
            box.setAccessibleDescription(name)


class AcknowledgeEditor(Editor):
    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.box = QCheckBox()
        self.box.setObjectName(f"{path}:input")
        self.box.toggled.connect(lambda _c: self._changed())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self._signals_on = True
        self.set_language("id")

    def _changed(self) -> None:
        if self._signals_on:
            self.edited.emit()
            self.left.emit()

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self.box.setText(text("acknowledge", language))

    def focus_target(self) -> QWidget:
        return self.box

    def value(self) -> JsonValue:
        return display.ACKNOWLEDGED if self.box.isChecked() else None

    def set_value(self, value: JsonValue) -> None:
        self._signals_on = False
        self.box.setChecked(bool(value))
        self._signals_on = True

    def set_readonly(self, readonly: bool) -> None:
        self._readonly = readonly
        self.box.setEnabled(not readonly)


def make_editor(question: Question, path: str, zone: tzinfo) -> Editor | None:
    """The editor for a question, or None for types that are not typed (note, calculate)."""
    kind = question.type
    if kind is QuestionType.TEXT:
        multiline = (question.appearance or "").strip().lower() in _MULTILINE
        return TextEditor(path, multiline)
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return NumberEditor(path, decimal=kind is QuestionType.DECIMAL)
    if kind is QuestionType.DATE:
        return DateEditor(path)
    if kind is QuestionType.DATETIME:
        return DateTimeEditor(path, zone)
    if kind is QuestionType.SELECT_ONE:
        return SelectOneEditor(path, optional=question.required is None)
    if kind is QuestionType.SELECT_MULTIPLE:
        return SelectMultipleEditor(path)
    if kind is QuestionType.ACKNOWLEDGE:
        return AcknowledgeEditor(path)
    return None

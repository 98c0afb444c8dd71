"""The unit-cost table of the budgeting model, edited by the team admin in the app.

Why a grid (service rows × region columns) and not the CSV's 64 lines: an
admin fills it from a regional price list that is laid out the same way, and
a missing or odd cell stands out. A cell typed wrong keeps what was typed,
turns red and says why (tooltip and the line under the table) instead of
silently reverting: the admin sees the mistake where it was made. Nothing is
saved while a cell is wrong; saving is atomic
(:func:`fieldcase.reports.unit_costs.save_unit_costs`) and writes the admin
copy that the budget export and ``fieldcase report budget`` use.

A supervisor may open the table to see what the budget is built from, read
only. The table holds no case content, so it is edited on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.core.errors import FieldcaseError, InvalidInput
from fieldcase.core.roles import Role
from fieldcase.reports.budget import UnitCosts
from fieldcase.reports.charts_data import STREAM_NAMES
from fieldcase.reports.deidentify import REGIONS
from fieldcase.reports.derive import STREAMS
from fieldcase.reports.unit_costs import (
    DEFAULT_UNIT,
    EDIT_ROLES,
    VIEW_ROLES,
    effective_costs,
    full_grid,
    parse_cost,
    require_view,
    save_unit_costs,
    shipped_costs,
)
from fieldcase.ui.operations import user_message
from fieldcase.ui.reports.labels import T
from fieldcase.ui.style import FeedbackKind, make_primary, set_feedback

Index = QModelIndex | QPersistentModelIndex
Cell = tuple[str, str]
REGION_CODES: tuple[str, ...] = tuple(REGIONS)
ERROR_BACKGROUND = QColor("#fbe3e4")
ERROR_INK = QColor("#a1111c")


def _say(label: QLabel, text: str, kind: FeedbackKind) -> None:
    """Feedback that keeps its line when empty, so the dialog does not jump or squeeze."""
    set_feedback(label, text, kind)
    label.setVisible(True)


def format_rupiah(amount: int) -> str:
    """``1.500.000`` in Indonesian, ``1,500,000`` in English (both parse back)."""
    text = f"{amount:,}"
    return text.replace(",", ".") if i18n.current() == "id" else text


class UnitCostModel(QAbstractTableModel):
    """Cost per service stream (rows) × region (columns), in whole rupiah.

    A value that does not parse is kept as typed, with its error, so the
    view can show both; :meth:`table` refuses while any is left.
    """

    #: A person changed a cell (not a load).
    edited = Signal()

    def __init__(self, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = editable
        self.placeholder = True
        self._costs: dict[Cell, int] = {}
        self._units: dict[Cell, str] = {}
        self._typed: dict[Cell, str] = {}
        self._errors: dict[Cell, InvalidInput] = {}

    # --- content --------------------------------------------------------------------------

    def load(self, table: UnitCosts) -> None:
        """Show ``table`` (every cell filled as the budget would cost it); errors cleared."""
        grid = full_grid(table)
        self.beginResetModel()
        self._costs = dict(grid.costs)
        self._units = dict(grid.units)
        self._typed.clear()
        self._errors.clear()
        self.placeholder = grid.placeholder
        self.endResetModel()

    def table(self) -> UnitCosts:
        """The edited table; InvalidInput while a cell is wrong."""
        if self._errors:
            raise next(iter(self._errors.values()))
        return UnitCosts(
            costs=dict(self._costs), units=dict(self._units), placeholder=self.placeholder
        )

    def errors(self) -> list[tuple[QModelIndex, InvalidInput]]:
        """Wrong cells in reading order (row by row)."""
        found = []
        for row, stream in enumerate(STREAMS):
            for column, region in enumerate(REGION_CODES):
                error = self._errors.get((stream, region))
                if error is not None:
                    found.append((self.index(row, column), error))
        return found

    def cell(self, index: Index) -> Cell:
        return STREAMS[index.row()], REGION_CODES[index.column()]

    def cost(self, stream: str, region: str) -> int:
        return self._costs[(stream, region)]

    def retranslate(self) -> None:
        """Headers and number format follow the language switch."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(REGION_CODES) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(STREAMS) - 1)
        if self._costs:
            last = self.index(len(STREAMS) - 1, len(REGION_CODES) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- the model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._costs else len(STREAMS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REGION_CODES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not self._costs:
            return None
        cell = self.cell(index)
        error = self._errors.get(cell)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._typed[cell] if error is not None else format_rupiah(self._costs[cell])
        if role == Qt.ItemDataRole.EditRole:
            return self._typed[cell] if error is not None else str(self._costs[cell])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if error is not None:
                return error.message(i18n.current())
            stream, region = cell
            name = i18n.pick(*STREAM_NAMES[stream])
            unit = self._units.get(cell, DEFAULT_UNIT)
            return f"{name} · {REGIONS[region]}: Rp {format_rupiah(self._costs[cell])} {unit}"
        if role == Qt.ItemDataRole.BackgroundRole and error is not None:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and error is not None:
            return QBrush(ERROR_INK)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(REGION_CODES):
            return REGIONS[REGION_CODES[section]]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(STREAMS):
            return i18n.pick(*STREAM_NAMES[STREAMS[section]])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Take what the admin typed; a wrong value is kept with its error (still True)."""
        if not self.editable or role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self._costs or index.row() >= len(STREAMS):
            return False
        cell = self.cell(index)
        text = str(value)
        try:
            self._costs[cell] = parse_cost(text)
        except InvalidInput as error:
            self._typed[cell] = text
            self._errors[cell] = error
        else:
            self._typed.pop(cell, None)
            self._errors.pop(cell, None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class UnitCostsDialog(QDialog):
    """The admin's unit-cost table for one data folder (read only for a supervisor)."""

    #: The table was saved (the admin copy's path, or "" when the copy was removed).
    saved = Signal(str)

    def __init__(self, data_dir: Path, role: Role, parent: QWidget | None = None) -> None:
        require_view(role)
        super().__init__(parent)
        self.setObjectName("unitCosts")
        self._data_dir = data_dir
        self.role = role
        self.editable = role in EDIT_ROLES
        self.dirty = False
        #: Asked before closing with unsaved changes; tests replace it.
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.model = UnitCostModel(self.editable, self)
        self.model.edited.connect(self._edited)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.placeholder = QCheckBox()
        self.placeholder.setObjectName("placeholder")
        if not self.editable:  # readable, not greyed out, but not a control
            self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.placeholder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.placeholder.toggled.connect(self._placeholder_toggled)
        layout.addWidget(self.placeholder)
        self.view = QTableView()
        self.view.setObjectName("costTable")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            if self.editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(96)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Eight rows always: the table is exactly as tall as its rows, no empty band.
        self.view.setFixedHeight(
            header.sizeHint().height()
            + rows.defaultSectionSize() * len(STREAMS)
            + 2 * self.view.frameWidth()
            + 2
        )
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.view)
        self.errors = QLabel()
        self.errors.setObjectName("costErrors")
        self.errors.setWordWrap(True)
        self.errors.setTextFormat(Qt.TextFormat.PlainText)
        # Room for a two-line message from the start: a wrapped error must not
        # squeeze the table (the dialog's size is set once, when it opens).
        self.errors.setMinimumHeight(self.errors.fontMetrics().lineSpacing() * 2 + 4)
        self.errors.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.errors)
        self.status = QLabel()
        self.status.setObjectName("costStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetCosts")
        self.reset_button.clicked.connect(self.reset_to_shipped)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveCosts")
        make_primary(self.save_button)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeCosts")
        self.close_button.clicked.connect(self.reject)
        for button in (self.reset_button, self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the table must not save or close
        if self.editable:
            buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        if self.editable:
            buttons.addWidget(self.save_button)
        else:
            self.reset_button.hide()
            self.save_button.hide()
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        listener = self._language_changed
        i18n.add_listener(listener)
        self.destroyed.connect(lambda _obj=None: i18n.remove_listener(listener))
        self.load()
        self.retranslate()
        self.resize(1120, self.sizeHint().height())

    # --- content --------------------------------------------------------------------------

    def load(self) -> None:
        """The team's table; the shipped placeholders when the admin copy cannot be read."""
        try:
            table = effective_costs(self._data_dir)
            _say(self.status, "", "hint")
        except FieldcaseError as error:
            table = shipped_costs()
            message = T.COSTS_COPY_BROKEN.format(reason=user_message(error))
            _say(self.status, message, "error")
        self._show(table)
        self.dirty = False

    def _show(self, table: UnitCosts) -> None:
        self.model.load(table)
        self.placeholder.blockSignals(True)
        self.placeholder.setChecked(self.model.placeholder)
        self.placeholder.blockSignals(False)
        self._show_errors()

    def reset_to_shipped(self) -> None:
        """Fill the grid with the shipped placeholders (saved only by Save)."""
        if not self.editable:
            return
        self._show(shipped_costs())
        self._edited()

    def _placeholder_toggled(self, checked: bool) -> None:
        self.model.placeholder = checked
        self._edited()

    def _edited(self) -> None:
        self.dirty = True
        self._show_errors()
        if self.status.property("feedbackKind") != "error" or not self.model.errors():
            _say(self.status, T.COSTS_UNSAVED, "hint")

    def _show_errors(self) -> None:
        found = self.model.errors()
        if not found:
            _say(self.errors, "", "hint")
            self.save_button.setEnabled(self.editable)
            return
        index, error = found[0]
        stream, region = self.model.cell(index)
        where = f"{i18n.pick(*STREAM_NAMES[stream])} · {REGIONS[region]}"
        text = T.COSTS_ERRORS.format(
            count=len(found), where=where, reason=error.message(i18n.current())
        )
        _say(self.errors, text, "error")

    def save(self) -> bool:
        """Save the table (admin only); a wrong cell is shown and selected instead."""
        found = self.model.errors()
        if found:
            self._show_errors()
            self.view.setCurrentIndex(found[0][0])
            self.view.setFocus()
            return False
        try:
            written = save_unit_costs(self._data_dir, self.model.table(), self.role)
        except FieldcaseError as error:
            _say(self.status, user_message(error), "error")
            return False
        self.dirty = False
        _say(self.status, T.COSTS_SAVED if written else T.COSTS_SHIPPED, "ok")
        self.saved.emit(str(written) if written else "")
        return True

    # --- words ----------------------------------------------------------------------------

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(T.UNIT_COSTS_TITLE)
        more = T.UNIT_COSTS_TYPE if self.editable else T.UNIT_COSTS_VIEW_ONLY
        self.intro.setText(f"{T.UNIT_COSTS_INTRO} {more}")
        self.placeholder.setText(T.PLACEHOLDER_BOX)
        self.placeholder.setToolTip(T.PLACEHOLDER_TIP)
        self.reset_button.setText(T.RESET_COSTS)
        self.reset_button.setToolTip(T.RESET_TIP)
        self.save_button.setText(T.SAVE)
        self.close_button.setText(T.CLOSE)
        self.view.setAccessibleName(T.UNIT_COSTS_TITLE)
        self.model.retranslate()
        self._show_errors()

    # --- closing --------------------------------------------------------------------------

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            T.DISCARD_TITLE,
            T.DISCARD,
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Close, Escape and the window's × all come here (QDialog's closeEvent calls it)."""
        if self.dirty and self.editable and not self.confirm_discard():
            return
        super().reject()


def open_unit_costs_dialog(
    parent: QWidget | None, data_dir: Path, role: Role
) -> UnitCostsDialog | None:
    """Open the unit-cost table (admin edits, supervisor reads); others get the refusal.

    Non-modal and deleted on close. Returns the dialog, or None when the role
    may not see it (a bilingual message box says so).
    """
    if role not in VIEW_ROLES:
        try:
            require_view(role)
        except FieldcaseError as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning, T.NOT_ALLOWED, user_message(error), parent=parent
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        return None
    dialog = UnitCostsDialog(data_dir, role, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

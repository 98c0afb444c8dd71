"""The "Kasus / Cases" tab: search box, filters, the lazy case table and its count.

Why a pane of its own: the main window is a shell (toolbar, tabs, lock);
everything about finding a case lives here, and it is cleared as one piece
on lock — the search box may hold a child's name.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.errors import FieldcaseError
from fieldcase.ui import texts
from fieldcase.ui.caselist import CaseListModel, Column
from fieldcase.ui.operations import log_bug, user_message
from fieldcase.ui.style import set_feedback
from fieldcase.ui.valuelabels import value_label
from fieldcase.ui.words import Words
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

#: Search results shown at most (ranked best first); the count line says when cut.
SEARCH_LIMIT = 500
#: Typing pauses this long before a search runs (each keystroke would be a query).
SEARCH_DELAY_MS = 250
#: Widest usual content per column, so widths are set without reading any row.
_COLUMN_SAMPLES = {
    Column.CODE: "00000000",
    Column.STAGE: "Penerimaan pengaduan",
    Column.STATUS: "Ditutup",
    Column.REGION: "DKI Jakarta",
    Column.RISK: "Sedang",
    Column.WORKER: "Pendamping 00",
}


class CaseListPane(QWidget):
    """Finds cases; emits ``openRequested(case_id)`` on Enter or double-click."""

    openRequested = Signal(str)
    selectionChanged = Signal(bool)  # whether a case is selected

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = session
        self.words = Words(self)
        self.model = CaseListModel(session.cases.summaries, self)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.words.bind(self.search.setPlaceholderText, lambda: texts.SEARCH_PLACEHOLDER)
        search_label = QLabel()
        self.words.bind(search_label.setText, lambda: texts.SEARCH_LABEL)
        search_label.setBuddy(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self._size_columns()
        # activated: Enter/Return on a row, and double-click (unless the platform opens
        # items on a single click, where that single click is the usual gesture).
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self.selectionChanged.emit(
                self.selected_case() is not None
            )
        )
        self.model.modelReset.connect(lambda: self.selectionChanged.emit(False))

        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")

        # Filters on the list columns (stage, status, region, risk): exact values.
        self.filters: dict[str, QComboBox] = {}
        known = session.cases.filter_values()
        for column in texts.filters():
            combo = QComboBox()
            combo.setObjectName(f"filter_{column}")
            combo.addItem("", None)
            for value in known.get(column, []):
                combo.addItem(value_label(column, value), value)
            combo.currentIndexChanged.connect(lambda _index: self.apply_search())
            self.filters[column] = combo
        self._label_filters()

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        for combo in self.filters.values():
            search_row.addWidget(combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.words.after_switch(self._after_language_switch)
        self.apply_search()

    def _label_filters(self) -> None:
        for column, label in texts.filters().items():
            combo = self.filters[column]
            combo.setItemText(0, label)
            for index in range(1, combo.count()):
                combo.setItemText(index, value_label(column, combo.itemData(index)))
            combo.setAccessibleName(label)
            combo.setToolTip(label)

    def _after_language_switch(self) -> None:
        self._label_filters()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._size_columns()
        if self._session is not None:
            self.apply_search()

    def _size_columns(self) -> None:
        """Fit headers and usual values without reading rows (that would defeat laziness)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header_metrics = header.fontMetrics()
        cell_metrics = self.table.fontMetrics()
        for column, sample in _COLUMN_SAMPLES.items():
            label = texts.columns()[column][0]
            width = max(
                header_metrics.horizontalAdvance(label),
                cell_metrics.horizontalAdvance(sample),
            )
            header.resizeSection(column, width + 28)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ search

    def apply_search(self) -> None:
        """Show every case, or the ones matching the search text (best first)."""
        self._search_timer.stop()
        session = self._session
        if session is None:
            return
        text = self.search.text().strip()
        where = {
            column: combo.currentData()
            for column, combo in self.filters.items()
            if combo.currentData() is not None
        }
        try:
            total = session.cases.count()
            if text:
                ids = session.cases.search(text, SEARCH_LIMIT)
                if where:
                    allowed = set(session.cases.case_ids(where=where))
                    ids = [case_id for case_id in ids if case_id in allowed]
            else:
                ids = session.cases.case_ids(where=where)
        except FieldcaseError as error:
            set_feedback(self.count_label, user_message(error), "error")
            return
        except Exception as error:  # a bug: say so, keep the window usable
            log_bug(error, "search")
            set_feedback(self.count_label, user_message(error), "error")
            return
        self.model.set_case_ids(ids)
        count = count_text(text, len(ids), total, filtered=bool(where))
        set_feedback(self.count_label, count, "hint")

    # --------------------------------------------------------------- selection

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id is not None:
            self.openRequested.emit(case_id)

    def clear(self) -> None:
        """Drop every value read from the vault and the typed search text."""
        self._search_timer.stop()
        self._session = None
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.count_label.clear()


def count_text(text: str, shown: int, total: int, filtered: bool = False) -> str:
    """The line under the list: how many cases, and whether a search or filter narrowed it."""
    if not text and filtered:
        return texts.COUNT_FILTERED.format(shown=shown, total=total)
    if not text:
        return texts.COUNT_ALL.format(total=total) if total else texts.COUNT_NONE
    if not shown:
        return texts.COUNT_NO_MATCH
    if shown >= SEARCH_LIMIT:
        return texts.COUNT_LIMIT.format(shown=shown, total=total)
    return texts.COUNT_MATCH.format(shown=shown, total=total)

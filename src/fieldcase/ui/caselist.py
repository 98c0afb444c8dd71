"""The case list model: holds only case ids, reads rows lazily in blocks.

Why lazy: a vault can hold tens of thousands of cases on a 4 GB laptop, and
every row read is a decryption. The model keeps the id list (cheap) and
asks the store for the summaries of the rows being painted, ``BLOCK_SIZE``
ids per query, keeping a few recent blocks in a small LRU cache.

Why a placeholder row: one unreadable row (a damaged page, a vault closed
under the view) must not take the whole list down; it shows "—" and a
tooltip saying what to do, and the error is logged by type and count only.

The list shows only the non-identifying columns of :class:`CaseSummary`:
no names, ever. :meth:`CaseListModel.clear` drops ids, cache and the store
reference; the main window calls it when the vault is locked.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from fieldcase.core.errors import FieldcaseError
from fieldcase.ui import texts
from fieldcase.ui.operations import log_bug
from fieldcase.ui.valuelabels import readable, value_label
from fieldcase.vault.casestore import CaseSummary

log = logging.getLogger(__name__)

BLOCK_SIZE = 100
CACHE_BLOCKS = 8

#: ``CaseStore.summaries``: ids in, summaries out in the same order (missing ids skipped).
SummaryFetcher = Callable[[Sequence[str]], list[CaseSummary]]
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CODE = 0
    STAGE = 1
    STATUS = 2
    REGION = 3
    RISK = 4
    WORKER = 5


_SUMMARY_FIELD = {
    Column.STAGE: "stage",
    Column.STATUS: "status",
    Column.REGION: "region",
    Column.RISK: "risk",
    Column.WORKER: "assigned",
}

#: Risk values shown in bold so they stand out when scanning the list.
_HIGH_RISK = frozenset({"tinggi", "high"})

#: The role under which each row gives its full case id (for opening a case later).
CaseIdRole = Qt.ItemDataRole.UserRole + 1
#: Every role :meth:`CaseListModel.data` answers; any other is None at once.
_SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        CaseIdRole,
    }
)


def case_code(case_id: str) -> str:
    """The short code shown in the list: the last 8 hex digits of the id.

    Not the first 8: a UUIDv7 starts with its timestamp, so cases created
    within the same minute or so (an import, the demo data) would all share
    their first 8 digits. The tail is random.
    """
    return case_id.replace("-", "")[-8:]


def display_value(value: str | None) -> str:
    """A stored code made readable without its column (see ``ui/valuelabels.py``)."""
    return readable(value) if value else ""


class CaseListModel(QAbstractTableModel):
    """Rows are case ids; columns come from ``fetch`` (usually ``session.cases.summaries``)."""

    def __init__(
        self,
        fetch: SummaryFetcher | None = None,
        parent: QObject | None = None,
        *,
        block_size: int = BLOCK_SIZE,
        cache_blocks: int = CACHE_BLOCKS,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[str] = []
        self._block_size = block_size
        self._cache_blocks = cache_blocks
        # block number -> {case id: summary}; an unreadable block maps to {}.
        self._cache: OrderedDict[int, dict[str, CaseSummary]] = OrderedDict()

    # ------------------------------------------------------------ contents

    def set_case_ids(self, case_ids: Sequence[str]) -> None:
        """Show these cases, in this order (the whole list, or search results)."""
        self.beginResetModel()
        self._ids = list(case_ids)
        self._cache.clear()
        self.endResetModel()

    def clear(self) -> None:
        """Forget everything, including the store: used when the vault is locked."""
        self.beginResetModel()
        self._ids = []
        self._cache.clear()
        self._fetch = None
        self.endResetModel()

    def case_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def cached_blocks(self) -> int:
        """How many blocks are held (for tests of the laziness)."""
        return len(self._cache)

    def _summary(self, row: int) -> CaseSummary | None:
        block = row // self._block_size
        found = self._cache.get(block)
        if found is None:
            found = self._load_block(block)
            self._cache[block] = found
            while len(self._cache) > self._cache_blocks:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(block)
        return found.get(self._ids[row])

    def _load_block(self, block: int) -> dict[str, CaseSummary]:
        if self._fetch is None:
            return {}
        start = block * self._block_size
        wanted = self._ids[start : start + self._block_size]
        try:
            return {s.id: s for s in self._fetch(wanted)}
        except FieldcaseError as error:
            log.warning(
                "case list block unreadable block=%d rows=%d error=%s",
                block,
                len(wanted),
                type(error).__name__,
            )
        except Exception as error:  # a bug: still a placeholder row, never a crash
            log_bug(error, "case list")
        return {}

    # --------------------------------------------------------- Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks ~10 roles per visible cell on every paint; answer the
        # ones we never serve first, before any other work (scroll-step budget).
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        case_id = self._ids[row]
        if role == CaseIdRole:
            return case_id
        column = Column(index.column())
        summary = self._summary(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return case_id if summary is not None else texts.ROW_UNREADABLE
        if role == Qt.ItemDataRole.FontRole:
            if column == Column.RISK and summary is not None and summary.risk in _HIGH_RISK:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if column == Column.CODE:
            return case_code(case_id)
        if summary is None:
            return texts.PLACEHOLDER
        field = _SUMMARY_FIELD[column]
        return value_label(field, getattr(summary, field))

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(texts.columns()):
            if role == Qt.ItemDataRole.DisplayRole:
                return texts.columns()[section][0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return texts.columns()[section][1]
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

"""The worklist home ("Hari ini / Today"): what I must do today, most urgent first.

Rows come from :mod:`fieldcase.vault.worklist`: overdue and due deadlines of
every open case, cases waiting for my approval, and my unfinished drafts.
Activating a row (Enter, double-click, "Open") emits :attr:`WorklistWidget.openCase`
or :attr:`WorklistWidget.resumeDraft`; the main window opens the case file or
resumes the wizard.

Why the work runs in chunks on the vault thread: the first computation for
20,000 cases takes seconds (every open case's deadline fields are read and
evaluated). Each chunk is its own vault job, so a lock or a case file
requested meanwhile waits at most one chunk, and the window says "loading"
instead of freezing. The jobs are ``quiet``: no wait cursor for work the
person did not ask for and need not wait on. Later refreshes recompute only
the cases that changed.

Overdue rows say so in words and with a warning icon, not by colour alone
(DESIGN.md, readability). The list shows no names: only the case code,
the procedure's own labels and due times, like the case list.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.core.deadlines import Text
from fieldcase.core.procedure import Procedure
from fieldcase.i18n import Texts
from fieldcase.ui.caselist import case_code
from fieldcase.ui.operations import Operation, user_message
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session
from fieldcase.vault.worklist import (
    Urgency,
    WorkItem,
    WorkKind,
    Worklist,
    WorklistBuilder,
)

T = Texts(
    TAB=("Hari ini", "Today"),
    HEADING=("Hari ini: yang harus saya kerjakan", "Today: what I must do"),
    INTRO=(
        "Tenggat yang terlambat atau jatuh tempo hari ini, kasus yang menunggu persetujuan"
        " Anda, dan formulir yang belum selesai. Yang paling mendesak di atas.",
        "Deadlines that are overdue or due today, cases waiting for your approval, and"
        " unfinished forms. The most urgent first.",
    ),
    COL_STATE=("Keadaan", "Status"),
    COL_WHAT=("Yang harus dilakukan", "What to do"),
    COL_CASE=("Kasus", "Case"),
    COL_WHEN=("Kapan", "When"),
    OVERDUE=("TERLAMBAT", "OVERDUE"),
    TODAY=("HARI INI", "DUE TODAY"),
    SOON=("SEGERA", "DUE SOON"),
    APPROVAL=("Perlu persetujuan Anda", "Needs your approval"),
    DRAFT=("Draf belum selesai", "Unfinished draft"),
    APPROVE_WHAT=("Setujui atau kembalikan: {stage}", "Approve or send back: {stage}"),
    DRAFT_WHAT=("Lanjutkan formulir: {form}", "Continue the form: {form}"),
    RECORD=("{label} (rujukan ke-{record})", "{label} (record {record})"),
    NEW_CASE=("Kasus baru", "New case"),
    DUE=("jatuh tempo {when}", "due {when}"),
    CHANGED=("diubah {when}", "changed {when}"),
    SAVED=("disimpan {when}", "saved {when}"),
    OPEN=("&Buka", "&Open"),
    OPEN_TIP=(
        "Buka berkas kasus atau lanjutkan draf yang dipilih (Enter)",
        "Open the selected case file or resume the draft (Enter)",
    ),
    REFRESH=("&Muat ulang", "&Refresh"),
    REFRESH_TIP=("Hitung ulang daftar kerja (F5)", "Recompute the worklist (F5)"),
    LOADING=("Memuat daftar kerja…", "Loading the worklist…"),
    LOADING_PART=(
        "Memuat daftar kerja… {done} dari {total} kasus",
        "Loading… {done} of {total} cases",
    ),
    EMPTY=(
        "Tidak ada yang jatuh tempo hari ini. Tidak ada kasus yang menunggu persetujuan"
        " Anda dan tidak ada draf yang belum selesai.",
        "Nothing is due today. No case is waiting for your approval and no draft is unfinished.",
    ),
    COUNT_OVERDUE=("{n} terlambat", "{n} overdue"),
    COUNT_TODAY=("{n} jatuh tempo hari ini", "{n} due today"),
    COUNT_SOON=("{n} segera jatuh tempo", "{n} due soon"),
    COUNT_APPROVAL=("{n} perlu persetujuan Anda", "{n} need your approval"),
    COUNT_DRAFT=("{n} draf", "{n} drafts"),
    SUMMARY=(
        "{counts} — dari {cases} kasus terbuka, dihitung pukul {time}",
        "{counts} — from {cases} open case(s), computed at {time}",
    ),
    SUMMARY_EMPTY=(
        "Dari {cases} kasus terbuka, dihitung pukul {time}",
        "From {cases} open case(s), computed at {time}",
    ),
    TABLE_NAME=("Daftar kerja hari ini", "Today's worklist"),
)

#: An overdue row's state is also dark red and bold — on top of its word and icon
#: (only that cell: a screen of red rows would be read as noise).
OVERDUE_COLOUR = "#a1111c"
#: Recompute on its own this often (the clock moves deadlines into "today").
AUTO_REFRESH_MS = 10 * 60 * 1000

#: The role under which each row gives its kind ("deadline", "approval", "draft").
KindRole = Qt.ItemDataRole.UserRole + 1
#: The role under which each row gives its case id or draft id.
TargetRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    STATE = 0
    WHAT = 1
    CASE = 2
    WHEN = 3


def _headers() -> tuple[str, ...]:
    return (T.COL_STATE, T.COL_WHAT, T.COL_CASE, T.COL_WHEN)


def _text(text: Text) -> str:
    return text.get(i18n.current())


def state_text(item: WorkItem) -> str:
    """The state in words with its symbol (never colour alone)."""
    return {
        Urgency.OVERDUE: T.OVERDUE,
        Urgency.TODAY: T.TODAY,
        Urgency.SOON: T.SOON,
        Urgency.APPROVAL: T.APPROVAL,
        Urgency.DRAFT: T.DRAFT,
    }[item.urgency]


def what_text(item: WorkItem) -> str:
    title = _text(item.title)
    if item.kind is WorkKind.APPROVAL:
        return T.APPROVE_WHAT.format(stage=title)
    if item.kind is WorkKind.DRAFT:
        return T.DRAFT_WHAT.format(form=title)
    if item.record is not None:
        return T.RECORD.format(label=title, record=item.record)
    return title


def case_text(item: WorkItem) -> str:
    return case_code(item.case_id) if item.case_id else T.NEW_CASE


def when_text(item: WorkItem) -> str:
    if item.kind is WorkKind.DEADLINE:
        return T.DUE.format(when=_text(item.when))
    if item.kind is WorkKind.DRAFT:
        return T.SAVED.format(when=_text(item.when))
    if item.moment is not None:
        local = item.moment.astimezone()
        return T.CHANGED.format(when=f"{local:%d/%m/%Y %H:%M}")
    return ""


class WorklistModel(QAbstractTableModel):
    """The worklist rows (already sorted most urgent first). Holds no field values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[WorkItem, ...] = ()
        self._icons: dict[Urgency, QIcon] = {}
        self._bold: QFont | None = None

    def set_items(self, items: Sequence[WorkItem]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (lock)."""
        self.set_items(())

    def item(self, row: int) -> WorkItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> tuple[WorkItem, ...]:
        return self._items

    def retranslate(self) -> None:
        """Words follow the language switch (the rows stay)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, len(Column) - 1)
            )

    def _icon(self, urgency: Urgency) -> QIcon | None:
        icon = self._icons.get(urgency)
        if icon is None:
            if QApplication.instance() is None:  # a model test without widgets
                return None
            style = QApplication.style()
            pixmap = {
                Urgency.OVERDUE: QStyle.StandardPixmap.SP_MessageBoxWarning,
                Urgency.TODAY: QStyle.StandardPixmap.SP_MessageBoxInformation,
                Urgency.SOON: QStyle.StandardPixmap.SP_MessageBoxInformation,
                Urgency.APPROVAL: QStyle.StandardPixmap.SP_DialogApplyButton,
                Urgency.DRAFT: QStyle.StandardPixmap.SP_FileIcon,
            }[urgency]
            icon = style.standardIcon(pixmap)
            self._icons[urgency] = icon
        return icon

    # --------------------------------------------------------- Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = Column(index.column())
        if role == KindRole:
            return str(item.kind)
        if role == TargetRole:
            return item.target
        overdue = item.urgency is Urgency.OVERDUE
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHAT and item.rule:
            return f"{what_text(item)}\n{_text(item.rule)}"  # the rule behind the deadline
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == Column.STATE:
                return state_text(item)
            if column == Column.WHAT:
                return what_text(item)
            if column == Column.CASE:
                return case_text(item)
            return when_text(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{state_text(item)}: {what_text(item)}, {case_text(item)}, {when_text(item)}"
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE:
            return self._icon(item.urgency)
        if role == Qt.ItemDataRole.FontRole and overdue and column == Column.STATE:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and overdue and column == Column.STATE:
            return QBrush(QColor(OVERDUE_COLOUR))
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _headers()[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def _builtin_procedure() -> Procedure:
    from fieldcase.forms.custom import builtin_procedure

    return builtin_procedure()


def _builtin_form_title(form_id: str) -> Text | None:
    from fieldcase.forms import builtin_forms

    form = builtin_forms().get(form_id)
    if form is None:
        return None
    return Text(form.title.get("id"), form.title.get("en"))


class WorklistWidget(QWidget):
    """The "Today" tab. ``refresh()`` recomputes; ``clear()`` drops every row (lock)."""

    #: A case id: open its case file.
    openCase = Signal(str)
    #: A draft id: resume it in the wizard.
    resumeDraft = Signal(str)
    #: The rows changed (after a refresh or clear); carries the row count.
    loaded = Signal(int)

    def __init__(
        self,
        session: Session,
        vault_worker: Vault,
        parent: QWidget | None = None,
        *,
        procedure: Callable[[], Procedure] = _builtin_procedure,
        form_title: Callable[[str], Text | None] = _builtin_form_title,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        chunk: int = 2000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("worklist")
        self._session: Session | None = session
        self._vault = vault_worker
        self._procedure = procedure
        self._form_title = form_title
        self._clock = clock
        self._chunk = chunk
        self._builder: WorklistBuilder | None = None
        self._generation = 0
        self._loading = False
        self._again = False
        #: The last result, to say its summary again in another language.
        self._last: Worklist | None = None
        self._computed_at = ""

        self.heading = QLabel()
        self.heading.setObjectName("worklistHeading")
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.25)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("worklistStatus")
        self.status.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setObjectName("worklistEmpty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        empty_font = self.empty.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.15)
        self.empty.setFont(empty_font)

        self.model = WorklistModel(self)
        self.table = QTableView()
        self.table.setObjectName("worklistTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.activate(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.open_button = QPushButton()
        self.open_button.setObjectName("worklistOpen")
        make_primary(self.open_button)
        self.open_button.clicked.connect(lambda: self.activate(self._selected_row()))
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("worklistRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Refresh),
            self,
            self.refresh,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

        self._timer = QTimer(self)
        self._timer.setInterval(AUTO_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

        self.retranslate()
        self._update_buttons()
        me = weakref.ref(self)

        def on_language(_language: str) -> None:
            widget = me()
            if widget is not None:
                widget.retranslate()

        self._language_listener = on_language
        i18n.add_listener(on_language)
        self.destroyed.connect(lambda: i18n.remove_listener(on_language))

    # ------------------------------------------------------------------ words

    def retranslate(self) -> None:
        self.heading.setText(T.HEADING)
        self.intro.setText(T.INTRO)
        self.empty.setText(T.EMPTY)
        self.open_button.setText(T.OPEN)
        self.open_button.setToolTip(T.OPEN_TIP)
        self.refresh_button.setText(T.REFRESH)
        self.refresh_button.setToolTip(T.REFRESH_TIP)
        self.table.setAccessibleName(T.TABLE_NAME)
        self.model.retranslate()
        self._size_columns()
        if self._last is not None and not self._loading:
            set_feedback(self.status, self._summary(self._last), "hint")

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is seen (or after a failure), compute the list."""
        super().showEvent(event)
        QTimer.singleShot(0, self._refresh_if_never)

    def _refresh_if_never(self) -> None:
        if self._builder is None and not self._loading and self._session is not None:
            self.refresh()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        samples = {
            Column.STATE: max((T.OVERDUE, T.TODAY, T.SOON, T.APPROVAL, T.DRAFT), key=len),
            Column.CASE: max("00000000", T.NEW_CASE, key=len),
            Column.WHEN: T.DUE.format(when="00/00/0000 00:00 WITA (immediately)"),
        }
        for column, sample in samples.items():
            # + room for the icon (state column) and the cell margins
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 44)

    # ------------------------------------------------------------------ rows

    @property
    def loading(self) -> bool:
        return self._loading

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self._selected_row() >= 0)
        self.refresh_button.setEnabled(self._session is not None)

    def _select(self, before: WorkItem | None) -> None:
        """Select the row shown before the refresh, else the first: Enter works at once."""
        rows = self.model.items()
        if not rows:
            return
        row = 0
        if before is not None:
            target, key = before.target, (before.kind, before.title, before.record)
            row = next(
                (
                    i
                    for i, it in enumerate(rows)
                    if it.target == target and (it.kind, it.title, it.record) == key
                ),
                0,
            )
        self.table.selectRow(row)

    def activate(self, row: int) -> None:
        """Open what the row is about: the case file, or the draft in the wizard."""
        item = self.model.item(row)
        if item is None or self._session is None:
            return
        if item.kind is WorkKind.DRAFT:
            self.resumeDraft.emit(item.target)
        else:
            self.openCase.emit(item.target)

    # ---------------------------------------------------------------- loading

    def refresh(self) -> None:
        """Recompute on the vault thread; a refresh asked for while loading runs after it."""
        session = self._session
        if session is None:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._again = False
        self._generation += 1
        generation = self._generation
        if self._builder is None:
            self._builder = WorklistBuilder(self._procedure(), self._form_title)
        builder = self._builder
        if not self.model.rowCount():
            set_feedback(self.status, T.LOADING, "hint")
        chunk = self._chunk
        operation = self._vault.run(
            "worklist plan", lambda: builder.plan(session, chunk), quiet=True
        )
        operation.succeeded.connect(
            lambda chunks: self._compute(generation, session, builder, list(chunks), 0)
        )
        operation.failed.connect(lambda error: self._failed(generation, error))

    def _compute(
        self,
        generation: int,
        session: Session,
        builder: WorklistBuilder,
        chunks: list[list[tuple[str, str]]],
        done: int,
    ) -> None:
        if generation != self._generation:
            return
        now = self._clock()
        if not chunks:
            operation: Operation = self._vault.run(
                "worklist finish", lambda: builder.finish(session, now), quiet=True
            )
            operation.succeeded.connect(lambda result: self._arrived(generation, result))
            operation.failed.connect(lambda error: self._failed(generation, error))
            return
        total = done + sum(len(c) for c in chunks)
        if total > self._chunk and not self.model.rowCount():
            set_feedback(self.status, T.LOADING_PART.format(done=done, total=total), "hint")
        first, rest = chunks[0], chunks[1:]
        operation = self._vault.run(
            "worklist chunk", lambda: builder.compute(session, first, now), quiet=True
        )
        operation.succeeded.connect(
            lambda _none: self._compute(generation, session, builder, rest, done + len(first))
        )
        operation.failed.connect(lambda error: self._failed(generation, error))

    def _arrived(self, generation: int, result: Worklist) -> None:
        if generation != self._generation:
            return
        self._loading = False
        selected = self.model.item(self._selected_row())
        self.model.set_items(result.items)
        self._select(selected)
        self.empty.setVisible(not result.items)
        self.table.setVisible(bool(result.items))
        self._last = result
        self._computed_at = f"{datetime.now():%H:%M}"
        summary = self._summary(result)
        set_feedback(self.status, summary, "hint")
        self.loaded.emit(len(result.items))
        if self._again:
            self.refresh()

    def _summary(self, result: Worklist) -> str:
        """What was found, e.g. "3 terlambat · 1 draf — dari 120 kasus terbuka, ..."."""
        counts = result.counts
        words = {
            Urgency.OVERDUE: T.COUNT_OVERDUE,
            Urgency.TODAY: T.COUNT_TODAY,
            Urgency.SOON: T.COUNT_SOON,
            Urgency.APPROVAL: T.COUNT_APPROVAL,
            Urgency.DRAFT: T.COUNT_DRAFT,
        }
        parts = [words[u].format(n=counts[u]) for u in Urgency if counts.get(u)]
        time_text = self._computed_at
        return (
            T.SUMMARY.format(counts=" · ".join(parts), cases=result.cases_checked, time=time_text)
            if parts
            else T.SUMMARY_EMPTY.format(cases=result.cases_checked, time=time_text)
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._builder = None  # start afresh next time
        set_feedback(self.status, user_message(error), "error")

    def clear(self) -> None:
        """Drop every row and remembered result (lock); later outcomes are ignored."""
        self._generation += 1
        self._loading = False
        self._again = False
        self._timer.stop()
        self._session = None
        self._builder = None
        self._last = None
        self.model.clear()
        self.status.clear()
        self.empty.setVisible(False)
        self._update_buttons()
        self.loaded.emit(0)

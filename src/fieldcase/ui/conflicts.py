"""The conflict inbox: fields two people changed at once, and their resolution.

Why a dialog of its own: a conflict is kept (DESIGN "Merge") until a person
picks a value; the winner is already applied, so nothing is lost meanwhile,
but the loser's value would otherwise go unseen.

The list names a case by its code (last 8 characters of its id) and the
field path only — never a child's name. Values are read only for the
selected conflict, on the vault thread, and that read is logged as a view.
A resolution is an ordinary save whose base is the winner's hlc, so it wins
over every side and the conflict row goes away on every replica.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.changes import Change, JsonValue, encode_json
from fieldcase.core.errors import FieldcaseError
from fieldcase.core.roles import Role
from fieldcase.ui import texts
from fieldcase.ui.operations import Operation, user_message
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.wizard.launcher import InlineVault
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault import database
from fieldcase.vault.casestore import Conflict
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Side:
    """One write to the conflicting field."""

    value: JsonValue
    deleted: bool
    hlc: str
    author: str
    author_label: str

    @property
    def ms(self) -> int:
        return int(self.hlc.split(".", 1)[0])


@dataclass(frozen=True)
class ConflictDetail:
    conflict: Conflict
    base: Side | None
    mine: Side
    theirs: Side
    winner_hlc: str


def case_code(case_id: str) -> str:
    return case_id[-8:]


def show_value(value: JsonValue, deleted: bool = False) -> str:
    if deleted:
        return texts.CONFLICT_DELETED
    if value is None or value == "":
        return texts.CONFLICT_EMPTY
    if isinstance(value, str):
        return value
    return encode_json(value)


def local_time(ms: int, zone: tzinfo | None = None) -> str:
    """An instant (UTC ms) as local dd/mm/yyyy HH:MM with the zone's name."""
    when = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(zone)
    return when.strftime("%d/%m/%Y %H:%M ") + (when.tzname() or "")


def _author_labels(session: Session) -> Callable[[str], str]:
    """Role and short id per account, from the team roster when there is one."""
    roles: dict[str, str] = {}
    try:
        from fieldcase.sync import team

        for member in team.load(session).roster.members:
            roles[member.account_id] = member.role
    except FieldcaseError:
        pass  # not in a team: short ids only

    def label(account_id: str) -> str:
        if account_id == session.account_id:
            return texts.CONFLICT_YOU
        role = roles.get(account_id, "")
        try:
            role_text = texts.role_label(Role(role))
        except ValueError:
            role_text = role or "?"
        return texts.CONFLICT_AUTHOR.format(role=role_text, code=account_id[-8:])

    return label


def load_detail(session: Session, conflict: Conflict) -> ConflictDetail:
    """Vault-thread job: the three values of one conflict; logged as a view."""
    history = session.cases.history(conflict.case_id)
    by_id = {c.change_id: c for c in history}
    label = _author_labels(session)

    def side(change: Change) -> tuple[Side, str]:
        for write in change.writes:
            if write.path == conflict.path:
                author = change.account_id
                side = Side(write.value, write.deleted, change.hlc, author, label(author))
                return side, write.base_hlc
        raise KeyError(conflict.path)  # the conflict row names a write of this path

    winner, winner_base = side(by_id[conflict.winner_change])
    losers = [side(by_id[c]) for c in conflict.loser_changes if c in by_id]
    if winner.author == session.account_id or not losers:
        mine, mine_base = winner, winner_base
        theirs, _ = losers[-1] if losers else (winner, winner_base)
    else:
        own = [s for s in losers if s[0].author == session.account_id]
        mine, mine_base = own[-1] if own else losers[-1]
        theirs = winner
    base: Side | None = None
    for base_hlc in (mine_base, winner_base):
        if not base_hlc:
            continue
        for change in history:
            if change.hlc == base_hlc:
                base = side(change)[0] if _writes(change, conflict.path) else None
                break
        if base is not None:
            break
    with database.sqlite_errors():
        session.audit.append("view", conflict.case_id, {"fields": 1})
    return ConflictDetail(conflict, base, mine, theirs, winner.hlc)


def _writes(change: Change, path: str) -> bool:
    return any(w.path == path for w in change.writes)


def resolve(session: Session, detail: ConflictDetail, value: JsonValue, deleted: bool) -> None:
    """Vault-thread job: an ordinary save over the winner (so it supersedes every side)."""
    conflict = detail.conflict
    base = {conflict.path: detail.winner_hlc}
    if deleted:
        session.cases.save(conflict.case_id, {}, base=base, deletes=[conflict.path])
    else:
        session.cases.save(conflict.case_id, {conflict.path: value}, base=base)


class _SideBox(QGroupBox):
    def __init__(self, title: str, name: str) -> None:
        super().__init__(title)
        self.setObjectName(name)
        self.value = QLabel()
        self.value.setObjectName(f"{name}Value")
        self.meta = QLabel()
        self.meta.setObjectName(f"{name}Meta")
        for label in (self.value, self.meta):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.meta)

    def show_side(self, side: Side | None, zone: tzinfo | None) -> None:
        if side is None:
            self.value.setText(texts.CONFLICT_UNKNOWN)
            self.meta.clear()
            return
        self.value.setText(show_value(side.value, side.deleted))
        self.meta.setText(
            texts.CONFLICT_META.format(author=side.author_label, when=local_time(side.ms, zone))
        )

    def clear(self) -> None:
        self.value.clear()
        self.meta.clear()


class ConflictInbox(QDialog):
    """Lists open conflicts; shows base / mine / theirs of the selected one."""

    #: Emitted after each resolution and after every re-query (open conflicts left).
    countChanged = Signal(int)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictInbox")
        self.setWindowTitle(texts.CONFLICTS_TITLE)
        self._session: Session | None = session
        self._vault = vault
        self._zone = zone
        self._conflicts: list[Conflict] = []
        self._detail: ConflictDetail | None = None
        self._busy = 0
        self._just_resolved = False

        self.list = QListWidget()
        self.list.setObjectName("conflictList")
        self.list.currentRowChanged.connect(self._on_row)

        self.base_box = _SideBox(texts.CONFLICT_BASE, "base")
        self.mine_box = _SideBox(texts.CONFLICT_MINE, "mine")
        self.theirs_box = _SideBox(texts.CONFLICT_THEIRS, "theirs")
        sides = QGridLayout()
        for column, box in enumerate((self.base_box, self.mine_box, self.theirs_box)):
            sides.addWidget(box, 0, column)
            sides.setColumnStretch(column, 1)

        self.keep_mine = QPushButton(texts.KEEP_MINE)
        self.keep_mine.setObjectName("keepMine")
        self.keep_mine.clicked.connect(self._keep_mine)
        self.keep_theirs = QPushButton(texts.KEEP_THEIRS)
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_theirs.clicked.connect(self._keep_theirs)
        self.edit_button = QPushButton(texts.CONFLICT_EDIT)
        self.edit_button.setObjectName("editValue")
        self.edit_button.clicked.connect(self._start_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        self.editor = QLineEdit()
        self.editor.setObjectName("editor")
        self.editor.returnPressed.connect(self._save_edit)
        self.editor_label = QLabel(texts.CONFLICT_EDIT_LABEL)
        self.editor_label.setBuddy(self.editor)
        self.save_edit = QPushButton(texts.CONFLICT_EDIT_SAVE)
        self.save_edit.setObjectName("saveEdit")
        make_primary(self.save_edit)
        self.save_edit.clicked.connect(self._save_edit)
        self.edit_row = QWidget()
        edit_layout = QHBoxLayout(self.edit_row)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addWidget(self.editor_label)
        edit_layout.addWidget(self.editor, 1)
        edit_layout.addWidget(self.save_edit)
        self.edit_row.hide()

        self.status = QLabel()
        self.status.setObjectName("conflictStatus")
        self.status.setWordWrap(True)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addLayout(sides, 1)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.edit_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_button = close.button(QDialogButtonBox.StandardButton.Close)
        close_button.setText(texts.CLOSE)
        close_button.setObjectName("closeInbox")
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(900, 420)
        self._update_buttons()
        self.refresh()

    # ---------------------------------------------------------------- queries

    def _run(self, name: str, job: Callable[[], object]) -> Operation:
        self._busy += 1
        self._update_buttons()
        operation = self._vault.run(name, job)
        operation.finished.connect(self._job_done)
        return operation

    def _job_done(self) -> None:
        self._busy -= 1
        self._update_buttons()

    def refresh(self) -> None:
        """Re-query the open conflicts (vault thread)."""
        session = self._session
        if session is None:
            return
        operation = self._run("conflicts.list", lambda: session.cases.conflicts())
        operation.succeeded.connect(self._show_list)
        operation.failed.connect(self._show_error)

    def _show_list(self, conflicts: list[Conflict]) -> None:
        if self._session is None:
            return
        self._conflicts = list(conflicts)
        self._detail = None
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self._conflicts:
            text = texts.CONFLICT_ROW.format(code=case_code(conflict.case_id), path=conflict.path)
            QListWidgetItem(text, self.list)
        self.list.blockSignals(False)
        self._clear_detail()
        count = len(self._conflicts)
        left = texts.CONFLICTS_OPEN.format(count=count) if count else texts.CONFLICTS_NONE
        if self._just_resolved:
            set_feedback(self.status, f"{texts.CONFLICT_RESOLVED} {left}", "ok")
        else:
            set_feedback(self.status, left, "hint")
        self._just_resolved = False
        if count:
            self.list.setCurrentRow(0)
        self.countChanged.emit(count)

    def _on_row(self, row: int) -> None:
        session = self._session
        self._detail = None
        self._clear_detail()
        if session is None or not 0 <= row < len(self._conflicts):
            return
        conflict = self._conflicts[row]
        operation = self._run("conflicts.detail", lambda: load_detail(session, conflict))
        operation.succeeded.connect(lambda detail: self._show_detail(row, detail))
        operation.failed.connect(self._show_error)

    def _show_detail(self, row: int, detail: ConflictDetail) -> None:
        if self._session is None or self.list.currentRow() != row:
            return  # the person moved on meanwhile
        self._detail = detail
        # A supervisor may see two other people's values: then neither is "mine".
        mine = detail.mine.author == self._session.account_id
        self.mine_box.setTitle(texts.CONFLICT_MINE if mine else texts.CONFLICT_OVERWRITTEN)
        self.theirs_box.setTitle(texts.CONFLICT_THEIRS if mine else texts.CONFLICT_CURRENT)
        self.base_box.show_side(detail.base, self._zone)
        self.mine_box.show_side(detail.mine, self._zone)
        self.theirs_box.show_side(detail.theirs, self._zone)
        self._update_buttons()

    def _clear_detail(self) -> None:
        for box in (self.base_box, self.mine_box, self.theirs_box):
            box.clear()
        self.editor.clear()
        self.edit_row.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._detail is not None and self._busy == 0
        for button in (self.keep_mine, self.keep_theirs, self.edit_button, self.save_edit):
            button.setEnabled(ready)

    def _show_error(self, error: BaseException) -> None:
        set_feedback(self.status, user_message(error), "error")

    # ------------------------------------------------------------ resolutions

    def _keep_mine(self) -> None:
        if self._detail is not None:
            self._resolve(self._detail.mine.value, self._detail.mine.deleted)

    def _keep_theirs(self) -> None:
        if self._detail is not None:
            self._resolve(self._detail.theirs.value, self._detail.theirs.deleted)

    def _start_edit(self) -> None:
        detail = self._detail
        if detail is None:
            return
        theirs = detail.theirs
        self.editor.setText("" if theirs.deleted else _edit_text(theirs.value))
        self.edit_row.show()
        self.editor.setFocus()
        self.editor.selectAll()

    def _save_edit(self) -> None:
        detail = self._detail
        if detail is None or not self.save_edit.isEnabled():
            return
        self._resolve(_parse_edit(self.editor.text(), detail.theirs.value), False)

    def _resolve(self, value: JsonValue, deleted: bool) -> None:
        session, detail = self._session, self._detail
        if session is None or detail is None or self._busy:
            return
        self._detail = None  # one resolution per selection: no double save
        self._update_buttons()
        operation = self._run("conflicts.resolve", lambda: resolve(session, detail, value, deleted))
        operation.succeeded.connect(self._resolved)
        operation.failed.connect(self._show_error)
        operation.failed.connect(lambda _e: self.refresh())

    def _resolved(self, _result: object) -> None:
        self._just_resolved = True
        self.refresh()

    def clear(self) -> None:
        """Forget everything read from the vault (lock, switching user)."""
        self._session = None
        self._conflicts = []
        self._detail = None
        self.list.clear()
        self._clear_detail()

    def done(self, result: int) -> None:
        self.clear()
        super().done(result)


def _edit_text(value: JsonValue) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else encode_json(value)


def _parse_edit(text: str, like: JsonValue) -> JsonValue:
    """Keep the field's type when the old value was not text (a number, a list…)."""
    if isinstance(like, str) or like is None:
        return text
    try:
        parsed: JsonValue = json.loads(text)
    except ValueError:
        return text
    return parsed


class ConflictLauncher(QObject):
    """The main window's "Conflicts (N)" action and its dialog."""

    countChanged = Signal(int)

    def __init__(self, window: QWidget, session: Session, vault: Vault | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._session: Session | None = session
        self._vault: Vault = vault if vault is not None else InlineVault(self)
        self.inbox: ConflictInbox | None = None
        self.action = QAction(texts.CONFLICTS, self)
        self.action.setObjectName("conflicts")
        self.action.setToolTip(texts.CONFLICTS_TIP)
        self.action.triggered.connect(self.open)
        self.countChanged.connect(self._show_count)

    def _show_count(self, count: int) -> None:
        self.action.setText(texts.CONFLICTS_COUNT.format(count=count) if count else texts.CONFLICTS)

    def refresh_count(self) -> None:
        session = self._session
        if session is None:
            return
        operation = self._vault.run("conflicts.count", lambda: len(session.cases.conflicts()))
        operation.succeeded.connect(self._count_arrived)

    def _count_arrived(self, count: int) -> None:
        if self._session is not None:
            self.countChanged.emit(count)

    def open(self) -> ConflictInbox | None:
        session = self._session
        if session is None:
            return None
        if self.inbox is not None:
            self.inbox.activateWindow()
            return self.inbox
        inbox = ConflictInbox(session, self._vault, self._window)
        inbox.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        inbox.countChanged.connect(self.countChanged)
        inbox.destroyed.connect(self._forget_inbox)
        self.inbox = inbox
        inbox.open()
        return inbox

    def _forget_inbox(self) -> None:
        self.inbox = None

    def close_all(self) -> None:
        self._session = None
        if self.inbox is not None:
            self.inbox.clear()
            self.inbox.close()

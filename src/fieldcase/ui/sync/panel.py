"""The sync panel: each transport's status, last sync and pending changes; Sync now and Cancel.

A dialog over a :class:`SyncService`: it shows what the service knows and
asks it to act; all work happens in the service (vault thread, health
thread). Rows are plain labels in a grid — three fixed rows need no model.
Status words are coloured *and* written out, so they read the same in
black-and-white print-outs of a screenshot and for colour-blind users.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.sync import service as svc
from fieldcase.ui.sync.service import SyncService, TransportState
from fieldcase.ui.sync.strings import T

#: Asks for a folder; None when cancelled (injectable for tests).
ChooseFolder = Callable[[QWidget], Path | None]
#: Asks for the server address given the current one; None when cancelled.
AskServer = Callable[[QWidget, str], str | None]

_STATUS_COLOURS = {
    svc.REACHABLE: "#1b5e20",
    svc.UNREACHABLE: "#b71c1c",
    svc.ERROR: "#b71c1c",
    svc.CHECKING: "#5f6368",
    svc.NOT_CONFIGURED: "#5f6368",
    svc.MANUAL: "#37474f",
}


def choose_folder_with_dialog(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, T.FOLDER)
    return Path(name) if name else None


def ask_server_with_dialog(parent: QWidget, current: str) -> str | None:
    text, ok = QInputDialog.getText(parent, T.SERVER, T.SERVER_PROMPT, text=current)
    return text.strip() if ok else None


def valid_server_url(url: str) -> bool:
    """https:// anywhere; plain http:// only to this laptop (testing, `make server`)."""
    if url.startswith("https://") and len(url) > len("https://"):
        return True
    return url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))


def when_text(ms: int | None) -> str:
    """A time as people read it: today as HH:MM, other days with the date."""
    if ms is None:
        return T.NEVER
    moment = datetime.fromtimestamp(ms / 1000).astimezone()
    if moment.date() == datetime.now().astimezone().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def status_text(state: TransportState) -> str:
    return {
        svc.NOT_CONFIGURED: T.NOT_CONFIGURED,
        svc.CHECKING: T.CHECKING,
        svc.REACHABLE: T.REACHABLE,
        svc.UNREACHABLE: T.UNREACHABLE,
        svc.ERROR: T.ERROR,
        svc.MANUAL: T.MANUAL,
    }[state.status]


class _Row:
    """The labels of one transport."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.name = QLabel()
        self.name.setObjectName(f"{kind}Name")
        self.place = QLabel()
        self.place.setObjectName(f"{kind}Place")
        self.place.setTextFormat(Qt.TextFormat.PlainText)
        self.place.setStyleSheet("color: #5f6368;")
        self.place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName(f"{kind}Status")
        self.last = QLabel()
        self.last.setObjectName(f"{kind}Last")
        self.pending = QLabel()
        self.pending.setObjectName(f"{kind}Pending")
        self.pending.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)


class SyncPanel(QDialog):
    """Status and control of the sync; non-modal, so work can go on while it runs."""

    def __init__(
        self,
        service: SyncService,
        parent: QWidget | None = None,
        *,
        open_export: Callable[[], object] | None = None,
        open_import: Callable[[], object] | None = None,
        choose_folder: ChooseFolder = choose_folder_with_dialog,
        ask_server: AskServer = ask_server_with_dialog,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.service = service
        self._choose_folder = choose_folder
        self._ask_server = ask_server
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.not_in_team = QLabel()
        self.not_in_team.setObjectName("syncNotInTeam")
        self.not_in_team.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.headers = [QLabel() for _ in range(4)]
        for column, header in enumerate(self.headers):
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        self.headers[3].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.rows = {kind: _Row(kind) for kind in ("server", "folder", "bundle")}
        line = 1
        for row in self.rows.values():
            separator = QFrame()
            separator.setFrameShape(QFrame.Shape.HLine)
            separator.setStyleSheet("color: #dadce0;")
            grid.addWidget(separator, line, 0, 1, 5)
            grid.addWidget(row.name, line + 1, 0)
            grid.addWidget(row.status, line + 1, 1)
            grid.addWidget(row.last, line + 1, 2)
            grid.addWidget(row.pending, line + 1, 3)
            grid.addLayout(row.buttons, line + 1, 4)
            grid.addWidget(row.place, line + 2, 0, 1, 4)
            line += 3
        grid.setColumnStretch(0, 1)

        self.server_button = QPushButton()
        self.server_button.setObjectName("setServer")
        self.server_button.clicked.connect(self.edit_server)
        self.rows["server"].buttons.addWidget(self.server_button)
        self.folder_button = QPushButton()
        self.folder_button.setObjectName("setFolder")
        self.folder_button.clicked.connect(self.edit_folder)
        self.rows["folder"].buttons.addWidget(self.folder_button)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportBundle")
        self.export_button.setVisible(open_export is not None)
        if open_export is not None:
            self.export_button.clicked.connect(lambda: open_export())
        self.rows["bundle"].buttons.addWidget(self.export_button)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importBundleFromPanel")
        self.import_button.setVisible(open_import is not None)
        if open_import is not None:
            self.import_button.clicked.connect(lambda: open_import())
        self.rows["bundle"].buttons.addWidget(self.import_button)

        self.auto = QLabel()
        self.auto.setObjectName("autoSync")
        self.auto.setStyleSheet("color: #5f6368;")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.message = QLabel()
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        self.error.setObjectName("syncError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        make_primary(self.sync_button)
        self.sync_button.clicked.connect(lambda: self.service.sync_now())
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("syncCancel")
        self.cancel_button.clicked.connect(self.service.cancel)
        self.close_button = QPushButton()
        self.close_button.setObjectName("syncClose")
        self.close_button.clicked.connect(self.close)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.not_in_team)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(self.auto)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(actions)

        service.changed.connect(self.refresh)
        service.progressed.connect(self._progressed)
        i18n.add_listener(self._language_changed)
        self.destroyed.connect(lambda: i18n.remove_listener(self._language_changed))
        self.resize(760, 420)
        self.refresh()

    # ------------------------------------------------------------ words and state

    def _language_changed(self, _language: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        s = self.service
        self.setWindowTitle(T.TITLE)
        self.intro.setText(T.INTRO)
        for header, text in zip(
            self.headers, (T.COL_TRANSPORT, T.COL_STATUS, T.COL_LAST, T.COL_PENDING), strict=True
        ):
            header.setText(text)
        names = {"server": T.SERVER, "folder": T.FOLDER, "bundle": T.BUNDLE}
        for kind, row in self.rows.items():
            state = s.states[kind]
            row.name.setText(names[kind])
            row.place.setText(state.place or "")
            row.place.setVisible(bool(state.place))
            row.status.setText(status_text(state))
            row.status.setStyleSheet(f"color: {_STATUS_COLOURS[state.status]}; font-weight: bold;")
            row.status.setToolTip(state.error)
            row.last.setText(when_text(state.last_ms))
            row.pending.setText("—" if state.pending is None else str(state.pending))
        self.server_button.setText(T.SET_SERVER)
        self.folder_button.setText(T.SET_FOLDER)
        self.export_button.setText(T.EXPORT)
        self.import_button.setText(T.IMPORT)
        self.sync_button.setText(T.SYNC_NOW)
        self.cancel_button.setText(T.CANCEL)
        self.close_button.setText(T.CLOSE)
        self.not_in_team.setText(T.NOT_IN_TEAM)
        self.not_in_team.setVisible(not s.in_team)
        self.auto.setText(self._auto_text())
        busy = s.busy
        self.sync_button.setEnabled(not busy and s.in_team and bool(s.configured))
        self.cancel_button.setEnabled(busy and not s.cancelling)
        self.cancel_button.setVisible(busy)
        for button in (self.server_button, self.folder_button, self.export_button):
            button.setEnabled(not busy)
        self.export_button.setEnabled(not busy and s.in_team)
        self.import_button.setEnabled(not busy and s.in_team)
        if busy:
            if self.progress.maximum() != 0 and self.progress.value() <= 0:
                self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.progress.setVisible(busy)
        set_feedback(self.message, s.message, "hint" if busy or s.cancelled else "ok")
        set_feedback(self.error, s.error, "error")

    def _auto_text(self) -> str:
        auto = self.service.auto
        if not auto.active or auto.next_at is None:
            if not self.service.states["server"].place:
                return T.AUTO_OFF
            if auto.active:
                return T.AUTO_ON.format(when="…")
            return T.AUTO_WAITING
        when = datetime.fromtimestamp(auto.next_at).astimezone().strftime("%H:%M:%S")
        if auto.failures:
            return T.AUTO_RETRY.format(when=when)
        return T.AUTO_ON.format(when=when)

    def _progressed(self, _text: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)

    # ------------------------------------------------------------ actions

    def edit_server(self) -> None:
        current = self.service.states["server"].place or "https://"
        url = self._ask_server(self, current)
        if url is None:
            return
        if not url or url == "https://":
            self.service.set_server(None)
            return
        if not valid_server_url(url):
            self.service.show_error(lambda: T.SERVER_BAD)
            return
        self.service.set_server(url)

    def edit_folder(self) -> None:
        path = self._choose_folder(self)
        if path is not None:
            self.service.set_folder(path)

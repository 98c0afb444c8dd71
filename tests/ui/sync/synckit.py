"""Helpers for the sync window tests: a fake timer, a gated folder, a launcher builder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fieldcase.sync import envelope, team
from fieldcase.sync.folder import ExchangeFolder
from fieldcase.sync.transport import Transport
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.sync.autosync import AutoSync
from fieldcase.ui.sync.launcher import SyncLauncher
from fieldcase.ui.sync.service import check_health, default_transports
from fieldcase.vault.session import Session


class FakeTimer(QObject):
    """A single-shot timer that fires only when the test says so."""

    timeout = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.started: list[int] = []
        self.active = False

    def start(self, msec: int, /) -> None:
        self.started.append(msec)
        self.active = True

    def stop(self) -> None:
        self.active = False

    def fire(self) -> None:
        assert self.active, "the timer was not running"
        self.active = False
        self.timeout.emit()


class GatedFolder(ExchangeFolder):
    """An exchange folder whose every put waits for the test to open the gate."""

    def __init__(self, root: Path, team_id: str, sender: str) -> None:
        super().__init__(root, team_id, sender)
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.puts = 0

    def put(self, envelopes: Sequence[tuple[str, bytes]]) -> None:
        kinds = {envelope.parse(body).header.kind for _, body in envelopes}
        if kinds == {envelope.KIND_TEAM_UPDATE}:  # gossiped team updates pass freely
            super().put(envelopes)
            return
        self.entered.set()
        assert self.gate.wait(timeout=20), "the test never opened the gate"
        super().put(envelopes)
        self.puts += 1


def gated_factory(
    gated: list[GatedFolder],
) -> Callable[[Session, str, str], tuple[Transport, Callable[[], None]]]:
    def make(session: Session, kind: str, place: str) -> tuple[Transport, Callable[[], None]]:
        if kind != "folder":
            return default_transports(session, kind, place)
        folder = GatedFolder(Path(place), team.load(session).team.team_id, session.account_id)
        gated.append(folder)
        return folder, lambda: None

    return make


def build_launcher(
    qtbot: QtBot,
    session: Session,
    data_dir: Path,
    vault: VaultWorker,
    *,
    folder: Path | None = None,
    server: str | None = None,
    save_to: Path | None = None,
    timer: FakeTimer | None = None,
    health: Callable[[str], bool] = check_health,
    transports: Callable[[Session, str, str], tuple[Transport, Callable[[], None]]] | None = None,
    opened_import: list[int] | None = None,
) -> SyncLauncher:
    window = QWidget()
    qtbot.addWidget(window)
    auto = AutoSync(timer=timer or FakeTimer(), jitter=lambda: 0.5)
    launcher = SyncLauncher(
        window,
        session,
        vault,
        data_dir,
        open_import=(lambda: opened_import.append(1)) if opened_import is not None else None,
        choose_save=lambda _parent: save_to,
        choose_folder=lambda _parent: folder,
        ask_server=lambda _parent, _current: server,
        auto=auto,
        health=health,
        transports=transports or default_transports,
    )
    return launcher

"""The sync panel, clicked through like a person would: folder, cancel, server, auto, errors."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from tests.sync.relaykit import free_port, running_relay
from tests.sync.teamkit import Team
from tests.ui.sync.synckit import FakeTimer, GatedFolder, build_launcher, gated_factory
from tests.ui.uikit import Person

from fieldcase import i18n
from fieldcase.sync import envelope, team
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.sync.autosync import BASE_MS, FIRST_MS, PERIOD_MS
from fieldcase.ui.sync.launcher import SyncLauncher
from fieldcase.ui.sync.panel import SyncPanel
from fieldcase.ui.sync.strings import T
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState


def label(panel: SyncPanel, name: str) -> QLabel:
    found = panel.findChild(QLabel, name)
    assert found is not None, name
    return found


def button(panel: SyncPanel, name: str) -> QPushButton:
    found = panel.findChild(QPushButton, name)
    assert found is not None, name
    return found


def open_panel(launcher: SyncLauncher, person: Person) -> SyncPanel:
    launcher.start()
    launcher.action.trigger()
    panel = launcher.panel
    assert panel is not None
    person.wait(lambda: panel.isVisible())
    return panel


def sync_and_wait(panel: SyncPanel, person: Person) -> None:
    person.click(button(panel, "syncNow"))
    person.wait(lambda: not panel.service.busy, timeout=20_000)


def data_dir(t: Team, i: int) -> Path:
    return t.stores[i].data_dir


def test_folder_sync_shows_pending_then_last_sync(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss, worker = pair.sessions
    ids = worker.cases.create_cases([{"nama": "Lestari"}, {"nama": "Ayu"}, {"nama": "Sari"}])
    usb = tmp_path / "usb"
    usb.mkdir()
    launcher = build_launcher(qtbot, worker, data_dir(pair, 1), vault, folder=usb)
    panel = open_panel(launcher, person)
    assert label(panel, "folderStatus").text() == T.NOT_CONFIGURED
    assert not button(panel, "syncNow").isEnabled()
    assert launcher.indicator.text() == T.INDICATOR_NONE

    person.click(button(panel, "setFolder"))
    person.wait(lambda: label(panel, "folderPending").text() == "3")
    assert label(panel, "folderStatus").text() == T.REACHABLE
    assert label(panel, "folderPlace").text() == str(usb)
    assert label(panel, "folderLast").text() == T.NEVER
    assert "3" in launcher.indicator.text()

    sync_and_wait(panel, person)
    assert label(panel, "syncMessage").text() == T.DONE.format(sent=3, applied=0)
    person.wait(lambda: label(panel, "folderPending").text() == "0")
    assert label(panel, "folderLast").text() != T.NEVER
    assert label(panel, "syncError").text() == ""
    assert launcher.indicator.text().startswith(T.INDICATOR_IDLE.split("{")[0])

    # The supervisor's laptop picks them up; "synced" tells the window to refresh.
    boss_launcher = build_launcher(qtbot, boss, data_dir(pair, 0), vault, folder=usb)
    boss_panel = open_panel(boss_launcher, person)
    person.click(button(boss_panel, "setFolder"))
    with qtbot.waitSignal(boss_launcher.synced, timeout=20_000) as applied:
        person.click(button(boss_panel, "syncNow"))
    assert applied.args == [3]
    assert all(boss.cases.read(c) == worker.cases.read(c) for c in ids)
    # Settings survive: a new launcher (next unlock) knows the folder and the time.
    again = build_launcher(qtbot, worker, data_dir(pair, 1), vault)
    assert again.service.states["folder"].place == str(usb)
    assert again.service.states["folder"].last_ms is not None
    for each in (launcher, boss_launcher, again):
        each.close_all()


def test_cancel_stops_between_whole_envelopes(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    worker = pair.sessions[1]
    worker.cases.create_cases([{"nama": f"Kasus {i}"} for i in range(5)])
    usb = tmp_path / "usb"
    usb.mkdir()
    gated: list[GatedFolder] = []
    launcher = build_launcher(
        qtbot, worker, data_dir(pair, 1), vault, folder=usb, transports=gated_factory(gated)
    )
    launcher.service.batch = 1  # one change per envelope: five steps
    panel = open_panel(launcher, person)
    person.click(button(panel, "setFolder"))
    person.wait(lambda: label(panel, "folderPending").text() == "5")

    person.click(button(panel, "syncNow"))
    person.wait(lambda: bool(gated) and gated[0].entered.is_set())
    cancel = button(panel, "syncCancel")
    person.click(cancel)
    assert label(panel, "syncMessage").text() == T.CANCELLING
    assert not cancel.isEnabled()
    gated[0].gate.set()  # the envelope under way finishes; nothing after it starts
    person.wait(lambda: not panel.service.busy, timeout=20_000)
    assert label(panel, "syncMessage").text() == T.CANCELLED
    assert gated[0].puts == 1
    team_id = team.load(worker).team.team_id
    assert change_files(usb / team_id / worker.account_id) == 1
    person.wait(lambda: label(panel, "folderPending").text() == "4")
    assert label(panel, "folderLast").text() == T.NEVER  # a cancelled run is not "synced"

    # The next run continues: the other four, no duplicates.
    launcher.service._transports = gated_factory(gated)
    gated.clear()
    sync_and_wait_open(panel, person, gated)
    assert change_files(usb / team_id / worker.account_id) == 5
    person.wait(lambda: label(panel, "folderPending").text() == "0")
    launcher.close_all()


def change_files(folder: Path) -> int:
    """Envelope files of changes (team updates are gossiped along and not counted)."""
    kinds = [envelope.parse(p.read_bytes()).header.kind for p in folder.glob("*.fcenv")]
    return kinds.count(envelope.KIND_CHANGES)


def sync_and_wait_open(panel: SyncPanel, person: Person, gated: list[GatedFolder]) -> None:
    person.click(button(panel, "syncNow"))
    person.wait(lambda: bool(gated))
    gated[0].gate.set()
    person.wait(lambda: not panel.service.busy, timeout=20_000)


def test_unreachable_server_gives_a_clear_bilingual_error(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    worker = pair.sessions[1]
    worker.cases.create_case({"nama": "Kanari Rahasia"})
    url = f"http://127.0.0.1:{free_port()}"
    timer = FakeTimer()
    launcher = build_launcher(qtbot, worker, data_dir(pair, 1), vault, server=url, timer=timer)
    panel = open_panel(launcher, person)
    person.click(button(panel, "setServer"))
    person.wait(lambda: label(panel, "serverStatus").text() == T.UNREACHABLE, timeout=10_000)
    assert not timer.active  # never reachable: no automatic sync
    assert label(panel, "autoSync").text() == T.AUTO_WAITING
    sync_and_wait(panel, person)
    error = label(panel, "syncError").text()
    assert error.startswith("Server relay tidak dapat dihubungi") and "tidak ada sambungan" in error
    assert "Kanari" not in error and "Traceback" not in error
    i18n.set_language("en")  # the same failure, in the other language
    error = label(panel, "syncError").text()
    assert "relay server cannot be reached" in error and "no connection" in error
    i18n.set_language("id")
    assert label(panel, "serverStatus").text() == T.UNREACHABLE
    assert launcher.indicator.text() == T.INDICATOR_ERROR
    assert label(panel, "serverLast").text() == T.NEVER
    launcher.close_all()


def test_bad_server_address_is_refused(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    launcher = build_launcher(
        qtbot, pair.sessions[1], data_dir(pair, 1), vault, server="ftp://relay.example.org"
    )
    panel = open_panel(launcher, person)
    person.click(button(panel, "setServer"))
    assert label(panel, "syncError").text() == T.SERVER_BAD
    assert launcher.service.states["server"].place is None
    launcher.close_all()


def test_relay_server_and_automatic_sync_with_backoff(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss, worker = pair.sessions
    ctx = team.load(boss)
    with running_relay(tmp_path / "server") as relay:
        relay.storage.add_team(ctx.team.team_id, ctx.team.team_public, int(time.time() * 1000))
        timer = FakeTimer()
        boss_launcher = build_launcher(
            qtbot, boss, data_dir(pair, 0), vault, server=relay.url, timer=timer
        )
        boss_panel = open_panel(boss_launcher, person)
        person.click(button(boss_panel, "setServer"))
        person.wait(lambda: label(boss_panel, "serverStatus").text() == T.REACHABLE)
        # Reachable: automatic sync is on; its first run comes soon.
        assert timer.started == [FIRST_MS]
        assert label(boss_panel, "autoSync").text().startswith(T.AUTO_ON.split("{")[0])
        timer.fire()
        person.wait(lambda: timer.active, timeout=20_000)
        assert timer.started[-1] == PERIOD_MS
        assert label(boss_panel, "serverLast").text() != T.NEVER

        # The worker syncs by hand through the same server.
        case_id = worker.cases.create_case({"nama": "Lestari"})
        worker_launcher = build_launcher(qtbot, worker, data_dir(pair, 1), vault, server=relay.url)
        worker_panel = open_panel(worker_launcher, person)
        person.click(button(worker_panel, "setServer"))
        person.wait(lambda: label(worker_panel, "serverPending").text() == "1")
        sync_and_wait(worker_panel, person)
        assert label(worker_panel, "syncError").text() == ""
        # The supervisor's next automatic run brings it in.
        with qtbot.waitSignal(boss_launcher.synced, timeout=20_000):
            timer.fire()
        assert boss.cases.read(case_id) == worker.cases.read(case_id)
        person.wait(lambda: timer.active, timeout=20_000)
    # The server is gone: the automatic run fails and backs off, 30 s then 60 s.
    timer.fire()
    person.wait(lambda: timer.active, timeout=20_000)
    assert timer.started[-1] == BASE_MS
    assert label(boss_panel, "autoSync").text().startswith(T.AUTO_RETRY.split("{")[0])
    assert label(boss_panel, "serverStatus").text() == T.UNREACHABLE
    timer.fire()
    person.wait(lambda: timer.active, timeout=20_000)
    assert timer.started[-1] == 2 * BASE_MS
    # Locking stops it.
    boss_launcher.close_all()
    worker_launcher.close_all()
    assert not timer.active


def test_not_in_a_team(
    session: Session, vault: VaultWorker, qtbot: QtBot, person: Person, data_dir: Path
) -> None:
    launcher = build_launcher(qtbot, session, data_dir, vault)
    panel = open_panel(launcher, person)
    person.wait(lambda: label(panel, "syncNotInTeam").isVisible())
    assert not button(panel, "syncNow").isEnabled()
    assert launcher.indicator.text() == T.INDICATOR_NOT_TEAM
    launcher.close_all()


def test_words_follow_the_language(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    launcher = build_launcher(qtbot, pair.sessions[1], data_dir(pair, 1), vault)
    panel = open_panel(launcher, person)
    assert button(panel, "syncNow").text() == "Sinkronkan sekarang"
    i18n.set_language("en")
    assert button(panel, "syncNow").text() == "Sync now"
    assert panel.windowTitle() == "Sync"
    assert label(panel, "folderStatus").text() == "Not configured"
    launcher.close_all()


def test_other_vault_work_runs_between_sync_steps(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    """Opening a case during a long sync waits for one step, not for the whole sync."""
    worker = pair.sessions[1]
    worker.cases.create_cases([{"nama": f"Kasus {i}"} for i in range(5)])
    usb = tmp_path / "usb"
    usb.mkdir()
    gated: list[GatedFolder] = []
    launcher = build_launcher(
        qtbot, worker, data_dir(pair, 1), vault, folder=usb, transports=gated_factory(gated)
    )
    launcher.service.batch = 1
    panel = open_panel(launcher, person)
    person.click(button(panel, "setFolder"))
    person.wait(lambda: label(panel, "folderPending").text() == "5")
    person.click(button(panel, "syncNow"))
    person.wait(lambda: bool(gated) and gated[0].entered.is_set())
    team_id = team.load(worker).team.team_id
    seen: list[int] = []
    other = vault.run("case.open", lambda: SyncState(worker.db).cursor(f"folder:{team_id}")[1])
    other.succeeded.connect(seen.append)
    gated[0].gate.set()
    person.wait(lambda: not panel.service.busy, timeout=20_000)
    assert len(seen) == 1 and 0 < seen[0] < 5  # it ran after the first step, before the last
    assert change_files(usb / team_id / worker.account_id) == 5
    launcher.close_all()


def test_an_unplugged_usb_stick_is_an_error_not_a_new_folder(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    worker = pair.sessions[1]
    worker.cases.create_case({"nama": "Lestari"})
    usb = tmp_path / "media" / "usb"
    usb.mkdir(parents=True)
    launcher = build_launcher(qtbot, worker, data_dir(pair, 1), vault, folder=usb)
    panel = open_panel(launcher, person)
    person.click(button(panel, "setFolder"))
    person.wait(lambda: label(panel, "folderStatus").text() == T.REACHABLE)
    usb.rmdir()  # unplugged
    launcher.service.refresh()
    assert label(panel, "folderStatus").text() == T.UNREACHABLE
    sync_and_wait(panel, person)
    assert not usb.exists()
    assert "flashdisk" in label(panel, "syncError").text()
    assert label(panel, "folderStatus").text() == T.UNREACHABLE
    launcher.close_all()

"""The conflict inbox, as a case worker uses it after two people edited one field.

The conflict is made for real: a team of two vaults (the sync tests' kit),
the same field saved on both sides from the same base, then bundles swapped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.sync.teamkit import Team, make_team
from tests.ui.uikit import Person

from fieldcase.sync import bundlefile
from fieldcase.ui import texts
from fieldcase.ui.conflicts import ConflictInbox, case_code
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.operations import VaultWorker
from fieldcase.vault.session import Session

WITA = timezone(timedelta(hours=8), "WITA")


@dataclass
class Clash:
    team: Team
    case_id: str

    @property
    def boss(self) -> Session:
        return self.team.sessions[0]

    @property
    def worker(self) -> Session:
        return self.team.sessions[1]


@pytest.fixture
def clash(tmp_path: Path) -> Iterator[Clash]:
    """The worker and the supervisor both change "catatan" from "awal"; the
    supervisor saved last, so on the worker's laptop theirs wins and mine lost."""
    t = make_team(tmp_path, 1)
    boss, worker = t.sessions
    case_id = worker.cases.create_case({"nama": "Putri Lestari", "catatan": "awal"})
    bundlefile.import_bundle(boss, bundlefile.export_bundle(worker)[0])
    worker.cases.save(case_id, {"catatan": "kunjungan rumah"})
    boss.cases.save(case_id, {"catatan": "rujuk ke psikolog"})
    bundlefile.import_bundle(worker, bundlefile.export_bundle(boss)[0])
    bundlefile.import_bundle(boss, bundlefile.export_bundle(worker)[0])
    assert len(worker.cases.conflicts()) == 1
    assert len(boss.cases.conflicts()) == 1
    yield Clash(t, case_id)
    t.close()


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()


def open_inbox(session: Session, vault: VaultWorker, qtbot: QtBot) -> ConflictInbox:
    inbox = ConflictInbox(session, vault, zone=WITA)
    qtbot.addWidget(inbox)
    inbox.show()
    return inbox


def wait_for_values(person: Person, inbox: ConflictInbox) -> None:
    person.wait(lambda: inbox.mine_box.value.text() != "" and inbox.keep_mine.isEnabled())


def wait_until_resolved(person: Person, inbox: ConflictInbox) -> None:
    done = f"{texts.CONFLICT_RESOLVED} {texts.CONFLICTS_NONE}"
    person.wait(lambda: inbox.list.count() == 0 and inbox.status.text() == done)


def resolution(session: Session, case_id: str) -> tuple[str, object]:
    last = session.cases.history(case_id)[-1]
    assert len(last.writes) == 1
    return last.account_id, last.writes[0].value


def test_inbox_lists_by_code_and_shows_three_sides(
    clash: Clash, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    worker = clash.worker
    views_before = len(worker.audit.entries(action="view"))
    inbox = open_inbox(worker, vault, qtbot)
    person.wait(lambda: inbox.list.count() == 1)
    row = inbox.list.item(0).text()
    assert case_code(clash.case_id) in row and "catatan" in row
    assert "Putri" not in row
    wait_for_values(person, inbox)
    assert inbox.base_box.value.text() == "awal"
    assert inbox.mine_box.value.text() == "kunjungan rumah"
    assert inbox.theirs_box.value.text() == "rujuk ke psikolog"
    assert texts.CONFLICT_YOU in inbox.mine_box.meta.text()
    assert "WITA" in inbox.theirs_box.meta.text()
    assert clash.boss.account_id[-8:] in inbox.theirs_box.meta.text()
    # Seeing the values is a view of the case, in the audit log.
    views = worker.audit.entries(action="view")
    assert len(views) == views_before + 1


def test_keep_theirs_resolves_with_an_ordinary_change(
    clash: Clash, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    worker = clash.worker
    changes_before = len(worker.cases.history(clash.case_id))
    inbox = open_inbox(worker, vault, qtbot)
    wait_for_values(person, inbox)
    person.click(inbox.keep_theirs)
    wait_until_resolved(person, inbox)
    assert worker.cases.conflicts() == []
    assert worker.cases.read(clash.case_id)["catatan"] == "rujuk ke psikolog"
    history = worker.cases.history(clash.case_id)
    assert len(history) == changes_before + 1
    assert resolution(worker, clash.case_id) == (worker.account_id, "rujuk ke psikolog")
    # The resolution travels like any change and clears the conflict over there too.
    bundlefile.import_bundle(clash.boss, bundlefile.export_bundle(worker)[0])
    assert clash.boss.cases.conflicts() == []
    assert clash.boss.cases.read(clash.case_id)["catatan"] == "rujuk ke psikolog"


def test_keep_mine(clash: Clash, vault: VaultWorker, qtbot: QtBot, person: Person) -> None:
    worker = clash.worker
    inbox = open_inbox(worker, vault, qtbot)
    wait_for_values(person, inbox)
    person.click(inbox.keep_mine)
    wait_until_resolved(person, inbox)
    assert worker.cases.conflicts() == []
    assert worker.cases.read(clash.case_id)["catatan"] == "kunjungan rumah"
    assert resolution(worker, clash.case_id) == (worker.account_id, "kunjungan rumah")
    bundlefile.import_bundle(clash.boss, bundlefile.export_bundle(worker)[0])
    assert clash.boss.cases.conflicts() == []
    assert clash.boss.cases.read(clash.case_id)["catatan"] == "kunjungan rumah"


def test_edit_saves_a_new_value(
    clash: Clash, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    # On the supervisor's laptop the supervisor's own value won: mine is the winner.
    boss = clash.boss
    inbox = open_inbox(boss, vault, qtbot)
    wait_for_values(person, inbox)
    assert inbox.mine_box.value.text() == "rujuk ke psikolog"
    assert inbox.theirs_box.value.text() == "kunjungan rumah"
    assert not inbox.editor.isVisible()
    person.click(inbox.edit_button)
    assert inbox.editor.isVisible()
    assert inbox.editor.text() == "kunjungan rumah"
    inbox.editor.clear()
    person.type(inbox.editor, "kunjungan rumah, lalu rujuk ke psikolog")
    person.click(inbox.save_edit)
    wait_until_resolved(person, inbox)
    assert boss.cases.conflicts() == []
    expected = "kunjungan rumah, lalu rujuk ke psikolog"
    assert resolution(boss, clash.case_id) == (boss.account_id, expected)


def test_main_window_shows_the_count_and_opens_the_inbox(
    clash: Clash, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    window = MainWindow(clash.worker, vault=vault)
    qtbot.addWidget(window)
    window.show()
    action = window.conflicts.action
    person.wait(lambda: action.text() == texts.CONFLICTS_COUNT.format(count=1))
    action.trigger()
    inbox = window.conflicts.inbox
    assert inbox is not None
    wait_for_values(person, inbox)
    person.click(inbox.keep_theirs)
    person.wait(lambda: action.text() == texts.CONFLICTS)
    # Locking clears what the inbox read and closes it.
    window.conflicts.open()
    person.wait(lambda: inbox.list.count() == 0)
    window.clear()
    assert not inbox.isVisible()
    assert inbox.mine_box.value.text() == ""

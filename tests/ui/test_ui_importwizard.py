"""The import wizard, as a supervisor imports a worker's bundle from a USB stick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.sync.teamkit import Team, make_team
from tests.ui.uikit import Person

from fieldcase.sync import bundlefile
from fieldcase.ui import texts
from fieldcase.ui.importwizard import ImportBundleWizard
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.operations import VaultWorker
from fieldcase.vault.session import Session


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Team]:
    t = make_team(tmp_path / "team", 1)
    yield t
    t.close()


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()


def snapshot(s: Session) -> tuple[object, ...]:
    return (
        s.cases.derived_snapshot(),
        s.db.execute("SELECT change_id FROM changes ORDER BY change_id").fetchall(),
        s.db.execute("SELECT * FROM sync_seen ORDER BY envelope_id").fetchall(),
        s.db.execute("SELECT * FROM sync_quarantine").fetchall(),
        s.cases.conflicts(),
    )


def open_wizard(
    session: Session, vault: VaultWorker, qtbot: QtBot, path: Path
) -> ImportBundleWizard:
    """The wizard with the file dialog replaced: "choosing" picks ``path``."""
    wizard = ImportBundleWizard(session, vault, choose_file=lambda _parent: path)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def choose_and_verify(person: Person, wizard: ImportBundleWizard) -> None:
    next_button = wizard.button(ImportBundleWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no file yet
    person.click(wizard.file_page.choose_button)
    person.click(next_button)
    assert wizard.currentPage() is wizard.verify_page


def test_valid_bundle_to_summary(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss, worker = pair.sessions
    case_id = worker.cases.create_case({"nama": "Putri Lestari", "catatan": "awal"})
    bundlefile.import_bundle(boss, bundlefile.export_bundle(worker)[0])
    # Both change the same field; the worker's bundle brings a conflict along.
    boss.cases.save(case_id, {"catatan": "rujuk ke psikolog"})
    worker.cases.save(case_id, {"catatan": "kunjungan rumah"})
    worker.cases.create_case({"nama": "Dewi", "tahap": "asesmen"})
    data, count = bundlefile.export_bundle(worker)
    assert count == 3  # the first case (already imported), the save, a new case
    path = tmp_path / "dari-pendamping.fcbundle"
    path.write_bytes(data)

    wizard = open_wizard(boss, vault, qtbot, path)
    choose_and_verify(person, wizard)
    page = wizard.verify_page
    person.wait(lambda: page.isComplete())
    assert page.status.text() == texts.IMPORT_VERIFIED
    assert worker.account_id[-8:] in page.exporter.text()
    assert page.team.text() == "UPTD PPA Mataram"
    assert not page.error.isVisible()

    person.click(wizard.button(ImportBundleWizard.WizardButton.NextButton))
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    # The roster update and the first change came before: verified, not counted as new.
    assert preview.changes.text() == "2"
    assert preview.cases.text() == "2"
    assert preview.envelopes.text() == "2"
    assert preview.already.text() == "1"

    commit = wizard.button(ImportBundleWizard.WizardButton.CommitButton)
    assert commit.text() == texts.IMPORT_COMMIT
    person.click(commit)
    apply_page = wizard.apply_page
    assert wizard.currentPage() is apply_page
    finish = wizard.button(ImportBundleWizard.WizardButton.FinishButton)
    person.wait(lambda: apply_page.summary.isVisible())
    assert apply_page.applied.text() == "2"
    assert apply_page.held.text() == "1"
    assert apply_page.duplicates.text() == "1"
    assert apply_page.quarantined.text() == "0"
    assert apply_page.conflicts.text() == "1"
    assert apply_page.status.text() == texts.IMPORT_DONE
    assert len(boss.cases.conflicts()) == 1
    assert boss.cases.read(case_id)["catatan"] == "kunjungan rumah"
    person.click(finish)
    assert not wizard.isVisible()

    # The same file again: verified, previewed as already imported, nothing applied.
    again = open_wizard(boss, vault, qtbot, path)
    before = snapshot(boss)
    choose_and_verify(person, again)
    person.wait(lambda: again.verify_page.isComplete())
    person.click(again.button(ImportBundleWizard.WizardButton.NextButton))
    assert again.preview_page.already.text() == again.preview_page.envelopes.text()
    person.click(again.button(ImportBundleWizard.WizardButton.CommitButton))
    person.wait(lambda: again.apply_page.summary.isVisible())
    assert again.apply_page.applied.text() == "0"
    assert again.apply_page.duplicates.text() == again.preview_page.envelopes.text()
    assert snapshot(boss)[:4] == before[:4]


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.mark.parametrize(
    "spoil",
    [_flip, lambda data: data[: len(data) - 7], lambda data: b"not a bundle at all"],
    ids=["flipped-byte", "truncated", "not-a-bundle"],
)
def test_spoilt_bundle_stops_at_verification(
    spoil: object, pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss, worker = pair.sessions
    worker.cases.create_case({"nama": "Putri Lestari"})
    data, _ = bundlefile.export_bundle(worker)
    path = tmp_path / "rusak.fcbundle"
    path.write_bytes(spoil(data))  # type: ignore[operator]
    before = snapshot(boss)

    wizard = open_wizard(boss, vault, qtbot, path)
    choose_and_verify(person, wizard)
    page = wizard.verify_page
    person.wait(lambda: page.error.isVisible())
    assert page.status.text() == texts.IMPORT_REJECTED
    message = page.error.text()
    assert "Tidak ada yang diubah" in message
    assert not wizard.button(ImportBundleWizard.WizardButton.NextButton).isEnabled()
    assert snapshot(boss) == before


def test_bundle_of_another_team_is_refused(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    other = make_team(tmp_path / "other", 1)
    try:
        stranger = other.sessions[1]
        stranger.cases.create_case({"nama": "Dewi"})
        path = tmp_path / "asing.fcbundle"
        path.write_bytes(bundlefile.export_bundle(stranger)[0])
    finally:
        other.close()
    boss = pair.supervisor
    before = snapshot(boss)
    wizard = open_wizard(boss, vault, qtbot, path)
    choose_and_verify(person, wizard)
    person.wait(lambda: wizard.verify_page.error.isVisible())
    assert wizard.verify_page.status.text() == texts.IMPORT_REJECTED
    assert not wizard.verify_page.isComplete()
    assert snapshot(boss) == before


def test_main_window_action_opens_the_wizard_once(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    window = MainWindow(pair.supervisor, vault=vault)
    qtbot.addWidget(window)
    window.show()
    action = window.imports.action
    assert action.text() == texts.IMPORT_BUNDLE
    action.trigger()
    wizard = window.imports.wizard
    assert wizard is not None and wizard.isVisible()
    action.trigger()  # a second click brings the same wizard back, not a second one
    assert window.imports.wizard is wizard
    assert wizard.currentPage() is wizard.file_page
    window.clear()  # locking closes it
    assert not wizard.isVisible()

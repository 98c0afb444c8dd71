"""Bundle export from the app: selected cases, since a date, bad input; logged like the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot
from tests.sync.teamkit import Team
from tests.ui.sync.synckit import build_launcher
from tests.ui.uikit import Person

from fieldcase.core.errors import InvalidInput
from fieldcase.sync import bundlefile
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.sync.export import ExportBundleDialog, parse_case_ids
from fieldcase.ui.sync.launcher import SyncLauncher
from fieldcase.ui.sync.strings import T


def open_export(launcher: SyncLauncher, person: Person) -> ExportBundleDialog:
    launcher.start()
    launcher.action.trigger()
    panel = launcher.panel
    assert panel is not None
    export_button = panel.findChild(QPushButton, "exportBundle")
    assert export_button is not None
    person.wait(lambda: export_button.isVisible() and export_button.isEnabled())
    person.click(export_button)
    dialog = launcher.export_dialog
    assert dialog is not None
    person.wait(lambda: dialog.isVisible())
    return dialog


def child(dialog: ExportBundleDialog, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def test_export_selected_cases_then_since_a_date(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss, worker = pair.sessions
    first, second = boss.cases.create_cases([{"nama": "Lestari"}, {"nama": "Ayu"}])
    out = tmp_path / "out.fcbundle"
    launcher = build_launcher(qtbot, boss, pair.stores[0].data_dir, vault, save_to=out)
    dialog = open_export(launcher, person)
    status: QLabel = child(dialog, QLabel, "exportStatus")

    # Bad input first: a clear message, nothing written.
    person.click(child(dialog, QRadioButton, "exportCases"))
    ids: QPlainTextEdit = child(dialog, QPlainTextEdit, "exportCaseIds")
    person.type(ids, "bukan id!")
    person.click(child(dialog, QPushButton, "exportSave"))
    assert status.text() == T.EXPORT_BAD_CASE.format(line=1)
    assert not out.exists()

    ids.clear()
    person.type(ids, first)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as done:
        person.click(child(dialog, QPushButton, "exportSave"))
    assert done.args == [1]
    assert status.text() == T.EXPORT_DONE.format(count=1, name=out.name)
    report = bundlefile.import_bundle(worker, out.read_bytes())
    assert report.applied == 1
    assert worker.cases.read(first)["nama"] == "Lestari"
    assert worker.cases.history(second) == []
    # Logged exactly like the CLI export: one "export" entry with counts.
    [entry] = boss.audit.entries(action="export", limit=1)
    assert entry.detail["kind"] == "bundle" and entry.detail["changes"] == 1
    # The bundle row of the panel shows when.
    assert launcher.service.states["bundle"].last_ms is not None

    # Since a date (30 days back by default): both cases.
    person.click(child(dialog, QRadioButton, "exportSince"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as done:
        person.click(child(dialog, QPushButton, "exportSave"))
    assert done.args == [2]
    person.click(child(dialog, QPushButton, "exportClose"))
    person.wait(lambda: launcher.export_dialog is None)
    launcher.close_all()


def test_case_ids_are_parsed_strictly() -> None:
    assert parse_case_ids("a-1\n b-2, c-3 ;a-1\n\n") == ["a-1", "b-2", "c-3"]
    for bad in ("", "  \n ", "x/y", "ä"):
        with pytest.raises(InvalidInput) as refused:
            parse_case_ids(bad)
        assert refused.value.message_id and refused.value.message_en


def test_preselected_cases(
    pair: Team, vault: VaultWorker, qtbot: QtBot, person: Person, tmp_path: Path
) -> None:
    boss = pair.sessions[0]
    first, _second = boss.cases.create_cases([{"nama": "Lestari"}, {"nama": "Ayu"}])
    out = tmp_path / "chosen.fcbundle"
    launcher = build_launcher(qtbot, boss, pair.stores[0].data_dir, vault, save_to=out)
    dialog = launcher.open_export([first])
    assert dialog is not None
    assert child(dialog, QRadioButton, "exportCases").isChecked()
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as done:
        person.click(child(dialog, QPushButton, "exportSave"))
    assert done.args == [1] and out.exists()
    launcher.close_all()

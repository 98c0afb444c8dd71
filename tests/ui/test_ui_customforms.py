"""An admin adds an organisation's XLSForm from the app, as from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.forms.test_loader_support import md_to_xlsx
from tests.ui.uikit import Person

from fieldcase.core.roles import Role
from fieldcase.forms.catalog import forms_dir
from fieldcase.forms.custom import CustomForms
from fieldcase.ui.customforms import CustomFormsDialog
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.vault.accounts import AccountStore


def _intake_workbook(folder: Path, version: str = "2", break_it: bool = False) -> Path:
    text = (forms_dir() / "penerimaan.md").read_text(encoding="utf-8")
    text = text.replace("| | penerimaan | 1 |", f"| | penerimaan | {version} |")
    if break_it:
        text = text.replace("| integer |", "| integr |", 1)
    return md_to_xlsx(text, folder / "intake-org.xlsx")


def test_add_and_remove_a_form_through_the_dialog(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = CustomForms(data_dir)
    dialog = CustomFormsDialog(registry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    person = Person(qtbot)
    index = dialog.stage.findData("penerimaan_pengaduan")
    dialog.stage.setCurrentIndex(index)

    bad = _intake_workbook(tmp_path, break_it=True)
    monkeypatch.setattr(
        "fieldcase.ui.customforms.QFileDialog.getOpenFileName",
        lambda *args, **kwargs: (str(bad), "XLSForm (*.xlsx)"),
    )
    person.click(dialog.add_button)
    message = dialog.message.text()
    assert "survey" in message and "integr" in message  # names the sheet and the bad type
    assert " / " in message
    assert registry.entries() == ()

    good = _intake_workbook(tmp_path)
    monkeypatch.setattr(
        "fieldcase.ui.customforms.QFileDialog.getOpenFileName",
        lambda *args, **kwargs: (str(good), "XLSForm (*.xlsx)"),
    )
    person.click(dialog.add_button)
    assert dialog.message.text().startswith("Formulir ditambahkan")
    assert [e.form_id for e in registry.entries()] == ["penerimaan"]
    assert registry.resolve("penerimaan_pengaduan").version == "2"

    dialog.forms.setCurrentRow(0)
    person.click(dialog.remove_button)
    assert registry.entries() == ()
    assert registry.resolve("penerimaan_pengaduan").version == "1"


@pytest.mark.parametrize(("role", "offered"), [(Role.SUPERVISOR, True), (Role.PENDAMPING, False)])
def test_only_supervisors_and_admins_see_the_forms_action(
    qtbot: QtBot, store: AccountStore, role: Role, offered: bool
) -> None:
    created = store.create("Rina Contoh", role, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE) as session:
        window = MainWindow(session, data_dir=store.data_dir)
        qtbot.addWidget(window)
        assert (window.forms_action is not None) == offered
        window.clear()


def test_new_case_opens_the_organisation_intake(
    qtbot: QtBot, store: AccountStore, tmp_path: Path
) -> None:
    """The stage graph refers to the custom form: "New case" shows it."""
    CustomForms(store.data_dir).add(_intake_workbook(tmp_path, version="7"), "penerimaan_pengaduan")
    created = store.create("Rina Contoh", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE) as session:
        window = MainWindow(session, data_dir=store.data_dir)
        qtbot.addWidget(window)
        wizard = window.wizards.new_case()
        assert wizard is not None
        assert wizard.form.version == "7"
        wizard.close()
        window.clear()

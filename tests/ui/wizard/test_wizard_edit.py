"""Editing an existing case: only the fields that changed are written, with their base hlcs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWizard
from pytestqt.qtbot import QtBot
from tests.ui.wizard.conftest import OpenWizard
from tests.ui.wizard.wizardkit import ANSWERED, NOW, WIB, Filler

from fieldcase.forms import builtin_form
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.wizard import drafts
from fieldcase.ui.wizard.engine import FormEngine
from fieldcase.vault.session import Session


def _intake_case(session: Session) -> str:
    """A saved intake (exactly what the wizard would store), then a later edit of its name."""
    engine = FormEngine(builtin_form("penerimaan"), answers=ANSWERED, clock=lambda: NOW, zone=WIB)
    case_id = session.cases.create_case(engine.stored_fields())
    session.cases.save(case_id, {"nama": "Sari K"})  # "nama" now has a newer hlc than the rest
    return case_id


def _edit(w: Filler, qtbot: QtBot, meanwhile: Callable[[], object] = lambda: None) -> None:
    """Clear the reporter's name, rename the child, go through to the end and save."""
    w.next()
    w.clear("pelapor_nama")
    w.next()
    assert w.find(QLineEdit, "nama:input").text() == "Sari K"
    w.clear("nama")
    w.type("nama", "Sari Dewi")
    while w.page_name() != "page:review":
        w.next()
    meanwhile()
    with qtbot.waitSignal(w.wizard.saved, timeout=10_000):
        w.person.click(w.button(QWizard.WizardButton.FinishButton))


def test_editing_writes_only_the_changed_fields_with_the_bases_seen(
    open_wizard: OpenWizard, session: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    case_id = _intake_case(session)
    before = session.cases.read(case_id)
    seen = session.cases.field_states(case_id)
    assert seen["nama"].hlc != seen["pelapor_nama"].hlc
    changes = len(session.cases.history(case_id))

    start = vault.call(lambda: drafts.start_edit(session, builtin_form("penerimaan"), case_id))
    w = open_wizard(start)
    assert case_id[-8:] in w.wizard.windowTitle()
    _edit(w, qtbot)

    history = session.cases.history(case_id)
    assert len(history) == changes + 1  # one save, one change
    written = {x.path: (x.value, x.base_hlc, x.deleted) for x in history[-1].writes}
    assert written == {
        "nama": ("Sari Dewi", seen["nama"].hlc, False),
        "pelapor_nama": (None, seen["pelapor_nama"].hlc, True),
    }
    expected = {**before, "nama": "Sari Dewi"}
    del expected["pelapor_nama"]
    assert session.cases.read(case_id) == expected
    assert session.cases.conflicts(case_id) == []
    assert session.drafts.list() == []


def test_a_change_made_meanwhile_is_a_conflict_not_silently_overwritten(
    open_wizard: OpenWizard, session: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    case_id = _intake_case(session)
    start = vault.call(lambda: drafts.start_edit(session, builtin_form("penerimaan"), case_id))
    w = open_wizard(start)
    # While the form is open, a sync brings another worker's edit of the same field.
    _edit(w, qtbot, meanwhile=lambda: session.cases.save(case_id, {"nama": "Sari (tim)"}))
    [conflict] = session.cases.conflicts(case_id)
    assert conflict.path == "nama"


def test_an_unchanged_case_writes_nothing(
    open_wizard: OpenWizard, session: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    case_id = _intake_case(session)
    changes = len(session.cases.history(case_id))
    start = vault.call(lambda: drafts.start_edit(session, builtin_form("penerimaan"), case_id))
    w = open_wizard(start)
    while w.page_name() != "page:review":
        w.next()
    with qtbot.waitSignal(w.wizard.saved, timeout=10_000):
        w.person.click(w.button(QWizard.WizardButton.FinishButton))
    assert len(session.cases.history(case_id)) == changes

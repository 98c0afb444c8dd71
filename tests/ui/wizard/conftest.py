"""Fixtures for wizard tests: the vault thread, and a wizard opened on the intake form."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot
from tests.ui.uikit import Person
from tests.ui.wizard.wizardkit import NOW, WIB, Filler

from fieldcase.forms import builtin_form
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.wizard import drafts
from fieldcase.ui.wizard.wizard import FormWizard
from fieldcase.vault.session import Session

OpenWizard = Callable[..., Filler]


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()


@pytest.fixture
def open_wizard(
    session: Session, vault: VaultWorker, qtbot: QtBot, person: Person
) -> Iterator[OpenWizard]:
    """``open_wizard(start=None, **options)``: a shown wizard (a new intake by default)."""
    opened: list[FormWizard] = []

    def open_one(start: drafts.WizardStart | None = None, **options: object) -> Filler:
        begin = start or drafts.start_new(builtin_form("penerimaan"), session, now=NOW)
        wizard = FormWizard(begin, vault, session, clock=lambda: NOW, zone=WIB, **options)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        opened.append(wizard)
        with qtbot.waitActive(wizard):  # focus moves (Tab, editingFinished) need an active window
            wizard.show()
            wizard.activateWindow()
        return Filler(person, wizard)

    yield open_one
    for wizard in opened:  # the test is over: no autosave, no question when qtbot closes it
        wizard.autosave_timer.stop()
        wizard.answered = False

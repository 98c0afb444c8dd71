"""Worker process for test_wizard_drafts.py: fills an intake offscreen until it is killed.

Run as ``python draft_worker.py`` with one JSON line on stdin (``data_dir``,
``account_id``, ``passphrase``: secrets never go in argv). It unlocks the real
vault, opens the intake wizard with a 200 ms autosave, and types like a person
(:data:`TYPED`). Once everything is typed it prints ``draft <id>`` after the
first autosave that holds all of it, then keeps running: the test kills it
with SIGKILL, as a power cut or a crash would.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QRadioButton, QWizard

from fieldcase.forms import builtin_form
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.wizard import drafts
from fieldcase.ui.wizard.wizard import FormWizard
from fieldcase.vault.accounts import AccountStore

AUTOSAVE_MS = 200
#: What the worker types, page by page (the test checks the draft holds exactly this).
TYPED = {"jalur": "whatsapp", "wilayah": "batam", "pelapor_anonim": "ya"}
NAME, AGE = "Sari Kinanti", "14"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _choose(wizard: FormWizard, path: str, choice: str) -> None:
    page = wizard.currentPage()
    radio = page.findChild(QRadioButton, f"{path}:{choice}")
    if radio is not None:
        QTest.mouseClick(radio, Qt.MouseButton.LeftButton)
        return
    combo = page.findChild(QComboBox, f"{path}:input")
    while combo.currentData() != choice:
        QTest.keyClick(combo, Qt.Key.Key_Down)


def _type(wizard: FormWizard, path: str, text: str) -> None:
    line = wizard.currentPage().findChild(QLineEdit, f"{path}:input")
    line.setFocus()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Tab)


def _next(wizard: FormWizard) -> None:
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def main() -> None:
    job = json.loads(sys.stdin.readline())
    app = QApplication([sys.argv[0]])
    session = AccountStore(Path(job["data_dir"])).unlock(job["account_id"], job["passphrase"])
    vault = VaultWorker()
    start = drafts.start_new(builtin_form("penerimaan"), session)
    wizard = FormWizard(start, vault, session, autosave_ms=AUTOSAVE_MS)
    typed_all = False

    def saved(draft_id: str) -> None:
        # A save that started before the last keystroke leaves the wizard dirty.
        if typed_all and not wizard.dirty:
            _say(f"draft {draft_id}")

    wizard.draftSaved.connect(saved)
    wizard.show()
    wizard.activateWindow()
    QTest.qWaitForWindowActive(wizard)
    _choose(wizard, "jalur", TYPED["jalur"])
    _choose(wizard, "wilayah", TYPED["wilayah"])
    _next(wizard)
    _choose(wizard, "pelapor_anonim", TYPED["pelapor_anonim"])
    _next(wizard)
    _type(wizard, "nama", NAME)
    _type(wizard, "umur", AGE)
    typed_all = True
    _say("typed")
    app.exec()


if __name__ == "__main__":
    main()

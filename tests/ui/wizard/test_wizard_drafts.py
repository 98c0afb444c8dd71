"""Drafts: autosaved in the encrypted vault, surviving a killed process, resumed as left."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWizard,
)
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import Person
from tests.ui.wizard.conftest import OpenWizard
from tests.ui.wizard.draft_worker import AGE, NAME, TYPED
from tests.ui.wizard.wizardkit import Filler

from fieldcase.core.roles import Role
from fieldcase.forms import builtin_form
from fieldcase.ui.controller import Controller
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.wizard import drafts
from fieldcase.ui.wizard.draftlist import DraftListDialog
from fieldcase.ui.wizard.wizard import FormWizard
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

WORKER = Path(__file__).with_name("draft_worker.py")
TIMEOUT_S = 60.0


def _read_line(proc: subprocess.Popen[bytes], deadline: float) -> str:
    assert proc.stdout is not None
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            raise AssertionError(f"the worker said nothing in time (exit {proc.poll()})")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 1)
            if not chunk:
                raise AssertionError("the worker closed its output")
            line += chunk
    return line.decode().strip()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_draft_survives_a_killed_process(
    store: AccountStore, data_dir: Path, tmp_path: Path, qtbot: QtBot, person: Person
) -> None:
    account = store.create("Budi Penjangkau", Role.PENDAMPING, PASSPHRASE).info.id
    job = {"data_dir": str(data_dir), "account_id": account, "passphrase": PASSPHRASE}
    errors = tmp_path / "worker.err"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    with (
        errors.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
        ) as proc,
    ):
        try:
            assert proc.stdin is not None
            proc.stdin.write((json.dumps(job) + "\n").encode())
            proc.stdin.flush()
            deadline = time.monotonic() + TIMEOUT_S
            assert _read_line(proc, deadline) == "typed"
            said = _read_line(proc, deadline)
            assert said.startswith("draft ")
            draft_id = said.split()[1]
        finally:
            proc.send_signal(signal.SIGKILL)  # no chance to close anything: a power cut
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, errors.read_text(errors="replace")

    # Nothing typed is readable on disk: the draft lives only inside the encrypted vault.
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert NAME.encode() not in path.read_bytes(), path

    session = store.unlock(account, PASSPHRASE)
    vault = VaultWorker()
    try:
        [draft] = session.drafts.list()
        assert draft.draft_id == draft_id and draft.form_id == "penerimaan"
        assert draft.case_id is None and draft.page == 2
        assert draft.answers == {
            **TYPED,
            "nama": NAME,
            "umur": int(AGE),
            "petugas": "Budi Penjangkau",
            "waktu_pengaduan": draft.answers["waktu_pengaduan"],  # the default: "now" back then
        }

        start = vault.call(lambda: drafts.start_from_draft(session, draft_id, builtin_form))
        wizard = FormWizard(start, vault, session)
        qtbot.addWidget(wizard)
        wizard.show()
        w = Filler(person, wizard)
        assert w.page_name() == "page:hal_identitas_anak"  # where it was left
        assert w.find(QLineEdit, "nama:input").text() == NAME
        assert w.find(QLineEdit, "umur:input").text() == AGE
        person.click(w.button(QWizard.WizardButton.BackButton))
        assert w.find(QRadioButton, "pelapor_anonim:ya").isChecked()
        wizard.autosave_timer.stop()
        wizard.answered = False
    finally:
        vault.shutdown()
        session.lock()


def test_closing_asks_and_keeps_the_draft_which_resumes_where_it_was(
    open_wizard: OpenWizard, session: Session, vault: VaultWorker, qtbot: QtBot
) -> None:
    w = open_wizard()
    w.choose("jalur", "datang_langsung")
    w.choose("wilayah", "medan")
    w.next()
    w.choose("pelapor_anonim", "tidak")
    w.type("pelapor_nama", "Pak RT")
    qtbot.keyClick(w.wizard, Qt.Key.Key_Escape)
    w.question_box("closeQuestion")
    assert w.wizard.isVisible()  # asked, not closed
    with qtbot.waitSignal(w.wizard.draftSaved, timeout=10_000):
        w.answer_box("closeQuestion", "Tutup, simpan draf")
    assert not w.wizard.isVisible()

    [draft] = session.drafts.list()
    assert draft.page == 1
    assert draft.answers["pelapor_nama"] == "Pak RT"
    start = vault.call(lambda: drafts.start_from_draft(session, draft.draft_id, builtin_form))
    resumed = open_wizard(start)
    assert resumed.page_name() == "page:hal_pelapor"
    assert resumed.find(QLineEdit, "pelapor_nama:input").text() == "Pak RT"


def test_autosave_runs_on_its_timer(
    open_wizard: OpenWizard, session: Session, qtbot: QtBot
) -> None:
    w = open_wizard(autosave_ms=50)
    with qtbot.waitSignal(w.wizard.draftSaved, timeout=10_000):
        w.choose("jalur", "whatsapp")
    [draft] = session.drafts.list()
    assert draft.answers["jalur"] == "whatsapp"


def test_main_window_new_case_and_resume_draft(
    session: Session, vault: VaultWorker, qtbot: QtBot, person: Person
) -> None:
    window = MainWindow(session, vault=vault)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.wizards.new_case_action.shortcut().toString() == "Ctrl+N"
    assert not window.wizards.resume_action.isEnabled()  # no drafts yet

    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = person.wait_for(lambda: window.wizards.wizard)
    assert wizard.form.form_id == "penerimaan"
    w = Filler(person, wizard)
    w.choose("jalur", "surat_email")
    with qtbot.waitSignal(
        window.wizards.draftCount, timeout=10_000, check_params_cb=lambda n: n == 1
    ):
        wizard.close_keeping_draft()
    assert window.wizards.resume_action.isEnabled()
    assert window.wizards.resume_action.iconText() == "Lanjutkan draf (1)"

    window.wizards.resume_action.trigger()
    dialog = person.wait_for(lambda: window.findChild(DraftListDialog))
    assert "Penerimaan pengaduan — Kasus baru" in (dialog.list.item(0).text())
    person.click(dialog.findChild(QPushButton, "resume"))
    resumed = person.wait_for(lambda: window.wizards.wizard)
    assert Filler(person, resumed).find(QComboBox, "jalur:input").currentData() == "surat_email"
    resumed.autosave_timer.stop()
    resumed.answered = False
    window.close()


def test_locking_with_a_wizard_open_keeps_its_draft(
    controller: Controller, filled_account: str, person: Person, qtbot: QtBot
) -> None:
    signin = controller.signin
    signin.refresh_accounts()
    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = person.wait_for(lambda: window.wizards.wizard)
    Filler(person, wizard).choose("jalur", "rujukan_masuk")

    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    person.wait(lambda: controller.session is None and signin.isVisible())
    assert not wizard.isVisible()

    person.type(signin.passphrase, PASSPHRASE)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    person.wait(lambda: window.wizards.resume_action.isEnabled())
    session = controller.session
    assert session is not None
    [draft] = session.drafts.list()
    assert draft.answers["jalur"] == "rujukan_masuk"

"""End to end, as two workers share one laptop (issue #4).

Ani signs in, records a complaint through the intake wizard, refers the
child to a Puskesmas — blocked until consent for that recipient is recorded —
and saves the referral letter as a PDF; she locks. Budi signs in on the same
laptop and cannot see her case, by list or by search. Left idle, the app
locks itself and no case data stays in any widget. Finally every file the
app wrote, and everything it logged, is searched for the canaries.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot
from tests.e2e.test_leak import find_leaks
from tests.ui.test_ui_idlelock import _visible_texts
from tests.ui.uikit import Person
from tests.ui.wizard.wizardkit import Filler

from fieldcase.core.roles import Role
from fieldcase.referrals.directory import load_directory
from fieldcase.referrals.records import referrals
from fieldcase.ui.casefile import CaseFileWindow
from fieldcase.ui.caselist import case_code
from fieldcase.ui.controller import Controller
from fieldcase.ui.mainwindow import MainWindow
from fieldcase.ui.referrals.dialogs import ConsentDialog, ReferralDialog
from fieldcase.vault.accounts import AccountStore

NAME = "Melati Kanarisari"
NARRATIVE_LINE = "Kanari-narasi dijemput di terminal Mandalika"
ANI = ("Ani Pendamping", "kopi pagi di Lombok 7")
BUDI = ("Budi Pendamping", "teh sore di Mataram 8")
PUSKESMAS = load_directory().find("lombok", "puskesmas")[0]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temp files of the app go here, so they can be searched afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder
    tempfile.tempdir = None


def sign_in(
    controller: Controller, person: Person, qtbot: QtBot, account_id: str, secret: str
) -> MainWindow:
    signin = controller.signin
    signin.refresh_accounts()
    signin.select_account(account_id)
    person.type(signin.passphrase, secret)
    person.press_enter(signin.passphrase)
    window = person.wait_for(lambda: controller.main_window)
    window.resize(1366, 720)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def record_intake(window: MainWindow, person: Person, qtbot: QtBot) -> str:
    """The intake wizard, page by page, from Ctrl+N to Save; returns the new case id."""
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = person.wait_for(lambda: window.wizards.wizard)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    w = Filler(person, wizard)
    w.choose("jalur", "telepon_hotline")
    w.choose("wilayah", "lombok")
    w.next()
    w.choose("pelapor_anonim", "ya")
    w.next()
    w.type("nama", NAME)
    w.type("umur", "13")
    w.choose("jenis_kelamin", "perempuan")
    w.choose("disabilitas", "tidak")
    w.next()
    w.choose("jenis_kasus", "kta")
    w.tick("jenis_kekerasan", "seksual")
    w.tick("bentuk_esa", "eksploitasi_prostitusi")
    w.next()
    w.type("kronologi", NARRATIVE_LINE)
    w.next()
    w.tick("hubungan_pelaku", "pacar_teman")
    w.choose("pelaku_anak", "tidak")
    w.next()
    w.tick("faktor_risiko", "kontak_daring_berlanjut")
    w.next()
    w.next()
    w.choose("kewenangan", "kabupaten_kota")
    w.next()
    w.choose("asentimen_anak", "diberikan")
    w.choose("persetujuan_pengasuh", "diberikan")
    w.choose("pemberi_persetujuan", "orang_tua")
    w.choose("bentuk_persetujuan", "lisan")
    w.next()
    w.next()
    assert w.page_name() == "page:review"
    finish = w.button(QWizard.WizardButton.FinishButton)
    with qtbot.waitSignal(wizard.saved, timeout=20_000) as saved:
        person.click(finish)
    person.click(finish)  # "Tutup / Close" after the save
    return str(saved.args[0])


def refer_to_puskesmas(
    case_file: CaseFileWindow, person: Person, qtbot: QtBot, letter: Path
) -> None:
    """Blocked without consent; consent recorded for this recipient; referred; letter saved."""
    case_file.choose_target = lambda _parent, _name: letter
    person.click(case_file.new_referral_button)
    dialog = person.wait_for(lambda: case_file.findChild(ReferralDialog))
    person.wait(lambda: dialog.snapshot is not None)
    dialog.select("lombok", "puskesmas", PUSKESMAS.id)
    dialog.check_purpose("pemeriksaan_forensik")
    person.click(dialog.send_button)
    person.wait(lambda: dialog.feedback.isVisible())
    assert "diblokir" in dialog.feedback.text()  # no consent for this recipient yet
    person.click(dialog.record_consent_button)
    consent = person.wait_for(lambda: dialog.findChild(ConsentDialog))
    qtbot.keyClick(consent.save_button, Qt.Key.Key_Return)
    person.wait(lambda: dialog.consent_state.text().startswith("✓"))
    person.click(dialog.send_button)
    person.wait(lambda: dialog.letter_button.isEnabled())
    person.click(dialog.letter_button)
    person.wait(letter.exists, timeout=20_000)
    dialog.close()


def test_two_workers_share_a_laptop(
    store: AccountStore,
    qtbot: QtBot,
    person: Person,
    tmp_path: Path,
    private_tmp: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    ani = store.create(ANI[0], Role.PENDAMPING, ANI[1]).info.id
    budi = store.create(BUDI[0], Role.PENDAMPING, BUDI[1]).info.id
    controller = Controller(store)
    qtbot.addWidget(controller.signin)
    controller.start()
    letter = tmp_path / "surat-rujukan.pdf"
    try:
        # Ani: a new case through the wizard, then a referral with consent and its letter.
        window = sign_in(controller, person, qtbot, ani, ANI[1])
        case_id = record_intake(window, person, qtbot)
        person.wait(lambda: window.model.rowCount() == 1)
        window.table.setFocus()
        window.table.selectRow(0)
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
        case_file = person.wait_for(lambda: window.case_files.windows.get(case_id))
        person.wait(lambda: case_file.data is not None)
        refer_to_puskesmas(case_file, person, qtbot, letter)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(letter).pages).split())
        assert "SURAT RUJUKAN" in text and PUSKESMAS.name in text
        assert case_code(case_id) in text
        assert "Kanarisari" not in text and "Kanari-narasi" not in text  # initials, no story

        # Ani locks (Ctrl+L, from the case file she is reading): every window is gone.
        with qtbot.waitActive(case_file):
            case_file.activateWindow()
        qtbot.keyClick(case_file, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        person.wait(lambda: controller.main_window is None and controller.signin.isVisible())
        QApplication.processEvents()
        assert not [t for t in _visible_texts() if "Kanari" in t]

        # Budi, same laptop: an empty list, and searching her child's name finds nothing.
        window = sign_in(controller, person, qtbot, budi, BUDI[1])
        assert window.model.rowCount() == 0
        person.type(window.search, "Melati")
        person.press_enter(window.search)
        assert window.model.rowCount() == 0
        assert window.count_label.text() == "Tidak ada kasus yang cocok."

        # Left alone, the app locks itself and nothing of a case stays in any widget.
        controller.idle.set_timeout_ms(300)
        person.wait(lambda: controller.main_window is None, timeout=10_000)
        assert controller.signin.isVisible()
        QApplication.processEvents()
        assert not [t for t in _visible_texts() if "Melati" in t or "Kanari" in t]
    finally:
        controller.shutdown()

    # Ani's vault has the case and its referral; the canaries are nowhere else.
    with store.unlock(ani, ANI[1]) as session:
        fields = session.cases.read(case_id)
        assert fields["nama"] == NAME
        assert [r.institution_id for r in referrals(fields)] == [PUSKESMAS.id]
    secrets = [NAME, NARRATIVE_LINE]
    leaks, scanned = [], set()
    for path in tmp_path.rglob("*"):  # the data folder, the temp folder, the letter
        if path.is_file():
            scanned.add(path.name)
            leaks += [f"{path.name}: {hit}" for hit in find_leaks(path.read_bytes(), secrets)]
    assert {"vault.db", "account.json", letter.name} <= scanned
    assert leaks == []
    assert find_leaks(caplog.text.encode(), secrets) == []
    assert os.listdir(private_tmp) == []  # no temp file left behind

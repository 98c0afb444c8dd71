"""Referrals as a worker makes them, from the case file: consent, letter, status, withdrawal.

The child's name and the narrative are canaries: the narrative must reach no
widget, no PDF and no log line; the full name must not reach a health
centre's letter (initials only).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot
from tests.ui.uikit import Person

from fieldcase import i18n
from fieldcase.core.changes import JsonValue
from fieldcase.referrals.directory import load_directory, overlay_path
from fieldcase.referrals.letter import Letter
from fieldcase.referrals.records import Status, referrals
from fieldcase.ui.casefile import CaseFileWindow
from fieldcase.ui.caselist import case_code
from fieldcase.ui.referrals.dialogs import ConsentDialog, ReferralDialog, StatusDialog
from fieldcase.ui.referrals.directoryeditor import DirectoryEditor
from fieldcase.ui.referrals.letterpdf import render_pdf
from fieldcase.vault.session import Session

NAME = "Kenanga Canarywati"
NARRATIVE = "Narasi-canary dijemput di pelabuhan Lembar"
NOW = datetime(2025, 3, 3, 3, 0, tzinfo=UTC)
CASE: dict[str, JsonValue] = {
    "nama": NAME,
    "umur": 13,
    "jenis_kelamin": "perempuan",
    "jenis_kekerasan": ["seksual"],
    "bentuk_esa": ["eksploitasi_prostitusi"],
    "tanggal_kejadian": "2025-03-02",
    "kronologi": NARRATIVE,
    "wilayah": "Lombok",
    "tahap": "rujukan_layanan",
    "status": "aktif",
}
PUSKESMAS = load_directory().find("lombok", "puskesmas")[0]
POLICE = load_directory().find("lombok", "polisi")[0]


def all_texts() -> str:
    found = []
    for widget in QApplication.allWidgets():
        found.append(widget.windowTitle())
        text = getattr(widget, "text", None)
        if callable(text):
            with contextlib.suppress(TypeError):
                found.append(str(text()))
        if isinstance(widget, QTreeWidget):
            for i in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(i)
                found.extend(item.text(c) for c in range(item.columnCount()))
    return "\n".join(found)


def rows(tree: QTreeWidget) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def select_row(tree: QTreeWidget, index: int) -> None:
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == index:
            tree.setCurrentItem(item)
            return
    raise AssertionError(f"no row #{index}")


@pytest.fixture
def case_id(session: Session) -> str:
    return session.cases.create_case(CASE)


@pytest.fixture
def case_file(
    session: Session, case_id: str, qtbot: QtBot, person: Person, tmp_path: Path
) -> CaseFileWindow:
    window = CaseFileWindow(session, case_id, now=NOW, data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    person.wait(lambda: window.data is not None)
    return window


@pytest.fixture
def person(qtbot: QtBot) -> Person:
    return Person(qtbot)


def new_referral(case_file: CaseFileWindow, person: Person) -> ReferralDialog:
    person.click(case_file.new_referral_button)
    dialog = person.wait_for(
        lambda: next((d for d in case_file._dialogs if isinstance(d, ReferralDialog)), None)
    )
    person.wait(lambda: dialog.snapshot is not None)
    return dialog


def test_refer_to_a_puskesmas_consent_letter_and_withdrawal(
    case_file: CaseFileWindow,
    session: Session,
    case_id: str,
    person: Person,
    qtbot: QtBot,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    target = tmp_path / "surat.pdf"
    case_file.choose_target = lambda _parent, _name: target

    dialog = new_referral(case_file, person)
    assert dialog.region.currentData() == "lombok"  # the case's region, preselected
    dialog.select("lombok", "puskesmas", PUSKESMAS.id)
    assert dialog.stream.currentData() == "kesehatan"
    assert dialog.placeholder_note.isVisible()  # shipped contacts are placeholders
    assert dialog.consent_state.text().startswith("✗")
    dialog.check_purpose("pemeriksaan_forensik")
    dialog.check_purpose("pep")

    # 1. Blocked without consent: nothing is written.
    person.click(dialog.send_button)
    person.wait(lambda: dialog.feedback.isVisible())
    assert "diblokir" in dialog.feedback.text()
    assert referrals(session.cases.read(case_id)) == []

    # 2. Record consent for this recipient, inline.
    person.click(dialog.record_consent_button)
    consent = person.wait_for(lambda: dialog.findChild(ConsentDialog))
    assert "12–14" in consent.rule.text()
    qtbot.keyClick(consent.save_button, Qt.Key.Key_Return)
    person.wait(lambda: dialog.consent_state.text().startswith("✓"))

    # 3. Refer, then make the letter.
    person.click(dialog.send_button)
    person.wait(lambda: dialog.letter_button.isEnabled())
    assert dialog.letter_button.isDefault()
    person.click(dialog.letter_button)
    person.wait(lambda: target.exists())
    person.wait(lambda: "tersimpan" in dialog.feedback.text())

    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    flat = " ".join(text.split())
    assert PUSKESMAS.name in flat
    assert "SURAT RUJUKAN" in flat
    assert case_code(case_id) in flat
    assert "Pemeriksaan forensik" in flat and "PEP" in flat
    assert "K. C." in flat  # initials only for a health centre
    assert "Canarywati" not in flat
    assert "Narasi-canary" not in flat and "pelabuhan" not in flat
    exports = session.audit.entries(case_id=case_id, action="export")
    assert len(exports) == 1
    assert exports[0].detail["kind"] == "surat_rujukan"
    assert exports[0].detail["jenis_lembaga"] == "puskesmas"
    dialog.close()

    # The case file shows the stream, the referral and the consent.
    person.wait(lambda: case_file.referrals.topLevelItemCount() == 1 and bool(
        case_file.data and case_file.data.referral_rows))  # fmt: skip
    streams = dict((r[0], r[1]) for r in rows(case_file.streams))
    assert streams["Kesehatan"].startswith("▶ dikirim")
    assert streams["Hukum / polisi"].startswith("○")
    assert rows(case_file.referrals)[0][2] == "Dikirim"
    assert rows(case_file.consents)[0][4].startswith("✓")

    # 4. Withdraw consent: a new referral to that recipient is blocked.
    select_row(case_file.consents, 1)
    case_file.confirm = lambda _title, _question: True
    person.click(case_file.withdraw_button)
    person.wait(lambda: rows(case_file.consents)[0][4].startswith("✗"))
    dialog = new_referral(case_file, person)
    dialog.select("lombok", "puskesmas", PUSKESMAS.id)
    dialog.check_purpose("pep")
    assert "ditarik" in dialog.consent_state.text()
    person.click(dialog.send_button)
    person.wait(lambda: "ditarik" in dialog.feedback.text())
    assert len(referrals(session.cases.read(case_id))) == 1
    # ...and so is a new letter for the earlier referral.
    dialog.close()
    select_row(case_file.referrals, 1)
    case_file.make_letter()
    person.wait(lambda: "ditarik" in case_file.feedback.text())

    # The narrative reached no widget and no log line.
    assert NARRATIVE not in all_texts()
    assert NAME not in all_texts()
    assert "canary" not in caplog.text.lower()


def test_mandatory_notification_to_the_police_needs_no_consent(
    case_file: CaseFileWindow, session: Session, case_id: str, person: Person, tmp_path: Path
) -> None:
    dialog = new_referral(case_file, person)
    dialog.select("lombok", "polisi", POLICE.id)
    assert dialog.stream.currentData() == "hukum"
    dialog.check_purpose("laporan_polisi")
    person.click(dialog.send_button)
    person.wait(lambda: "diblokir" in dialog.feedback.text())

    dialog.mandatory.setChecked(True)
    assert not dialog.record_consent_button.isEnabled()
    assert "Pemberitahuan wajib" in dialog.consent_state.text()
    dialog.legal_basis.setCurrentIndex(dialog.legal_basis.findData("tpks_pasal_41"))
    person.click(dialog.send_button)
    person.wait(lambda: dialog.letter_button.isEnabled())
    found = referrals(session.cases.read(case_id))
    assert [(r.mandatory, r.legal_basis) for r in found] == [(True, "tpks_pasal_41")]
    # Mediation is never offered for an ESA case.
    assert all(
        dialog.purposes.item(i).data(Qt.ItemDataRole.UserRole) != "mediasi"
        for i in range(dialog.purposes.count())
    )

    target = tmp_path / "polisi.pdf"
    dialog._choose_target = lambda _parent, _name: target
    person.click(dialog.letter_button)
    person.wait(lambda: target.exists())
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert NAME in flat  # the police report must name the child
    assert "UU TPKS Pasal 41" in flat
    assert "pelabuhan" not in flat


def test_status_moves_and_a_decline_needs_a_reason(
    case_file: CaseFileWindow, session: Session, case_id: str, person: Person
) -> None:
    dialog = new_referral(case_file, person)
    dialog.select("lombok", "polisi", POLICE.id)
    dialog.check_purpose("laporan_polisi")
    dialog.mandatory.setChecked(True)
    person.click(dialog.send_button)
    person.wait(lambda: dialog.letter_button.isEnabled())
    dialog.close()
    person.wait(lambda: bool(case_file.data and case_file.data.referral_rows))

    select_row(case_file.referrals, 1)
    person.click(case_file.status_button)
    status = person.wait_for(lambda: case_file.findChild(StatusDialog))
    status.choose(Status.DECLINED)
    assert status.reason.isEnabled()
    person.click(status.save_button)
    person.wait(lambda: "alasan" in status.feedback.text())
    person.type(status.reason, "Penyidik perempuan sedang cuti")
    person.click(status.save_button)
    person.wait(
        lambda: bool(rows(case_file.referrals)) and rows(case_file.referrals)[0][2] == "Ditolak"
    )
    assert "Hukum / polisi" in dict((r[0], r[1]) for r in rows(case_file.streams))
    assert rows(case_file.streams)[0][1].startswith("⚠")

    # Declined is final: the status dialog offers nothing more.
    select_row(case_file.referrals, 1)
    person.click(case_file.status_button)
    final = person.wait_for(
        lambda: next((d for d in case_file._dialogs if isinstance(d, StatusDialog)), None)
    )
    assert not final.save_button.isEnabled()
    assert not case_file.letter_button.isEnabled()


def test_admin_edits_the_directory_overlay(qtbot: QtBot, person: Person, tmp_path: Path) -> None:
    editor = DirectoryEditor(tmp_path)
    qtbot.addWidget(editor)
    editor.show()
    editor.region.setCurrentIndex(editor.region.findData("lombok"))
    editor.list.setCurrentRow(
        next(
            i for i in range(editor.list.count())
            if editor.list.item(i).data(Qt.ItemDataRole.UserRole) == PUSKESMAS.id
        )
    )  # fmt: skip
    editor.phone.setText("0370-000111")
    editor.placeholder.setChecked(False)
    person.click(editor.save_button)
    assert editor.feedback.text() == "Tersimpan."
    assert load_directory(tmp_path).get(PUSKESMAS.id).phone == "0370-000111"  # type: ignore[union-attr]

    editor.name.clear()
    person.click(editor.save_button)
    assert "nama lembaga kosong" in editor.feedback.text()

    person.click(editor.new_button)
    person.type(editor.name, "LSM Anak Lombok")
    person.click(editor.save_button)
    added = [
        i for i in load_directory(tmp_path).find("lombok") if i.name.endswith("LSM Anak Lombok")
    ]
    assert len(added) == 1 and overlay_path(tmp_path).exists()
    person.click(editor.remove_button)
    assert not [
        i for i in load_directory(tmp_path).find("lombok") if i.name.endswith("LSM Anak Lombok")
    ]


def test_codes_survive_copying_from_the_pdf(qtbot: QtBot) -> None:
    """No "ff" ligature: a code read from the PDF is the code in the app."""
    letter = Letter(
        number="001/RUJ/ff00ffa1/03/2025", place_date="Lombok, 3 Maret 2025",
        recipient=("Puskesmas",), subject="Rujukan", case_code="ff00ffa1",
        service="Kesehatan", purposes=("PEP",), needs="", child=(), basis="Persetujuan",
        sender_org="UPTD PPA", sender_name="Ani", disclosed=(),
    )  # fmt: skip
    pdf, pages = render_pdf(letter)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 1
    assert "ff00ffa1" in text
    assert pdf.startswith(b"%PDF")


def _mnemonics(widget: QWidget) -> list[str]:
    found = []
    for child in widget.findChildren(QWidget):
        text = child.text() if isinstance(child, QLabel | QAbstractButton) else ""
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match and child.window() is widget and child.isVisibleTo(widget):
            found.append(match.group(1).lower())
    return found


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_dialog_has_distinct_mnemonics_and_a_sensible_tab_order(
    case_file: CaseFileWindow, person: Person, qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    previous = i18n.current()
    i18n.set_language(language)
    try:
        dialog = new_referral(case_file, person)
        dialog.select("lombok", "puskesmas", PUSKESMAS.id)
        consent = dialog.open_consent()
        assert consent is not None
        editor = DirectoryEditor(tmp_path)
        qtbot.addWidget(editor)
        found = referrals_fixture_status(case_file, person)
        for window in (dialog, consent, editor, found):
            keys = _mnemonics(window)
            assert len(keys) == len(set(keys)), (window.objectName(), sorted(keys))
        # Tab walks the form top to bottom, then the buttons.
        chain = []
        widget = dialog.region
        for _ in range(40):
            chain.append(widget.objectName())
            widget = widget.nextInFocusChain()
        wanted = ["region", "institutionType", "institution", "stream", "purposes", "needs",
                  "sentOn", "recordConsent", "mandatory", "sendReferral"]  # fmt: skip
        positions = [chain.index(name) for name in wanted]
        assert positions == sorted(positions), chain
        qtbot.keyClick(consent, Qt.Key.Key_Escape)
        assert not consent.isVisible()
    finally:
        i18n.set_language(previous)


def referrals_fixture_status(case_file: CaseFileWindow, person: Person) -> StatusDialog:
    """A status dialog over a referral made as a mandatory notification."""
    dialog = new_referral(case_file, person)
    dialog.select("lombok", "polisi", POLICE.id)
    dialog.check_purpose("laporan_polisi")
    dialog.mandatory.setChecked(True)
    person.click(dialog.send_button)
    person.wait(lambda: dialog.letter_button.isEnabled())
    person.wait(lambda: bool(case_file.data and case_file.data.referral_rows))
    select_row(case_file.referrals, case_file.data.referral_rows[0].index)  # type: ignore[union-attr]
    status = case_file.open_status()
    assert status is not None
    return status


def test_locking_closes_the_referral_dialogs(case_file: CaseFileWindow, person: Person) -> None:
    dialog = new_referral(case_file, person)
    dialog.select("lombok", "puskesmas", PUSKESMAS.id)
    consent = dialog.open_consent()
    assert consent is not None and consent.isVisible()
    case_file.clear()  # what the main window does on lock
    assert not dialog.isVisible() and not consent.isVisible()
    assert case_file.referrals.topLevelItemCount() == 0
    assert not case_file.new_referral_button.isEnabled()

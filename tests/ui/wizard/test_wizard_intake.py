"""A new worker's first intake, start to "Tersimpan", as a person at the keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QRadioButton, QTextBrowser, QWizard
from tests.ui.uikit import Person
from tests.ui.wizard.conftest import OpenWizard
from tests.ui.wizard.wizardkit import ANSWERED, CALCULATED, KRONOLOGI, OPENING

from fieldcase.vault.session import Session


def test_first_intake_from_empty_form_to_saved_case(
    open_wizard: OpenWizard, session: Session, person: Person
) -> None:
    w = open_wizard()
    wizard = w.wizard
    next_button = w.button(QWizard.WizardButton.NextButton)

    # 1. Complaint: when (filled in: now, in WIB), how, where; the worker is filled in.
    assert w.page_name() == "page:hal_pengaduan"
    assert w.find(QLineEdit, "waktu_pengaduan:date").text() == "01/03/2025"
    assert w.find(QLineEdit, "waktu_pengaduan:time").text() == "09:30"
    assert w.find(QLabel, "waktu_pengaduan:zone").text() == "WIB"
    assert w.find(QLineEdit, "petugas:input").text() == "Ani Pendamping"
    assert not next_button.isEnabled()
    assert "Jalur pengaduan" in w.find(QLabel, "hal_pengaduan:footer").text()
    w.choose("jalur", "telepon_hotline")
    w.choose("wilayah", "lombok")
    w.next()

    # 2. Reporter: saying "not anonymous" brings up the reporter's name.
    assert not w.shown("pelapor_nama")
    w.choose("pelapor_anonim", "tidak")
    assert w.shown("pelapor_nama")
    w.type("pelapor_nama", "Bu Guru")
    w.next()

    # 3. The child: an age of 19 is refused inline and blocks Next; 14 is fine.
    w.type("nama", "Sari")
    w.type("umur", "19")
    assert w.message("umur").startswith("Umur anak harus 0 sampai 17 tahun.")
    assert not next_button.isEnabled()
    w.clear("umur")
    w.type("umur", "14")
    assert w.message("umur") == ""
    w.choose("jenis_kelamin", "perempuan")
    assert not w.shown("jenis_disabilitas")
    w.choose("disabilitas", "ya")
    assert w.shown("jenis_disabilitas")
    assert not next_button.isEnabled()  # the type of disability is now required
    w.tick("jenis_disabilitas", "fisik")
    w.next()

    # 4. Type of case: sexual violence brings up the forms of sexual exploitation.
    w.choose("jenis_kasus", "kta")
    assert not w.shown("bentuk_esa")
    w.tick("jenis_kekerasan", "seksual")
    assert w.shown("bentuk_esa")
    w.tick("bentuk_esa", "grooming_daring")
    w.next()

    # 5. What happened: a chronology on two lines.
    first, second = KRONOLOGI.split("\n")
    w.type("kronologi", first, leave=False)
    w.person.press_enter(w.find(QLabel, "kronologi:label").buddy())  # a new line, not Next
    w.type("kronologi", second)
    assert w.page_name() == "page:hal_kejadian"
    w.next()

    # 6. Perpetrators: two rows of the repeat.
    w.tick("hubungan_pelaku", "pacar_teman")
    w.choose("pelaku_anak", "tidak")
    w.click("pelaku:add")
    w.type("pelaku[1].alias_pelaku", "Om X")
    w.type("pelaku[1].umur_pelaku", "35")
    w.click("pelaku:add")
    assert not next_button.isEnabled()  # row 2 needs a name or alias
    w.type("pelaku[2].alias_pelaku", "Kakak Y")
    w.next()

    # 7-8. Risk: the checklist suggests "tinggi", and the level is filled in with it.
    w.tick("faktor_risiko", "kontak_daring_berlanjut")
    w.next()
    assert w.find(QRadioButton, "tingkat_risiko:tinggi").isChecked()
    assert "tinggi" in w.find(QLabel, "catatan_saran_risiko:note").text()
    w.next()

    # 9-11. Jurisdiction; consent for a 14-year-old (assent + caregiver); no notes.
    w.choose("kewenangan", "kabupaten_kota")
    w.next()
    assert not w.shown("anak_cukup_matang")
    w.choose("asentimen_anak", "diberikan")
    assert not w.shown("pemberi_persetujuan")
    w.choose("persetujuan_pengasuh", "diberikan")
    w.choose("pemberi_persetujuan", "orang_tua")
    w.choose("bentuk_persetujuan", "lisan")
    w.next()
    w.next()

    # Review: every answer with its label, choice labels and dd/mm/yyyy; both perpetrators.
    assert w.page_name() == "page:review"
    review = w.find(QTextBrowser, "reviewList").toPlainText()
    for expected in (
        "Waktu pengaduan diterima",
        "01/03/2025 09:30 WIB",
        "Telepon / hotline (SAPA 129)",
        "Lombok",
        "Pelaku 1",
        "Om X",
        "35",
        "Pelaku 2",
        "Kakak Y",
        "Bujuk rayu daring (grooming)",
        "Disabilitas fisik",
    ):
        assert expected in review, expected
    assert "Nama pelapor" in review and "Kontak pelapor" not in review  # unanswered: not listed

    finish = w.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "Simpan"
    status = w.find(QLabel, "saveStatus")
    with w.person.qtbot.waitSignal(wizard.saved, timeout=10_000) as saved:
        w.person.click(finish)
        assert status.text() == "Menyimpan…"  # not "saved" before the commit returns
    case_id = saved.args[0]
    assert status.text().startswith("Tersimpan. Kode kasus: " + case_id[-8:])
    assert finish.text() == "Tutup"

    assert session.cases.read(case_id) == {**ANSWERED, **CALCULATED, **OPENING}
    assert session.drafts.list() == []  # the draft went in the same transaction
    w.person.click(finish)
    assert not wizard.isVisible()


def test_enter_is_next_only_when_the_page_is_complete(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    jalur = w.find(QLabel, "jalur:message")
    petugas = w.find(QLineEdit, "petugas:input")
    w.person.press_enter(petugas)
    assert w.page_name() == "page:hal_pengaduan"
    assert jalur.isVisible() and jalur.text() == "Pilih salah satu jawaban untuk melanjutkan."
    w.choose("jalur", "whatsapp")
    w.choose("wilayah", "bali")
    w.person.press_enter(petugas)
    assert w.page_name() == "page:hal_pelapor"

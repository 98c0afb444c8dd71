"""Bahasa Indonesia by default; English at the press of a button, relabelling everything."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QRadioButton, QWizard
from tests.ui.wizard.conftest import OpenWizard


def test_switching_to_english_relabels_the_page(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    wizard = w.wizard
    page = wizard.currentPage()
    label = w.find(QLabel, "waktu_pengaduan:label")
    hint = w.find(QLabel, "jalur:hint")
    footer = w.find(QLabel, "hal_pengaduan:footer")
    combo = w.find(QComboBox, "jalur:input")
    w.person.press_enter(w.find(QLineEdit, "petugas:input"))  # shows what is missing
    assert "Waktu pengaduan diterima" in label.text()
    assert page.title() == "Pengaduan"
    assert w.message("jalur") == "Pilih salah satu jawaban untuk melanjutkan."
    language = w.button(QWizard.WizardButton.CustomButton1)
    assert language.text() == "English"

    w.person.click(language)

    assert "When the complaint was received" in label.text()
    assert label.text().endswith("*</span>")  # still marked required
    assert hint.text() == "Choose how the complaint reached the service."
    assert page.title() == "Complaint"
    assert page.subTitle() == "Record when and how the complaint came in."
    assert combo.itemText(0) == "— choose —"
    assert combo.itemText(combo.findData("telepon_hotline")) == "Phone / hotline (SAPA 129)"
    assert w.message("jalur") == "Choose one answer to continue."
    assert footer.text() == (
        "To continue, fill in or correct: How the complaint came in, Service region"
    )
    assert w.button(QWizard.WizardButton.NextButton).text() == "Next >"
    assert language.text() == "Bahasa Indonesia"
    assert "Complaint intake" in wizard.windowTitle()

    w.choose("jalur", "whatsapp")  # answers survive the switch, and go on in English
    w.choose("wilayah", "solo")
    w.next()
    assert w.find(QRadioButton, "pelapor_anonim:ya").text() == "Yes"
    assert wizard.currentPage().title() == "Reporter"

    wizard.set_language("id")
    assert wizard.currentPage().title() == "Pelapor"
    assert w.find(QRadioButton, "pelapor_anonim:ya").text() == "Ya"

"""The intake wizard from the keyboard alone, and at 125 % on a 1366×768 screen.

On every page, Tab must reach every visible control (a radio group through
any of its buttons: arrows move inside it), Shift+Tab must go round too, and
at the logical size of a 1366×768 screen at 125 % every visible button must
sit inside the window at its full width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from tests.ui.keyboard import SCREEN_125, TASKBAR_125, clipped_buttons, tab_walk, unreached
from tests.ui.wizard.conftest import OpenWizard
from tests.ui.wizard.wizardkit import Filler


def _check_page(w: Filler) -> None:
    wizard = w.wizard
    name = w.page_name()
    walked = tab_walk(wizard)
    assert unreached(wizard, walked) == [], name
    assert len(tab_walk(wizard, back=True)) == len(walked), name  # Shift+Tab goes round too
    assert clipped_buttons(wizard) == [], name


def test_every_page_works_from_the_keyboard_at_125_percent(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    wizard = w.wizard
    wizard.resize(SCREEN_125.width(), SCREEN_125.height() - TASKBAR_125)
    hint = wizard.minimumSizeHint()
    assert hint.width() <= SCREEN_125.width()
    assert hint.height() <= SCREEN_125.height() - TASKBAR_125

    steps = [
        lambda: (w.choose("jalur", "telepon_hotline"), w.choose("wilayah", "lombok")),
        lambda: (w.choose("pelapor_anonim", "tidak"), w.type("pelapor_nama", "Bu Guru")),
        lambda: (
            w.type("nama", "Sari"),
            w.type("umur", "14"),
            w.choose("jenis_kelamin", "perempuan"),
            w.choose("disabilitas", "tidak"),
        ),
        lambda: (
            w.choose("jenis_kasus", "kta"),
            w.tick("jenis_kekerasan", "seksual"),
            w.tick("bentuk_esa", "grooming_daring"),
        ),
        lambda: w.type("kronologi", "Anak dihubungi lewat aplikasi pesan."),
        lambda: (
            w.tick("hubungan_pelaku", "pacar_teman"),
            w.choose("pelaku_anak", "tidak"),
            w.click("pelaku:add"),
            w.type("pelaku[1].alias_pelaku", "Om X"),
        ),
        lambda: w.tick("faktor_risiko", "kontak_daring_berlanjut"),
        lambda: None,
        lambda: w.choose("kewenangan", "kabupaten_kota"),
        lambda: (
            w.choose("asentimen_anak", "diberikan"),
            w.choose("persetujuan_pengasuh", "diberikan"),
            w.choose("pemberi_persetujuan", "orang_tua"),
            w.choose("bentuk_persetujuan", "lisan"),
        ),
        lambda: None,
    ]
    for fill in steps:
        fill()
        _check_page(w)
        w.next()
    assert w.page_name() == "page:review"
    _check_page(w)
    finish = w.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled() and finish.isDefault()  # Enter saves on the review


def test_escape_asks_before_closing_and_enter_goes_on(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    w.choose("jalur", "whatsapp")
    w.choose("wilayah", "bali")
    focus = QApplication.focusWidget() or w.wizard
    w.person.qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert w.page_name() == "page:hal_pelapor"
    w.person.qtbot.keyClick(QApplication.focusWidget() or w.wizard, Qt.Key.Key_Escape)
    box = w.question_box("closeQuestion")
    assert box.isVisible()


def test_the_wizard_opens_no_larger_than_the_screen(open_wizard: OpenWizard) -> None:
    wizard = open_wizard().wizard
    screen = wizard.screen().availableGeometry()
    assert wizard.width() <= screen.width()
    assert wizard.height() <= screen.height()


def test_alt_arrows_go_back_and_on_only_when_a_person_could(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    wizard = w.wizard
    bot = w.person.qtbot
    bot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.page_name() == "page:hal_pengaduan"  # incomplete: Next is disabled
    w.choose("jalur", "whatsapp")
    w.choose("wilayah", "bali")
    bot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.page_name() == "page:hal_pelapor"
    assert "Alt+←" in w.button(QWizard.WizardButton.BackButton).toolTip()
    bot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.page_name() == "page:hal_pengaduan"
    bot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # no Back on page 1
    assert w.page_name() == "page:hal_pengaduan"

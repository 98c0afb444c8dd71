"""Widget behaviour a person relies on: Tab order, required marks, repeat rows, any form."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot
from tests.ui.wizard.conftest import OpenWizard
from tests.ui.wizard.forms import small_form
from tests.ui.wizard.wizardkit import NOW

from fieldcase.ui.wizard import drafts
from fieldcase.vault.session import Session


def test_everything_on_a_page_is_reachable_by_tab(open_wizard: OpenWizard, qtbot: QtBot) -> None:
    w = open_wizard()
    start = w.find(QLineEdit, "waktu_pengaduan:date")
    start.setFocus()
    reached: list[str] = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.append(focused.objectName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    for name in (
        "waktu_pengaduan:date",
        "waktu_pengaduan:calendar",
        "waktu_pengaduan:time",
        "jalur:input",
        "wilayah:input",
        "petugas:input",
    ):
        assert name in reached, (name, reached)
    assert reached.index("jalur:input") < reached.index("wilayah:input")


def test_required_fields_are_marked_for_eyes_and_screen_readers(open_wizard: OpenWizard) -> None:
    w = open_wizard()
    combo = w.find(QComboBox, "jalur:input")
    assert combo.accessibleName() == "Jalur pengaduan, wajib diisi"
    assert combo.accessibleDescription() == "Pilih cara pengaduan sampai ke layanan."
    w.wizard.set_language("en")
    assert combo.accessibleName() == "How the complaint came in, required"


def test_removing_a_filled_row_asks_then_renumbers(
    open_wizard: OpenWizard, session: Session, qtbot: QtBot
) -> None:
    w = open_wizard(drafts.start_new(small_form(), session, now=NOW))
    w.type("umur", "7")
    w.next()
    assert w.find(QWidget, "anak:empty").isVisible()  # "no rows yet" says what to do
    w.click("anak:add")
    w.type("anak[1].nama_anak", "Ayu")
    w.click("anak:add")
    w.type("anak[2].nama_anak", "Budi")
    assert w.find(QPushButton, "anak[2]:remove").text() == "Hapus Anak 2"
    w.click("anak[1]:remove")
    w.answer_box("removeRowQuestion", "Hapus")
    w.person.wait(lambda: w.wizard.engine.rows["anak"] == 1)
    assert w.find(QLineEdit, "anak[1].nama_anak:input").text() == "Budi"
    assert w.wizard.engine.stored_fields()["anak[1].nama_anak"] == "Budi"
    w.click("anak[1]:remove")  # asks again: it has an answer
    w.answer_box("removeRowQuestion", "Jangan hapus")
    assert w.wizard.engine.rows["anak"] == 1


def test_the_review_edit_link_goes_back_to_that_page(
    open_wizard: OpenWizard, session: Session
) -> None:
    w = open_wizard(drafts.start_new(small_form(), session, now=NOW))
    w.type("umur", "7")
    w.next()
    w.next()
    assert w.page_name() == "page:review"
    review = w.find(QTextBrowser, "reviewList")
    assert '<a href="page:0"' in review.toHtml()
    review.anchorClicked.emit(QUrl("page:0"))  # what clicking "Ubah" (or Enter on it) sends
    assert w.page_name() == "page:hal_a"
    assert w.find(QLineEdit, "umur:input").text() == "7"

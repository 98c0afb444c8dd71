"""A person filling in a wizard: finds fields by their path, types, ticks, picks, goes on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizard,
)
from tests.ui.uikit import Person

from fieldcase.core.changes import JsonValue
from fieldcase.ui.wizard.wizard import FormWizard

WIB = timezone(timedelta(hours=7))
#: The wizard's clock in these tests: 1 March 2025, 09:30 in Jakarta.
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=WIB)

W = TypeVar("W", bound=QWidget)

KRONOLOGI = "Anak dihubungi lewat aplikasi pesan,\nlalu diajak bertemu."

#: What the worker answers (exactly what the case must hold)...
ANSWERED: dict[str, JsonValue] = {
    "waktu_pengaduan": "2025-03-01T02:30:00Z",  # the default: now, 09:30 WIB, stored in UTC
    "jalur": "telepon_hotline",
    "wilayah": "lombok",
    "petugas": "Ani Pendamping",  # the default: the signed-in account's name
    "pelapor_anonim": "tidak",
    "pelapor_nama": "Bu Guru",
    "nama": "Sari",
    "umur": 14,
    "jenis_kelamin": "perempuan",
    "disabilitas": "ya",
    "jenis_disabilitas": ["fisik"],
    "jenis_kasus": "kta",
    "jenis_kekerasan": ["seksual"],
    "bentuk_esa": ["grooming_daring"],
    "kronologi": KRONOLOGI,
    "hubungan_pelaku": ["pacar_teman"],
    "pelaku_anak": "tidak",
    "pelaku[1].alias_pelaku": "Om X",
    "pelaku[1].umur_pelaku": 35,
    "pelaku[2].alias_pelaku": "Kakak Y",
    "faktor_risiko": ["kontak_daring_berlanjut"],
    "tingkat_risiko": "tinggi",  # the default: the checklist's suggestion
    "kewenangan": "kabupaten_kota",
    "asentimen_anak": "diberikan",
    "persetujuan_pengasuh": "diberikan",
    "pemberi_persetujuan": "orang_tua",
    "bentuk_persetujuan": "lisan",
}
#: ...plus the form's calculates that have a value. Not stored: nama_pengguna (a context
#: field) and umur_dari_tanggal_lahir (empty without a date of birth).
CALCULATED: dict[str, JsonValue] = {
    "kelompok_umur_persetujuan": "12_14",
    "tingkat_risiko_saran": "tinggi",
}
#: ...plus what every new case opens with: its stage (from the procedure) and status.
OPENING: dict[str, JsonValue] = {"tahap": "penerimaan_pengaduan", "status": "aktif"}


class Filler:
    """What a worker does in a wizard, each step through the keyboard or the mouse."""

    def __init__(self, person: Person, wizard: FormWizard) -> None:
        self.person = person
        self.wizard = wizard

    def find(self, kind: type[W], name: str) -> W:
        """The widget called ``name`` on the current page (a shown one before a stale one:
        rebuilt rows and option lists are deleted later, on the next event)."""
        page = self.wizard.currentPage()
        found = page.findChildren(kind, name) if page is not None else []
        assert found, f"no {kind.__name__} {name!r} on this page"
        return next((w for w in found if w.isVisible()), found[0])

    def shown(self, path: str) -> bool:
        return self.find(QWidget, f"{path}:field").isVisible()

    def message(self, path: str) -> str:
        label = self.find(QLabel, f"{path}:message")
        return label.text() if label.isVisible() else ""

    def type(self, path: str, text: str, leave: bool = True) -> None:
        """Type into a text or number field, then Tab out of it."""
        page = self.wizard.currentPage()
        assert page is not None
        target: QWidget
        if page.findChildren(QLineEdit, f"{path}:input"):
            target = self.find(QLineEdit, f"{path}:input")
        else:
            target = self.find(QPlainTextEdit, f"{path}:input")
        assert target.isVisible(), f"{path} is not visible"
        self.person.type(target, text)
        if leave:
            self.person.qtbot.keyClick(target, Qt.Key.Key_Tab)

    def clear(self, path: str) -> None:
        line = self.find(QLineEdit, f"{path}:input")
        line.setFocus()
        line.selectAll()
        self.person.qtbot.keyClick(line, Qt.Key.Key_Backspace)

    def choose(self, path: str, choice: str) -> None:
        """Pick an option: click its radio button, or walk the list with the arrow keys."""
        page = self.wizard.currentPage()
        assert page is not None
        if page.findChildren(QRadioButton, f"{path}:{choice}"):
            self.person.click(self.find(QRadioButton, f"{path}:{choice}"))
            return
        combo = self.find(QComboBox, f"{path}:input")
        assert combo.isVisible() and combo.isEnabled()
        wanted = combo.findData(choice)
        assert wanted >= 0, f"{choice!r} is not offered for {path}"
        combo.setFocus()
        key = Qt.Key.Key_Down if wanted > combo.currentIndex() else Qt.Key.Key_Up
        while combo.currentIndex() != wanted:
            self.person.qtbot.keyClick(combo, key)

    def tick(self, path: str, *choices: str) -> None:
        for choice in choices:
            self.person.click(self.find(QCheckBox, f"{path}:{choice}"))

    def click(self, name: str) -> None:
        self.person.click(self.find(QPushButton, name))

    def button(self, which: QWizard.WizardButton) -> QAbstractButton:
        button = self.wizard.button(which)
        assert button is not None
        return button

    def next(self) -> None:
        """Press Next (it must be enabled: the page is complete)."""
        before = self.wizard.currentId()
        self.person.click(self.button(QWizard.WizardButton.NextButton))
        assert self.wizard.currentId() != before

    def question_box(self, name: str) -> QMessageBox:
        """Wait for the wizard's question dialog ``name`` and return it."""

        def shown() -> QMessageBox | None:
            boxes = [b for b in self.wizard.findChildren(QMessageBox, name) if b.isVisible()]
            return boxes[0] if boxes else None

        return self.person.wait_for(shown)

    def answer_box(self, name: str, button: str) -> None:
        box = self.question_box(name)
        self.person.click(next(b for b in box.buttons() if b.text() == button))

    def page_name(self) -> str:
        page = self.wizard.currentPage()
        return page.objectName() if page is not None else ""

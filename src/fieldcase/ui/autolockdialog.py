"""The admin's setting for this laptop: minutes without use before the app locks.

Why admins only: on a shared laptop in a shelter the person at the keyboard
is not the one who decides how long a case may stay on screen. The value
lives in ``settings.json`` (ui/laptopsettings.py) and applies from the next
unlock; the running session picks it up at once through ``changed``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldcase.i18n import Texts
from fieldcase.ui.idlelock import idle_minutes, save_idle_minutes
from fieldcase.ui.style import set_feedback

T = Texts(
    ACTION=("Kunci otomatis…", "Auto-lock…"),
    TITLE=("Kunci otomatis laptop ini", "Auto-lock on this laptop"),
    INTRO=(
        "Aplikasi terkunci sendiri bila tidak dipakai selama waktu ini, agar kasus tidak "
        "terbuka untuk orang berikutnya. Berlaku untuk semua akun di laptop ini.",
        "The app locks itself when unused for this long, so no case stays open for the "
        "next person. Applies to every account on this laptop.",
    ),
    MINUTES=("&Menit tanpa aktivitas", "&Minutes without use"),
    SUFFIX=(" menit", " min"),
    SAVE_FAILED=(
        "Pengaturan tidak dapat disimpan (disk penuh atau folder terkunci?). Nilai lama tetap.",
        "The setting could not be saved (disk full or folder locked?). The old value stays.",
    ),
)

#: Whole minutes in the dialog; settings.json also accepts fractions (tests, demos).
MIN_DIALOG_MINUTES = 1
MAX_DIALOG_MINUTES = 120


class AutoLockDialog(QDialog):
    """One number, saved atomically; ``changed(minutes)`` after a successful save."""

    changed = Signal(float)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("autoLockDialog")
        self.setWindowTitle(T.TITLE)
        self._data_dir = data_dir
        intro = QLabel(T.INTRO)
        intro.setWordWrap(True)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("idleMinutes")
        self.minutes.setRange(MIN_DIALOG_MINUTES, MAX_DIALOG_MINUTES)
        self.minutes.setSuffix(T.SUFFIX)
        self.minutes.setValue(
            max(MIN_DIALOG_MINUTES, min(MAX_DIALOG_MINUTES, round(idle_minutes(data_dir))))
        )
        label = QLabel(T.MINUTES)
        label.setBuddy(self.minutes)
        form = QFormLayout()
        form.addRow(label, self.minutes)
        self.error = QLabel()
        self.error.setObjectName("autoLockError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        minutes = float(self.minutes.value())
        try:
            save_idle_minutes(self._data_dir, minutes)
        except OSError:
            set_feedback(self.error, T.SAVE_FAILED, "error")
            return
        self.changed.emit(minutes)
        self.accept()

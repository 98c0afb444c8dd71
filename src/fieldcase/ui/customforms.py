"""The admin dialog for an organisation's own XLSForms (one per stage).

Why a dialog and not only ``fieldcase form add``: supervisors at district
offices rarely use a terminal. The dialog lists the registered forms, adds an
``.xlsx`` for a chosen stage after the same validation as the CLI (a bad
workbook shows the sheet, row and column and nothing is written), and removes
one. Forms are laptop-level data (no case content), so no vault is involved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.core.errors import FieldcaseError
from fieldcase.forms.custom import CustomForms
from fieldcase.i18n import Texts
from fieldcase.ui.style import set_feedback

T = Texts(
    TITLE=("Formulir organisasi", "Organisation forms"),
    INTRO=(
        "Tambahkan formulir XLSForm (.xlsx) milik organisasi Anda untuk satu tahap. "
        "Formulir diperiksa dulu; jika ada kesalahan, lembar, baris dan kolomnya ditampilkan.",
        "Add your organisation's XLSForm (.xlsx) for a stage. It is checked first; any "
        "mistake is shown with its sheet, row and column.",
    ),
    STAGE=("Tahap", "Stage"),
    ADD=("Tambah formulir…", "Add form…"),
    REMOVE=("Hapus", "Remove"),
    NONE_YET=("Belum ada formulir organisasi", "No organisation forms yet"),
    PICK_FILE=("Pilih XLSForm", "Choose an XLSForm"),
    ADDED=("Formulir ditambahkan: {form_id}", "Form added: {form_id}"),
    REMOVED=("Formulir dihapus: {form_id}", "Form removed: {form_id}"),
)
FILE_FILTER = "XLSForm (*.xlsx)"


class CustomFormsDialog(QDialog):
    """Lists, adds and removes custom forms of one laptop's registry."""

    def __init__(self, registry: CustomForms, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(T.TITLE)
        self.setMinimumWidth(640)
        self._registry = registry

        intro = QLabel(T.INTRO)
        intro.setWordWrap(True)

        self.forms = QListWidget()
        self.forms.setObjectName("customForms")
        self.forms.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.stage = QComboBox()
        self.stage.setObjectName("stage")
        for stage in registry.procedure.stages:
            self.stage.addItem(stage.label.get(i18n.current()), stage.id)
        stage_label = QLabel(T.STAGE)
        stage_label.setBuddy(self.stage)

        self.add_button = QPushButton(T.ADD)
        self.add_button.setObjectName("addForm")
        self.add_button.clicked.connect(self.add_from_file)
        self.remove_button = QPushButton(T.REMOVE)
        self.remove_button.setObjectName("removeForm")
        self.remove_button.clicked.connect(self.remove_selected)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(stage_label)
        row.addWidget(self.stage, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.forms, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.forms.clear()
        for entry in self._registry.entries():
            item = QListWidgetItem(
                f"{entry.form_id} (v{entry.version}) — {entry.stage} — {entry.source_name}"
            )
            item.setData(Qt.ItemDataRole.UserRole, entry.form_id)
            self.forms.addItem(item)
        if self.forms.count() == 0:
            placeholder = QListWidgetItem(T.NONE_YET)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.forms.addItem(placeholder)
        self._update_buttons()

    def _selected_form_id(self) -> str | None:
        item = self.forms.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, str) else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._selected_form_id() is not None)

    def add_from_file(self) -> None:
        """Ask for a workbook, validate it for the chosen stage, register it."""
        name, _ = QFileDialog.getOpenFileName(self, T.PICK_FILE, str(Path.home()), FILE_FILTER)
        if name:
            self.add(Path(name))

    def add(self, file: Path) -> bool:
        stage_id = self.stage.currentData()
        try:
            entry = self._registry.add(file, stage_id)
        except FieldcaseError as error:
            set_feedback(self.message, str(error), "error")
            return False
        set_feedback(self.message, T.ADDED.format(form_id=entry.form_id), "ok")
        self.refresh()
        return True

    def remove_selected(self) -> None:
        form_id = self._selected_form_id()
        if form_id is None:
            return
        try:
            self._registry.remove(form_id)
        except FieldcaseError as error:
            set_feedback(self.message, str(error), "error")
            return
        set_feedback(self.message, T.REMOVED.format(form_id=form_id), "ok")
        self.refresh()

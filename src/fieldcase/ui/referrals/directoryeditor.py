"""The admin's editor for the service directory of this laptop.

Why an overlay and not editing the shipped files: the shipped directory
changes with releases; what an admin types (real phone numbers, contact
people) is this organisation's data and is kept in ``<data dir>/directory.json``
(atomic write), validated exactly like the shipped CSV files. No case data
is involved, so no vault is needed; only admins get the action (the main
window decides, see the report to the lead).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.core.errors import FieldcaseError
from fieldcase.referrals.catalog import REGION_LABELS, TYPE_BY_ID
from fieldcase.referrals.directory import (
    Directory,
    Institution,
    edited,
    load_directory,
    removed,
    save_overlay,
)
from fieldcase.ui.referrals.dialogs import _label
from fieldcase.ui.referrals.strings import T
from fieldcase.ui.style import make_primary, set_feedback


class DirectoryEditor(QDialog):
    """Lists one region's institutions; edits, adds and removes them."""

    changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directoryEditor")
        self.setWindowTitle(T.DIR_TITLE)
        self._data_dir = data_dir
        self.directory: Directory = load_directory(data_dir)
        intro = QLabel(T.DIR_INTRO)
        intro.setWordWrap(True)
        self.region = QComboBox()
        self.region.setObjectName("dirRegion")
        for region, label in REGION_LABELS.items():
            self.region.addItem(label, region)
        self.list = QListWidget()
        self.list.setObjectName("dirList")
        self.list.setMinimumWidth(360)
        self.kind = QComboBox()
        self.kind.setObjectName("dirType")
        for type_ in TYPE_BY_ID.values():
            self.kind.addItem(type_.text(), type_.id)
        self.name = QLineEdit()
        self.name.setObjectName("dirName")
        self.address = QLineEdit()
        self.address.setObjectName("dirAddress")
        self.phone = QLineEdit()
        self.phone.setObjectName("dirPhone")
        self.email = QLineEdit()
        self.email.setObjectName("dirEmail")
        self.contact = QLineEdit()
        self.contact.setObjectName("dirContact")
        self.placeholder = QCheckBox(T.DIR_PLACEHOLDER)
        self.placeholder.setObjectName("dirPlaceholder")
        for edit in (self.name, self.address, self.phone, self.email, self.contact):
            edit.setMaxLength(300)
        form = QFormLayout()
        form.addRow(_label(T.REGION, self.region), self.region)
        form.addRow(_label(T.TYPE, self.kind), self.kind)
        form.addRow(_label(T.DIR_NAME, self.name), self.name)
        form.addRow(_label(T.DIR_ADDRESS, self.address), self.address)
        form.addRow(_label(T.DIR_PHONE, self.phone), self.phone)
        form.addRow(_label(T.DIR_EMAIL, self.email), self.email)
        form.addRow(_label(T.DIR_CONTACT, self.contact), self.contact)
        form.addRow("", self.placeholder)
        self.save_button = QPushButton(T.DIR_SAVE)
        self.save_button.setObjectName("dirSave")
        self.save_button.setDefault(True)
        make_primary(self.save_button)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(T.DIR_NEW)
        self.new_button.setObjectName("dirNew")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new)
        self.remove_button = QPushButton(T.DIR_REMOVE)
        self.remove_button.setObjectName("dirRemove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton(T.CLOSE)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        self.feedback = QLabel()
        self.feedback.setObjectName("dirFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setVisible(False)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.feedback)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(1000, 560)
        self._editing: str | None = None
        self.region.currentIndexChanged.connect(lambda _i: self._fill())
        self.list.currentItemChanged.connect(lambda current, _old: self._show(current))
        self._fill()

    def _fill(self, keep: str | None = None) -> None:
        self.list.clear()
        for item in self.directory.find(str(self.region.currentData())):
            row = QListWidgetItem(("⚠ " if item.placeholder else "") + item.name)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(TYPE_BY_ID[item.type].text())
            self.list.addItem(row)
            if item.id == keep:
                self.list.setCurrentItem(row)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def _show(self, row: QListWidgetItem | None) -> None:
        found = self.directory.get(str(row.data(Qt.ItemDataRole.UserRole))) if row else None
        self._editing = found.id if found else None
        self.remove_button.setEnabled(found is not None)
        if found is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(found.type))
        self.name.setText(found.name)
        self.address.setText(found.address)
        self.phone.setText(found.phone)
        self.email.setText(found.email)
        self.contact.setText(found.contact)
        self.placeholder.setChecked(found.placeholder)

    def new(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self._editing = None
        for edit in (self.address, self.phone, self.email, self.contact):
            edit.clear()
        self.name.setText(T.DIR_NEW_NAME)
        self.placeholder.setChecked(False)
        self.name.setFocus()
        self.name.selectAll()

    def _new_id(self, region: str, type_: str) -> str:
        stem = f"{region}-{type_}"[:50]
        n = 2
        while self.directory.get(f"{stem}-{n}") is not None:
            n += 1
        return f"{stem}-{n}"

    def save(self) -> None:
        region, type_ = str(self.region.currentData()), str(self.kind.currentData())
        institution = Institution(
            id=self._editing or self._new_id(region, type_),
            region=region,
            type=type_,
            name=self.name.text(),
            address=self.address.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            contact=self.contact.text(),
            placeholder=self.placeholder.isChecked(),
        )
        try:
            overlay = edited(self.directory, institution)
            save_overlay(self._data_dir, overlay)
            self.directory = load_directory(self._data_dir)
        except FieldcaseError as error:
            set_feedback(self.feedback, str(error), "error")
            return
        set_feedback(self.feedback, T.DIR_SAVED, "ok")
        self._fill(keep=institution.id)
        self.changed.emit()

    def remove(self) -> None:
        if self._editing is None:
            return
        try:
            save_overlay(self._data_dir, removed(self.directory, self._editing))
            self.directory = load_directory(self._data_dir)
        except FieldcaseError as error:
            set_feedback(self.feedback, str(error), "error")
            return
        set_feedback(self.feedback, T.DIR_REMOVED, "ok")
        self._fill()
        self.changed.emit()

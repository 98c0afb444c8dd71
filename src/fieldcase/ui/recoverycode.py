"""Shows a recovery code once and will not close until the person says it is written down.

Why so insistent: the code is the only way back into a vault whose
passphrase is forgotten (nothing else can decrypt it), and it is never
stored in clear, so it cannot be shown again. The text is not selectable,
so it does not end up in a clipboard history; it is meant for paper.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.ui import texts
from fieldcase.ui.style import make_primary


class RecoveryCodeDialog(QDialog):
    """``accepted`` once the box is ticked and "Done" pressed; it cannot be rejected."""

    def __init__(self, code: str, *, new: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(texts.RECOVERY_CODE_TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)

        heading = QLabel(texts.NEW_RECOVERY_CODE_HEADING if new else texts.RECOVERY_CODE_HEADING)
        heading.setWordWrap(True)
        heading_font = heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        heading.setFont(heading_font)

        self.code_label = QLabel(code)
        self.code_label.setObjectName("recoveryCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.6)
        mono.setWeight(QFont.Weight.Bold)
        mono.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.5)
        self.code_label.setFont(mono)
        self.code_label.setFrameShape(QFrame.Shape.Box)
        self.code_label.setMargin(12)
        self.code_label.setAccessibleName(texts.RECOVERY_CODE)

        body = QLabel(texts.RECOVERY_CODE_BODY)
        body.setWordWrap(True)

        self.written = QCheckBox(texts.WRITTEN_DOWN)
        self.written.setObjectName("writtenDown")
        written_font = self.written.font()
        written_font.setBold(True)
        self.written.setFont(written_font)

        buttons = QDialogButtonBox()
        self.done_button = QPushButton(texts.DONE)
        self.done_button.setObjectName("done")
        self.done_button.setEnabled(False)
        make_primary(self.done_button)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        self.written.toggled.connect(self.done_button.setEnabled)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.code_label)
        layout.addWidget(body)
        layout.addWidget(self.written)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def accept(self) -> None:
        if self.written.isChecked():
            super().accept()

    def reject(self) -> None:
        """Esc and the window's close button do nothing until the box is ticked."""
        if self.written.isChecked():
            super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.written.isChecked():
            super().closeEvent(event)
        else:
            event.ignore()

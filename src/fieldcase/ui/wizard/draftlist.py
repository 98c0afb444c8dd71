"""The "Resume draft" list: unfinished forms in the vault, newest first.

Shows only what identifies the *draft* (form, new case or case code, page
reached, when it was saved), never answers: like the case list, it must be
safe on a screen someone else can see.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.forms.model import Form
from fieldcase.ui.style import make_primary
from fieldcase.ui.wizard import display
from fieldcase.ui.wizard.strings import current_text
from fieldcase.vault.drafts import Draft

_ROLE = Qt.ItemDataRole.UserRole


def describe(draft: Draft, forms: Callable[[str], Form]) -> str:
    """Two lines: what the draft is, and how far it got and when."""
    try:
        form: Form | None = forms(draft.form_id)
    except KeyError:  # a form removed since: still listable, by its id
        form = None
    title = form.title.get(i18n.current()) if form else draft.form_id
    case = (
        current_text("case_code", code=draft.case_id[-8:])
        if draft.case_id
        else current_text("new_case")
    )
    moment = display.parse_stored_datetime(draft.updated_at)
    when = display.format_datetime(moment) if moment else draft.updated_at
    pages = len(form.pages) if form else 0
    where = (
        current_text("draft_where", page=min(draft.page + 1, pages), pages=pages) if pages else ""
    )
    second = " · ".join(p for p in (where, current_text("draft_when", time=when)) if p)
    return f"{title} — {case}\n{second}"


class DraftListDialog(QDialog):
    resumeRequested = Signal(str)
    deleteRequested = Signal(str)

    def __init__(
        self, drafts: list[Draft], forms: Callable[[str], Form], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftList")
        self.setWindowTitle(current_text("drafts_title"))
        self.resize(720, 420)
        intro = QLabel(current_text("drafts_intro"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("drafts")
        self.list.setAlternatingRowColors(True)
        for draft in drafts:
            item = QListWidgetItem(describe(draft, forms))
            item.setData(_ROLE, draft.draft_id)
            self.list.addItem(item)
        self.empty = QLabel(current_text("drafts_none"))
        self.empty.setVisible(not drafts)
        buttons = QDialogButtonBox()
        self.resume_button = QPushButton(current_text("resume"))
        self.resume_button.setObjectName("resume")
        make_primary(self.resume_button)
        self.delete_button = QPushButton(current_text("delete_draft"))
        self.delete_button.setObjectName("deleteDraft")
        close = QPushButton(current_text("close"))
        buttons.addButton(self.resume_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.resume_button.clicked.connect(self._resume)
        self.delete_button.clicked.connect(self._ask_delete)
        close.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self._resume())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        if drafts:
            self.list.setCurrentRow(0)
        self.resume_button.setDefault(True)
        self._update_buttons()

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(_ROLE))

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.resume_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _resume(self) -> None:
        draft_id = self._selected()
        if draft_id is not None:
            self.accept()
            self.resumeRequested.emit(draft_id)

    def _ask_delete(self) -> None:
        draft_id = self._selected()
        if draft_id is None:
            return
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("deleteDraftQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(current_text("delete_draft_title"))
        box.setText(current_text("delete_draft_question"))
        yes = box.addButton(current_text("delete_draft"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(current_text("keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(
            lambda _r: self._delete(draft_id) if box.clickedButton() is yes else None
        )
        box.open()

    def _delete(self, draft_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(_ROLE) == draft_id:
                self.list.takeItem(row)
                break
        self.empty.setVisible(self.list.count() == 0)
        self._update_buttons()
        self.deleteRequested.emit(draft_id)

"""The stage wizard: a ``QWizard`` generated from any loaded form.

Structure (after Qt's license-wizard example): page ids are the form's page
numbers, the review page comes last; ``nextId`` skips pages with nothing
relevant on them; each page's ``initializePage`` applies its defaults the
first time it is shown.

Vault work (autosave, finalise) goes through the vault thread; the wizard
hands over plain data (answers copied on the UI thread) and never waits.
The draft id is fixed when the wizard opens, so every autosave updates the
same encrypted draft, and finalising deletes it in the transaction that
writes the case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from fieldcase import i18n
from fieldcase.ui.operations import Operation, user_message
from fieldcase.ui.style import fitted_size, make_primary
from fieldcase.ui.wizard import display
from fieldcase.ui.wizard import drafts as vaultside
from fieldcase.ui.wizard.engine import FormEngine, Key, Row
from fieldcase.ui.wizard.pages import FormPage
from fieldcase.ui.wizard.review import ReviewPage
from fieldcase.ui.wizard.strings import text
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

#: Autosave interval (DESIGN.md: drafts autosave; a power cut costs at most this much).
AUTOSAVE_MS = 10_000
#: A 1366×768 screen minus the taskbar and the window frame.
WIZARD_SIZE = (1180, 690)


class Vault(Protocol):
    """The vault thread (:class:`~fieldcase.ui.operations.VaultWorker`)."""

    def run(self, name: str, job: Callable[[], Any], *, quiet: bool = False) -> Operation: ...


class FormWizard(QWizard):
    """Fills one form; autosaves a draft; finalises into the case store."""

    #: The case id, once the vault committed the save.
    saved = Signal(str)
    #: The draft id, once an autosave committed.
    draftSaved = Signal(str)

    def __init__(
        self,
        start: vaultside.WizardStart,
        vault: Vault,
        session: Session,
        *,
        autosave_ms: int = AUTOSAVE_MS,
        language: str | None = None,
        clock: Callable[[], datetime] | None = None,
        zone: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.start = start
        self.form = start.form
        self.zone = zone or display.local_zone()
        self._vault = vault
        self._session = session
        language = language or i18n.current()
        self.language = language
        self.engine = FormEngine(
            self.form,
            answers=start.answers,
            context=start.context,
            clock=clock,
            zone=self.zone,
            language=language,
        )
        if start.resumed:
            self.engine.mark_defaulted(range(min(start.page, len(self.form.pages) - 1) + 1))
        #: The person has answered something (or resumed a draft): there is a draft to keep.
        self.answered = start.resumed
        self.dirty = False
        self.saved_case_id: str | None = None
        self._finalising = False
        self._closing = False
        self._draft_jobs = 0
        self._steps_state: tuple[str, int, tuple[int, ...]] | None = None

        self.setObjectName("formWizard")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setButtonLayout(
            [
                QWizard.WizardButton.CustomButton1,
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.CancelButton,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
            ]
        )
        # Alt+← / Alt+→ press Back / Next (when shown and enabled), as in a browser;
        # Enter already presses the default button (Next, or Save on the review).
        for keys, which in (
            ("Alt+Left", QWizard.WizardButton.BackButton),
            ("Alt+Right", QWizard.WizardButton.NextButton),
        ):
            QShortcut(QKeySequence(keys), self, lambda which=which: self._press(which))
        self.pages: list[FormPage] = []
        for index in range(len(self.form.pages)):
            page = FormPage(self, index)
            self.pages.append(page)
            self.setPage(index, page)
        self.review_id = len(self.pages)
        self.review = ReviewPage(self)
        self.setPage(self.review_id, self.review)
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps.setFixedWidth(220)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.draft_status = QLabel()
        self.draft_status.setObjectName("draftStatus")
        self.draft_status.setWordWrap(True)
        self.draft_status.setStyleSheet("color: #4a4a4a;")
        # Held here: QWizard parents the side widget only when it lays itself out.
        self.side = side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 8, 0)
        side_layout.addWidget(self.step_label)
        side_layout.addWidget(self.steps, 1)
        side_layout.addWidget(self.draft_status)
        self.setSideWidget(side)
        self.customButtonClicked.connect(self._custom_button)
        # A switch made elsewhere (the main window's language menu) relabels an open wizard.
        i18n.add_listener(self.set_language)
        self.currentIdChanged.connect(self._page_changed)
        next_button = self.button(QWizard.WizardButton.NextButton)
        finish_button = self.button(QWizard.WizardButton.FinishButton)
        for primary in (next_button, finish_button):
            if primary is not None:
                make_primary(primary)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosave")
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

        self.resize(fitted_size(self, *WIZARD_SIZE))
        self.setStartId(self._next_visible(-1))
        self.set_language(language)
        self.restart()
        if start.resumed:
            self._walk_to(start.page)
        self.dirty = False  # opening is not an edit: nothing new to autosave yet

    # ------------------------------------------------------------------ navigation

    def _next_visible(self, after: int) -> int:
        for index in range(after + 1, len(self.pages)):
            if self.engine.page_visible(index):
                return index
        return self.review_id

    def nextId(self) -> int:
        current = self.currentId()
        if current == self.review_id or current < 0:
            return -1
        return self._next_visible(current)

    def _walk_to(self, page: int) -> None:
        """Reopen a draft where it was left, through the pages before it (so Back works)."""
        for _ in range(len(self.pages) + 1):
            current = self.currentPage()
            if self.currentId() >= page or self.currentId() == self.review_id:
                return
            if current is None or not current.isComplete():
                return
            self.next()

    def go_to_page(self, index: int) -> None:
        """Back to an earlier page (the review's "Edit" links)."""
        while self.currentId() > index and index in self.visitedIds():
            self.back()

    def _page_changed(self, page_id: int) -> None:
        self.dirty = True
        self._update_steps()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is Next when the page is complete; otherwise it shows what is missing."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            page = self.currentPage()
            if isinstance(page, FormPage) and not page.isComplete():
                page.reveal()
                event.accept()
                return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ answers

    def answer(self, name: str, row: Row, value: object) -> None:
        try:
            touched = self.engine.set_answer(name, row, value)
        except ValueError:
            log.warning("form %s: unusable answer for %s", self.form.form_id, name)
            return
        self.answered = True
        if touched:
            self.dirty = True
            self._dispatch(touched)
        else:
            page = self.engine.page_of(name)
            if page is not None:
                self.pages[page].update_footer()

    def _dispatch(self, keys: set[Key]) -> None:
        by_page: dict[int, set[Key]] = {}
        for key in keys:
            page = self.engine.page_of(key[0])
            if page is not None:
                by_page.setdefault(page, set()).add(key)
        for page, page_keys in by_page.items():
            self.pages[page].refresh(page_keys)
        self._update_steps()

    def page_shown(self, index: int) -> None:
        touched = self.engine.apply_defaults(index)
        self.pages[index].refresh()
        if touched:
            self._dispatch(touched)

    def add_row(self, repeat: str) -> None:
        row = self.engine.add_row(repeat)
        self.answered = self.dirty = True
        self._reshape(repeat)
        page = self.pages[self.engine.page_of(repeat) or 0]
        first = next((w for (n, r), w in page.questions.items() if r == row), None)
        if first is not None:
            first.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
            page.scroller.ensureWidgetVisible(first)

    def remove_row(self, repeat: str, row: int) -> None:
        if not self.engine.row_has_answers(repeat, row):
            self._remove_row(repeat, row)
            return
        label = self.engine.label(repeat)
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("removeRowQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(text("remove_title", self.language))
        box.setText(text("remove_question", self.language, label=label, n=row))
        yes = box.addButton(text("remove_yes", self.language), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(text("keep", self.language), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(
            lambda _r: self._remove_row(repeat, row) if box.clickedButton() is yes else None
        )
        box.open()

    def _remove_row(self, repeat: str, row: int) -> None:
        self.engine.remove_row(repeat, row)
        self.answered = self.dirty = True
        self._reshape(repeat)

    def _reshape(self, repeat: str) -> None:
        page = self.engine.page_of(repeat)
        for index, form_page in enumerate(self.pages):
            if index == page:
                form_page.rebuild_repeat(repeat)
            else:
                form_page.refresh()
        self._update_steps()

    # ------------------------------------------------------------------ language

    def set_language(self, language: str) -> None:
        """Relabel everything: the form's labels, hints, choices, messages and the buttons."""
        self.language = language
        self.engine.language = language
        for button, key in (
            (QWizard.WizardButton.NextButton, "next"),
            (QWizard.WizardButton.BackButton, "back"),
            (QWizard.WizardButton.CancelButton, "cancel"),
            (QWizard.WizardButton.CustomButton1, "other_language"),
        ):
            self.setButtonText(button, text(key, language))
        finish = "close_after_save" if self.saved_case_id else "finish"
        self.setButtonText(QWizard.WizardButton.FinishButton, text(finish, language))
        for which, tip in (
            (QWizard.WizardButton.NextButton, "next_tip"),
            (QWizard.WizardButton.BackButton, "back_tip"),
        ):
            nav = self.button(which)
            if nav is not None:
                nav.setToolTip(text(tip, language))
        other = self.button(QWizard.WizardButton.CustomButton1)
        if other is not None:
            other.setObjectName("languageButton")
            other.setToolTip(text("other_language_tip", language))
        case = (
            text("case_code", language, code=self.start.case_code)
            if self.start.case_code
            else text("new_case", language)
        )
        self.setWindowTitle(f"{self.form.title.get(language)} — {case}")
        for page in self.pages:
            page.relabel()
        self.review.relabel()
        self._update_steps()

    def _press(self, which: QWizard.WizardButton) -> None:
        """Press a navigation button from the keyboard, only if a person could click it."""
        button = self.button(which)
        if button is not None and button.isVisible() and button.isEnabled():
            button.click()

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            # One switch for the whole app: the main window follows the wizard.
            i18n.set_language("en" if self.language == "id" else "id")
            self.set_language(i18n.current())

    def _update_steps(self) -> None:
        language = self.language
        current = self.currentId()
        shown = [i for i in range(len(self.pages)) if self.engine.page_visible(i)]
        state = (language, current, tuple(shown))
        if state == self._steps_state:
            return  # called after every answer: redraw only when something shows differently
        self._steps_state = state
        self.steps.clear()
        total = len(shown) + 1
        for index in range(len(self.pages)):
            item = QListWidgetItem(self.engine.label(self.form.pages[index].name))
            self._mark(item, index == current, index in shown)
            self.steps.addItem(item)
        review = QListWidgetItem(text("review_title", language))
        self._mark(review, current == self.review_id, True)
        self.steps.addItem(review)
        position = shown.index(current) + 1 if current in shown else total
        self.step_label.setText(text("step", language, n=position, total=total))

    @staticmethod
    def _mark(item: QListWidgetItem, current: bool, visible: bool) -> None:
        font = item.font()
        font.setBold(current)
        item.setFont(font)
        if current:
            item.setBackground(Qt.GlobalColor.lightGray)
            item.setText("▶ " + item.text())
        if not visible:
            item.setForeground(Qt.GlobalColor.gray)

    # ------------------------------------------------------------------ drafts

    def _page_index(self) -> int:
        current = self.currentId()
        return max(current, 0)

    def autosave(self) -> None:
        """The timer: save the draft if anything changed and no save is on its way."""
        if self._draft_jobs == 0:
            self.save_draft()

    def save_draft(self) -> Operation | None:
        """Queue a draft save of the current answers (nothing to do: None)."""
        if self.saved_case_id or self._finalising or not self.answered or not self.dirty:
            return None
        answers = self.engine.answers()
        page = self._page_index()
        start, session = self.start, self._session
        self.dirty = False
        self._draft_jobs += 1
        operation = self._vault.run(
            "draft-save", lambda: vaultside.save_draft(session, start, answers, page)
        )
        operation.succeeded.connect(self._draft_saved)
        operation.failed.connect(self._draft_failed)
        return operation

    def _draft_saved(self, draft_id: str) -> None:
        self._draft_jobs -= 1
        moment = datetime.now(self.zone)
        shown = text("draft_saved", self.language, time=display.format_time(moment))
        self.draft_status.setText(f"{shown} {display.zone_label(moment)}")
        self.draftSaved.emit(draft_id)

    def _draft_failed(self, error: BaseException) -> None:
        self._draft_jobs -= 1
        self.dirty = True
        self.draft_status.setText(text("draft_failed", self.language, error=user_message(error)))

    # ------------------------------------------------------------------ finishing

    def can_finish(self) -> bool:
        if self.saved_case_id is not None:
            return True
        return not self._finalising and not self.engine.problems()

    def accept(self) -> None:
        """Finish: write the case (first press), close (after "Saved")."""
        if self.saved_case_id is not None:
            super().accept()
            return
        if self._finalising or not self.can_finish():
            return
        self._finalising = True
        self.autosave_timer.stop()
        self._set_buttons_enabled(False)
        self.review.set_status(text("saving", self.language), "hint")
        self.review.completeChanged.emit()
        fields = self.engine.stored_fields()
        start, session = self.start, self._session
        operation = self._vault.run("finalise", lambda: vaultside.finalise(session, start, fields))
        operation.succeeded.connect(self._finalised)
        operation.failed.connect(self._finalise_failed)

    def _finalised(self, result: vaultside.Saved) -> None:
        self._finalising = False
        self.saved_case_id = result.case_id
        self.dirty = False
        shown = (
            text("saved", self.language, code=result.case_id[-8:])
            if result.written or self.start.case_id is None
            else text("saved_nothing", self.language)
        )
        self.review.set_status(shown, "ok")
        self.setButtonText(
            QWizard.WizardButton.FinishButton, text("close_after_save", self.language)
        )
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.hide()
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self._set_buttons_enabled(True)
        self.review.completeChanged.emit()
        finish = self.button(QWizard.WizardButton.FinishButton)
        if finish is not None:
            finish.setFocus()
        self.saved.emit(result.case_id)

    def _finalise_failed(self, error: BaseException) -> None:
        self._finalising = False
        self.dirty = True
        self._set_buttons_enabled(True)
        self.review.set_status(
            text("save_failed", self.language, error=user_message(error)), "error"
        )
        self.review.completeChanged.emit()
        self.autosave_timer.start()

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button: QAbstractButton | None = self.button(which)
            if button is not None:
                button.setEnabled(enabled)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Esc, Close or the window's ✕: ask first; the answers stay as a draft."""
        if self.saved_case_id is not None or self._closing or not self.answered:
            self._close()
            return
        if self._finalising:
            return  # the save is on its way; its outcome decides
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("closeQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(text("close_title", self.language))
        box.setText(text("close_question", self.language))
        yes = box.addButton(text("close_yes", self.language), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(text("close_no", self.language), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.finished.connect(
            lambda _r: self.close_keeping_draft() if box.clickedButton() is yes else None
        )
        box.open()

    def close_keeping_draft(self) -> None:
        """Close now; the last answers go to the draft (queued before anything after)."""
        self.autosave_timer.stop()
        if self.answered and self.saved_case_id is None and not self._finalising:
            self.dirty = True
            self.save_draft()
        self._close()

    def _close(self) -> None:
        self._closing = True
        self.autosave_timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or self.saved_case_id is not None:
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

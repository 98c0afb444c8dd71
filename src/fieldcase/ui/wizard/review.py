"""The last page: every answer that will be saved, as the worker will read it later.

Choice labels instead of codes, dd/mm/yyyy dates, local time with its zone;
only relevant, answered fields (exactly what :meth:`FormEngine.stored_fields`
keeps, minus calculations). Each page has an "Edit" link back to it. The
status line under the list is where "Tersimpan / Saved" appears, and only
after the vault committed.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWizardPage

from fieldcase.ui.style import FeedbackKind, set_feedback
from fieldcase.ui.wizard.engine import FormEngine
from fieldcase.ui.wizard.strings import text
from fieldcase.ui.wizard.summary import ReviewItem, review


class ReviewHost(Protocol):
    engine: FormEngine

    def go_to_page(self, index: int) -> None: ...

    def can_finish(self) -> bool: ...


def _rows(items: tuple[ReviewItem, ...]) -> str:
    return "".join(
        "<tr>"
        f'<td width="38%" style="color:#4a4a4a; padding:3px 12px 3px 0;">'
        f"{html.escape(item.label)}</td>"
        f'<td style="padding:3px 0;"><b>{html.escape(item.value).replace(chr(10), "<br>")}'
        "</b></td></tr>"
        for item in items
    )


def review_html(engine: FormEngine) -> str:
    language = engine.language
    parts: list[str] = []
    edit = html.escape(text("review_edit", language))
    for section in review(engine):
        parts.append(
            f'<h3 style="margin-top:14px; margin-bottom:4px;">{html.escape(section.title)}'
            f'&nbsp;&nbsp;<a href="page:{section.page}" style="font-size:small;'
            f' font-weight:normal;">{edit}</a></h3>'
        )
        parts.append(f'<table width="100%" cellspacing="0">{_rows(section.items)}</table>')
        for title, items in section.rows:
            parts.append(
                f'<p style="margin:8px 0 2px 0;"><b>{html.escape(title)}</b></p>'
                f'<table width="100%" cellspacing="0" style="margin-left:16px;">'
                f"{_rows(items)}</table>"
            )
    if not parts:
        parts.append(f"<p>{html.escape(text('review_empty', language))}</p>")
    return "".join(parts)


class ReviewPage(QWizardPage):
    def __init__(self, host: ReviewHost) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("page:review")
        self.browser = QTextBrowser()
        self.browser.setObjectName("reviewList")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.problems = QLabel()
        self.problems.setObjectName("reviewProblems")
        self.problems.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        self.relabel()

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("page:"):
            self.host.go_to_page(int(target.split(":", 1)[1]))

    def initializePage(self) -> None:
        self.refresh()

    def cleanupPage(self) -> None:
        """Nothing to reset when going back."""

    def relabel(self) -> None:
        language = self.host.engine.language
        self.setTitle(text("review_title", language))
        self.setSubTitle(text("review_subtitle", language))
        self.refresh()

    def refresh(self) -> None:
        engine = self.host.engine
        position = self.browser.verticalScrollBar().value()
        self.browser.setHtml(review_html(engine))
        self.browser.verticalScrollBar().setValue(position)
        pages = {engine.page_of(p.name) for p in engine.problems()}
        titles = [
            engine.label(engine.form.pages[i].name)
            for i in sorted(p for p in pages if p is not None)
        ]
        shown = text("review_problems", engine.language, pages=", ".join(titles)) if titles else ""
        set_feedback(self.problems, shown, "error")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.host.can_finish()

    def set_status(self, shown: str, kind: FeedbackKind) -> None:
        set_feedback(self.status, shown, kind)

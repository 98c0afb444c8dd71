"""The case-conference summary as PDF, from the case file: ask, check, print, log.

Order matters because the summary identifies a child: the access check runs
first on the vault thread (supervisor, or a worker named in the case's
``petugas``) so nobody else is even asked for a file name; then the person
chooses where; then the case is read as a logged ``view``, printed on the UI
thread and written with its ``export`` entry (the case id in both).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldcase.reports.access import require_conference
from fieldcase.ui.operations import user_message
from fieldcase.ui.reports import files
from fieldcase.ui.reports.labels import T
from fieldcase.ui.reports.pdf import conference_document, conference_html, write_conference_pdf
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session


class ConferenceExport(QObject):
    """One run of "conference summary to PDF"; emits ``saved`` or ``failed`` once."""

    #: The written file's path.
    saved = Signal(str)
    #: The bilingual message shown to the person.
    failed = Signal(str)
    #: The person cancelled the save dialog.
    cancelled = Signal()

    def __init__(
        self,
        parent: QWidget,
        session: Session,
        vault: Vault,
        case_id: str,
        *,
        clock: Callable[[], datetime] | None = None,
        notify: bool = True,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._vault = vault
        self.case_id = case_id
        self._clock = clock or (lambda: datetime.now(UTC))
        self._notify = notify
        self.message: QMessageBox | None = None

    def start(self) -> None:
        session, case_id = self._session, self.case_id
        operation = self._vault.run(
            "conference-check", lambda: require_conference(session, session.cases.read(case_id))
        )
        operation.succeeded.connect(lambda _r: self._ask())
        operation.failed.connect(self._fail)

    def _ask(self) -> None:
        path = files.ask_save_path(
            self._parent,
            T.CONFERENCE_PDF_TITLE,
            f"ringkasan-konferensi-{self.case_id[:8]}.pdf",
            T.PDF_FILTER,
        )
        if path is None:
            self.cancelled.emit()
            return
        session, case_id, now = self._session, self.case_id, self._clock()
        operation = self._vault.run(
            "conference-read", lambda: conference_html(session, case_id, now)
        )
        operation.succeeded.connect(lambda html: self._print(str(html), path))
        operation.failed.connect(self._fail)

    def _print(self, html: str, path: Path) -> None:
        try:
            data = conference_document(html).pdf_bytes()
        except Exception as error:  # a painting failure must still reach the person
            self._fail(error)
            return
        session, case_id = self._session, self.case_id
        operation = self._vault.run(
            "conference-write", lambda: write_conference_pdf(session, case_id, path, data)
        )
        operation.succeeded.connect(lambda _r: self._done(path))
        operation.failed.connect(self._fail)

    def _done(self, path: Path) -> None:
        self._show(QMessageBox.Icon.Information, T.CONFERENCE_SAVED.format(name=path.name))
        self.saved.emit(str(path))

    def _fail(self, error: BaseException) -> None:
        message = user_message(error)
        self._show(QMessageBox.Icon.Warning, message)
        self.failed.emit(message)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        if not self._notify:
            return
        # Non-blocking: the case file stays usable and tests are not stopped by a modal loop.
        self.message = QMessageBox(icon, T.CONFERENCE_PDF, text, parent=self._parent)
        self.message.open()


def export_conference_pdf(
    parent: QWidget,
    session: Session,
    vault: Vault,
    case_id: str,
    *,
    clock: Callable[[], datetime] | None = None,
    notify: bool = True,
) -> ConferenceExport:
    """Start producing the case's conference summary PDF (the case file's action).

    Returns the running :class:`ConferenceExport`; connect to ``saved`` /
    ``failed`` for the outcome. A person who may not produce it gets the
    bilingual refusal and no save dialog.
    """
    job = ConferenceExport(parent, session, vault, case_id, clock=clock, notify=notify)
    job.start()
    return job

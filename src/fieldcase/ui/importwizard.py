"""Import a ``.fcbundle`` file: choose → verify sender → preview → apply → summary.

Why verification is a step of its own: a person holding a USB stick should
learn that a file is damaged, altered or from another team *before* anything
is written, and see who sent it. Verification runs the same checks the import
does (bundle signature by the exporter, then every envelope: team, sender,
signature, key, decryption, authorship) but writes nothing; the import itself
repeats them inside its one transaction, so a file swapped in between is
still refused.

All vault work runs on the vault thread; the bytes read at verification are
the bytes applied (the file is not read twice).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldcase.sync import bundlefile, envelope, team, verify
from fieldcase.sync.errors import MissingEpochKey, SignerNotMember
from fieldcase.sync.importer import ImportReport
from fieldcase.ui import texts
from fieldcase.ui.conflicts import local_time
from fieldcase.ui.operations import user_message
from fieldcase.ui.style import set_feedback
from fieldcase.ui.wizard.launcher import InlineVault
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState

log = logging.getLogger(__name__)

#: Asks the person for a file; returns None when cancelled (injectable for tests).
ChooseFile = Callable[[QWidget], Path | None]


def choose_with_dialog(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, texts.IMPORT_TITLE, "", texts.IMPORT_FILTER)
    return Path(name) if name else None


@dataclass(frozen=True)
class Preview:
    """What a verified bundle holds (nothing applied yet)."""

    data: bytes
    exporter: str
    exporter_role: str
    team_name: str
    created_ms: int
    envelopes: int
    changes: int
    cases: int
    already_imported: int
    team_updates: int


@dataclass(frozen=True)
class Outcome:
    report: ImportReport
    open_conflicts: int


def verify_bundle(session: Session, path: Path) -> Preview:
    """Vault-thread job: read and authenticate the whole bundle; writes nothing."""
    data = bundlefile.read_file(path)
    parsed = bundlefile.check_bundle(session, data)
    ctx = team.load(session)
    seen = SyncState(session.db)
    envelopes = [envelope.parse(raw) for raw in parsed.envelopes]
    has_update = any(e.header.kind == envelope.KIND_TEAM_UPDATE for e in envelopes)
    changes = updates = already = 0
    cases: set[str] = set()
    for env in envelopes:
        known = seen.seen(env.header.envelope_id)
        already += known
        try:
            opened = verify.open_parsed(ctx, env)
        except (SignerNotMember, MissingEpochKey):
            if not has_update:
                raise
            # A roster update in this bundle may admit the sender or bring the
            # key; the import checks this envelope after applying the update.
            changes += 0 if known else env.header.count
            continue
        if known:
            continue  # verified, but counted as already imported only
        if env.header.kind == envelope.KIND_TEAM_UPDATE:
            updates += 1
        fresh = [c for c in opened.changes if not session.cases.has_change(c.change_id)]
        changes += len(fresh)
        cases.update(c.case_id for c in fresh)
    member = ctx.roster.member(parsed.exporter)
    return Preview(
        data=data,
        exporter=parsed.exporter,
        exporter_role=member.role if member is not None else "",
        team_name=ctx.team.name,
        created_ms=int(parsed.created_hlc.split(".", 1)[0] or 0),
        envelopes=len(envelopes),
        changes=changes,
        cases=len(cases),
        already_imported=already,
        team_updates=updates,
    )


def apply_bundle(session: Session, data: bytes) -> Outcome:
    """Vault-thread job: the import (one transaction), then the open conflicts."""
    report = bundlefile.import_bundle(session, data)
    return Outcome(report, len(session.cases.conflicts()))


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class FilePage(QWizardPage):
    def __init__(self, choose: ChooseFile) -> None:
        super().__init__()
        self.setTitle(texts.IMPORT_FILE_TITLE)
        self.setSubTitle(texts.IMPORT_FILE_HINT)
        self._choose = choose
        self.path: Path | None = None
        self.path_field = QLineEdit()
        self.path_field.setObjectName("bundlePath")
        self.path_field.setReadOnly(True)
        self.choose_button = QPushButton(texts.IMPORT_CHOOSE)
        self.choose_button.setObjectName("chooseBundle")
        self.choose_button.clicked.connect(self.choose)
        label = QLabel(texts.IMPORT_FILE_LABEL)
        label.setBuddy(self.choose_button)
        row = QHBoxLayout(self)
        row.addWidget(label)
        row.addWidget(self.path_field, 1)
        row.addWidget(self.choose_button)

    def choose(self) -> None:
        path = self._choose(self)
        if path is None:
            return
        self.path = path
        self.path_field.setText(str(path))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.path is not None


class VerifyPage(QWizardPage):
    def __init__(self, wizard: ImportBundleWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(texts.IMPORT_VERIFY_TITLE)
        self.status = QLabel()
        self.status.setObjectName("verifyStatus")
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("verifyError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.exporter = _value_label("exporter")
        self.team = _value_label("team")
        self.created = _value_label("created")
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.addRow(texts.IMPORT_EXPORTER, self.exporter)
        form.addRow(texts.IMPORT_TEAM, self.team)
        form.addRow(texts.IMPORT_CREATED, self.created)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.preview: Preview | None = None
        self._ticket = 0

    def initializePage(self) -> None:
        self.preview = None
        self.details.hide()
        self.error.clear()
        self.error.hide()
        set_feedback(self.status, texts.IMPORT_VERIFYING, "hint")
        self.completeChanged.emit()
        session, path = self._wizard.session, self._wizard.file_page.path
        if session is None or path is None:
            return
        self._ticket += 1
        ticket = self._ticket
        operation = self._wizard.vault.run("import.verify", lambda: verify_bundle(session, path))
        operation.succeeded.connect(lambda p: self._verified(ticket, p))
        operation.failed.connect(lambda e: self._rejected(ticket, e))

    def _verified(self, ticket: int, preview: Preview) -> None:
        if ticket != self._ticket or self._wizard.session is None:
            return
        self.preview = preview
        set_feedback(self.status, texts.IMPORT_VERIFIED, "ok")
        self.exporter.setText(
            texts.CONFLICT_AUTHOR.format(role=preview.exporter_role, code=preview.exporter[-8:])
        )
        self.team.setText(preview.team_name)
        self.created.setText(local_time(preview.created_ms, self._wizard.zone))
        self.details.show()
        self.completeChanged.emit()

    def _rejected(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        set_feedback(self.status, texts.IMPORT_REJECTED, "error")
        self.error.setText(user_message(error))
        self.error.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportBundleWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(texts.IMPORT_PREVIEW_TITLE)
        self.setSubTitle(texts.IMPORT_PREVIEW_HINT)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, texts.IMPORT_COMMIT)
        self.envelopes = _value_label("envelopes")
        self.changes = _value_label("changes")
        self.cases = _value_label("cases")
        self.already = _value_label("alreadyImported")
        self.updates = _value_label("teamUpdates")
        form = QFormLayout(self)
        form.addRow(texts.IMPORT_ENVELOPES, self.envelopes)
        form.addRow(texts.IMPORT_NEW_CHANGES, self.changes)
        form.addRow(texts.IMPORT_CASES, self.cases)
        form.addRow(texts.IMPORT_ALREADY, self.already)
        form.addRow(texts.IMPORT_TEAM_UPDATES, self.updates)

    def initializePage(self) -> None:
        preview = self._wizard.verify_page.preview
        if preview is None:
            return
        self.envelopes.setText(str(preview.envelopes))
        self.changes.setText(str(preview.changes))
        self.cases.setText(str(preview.cases))
        self.already.setText(str(preview.already_imported))
        self.updates.setText(str(preview.team_updates))


class ApplyPage(QWizardPage):
    """Starts the import on entry; complete (Finish enabled) only when it is over."""

    def __init__(self, wizard: ImportBundleWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(texts.IMPORT_APPLY_TITLE)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setObjectName("applyStatus")
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("applyError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.applied = _value_label("applied")
        self.duplicates = _value_label("duplicates")
        self.held = _value_label("alreadyHeld")
        self.quarantined = _value_label("quarantined")
        self.conflicts = _value_label("openConflicts")
        self.summary = QWidget()
        self.summary.setObjectName("importSummary")
        form = QFormLayout(self.summary)
        form.addRow(texts.IMPORT_APPLIED, self.applied)
        form.addRow(texts.IMPORT_DUPLICATES, self.duplicates)
        form.addRow(texts.IMPORT_HELD, self.held)
        form.addRow(texts.IMPORT_QUARANTINED, self.quarantined)
        form.addRow(texts.IMPORT_CONFLICTS, self.conflicts)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.outcome: Outcome | None = None
        self.running = False
        self._started = False

    def initializePage(self) -> None:
        if self._started:
            return  # a commit page leads here: never a second import
        self._started = True
        self.summary.hide()
        self.error.hide()
        preview, session = self._wizard.verify_page.preview, self._wizard.session
        if preview is None or session is None:
            return
        self.running = True
        self.progress.setRange(0, 0)  # busy: the import is one transaction
        set_feedback(self.status, texts.IMPORT_APPLYING, "hint")
        data = preview.data
        operation = self._wizard.vault.run("import.apply", lambda: apply_bundle(session, data))
        operation.succeeded.connect(self._applied)
        operation.failed.connect(self._failed)
        operation.finished.connect(self._over)

    def _applied(self, outcome: Outcome) -> None:
        self.outcome = outcome
        report = outcome.report
        set_feedback(self.status, texts.IMPORT_DONE, "ok")
        self.applied.setText(str(report.applied))
        self.duplicates.setText(str(report.duplicates))
        self.held.setText(str(report.already_held))
        self.quarantined.setText(str(report.quarantined))
        self.conflicts.setText(str(outcome.open_conflicts))
        self.summary.show()
        self._wizard.imported.emit(outcome.open_conflicts)

    def _failed(self, error: BaseException) -> None:
        set_feedback(self.status, texts.IMPORT_FAILED, "error")
        self.error.setText(user_message(error))
        self.error.show()

    def _over(self) -> None:
        self.running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._started and not self.running


class ImportBundleWizard(QWizard):
    """Choose a bundle, verify it, preview, apply, summarise."""

    #: After a successful import: the number of open conflicts.
    imported = Signal(int)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = choose_with_dialog,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(texts.IMPORT_TITLE)
        for which, label in (
            (QWizard.WizardButton.BackButton, texts.WIZARD_BACK),
            (QWizard.WizardButton.NextButton, texts.WIZARD_NEXT),
            (QWizard.WizardButton.CancelButton, texts.CANCEL),
            (QWizard.WizardButton.FinishButton, texts.CLOSE),
        ):
            self.setButtonText(which, label)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.session: Session | None = session
        self.vault = vault
        self.zone = zone
        self.file_page = FilePage(choose_file)
        self.verify_page = VerifyPage(self)
        self.preview_page = PreviewPage(self)
        self.apply_page = ApplyPage(self)
        for page in (self.file_page, self.verify_page, self.preview_page, self.apply_page):
            self.addPage(page)

    def reject(self) -> None:
        if self.apply_page.running:
            return  # the import is under way; it ends by itself
        super().reject()

    def done(self, result: int) -> None:
        if self.apply_page.running:
            return
        self.session = None
        self.verify_page.preview = None
        super().done(result)


class ImportLauncher(QObject):
    """The main window's "Import bundle…" action."""

    #: After a successful import: open conflicts now.
    imported = Signal(int)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        vault: Vault | None = None,
        choose_file: ChooseFile = choose_with_dialog,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session: Session | None = session
        self._vault: Vault = vault if vault is not None else InlineVault(self)
        self._choose = choose_file
        self.wizard: ImportBundleWizard | None = None
        self.action = QAction(texts.IMPORT_BUNDLE, self)
        self.action.setObjectName("importBundle")
        self.action.setToolTip(texts.IMPORT_BUNDLE_TIP)
        self.action.triggered.connect(self.open)

    def open(self) -> ImportBundleWizard | None:
        if self._session is None:
            return None
        if self.wizard is not None:
            self.wizard.activateWindow()
            return self.wizard
        wizard = ImportBundleWizard(
            self._session, self._vault, self._window, choose_file=self._choose
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self.imported)
        wizard.destroyed.connect(self._forget)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _forget(self) -> None:
        self.wizard = None

    def close_all(self) -> None:
        self._session = None
        if self.wizard is not None and not self.wizard.apply_page.running:
            self.wizard.close()

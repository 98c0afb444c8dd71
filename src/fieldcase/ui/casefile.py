"""The case file: one case's header, stages, deadlines, history and who viewed it.

Why the identity is masked by default: a child victim's identity must never
be disclosed (PROCEDURE.md, "Consent, assent, confidentiality"), and a
laptop screen in a shared office or a car is seen by others. The window
opens with name, alias and age as "••••"; "Show identity" reads them on the
vault thread, logs that as a view, and only then puts them in widgets.

Why everything arrives as text: the vault job (:mod:`.casefile_data`) masks
identifying values before they leave the vault thread, so the UI thread
never holds them unless a person asked. Opening the window is itself a view
of the case and is logged (``Session.view_case``).

:meth:`CaseFileWindow.clear` empties every widget; the main window calls it
(through :class:`CaseFileLauncher`) when the vault is locked.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldcase import i18n
from fieldcase.core.errors import FieldcaseError
from fieldcase.core.procedure import Procedure
from fieldcase.forms.model import Form
from fieldcase.i18n import Texts
from fieldcase.referrals.directory import Directory, load_directory
from fieldcase.referrals.service import withdraw_consent
from fieldcase.ui import texts
from fieldcase.ui.casefile_data import MASK, CaseFileData, load_case_file
from fieldcase.ui.operations import user_message
from fieldcase.ui.referrals.dialogs import (
    ChooseTarget,
    ReferralDialog,
    StatusDialog,
    ask_target,
    make_letter,
)
from fieldcase.ui.reports.conference import ConferenceExport, export_conference_pdf
from fieldcase.ui.reports.labels import T as report_texts
from fieldcase.ui.style import fitted_size, set_feedback
from fieldcase.ui.wizard.launcher import InlineVault
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

log = logging.getLogger(__name__)

#: Overdue rows are bold and dark red — in addition to their "⚠ TERLAMBAT" text.
_OVERDUE_COLOUR = "#a1111c"

T = Texts(
    TAB_SERVICES=("&Layanan dan rujukan", "Services and &referrals"),
    TAB_HISTORY=("Ri&wayat", "&History"),
    STREAMS=("Jalur layanan", "Service streams"),
    COL_STREAM=("Layanan", "Service"),
    COL_STREAM_STATE=("Keadaan", "State"),
    REFERRALS=("Rujukan", "Referrals"),
    COL_INSTITUTION=("Lembaga", "Institution"),
    COL_SERVICE=("Layanan", "Service"),
    COL_STATUS=("Status", "Status"),
    COL_DATES=("Tanggal terakhir", "Latest date"),
    COL_BASIS=("Dasar berbagi", "Basis for sharing"),
    NO_REFERRALS=("Belum ada rujukan.", "No referrals yet."),
    NEW_REFERRAL=("Ruju&kan baru…", "New re&ferral…"),
    UPDATE_STATUS=("Perbarui s&tatus…", "Update s&tatus…"),
    LETTER=("Surat rujukan (&PDF)…", "Referral letter (&PDF)…"),
    CONSENTS=("Persetujuan berbagi informasi per lembaga", "Consent to share, per institution"),
    COL_WHO=("Diberikan oleh", "Given by"),
    COL_GIVEN=("Tanggal", "Date"),
    COL_SCOPE=("Cakupan", "Scope"),
    NO_CONSENTS=("Belum ada persetujuan.", "No consents yet."),
    WITHDRAW=("Tarik persetu&juan…", "&Withdraw consent…"),
    WITHDRAW_TITLE=("Tarik persetujuan", "Withdraw consent"),
    WITHDRAW_ASK=(
        "Tarik persetujuan {what}? Setelah ditarik, tidak ada rujukan atau surat baru ke "
        "lembaga ini tanpa persetujuan baru. Informasi yang sudah dibagikan tidak ikut ditarik; "
        "kabari lembaganya.",
        "Withdraw consent {what}? Afterwards no new referral or letter to this institution "
        "without new consent. Information already shared is not recalled; tell the institution.",
    ),
    WITHDRAWN=("Persetujuan ditarik.", "Consent withdrawn."),
)


def _procedure() -> Procedure:
    from fieldcase.forms.custom import builtin_procedure

    return builtin_procedure()


def _forms() -> Mapping[str, Form]:
    from fieldcase.forms import builtin_forms

    return builtin_forms()


def _tree(
    name: str, headers: list[str], stretch: int, widths: Mapping[int, int] | None = None
) -> QTreeWidget:
    """A read-only list; column ``stretch`` takes the room left, the others fit their
    contents (or get a fixed starting width), so the state columns are never cut off."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        if column == stretch:
            mode = QHeaderView.ResizeMode.Stretch
        elif widths and column in widths:
            mode = QHeaderView.ResizeMode.Interactive
            header.resizeSection(column, widths[column])
        else:
            mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return tree


def _section(title: str, name: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box


def _value_label(name: str) -> QLabel:
    label = QLabel(texts.PLACEHOLDER)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseFileWindow(QWidget):
    """One case, read on the vault thread; identity masked until a person asks."""

    #: The case data arrived and is shown (masked or revealed).
    loaded = Signal()
    #: Ctrl+L pressed in this window: the whole app locks, as from the main window.
    lockRequested = Signal()

    def __init__(
        self,
        session: Session,
        case_id: str,
        vault: Vault | None = None,
        parent: QWidget | None = None,
        *,
        now: datetime | None = None,
        zone: tzinfo | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._data_dir = data_dir
        #: Where a referral letter goes (a save dialog; tests give a path).
        self.choose_target: ChooseTarget = ask_target
        #: Asks a yes/no question (a message box; tests answer it).
        self.confirm: Callable[[str, str], bool] = self._ask
        self._dialogs: list[QDialog] = []
        self.setObjectName("caseFile")
        self._session: Session | None = session
        self._vault: Vault = vault if vault is not None else InlineVault(self)
        self.case_id = case_id
        self._now = now
        self._zone = zone
        self._busy = False
        self.data: CaseFileData | None = None
        self._masked: CaseFileData | None = None
        self.setWindowTitle(texts.CASEFILE_TITLE.format(code=case_id.replace("-", "")[-8:]))

        # Header: non-identifying facts, then the masked identity.
        self.code = _value_label("caseCode")
        self.stage = _value_label("caseStage")
        self.status = _value_label("caseStatus")
        self.region = _value_label("caseRegion")
        self.risk = _value_label("caseRisk")
        facts = QFormLayout()
        for title, label in (
            (texts.CASEFILE_CODE, self.code),
            (texts.CASEFILE_STAGE, self.stage),
            (texts.CASEFILE_STATUS, self.status),
            (texts.CASEFILE_REGION, self.region),
            (texts.CASEFILE_RISK, self.risk),
        ):
            facts.addRow(title, label)

        self.identity_labels: list[QLabel] = []
        identity_form = QFormLayout()
        for index, title in enumerate(
            (texts.CASEFILE_NAME, texts.CASEFILE_ALIAS, texts.CASEFILE_AGE)
        ):
            value = _value_label(f"identity{index}")
            # Not selectable: a copied name would outlive the lock in clipboard history.
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            value.setText(MASK)
            self.identity_labels.append(value)
            identity_form.addRow(title, value)
        self.identity_button = QPushButton(texts.SHOW_IDENTITY)
        self.identity_button.setObjectName("showIdentity")
        self.identity_button.setToolTip(texts.SHOW_IDENTITY_TIP)
        self.identity_button.setEnabled(False)
        self.identity_button.clicked.connect(self._toggle_identity)
        identity_layout = QVBoxLayout()
        identity_layout.addLayout(identity_form)
        identity_layout.addWidget(self.identity_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The identifying case-conference summary (supervisor and assigned workers; the
        # access check runs before any file dialog, and producing it is audited).
        self.conference_button = QPushButton(report_texts.CONFERENCE_PDF)
        self.conference_button.setObjectName("conferencePdf")
        self.conference_button.setToolTip(report_texts.CONFERENCE_PDF_TIP)
        self.conference_button.clicked.connect(self.export_conference)
        conference_row = QHBoxLayout()
        conference_row.addWidget(self.conference_button)
        conference_row.addStretch(1)
        facts.addRow("", conference_row)
        identity_box = QGroupBox(texts.CASEFILE_IDENTITY)
        identity_box.setObjectName("identityBox")
        identity_box.setLayout(identity_layout)

        header = QHBoxLayout()
        header.addLayout(facts, 1)
        header.addWidget(identity_box, 1)

        self.stages = _tree(
            "stages", [texts.COL_STAGE, texts.COL_STATE], stretch=0, widths={1: 150}
        )
        self.deadlines = _tree(
            "deadlines", [texts.COL_STATE, texts.COL_DUE, texts.COL_DEADLINE], stretch=2
        )
        self.history = _tree(
            "history",
            [texts.COL_FIELD, texts.COL_OLD, texts.COL_NEW],
            stretch=2,
            widths={0: 260, 1: 170},
        )
        self.history.setRootIsDecorated(True)
        self.views = _tree("views", [texts.COL_WHEN, texts.COL_WHO, texts.COL_WHAT], stretch=2)

        self._build_referrals()

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(_section(texts.CASEFILE_STAGES, "stagesBox", self.stages))
        top.addWidget(_section(texts.CASEFILE_DEADLINES, "deadlinesBox", self.deadlines))
        top.setStretchFactor(1, 2)
        top.setSizes([440, 660])
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(_section(texts.CASEFILE_HISTORY, "historyBox", self.history))
        bottom.addWidget(_section(texts.CASEFILE_VIEWS, "viewsBox", self.views))
        bottom.setStretchFactor(0, 2)
        bottom.setSizes([680, 420])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseFileTabs")
        self.tabs.addTab(self.services_tab, T.TAB_SERVICES)
        self.tabs.addTab(bottom, T.TAB_HISTORY)
        sections = QSplitter(Qt.Orientation.Vertical)
        sections.addWidget(top)
        sections.addWidget(self.tabs)
        sections.setStretchFactor(1, 3)
        sections.setSizes([200, 420])

        self.feedback = QLabel()
        self.feedback.setObjectName("caseFileFeedback")
        self.feedback.setWordWrap(True)
        set_feedback(self.feedback, texts.CASEFILE_LOADING, "hint")

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(sections, 1)
        layout.addWidget(self.feedback)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lockRequested.emit)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(fitted_size(self, 1280, 720))

        self._load(reveal=False)

    def export_conference(self) -> ConferenceExport | None:
        """Produce the case-conference summary PDF (asks where to save it)."""
        if self._session is None:
            return None
        return export_conference_pdf(self, self._session, self._vault, self.case_id)

    # ------------------------------------------------------------ referrals

    def _build_referrals(self) -> None:
        """Streams with their state; referrals and consents with their actions."""
        self.streams = _tree(
            "streams", [T.COL_STREAM, T.COL_STREAM_STATE], stretch=1, widths={0: 170}
        )
        self.referrals = _tree(
            "referrals",
            [T.COL_INSTITUTION, T.COL_SERVICE, T.COL_STATUS, T.COL_DATES, T.COL_BASIS],
            stretch=0,
            widths={2: 150},
        )
        self.consents = _tree(
            "consents",
            [T.COL_INSTITUTION, T.COL_WHO, T.COL_GIVEN, T.COL_SCOPE, T.COL_STATUS],
            stretch=0,
        )
        # Short minimums: the window must fit 1366×768 at 125 % (the lists scroll).
        for tree in (self.streams, self.referrals, self.consents):
            tree.setMinimumHeight(56)
        self.new_referral_button = QPushButton(T.NEW_REFERRAL)
        self.new_referral_button.setObjectName("newReferral")
        self.new_referral_button.clicked.connect(lambda: self.open_referral())
        self.status_button = QPushButton(T.UPDATE_STATUS)
        self.status_button.setObjectName("updateStatus")
        self.status_button.clicked.connect(lambda: self.open_status())
        self.letter_button = QPushButton(T.LETTER)
        self.letter_button.setObjectName("referralLetter")
        self.letter_button.clicked.connect(lambda: self.make_letter())
        self.withdraw_button = QPushButton(T.WITHDRAW)
        self.withdraw_button.setObjectName("withdrawConsent")
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        for button in (
            self.new_referral_button,
            self.status_button,
            self.letter_button,
            self.withdraw_button,
        ):
            button.setEnabled(False)
        self.referrals.itemSelectionChanged.connect(self._update_actions)
        self.consents.itemSelectionChanged.connect(self._update_actions)
        self.referrals.itemActivated.connect(lambda _item, _col: self.open_status())

        referral_actions = QHBoxLayout()
        for button in (self.new_referral_button, self.status_button, self.letter_button):
            referral_actions.addWidget(button)
        referral_actions.addStretch(1)
        referral_box = QGroupBox(T.REFERRALS)
        referral_box.setObjectName("referralsBox")
        referral_layout = QVBoxLayout(referral_box)
        referral_layout.addWidget(self.referrals)
        referral_layout.addLayout(referral_actions)
        consent_actions = QHBoxLayout()
        consent_actions.addWidget(self.withdraw_button)
        consent_actions.addStretch(1)
        consent_box = QGroupBox(T.CONSENTS)
        consent_box.setObjectName("consentsBox")
        consent_layout = QVBoxLayout(consent_box)
        consent_layout.addWidget(self.consents)
        consent_layout.addLayout(consent_actions)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(referral_box)
        right.addWidget(consent_box)
        right.setSizes([260, 160])
        self.services_tab = QSplitter(Qt.Orientation.Horizontal)
        self.services_tab.setObjectName("servicesTab")
        self.services_tab.addWidget(_section(T.STREAMS, "streamsBox", self.streams))
        self.services_tab.addWidget(right)
        self.services_tab.setStretchFactor(1, 3)
        self.services_tab.setSizes([400, 860])

    def _today(self) -> date:
        return (self._now or datetime.now()).astimezone(self._zone).date()

    def _directory(self) -> Directory | None:
        try:
            return load_directory(self._data_dir)
        except FieldcaseError as error:
            set_feedback(self.feedback, user_message(error), "error")
            return None

    def _selected(self, tree: QTreeWidget) -> int | None:
        items = tree.selectedItems()
        if not items:
            return None
        value = items[0].data(0, Qt.ItemDataRole.UserRole)
        return value if isinstance(value, int) else None

    def _update_actions(self) -> None:
        ready = self._session is not None and self.data is not None
        self.new_referral_button.setEnabled(ready)
        chosen = self._selected(self.referrals)
        self.status_button.setEnabled(ready and chosen is not None)
        open_rows = {r.index for r in (self.data.referral_rows if self.data else ()) if r.open}
        self.letter_button.setEnabled(ready and chosen in open_rows)
        self.withdraw_button.setEnabled(
            ready
            and self._selected(self.consents)
            in {c.index for c in (self.data.consent_rows if self.data else ()) if c.active}
        )

    def _keep(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.destroyed.connect(
            lambda _obj=None, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None
        )
        dialog.open()

    def open_referral(self) -> ReferralDialog | None:
        """The referral dialog for this case (its saves refresh the case file)."""
        session, directory = self._session, self._directory()
        if session is None or directory is None:
            return None
        dialog = ReferralDialog(
            session,
            self._vault,
            self.case_id,
            directory,
            today=self._today(),
            choose_target=lambda parent, name: self.choose_target(parent, name),
            parent=self,
        )
        dialog.referralSaved.connect(lambda _n: self.refresh())
        dialog.consentSaved.connect(lambda _n: self.refresh())
        self._keep(dialog)
        return dialog

    def open_status(self) -> StatusDialog | None:
        chosen = self._selected(self.referrals)
        session = self._session
        if session is None or chosen is None or self.data is None:
            return None
        found = next((r for r in self.data.referrals if r.index == chosen), None)
        if found is None:
            return None
        dialog = StatusDialog(
            session, self._vault, self.case_id, found, today=self._today(), parent=self
        )
        dialog.saved.connect(lambda _n: self.refresh())
        self._keep(dialog)
        return dialog

    def make_letter(self) -> None:
        chosen = self._selected(self.referrals)
        session, directory = self._session, self._directory()
        if session is None or chosen is None or directory is None:
            return
        make_letter(
            self,
            session,
            self._vault,
            self.case_id,
            chosen,
            directory,
            self._today(),
            self.choose_target,
            self.feedback,
            lambda _path: self.refresh(),
        )

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def withdraw(self) -> None:
        chosen = self._selected(self.consents)
        session = self._session
        if session is None or chosen is None:
            return
        if not self.confirm(T.WITHDRAW_TITLE, T.WITHDRAW_ASK.format(what=f"#{chosen}")):
            return
        case_id, today = self.case_id, self._today()
        operation = self._vault.run(
            "referrals.withdraw",
            lambda: withdraw_consent(session, case_id, chosen, today, today),
        )
        operation.succeeded.connect(lambda _r: self.refresh())
        operation.succeeded.connect(lambda _r: set_feedback(self.feedback, T.WITHDRAWN, "ok"))
        operation.failed.connect(
            lambda error: set_feedback(self.feedback, user_message(error), "error")
        )

    # ------------------------------------------------------------ loading

    def _load(self, *, reveal: bool) -> None:
        session = self._session
        if session is None or self._busy:
            return
        self._busy = True
        self.identity_button.setEnabled(False)
        case_id, now, zone = self.case_id, self._now, self._zone

        def job() -> CaseFileData:  # on the vault thread: forms load there too
            return load_case_file(
                session, case_id, _procedure(), _forms(), reveal=reveal, now=now, zone=zone
            )

        operation = self._vault.run("casefile.reveal" if reveal else "casefile.open", job)
        operation.succeeded.connect(self._arrived)
        operation.failed.connect(self._failed)
        operation.finished.connect(self._done)

    def _done(self) -> None:
        self._busy = False
        if self._session is not None and self.data is not None:
            self.identity_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        if self._session is not None:
            set_feedback(self.feedback, user_message(error), "error")

    def _arrived(self, data: CaseFileData) -> None:
        if self._session is None:  # locked meanwhile: show nothing
            return
        if not data.revealed:
            self._masked = data
        self._show(data)
        set_feedback(self.feedback, texts.CASEFILE_LOGGED, "hint")
        self.loaded.emit()

    def _toggle_identity(self) -> None:
        if self.data is not None and self.data.revealed and self._masked is not None:
            # Hide again: the revealed text is dropped; the audit rows stay current.
            self._show(dataclasses.replace(self._masked, views=self.data.views))
            return
        self._load(reveal=True)

    def refresh(self) -> None:
        """Read the case again (it changed); a new read is a new logged view."""
        self._load(reveal=self.revealed)

    @property
    def revealed(self) -> bool:
        return self.data is not None and self.data.revealed

    # ------------------------------------------------------------ showing

    def _show(self, data: CaseFileData) -> None:
        self.data = data
        self.code.setText(data.code)
        self.stage.setText(data.stage)
        self.status.setText(data.status)
        self.region.setText(data.region)
        self.risk.setText(data.risk)
        for label, (_title, value) in zip(self.identity_labels, data.identity, strict=True):
            label.setText(value)
        self.identity_button.setText(texts.HIDE_IDENTITY if data.revealed else texts.SHOW_IDENTITY)

        self.stages.clear()
        for stage in data.stages:
            item = QTreeWidgetItem([stage.label, stage.status])
            tip = f"{stage.label}\n{texts.STAGE_CURRENT}" if stage.current else stage.label
            item.setToolTip(0, tip)
            if stage.current:
                font = QFont()
                font.setBold(True)
                item.setFont(0, font)
                item.setFont(1, font)
            self.stages.addTopLevelItem(item)

        self.deadlines.clear()
        for row in data.deadlines:
            item = QTreeWidgetItem([row.state, row.due, row.label])
            item.setToolTip(2, f"{row.label}\n{row.rule}")
            if row.overdue:
                font = QFont()
                font.setBold(True)
                item.setFont(0, font)
                item.setForeground(0, QBrush(QColor(_OVERDUE_COLOUR)))
            self.deadlines.addTopLevelItem(item)
        if not data.deadlines:
            empty = QTreeWidgetItem([texts.CASEFILE_NO_DEADLINES])
            self.deadlines.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

        self.history.clear()
        for change in data.history:
            parent = QTreeWidgetItem(
                [
                    texts.HISTORY_ENTRY.format(
                        when=change.when, who=change.who, count=len(change.changes)
                    )
                ]
            )
            for field in change.changes:
                child = QTreeWidgetItem([field.label, field.old, f"→ {field.new}"])
                child.setToolTip(0, field.label)
                parent.addChild(child)
            self.history.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
            parent.setExpanded(True)

        self.views.clear()
        for view in data.views:
            self.views.addTopLevelItem(QTreeWidgetItem([view.when, view.who, view.what]))

        self.streams.clear()
        for stream in data.streams:
            self.streams.addTopLevelItem(QTreeWidgetItem([stream.label, stream.status]))
        chosen_referral = self._selected(self.referrals)
        chosen_consent = self._selected(self.consents)
        self.referrals.clear()
        for ref in data.referral_rows:
            item = QTreeWidgetItem([ref.institution, ref.stream, ref.status, ref.dates, ref.basis])
            item.setData(0, Qt.ItemDataRole.UserRole, ref.index)
            item.setToolTip(0, f"{ref.institution}\n{ref.kind}".strip())
            item.setToolTip(2, ref.status)
            item.setToolTip(3, ref.all_dates)
            item.setToolTip(4, ref.basis)
            self.referrals.addTopLevelItem(item)
            if ref.index == chosen_referral:
                item.setSelected(True)
        if not data.referral_rows:
            empty = QTreeWidgetItem([T.NO_REFERRALS])
            self.referrals.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
        self.consents.clear()
        for consent in data.consent_rows:
            item = QTreeWidgetItem(
                [consent.institution, consent.who, consent.given, consent.scope, consent.status]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, consent.index)
            item.setToolTip(0, consent.institution)
            self.consents.addTopLevelItem(item)
            if consent.index == chosen_consent:
                item.setSelected(True)
        if not data.consent_rows:
            empty = QTreeWidgetItem([T.NO_CONSENTS])
            self.consents.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
        self._update_actions()

    # ------------------------------------------------------------ locking

    def clear(self) -> None:
        """Drop every value read from the vault; the window is useless afterwards."""
        self._session = None
        self.data = None
        self._masked = None
        for label in (self.code, self.stage, self.status, self.region, self.risk):
            label.clear()
        for label in self.identity_labels:
            label.setText(MASK)
        # Every dialog opened from here (referral, consent, status), nested ones first.
        for dialog in reversed(self.findChildren(QDialog)):
            dialog.close()
        self._dialogs.clear()
        for tree in (
            self.stages,
            self.deadlines,
            self.history,
            self.views,
            self.streams,
            self.referrals,
            self.consents,
        ):
            tree.clear()
        self.feedback.clear()
        self.identity_button.setEnabled(False)
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear()
        super().closeEvent(event)


class CaseFileLauncher(QObject):
    """The main window's "Open" action: one case-file window per case, closed on lock."""

    opened = Signal(object)
    #: Ctrl+L in a case-file window.
    lockRequested = Signal()

    def __init__(
        self,
        window: QWidget,
        session: Session,
        vault: Vault | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._data_dir = data_dir
        self._session: Session | None = session
        self._vault: Vault = vault if vault is not None else InlineVault(self)
        self.windows: dict[str, CaseFileWindow] = {}
        i18n.add_listener(self._language_changed)

    def _language_changed(self, _language: i18n.Language) -> None:
        """Open case files are rebuilt in the new language, where they stood on screen.

        Rebuilding reads the case again, so the audit log records a new opening;
        the identity is masked again (revealing it is a separate, logged act).
        """
        if self._session is None:
            return
        for case_id, window in list(self.windows.items()):
            geometry = window.geometry()
            window.clear()
            window.close()
            self.windows.pop(case_id, None)
            reopened = self.open(case_id)
            if reopened is not None:
                reopened.setGeometry(geometry)

    def open(self, case_id: str) -> CaseFileWindow | None:
        session = self._session
        if session is None:
            return None
        existing = self.windows.get(case_id)
        if existing is not None:
            existing.showNormal()
            existing.activateWindow()
            return existing
        window = CaseFileWindow(
            session, case_id, self._vault, self._window, data_dir=self._data_dir
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _obj=None, key=case_id: self._forget(key, window))
        window.lockRequested.connect(self.lockRequested)
        self.windows[case_id] = window
        window.show()
        self.opened.emit(window)
        return window

    def _forget(self, case_id: str, window: CaseFileWindow) -> None:
        # Only this window's entry: after a language switch a newer window of the
        # same case may already be registered when the old one is finally deleted.
        if self.windows.get(case_id) is window:
            del self.windows[case_id]

    def refresh(self, case_id: str | None = None) -> None:
        """Re-read the open case file of ``case_id`` (all of them when None): it changed."""
        for key, window in list(self.windows.items()):
            if case_id is None or key == case_id:
                window.refresh()

    def close_all(self) -> None:
        self._session = None
        for window in list(self.windows.values()):
            window.clear()
            window.close()
        self.windows.clear()

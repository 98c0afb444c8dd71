"""The referral, consent and status dialogs of a case file.

Why the consent state is shown inline and re-checked on save: a worker
must see *before* sending that this recipient has no consent (and how to
record it), but the vault job that writes the referral checks again in the
same transaction (:func:`fieldcase.referrals.service.create_referral`), so
a consent withdrawn on another laptop and synced meanwhile still blocks.

Everything the dialogs read or write goes through the vault thread
(``vault.run``); they hold only codes, dates and directory data, never the
child's identity. Keyboard: every field has a mnemonic, Enter triggers the
primary button, Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
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

from fieldcase import i18n
from fieldcase.forms import builtin_forms
from fieldcase.i18n import pick
from fieldcase.referrals.catalog import (
    LEGAL_BASES,
    REGION_LABELS,
    STREAM_BY_ID,
    STREAMS,
    TYPE_BY_ID,
    region_id,
)
from fieldcase.referrals.directory import Directory, Institution
from fieldcase.referrals.records import (
    CONSENT_ACTIVE,
    TRANSITIONS,
    Consent,
    Referral,
    Status,
    consents,
)
from fieldcase.referrals.rules import (
    WRITTEN_ONLY,
    ConsentInput,
    active_consent,
    age_group,
    age_years,
)
from fieldcase.referrals.service import (
    MEDIATION,
    ReferralInput,
    create_referral,
    mediation_allowed,
    record_consent,
    status_bases,
    update_status,
)
from fieldcase.ui.caselist import case_code
from fieldcase.ui.operations import user_message
from fieldcase.ui.referrals import letterpdf
from fieldcase.ui.referrals.strings import T, status_text
from fieldcase.ui.style import make_primary, set_feedback
from fieldcase.ui.wizard.wizard import Vault
from fieldcase.vault.session import Session

#: Asks where to save a PDF (a file dialog; tests give a fixed path). None: cancelled.
ChooseTarget = Callable[[QWidget, str], Path | None]


def ask_target(parent: QWidget, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent, T.LETTER_SAVE, str(Path.home() / suggested), T.PDF_FILTER
    )
    return Path(name) if name else None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(today: date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(today))
    edit.setObjectName(name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(_qdate(today))
    return edit


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


@dataclass(frozen=True)
class CaseSnapshot:
    """What the referral dialog needs of the case: no identity, only codes."""

    region: str | None
    age_group: str | None
    consents: tuple[Consent, ...]
    mediation: bool


def load_snapshot(session: Session, case_id: str, today: date) -> CaseSnapshot:
    fields = session.cases.read(case_id)
    return CaseSnapshot(
        region_id(fields.get("wilayah")),
        age_group(age_years(fields, today)),
        tuple(consents(fields)),
        mediation_allowed(fields),
    )


def _purpose_choices(stream_id: str) -> list[tuple[str, str]]:
    form = builtin_forms().get(STREAM_BY_ID[stream_id].form_id)
    if form is None or "tujuan_rujukan" not in form:
        return []
    return [
        (c.name, c.label.get(i18n.current()) or c.name)
        for c in form.choices_for(form.question("tujuan_rujukan"))
    ]


# ---------------------------------------------------------------------- consent


def _save_row(
    dialog: QDialog, name: str, save_text: str, on_save: Callable[[], None]
) -> tuple[QLabel, QPushButton, QHBoxLayout]:
    """A dialog's feedback line and its Cancel / Save row (Save is the default, Enter).

    ``name`` gives the object names tests and screen readers use:
    ``<name>Feedback`` and ``save<Name>``.
    """
    feedback = QLabel()
    feedback.setObjectName(f"{name}Feedback")
    feedback.setWordWrap(True)
    feedback.setVisible(False)
    save = QPushButton(save_text)
    save.setObjectName(f"save{name[:1].upper()}{name[1:]}")
    save.setDefault(True)
    make_primary(save)
    save.clicked.connect(on_save)
    cancel = QPushButton(T.CANCEL)
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(cancel)
    buttons.addWidget(save)
    return feedback, save, buttons


class ConsentDialog(QDialog):
    """Records consent to share with one institution (who agreed, how, when, scope)."""

    saved = Signal(int)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        case_id: str,
        institution: Institution,
        group: str | None,
        stream: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(T.CONSENT_TITLE.format(name=institution.name))
        self._session, self._vault, self._case_id = session, vault, case_id
        self._institution, self._today = institution, today
        rule = {
            "0_5": T.CONSENT_RULE_0_5,
            "6_11": T.CONSENT_RULE_6_11,
            "12_14": T.CONSENT_RULE_12_14,
            "15_17": T.CONSENT_RULE_15_17,
        }.get(group or "", T.CONSENT_RULE_UNKNOWN)
        self.rule = QLabel(rule)
        self.rule.setObjectName("consentRule")
        self.rule.setWordWrap(True)
        answers = [
            ("diberikan", T.ANSWER_GIVEN),
            ("ditolak", T.ANSWER_REFUSED),
            ("tidak_diminta", T.ANSWER_NOT_ASKED),
        ]
        self.child = QComboBox()
        self.child.setObjectName("childAnswer")
        self.adult = QComboBox()
        self.adult.setObjectName("adultAnswer")
        for combo in (self.child, self.adult):
            for code, text in answers:
                combo.addItem(text, code)
        if group == "0_5":
            self.child.setCurrentIndex(2)
        self.giver = QComboBox()
        self.giver.setObjectName("giver")
        for code, text in (
            ("orang_tua", T.GIVER_PARENT),
            ("wali", T.GIVER_GUARDIAN),
            ("orang_dewasa_tepercaya", T.GIVER_TRUSTED),
        ):
            self.giver.addItem(text, code)
        self.mature = QCheckBox(T.MATURE)
        self.mature.setObjectName("mature")
        self.mature.setVisible(group == "15_17")
        self.form = QComboBox()
        self.form.setObjectName("consentForm")
        self.form.addItem(T.FORM_WRITTEN, "tertulis")
        self.form.addItem(T.FORM_VERBAL, "lisan")
        self.given_on = _date_edit(today, "givenOn")
        self.scope = QListWidget()
        self.scope.setObjectName("scope")
        self.scope.setMaximumHeight(150)
        for item_stream in STREAMS:
            item = QListWidgetItem(item_stream.text())
            item.setData(Qt.ItemDataRole.UserRole, item_stream.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = item_stream.id == stream
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.scope.addItem(item)

        form = QFormLayout()
        form.addRow(_label(T.CHILD_ANSWER, self.child), self.child)
        form.addRow(_label(T.ADULT_ANSWER, self.adult), self.adult)
        form.addRow(_label(T.GIVER, self.giver), self.giver)
        form.addRow("", self.mature)
        form.addRow(_label(T.FORM, self.form), self.form)
        form.addRow(_label(T.GIVEN_ON, self.given_on), self.given_on)
        form.addRow(_label(T.SCOPE, self.scope), self.scope)
        self.feedback, self.save_button, buttons = _save_row(
            self, "consent", T.SAVE_CONSENT, self.save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def entry(self) -> ConsentInput:
        scope = tuple(
            str(self.scope.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.scope.count())
            if self.scope.item(i).checkState() == Qt.CheckState.Checked
        )
        return ConsentInput(
            institution_id=self._institution.id,
            institution_name=self._institution.name,
            institution_type=self._institution.type,
            child=str(self.child.currentData()),
            caregiver=str(self.adult.currentData()),
            giver=str(self.giver.currentData()),
            form=str(self.form.currentData()),
            given_on=_pydate(self.given_on.date()),
            scope=scope,
            mature=self.mature.isChecked(),
        )

    def save(self) -> None:
        entry, session, case_id, today = self.entry(), self._session, self._case_id, self._today
        self.save_button.setEnabled(False)
        operation = self._vault.run(
            "referrals.consent", lambda: record_consent(session, case_id, entry, today)
        )
        operation.succeeded.connect(self._saved)
        operation.failed.connect(
            lambda error: set_feedback(self.feedback, user_message(error), "error")
        )
        operation.finished.connect(lambda: self.save_button.setEnabled(True))

    def _saved(self, index: int) -> None:
        self.saved.emit(index)
        self.accept()


# ---------------------------------------------------------------------- referral


class ReferralDialog(QDialog):
    """Pick an institution, purpose and service; check consent; send; make the letter."""

    #: A referral (its number) was saved: the case file re-reads the case.
    referralSaved = Signal(int)
    consentSaved = Signal(int)
    letterSaved = Signal(object)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        case_id: str,
        directory: Directory,
        *,
        today: date | None = None,
        choose_target: ChooseTarget = ask_target,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self.setWindowTitle(T.REFER_TITLE.format(code=case_code(case_id)))
        self._session, self._vault, self.case_id = session, vault, case_id
        self._directory = directory
        self._today = today or date.today()
        self._choose_target = choose_target
        self.snapshot: CaseSnapshot | None = None
        self.saved_index: int | None = None

        self.region = QComboBox()
        self.region.setObjectName("region")
        for region in directory.regions():
            self.region.addItem(REGION_LABELS[region], region)
        self.kind = QComboBox()
        self.kind.setObjectName("institutionType")
        self.institution = QComboBox()
        self.institution.setObjectName("institution")
        self.placeholder_note = QLabel(T.PLACEHOLDER_NOTE)
        self.placeholder_note.setObjectName("placeholderNote")
        self.placeholder_note.setWordWrap(True)
        self.stream = QComboBox()
        self.stream.setObjectName("stream")
        for stream in STREAMS:
            self.stream.addItem(stream.text(), stream.id)
        self.purposes = QListWidget()
        self.purposes.setObjectName("purposes")
        self.purposes.setMinimumHeight(120)
        self.purposes.setMaximumHeight(170)
        self.needs = QLineEdit()
        self.needs.setObjectName("needs")
        self.needs.setPlaceholderText(T.NEEDS_HINT)
        self.needs.setMaxLength(300)
        self.sent_on = _date_edit(self._today, "sentOn")

        self.consent_state = QLabel()
        self.consent_state.setObjectName("consentState")
        self.consent_state.setWordWrap(True)
        self.record_consent_button = QPushButton(T.RECORD_CONSENT)
        self.record_consent_button.setObjectName("recordConsent")
        self.record_consent_button.clicked.connect(self.open_consent)
        self.mandatory = QCheckBox(T.MANDATORY)
        self.mandatory.setObjectName("mandatory")
        self.legal_basis = QComboBox()
        self.legal_basis.setObjectName("legalBasis")
        for code, pair in LEGAL_BASES.items():
            self.legal_basis.addItem(pick(*pair), code)
        self.legal_other = QLineEdit()
        self.legal_other.setObjectName("legalOther")
        self.legal_other.setPlaceholderText(T.LEGAL_OTHER)
        self.legal_other.setMaxLength(200)

        form = QFormLayout()
        form.addRow(_label(T.REGION, self.region), self.region)
        form.addRow(_label(T.TYPE, self.kind), self.kind)
        form.addRow(_label(T.INSTITUTION, self.institution), self.institution)
        form.addRow("", self.placeholder_note)
        form.addRow(_label(T.STREAM, self.stream), self.stream)
        form.addRow(_label(T.PURPOSES, self.purposes), self.purposes)
        form.addRow(_label(T.NEEDS, self.needs), self.needs)
        form.addRow(_label(T.SENT_ON, self.sent_on), self.sent_on)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_state, 1)
        consent_row.addWidget(self.record_consent_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(T.CONSENT, consent_row)
        form.addRow("", self.mandatory)
        basis_row = QHBoxLayout()
        basis_row.addWidget(self.legal_basis, 1)
        basis_row.addWidget(self.legal_other, 1)
        self.legal_label = _label(T.LEGAL_BASIS, self.legal_basis)
        form.addRow(self.legal_label, basis_row)

        self.feedback = QLabel()
        self.feedback.setObjectName("referralFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setVisible(False)
        self.send_button = QPushButton(T.SEND)
        self.send_button.setObjectName("sendReferral")
        self.send_button.setDefault(True)
        make_primary(self.send_button)
        self.send_button.clicked.connect(self.send)
        self.letter_button = QPushButton(T.LETTER)
        self.letter_button.setObjectName("makeLetter")
        self.letter_button.setEnabled(False)
        self.letter_button.clicked.connect(self.make_letter)
        close = QPushButton(T.CLOSE)
        close.setObjectName("closeReferral")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.letter_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.setMinimumWidth(720)

        self.region.currentIndexChanged.connect(lambda _i: self._fill_types())
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_institutions())
        self.institution.currentIndexChanged.connect(lambda _i: self._institution_changed())
        self.stream.currentIndexChanged.connect(lambda _i: self._stream_changed())
        self.mandatory.toggled.connect(lambda _on: self._update_consent())
        self.legal_basis.currentIndexChanged.connect(lambda _i: self._update_consent())
        self._fill_types()
        self._stream_changed()
        self._update_consent()
        self._reload()

    # ------------------------------------------------------------ choices

    def chosen(self) -> Institution | None:
        found = self.institution.currentData()
        return self._directory.get(found) if isinstance(found, str) else None

    def select(self, region: str, type_: str, institution_id: str | None = None) -> None:
        """Pick region, type and (first or given) institution, as a person would."""
        self.region.setCurrentIndex(self.region.findData(region))
        self.kind.setCurrentIndex(self.kind.findData(type_))
        if institution_id is not None:
            self.institution.setCurrentIndex(self.institution.findData(institution_id))

    def _fill_types(self) -> None:
        region = self.region.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for type_ in self._directory.types_in(str(region)):
            self.kind.addItem(TYPE_BY_ID[type_].text(), type_)
        self.kind.blockSignals(False)
        self._fill_institutions()

    def _fill_institutions(self) -> None:
        self.institution.blockSignals(True)
        self.institution.clear()
        for item in self._directory.find(str(self.region.currentData()), self.kind.currentData()):
            self.institution.addItem(("⚠ " if item.placeholder else "") + item.name, item.id)
        self.institution.blockSignals(False)
        self._institution_changed()

    def _institution_changed(self) -> None:
        chosen = self.chosen()
        self.placeholder_note.setVisible(chosen is not None and chosen.placeholder)
        if chosen is not None:
            preferred = TYPE_BY_ID[chosen.type].streams[0]
            self.stream.setCurrentIndex(self.stream.findData(preferred))
        self._update_consent()

    def _stream_changed(self) -> None:
        self.purposes.clear()
        stream_id = str(self.stream.currentData())
        allow_mediation = self.snapshot is not None and self.snapshot.mediation
        for code, text in _purpose_choices(stream_id):
            if code == MEDIATION and not allow_mediation:
                continue
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.purposes.addItem(item)
        self._update_consent()

    def check_purpose(self, code: str) -> None:
        for i in range(self.purposes.count()):
            item = self.purposes.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked)

    def _purposes(self) -> tuple[str, ...]:
        return tuple(
            str(self.purposes.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.purposes.count())
            if self.purposes.item(i).checkState() == Qt.CheckState.Checked
        )

    # ------------------------------------------------------------ consent

    def _reload(self) -> None:
        session, case_id, today = self._session, self.case_id, self._today
        operation = self._vault.run(
            "referrals.snapshot", lambda: load_snapshot(session, case_id, today)
        )
        operation.succeeded.connect(self._snapshot_arrived)
        operation.failed.connect(
            lambda error: set_feedback(self.feedback, user_message(error), "error")
        )

    def _snapshot_arrived(self, snapshot: CaseSnapshot) -> None:
        first = self.snapshot is None
        self.snapshot = snapshot
        if first and snapshot.region and self.region.findData(snapshot.region) >= 0:
            self.region.setCurrentIndex(self.region.findData(snapshot.region))
        if first:
            self._stream_changed()
        self._update_consent()

    def _update_consent(self) -> None:
        mandatory = self.mandatory.isChecked()
        self.legal_basis.setEnabled(mandatory)
        self.legal_other.setEnabled(mandatory and self.legal_basis.currentData() == "lainnya")
        self.record_consent_button.setEnabled(not mandatory and self.chosen() is not None)
        if mandatory:
            set_feedback(self.consent_state, T.CONSENT_NOT_NEEDED, "hint")
            return
        chosen, snapshot = self.chosen(), self.snapshot
        if chosen is None or snapshot is None:
            set_feedback(self.consent_state, T.CONSENT_MISSING, "error")
            return
        fields = _consent_fields(snapshot.consents)
        stream = str(self.stream.currentData())
        found = active_consent(fields, chosen.id, stream)
        if found is not None and not (stream in WRITTEN_ONLY and found.form != "tertulis"):
            form = T.FORM_WRITTEN if found.form == "tertulis" else T.FORM_VERBAL
            day = found.given_on.strftime("%d/%m/%Y") if found.given_on else "—"
            set_feedback(self.consent_state, T.CONSENT_OK.format(form=form, day=day), "ok")
        elif any(
            c.institution_id == chosen.id and c.status != CONSENT_ACTIVE for c in snapshot.consents
        ):
            set_feedback(self.consent_state, T.CONSENT_WITHDRAWN, "error")
        else:
            set_feedback(self.consent_state, T.CONSENT_MISSING, "error")

    def open_consent(self) -> ConsentDialog | None:
        chosen = self.chosen()
        if chosen is None:
            return None
        dialog = ConsentDialog(
            self._session,
            self._vault,
            self.case_id,
            chosen,
            self.snapshot.age_group if self.snapshot else None,
            str(self.stream.currentData()),
            self._today,
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.consentSaved)
        dialog.saved.connect(lambda _i: self._reload())
        dialog.open()
        return dialog

    # ------------------------------------------------------------ saving

    def send(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        mandatory = self.mandatory.isChecked()
        entry = ReferralInput(
            institution=chosen,
            stream=STREAM_BY_ID[str(self.stream.currentData())],
            purposes=self._purposes(),
            purpose_other=self.needs.text(),
            sent_on=_pydate(self.sent_on.date()),
            legal_basis=str(self.legal_basis.currentData()) if mandatory else None,
            legal_basis_other=self.legal_other.text() if mandatory else "",
        )
        session, case_id, today = self._session, self.case_id, self._today
        self.send_button.setEnabled(False)
        operation = self._vault.run(
            "referrals.create", lambda: create_referral(session, case_id, entry, today)
        )
        operation.succeeded.connect(self._sent)
        operation.failed.connect(self._send_failed)

    def _send_failed(self, error: BaseException) -> None:
        self.send_button.setEnabled(True)
        set_feedback(self.feedback, user_message(error), "error")

    def _sent(self, index: int) -> None:
        self.saved_index = index
        set_feedback(self.feedback, T.SENT_OK.format(n=index), "ok")
        self.letter_button.setEnabled(True)
        self.letter_button.setDefault(True)
        self.letter_button.setFocus()
        self.referralSaved.emit(index)

    def make_letter(self) -> None:
        if self.saved_index is not None:
            make_letter(
                self,
                self._session,
                self._vault,
                self.case_id,
                self.saved_index,
                self._directory,
                self._today,
                self._choose_target,
                self.feedback,
                self.letterSaved.emit,
            )


def _consent_fields(found: tuple[Consent, ...]) -> dict[str, object]:
    """Consent records back as fields, so the rules module answers the inline check."""
    fields: dict[str, object] = {}
    for c in found:
        prefix = f"persetujuan_berbagi[{c.index}]."
        fields[prefix + "id_lembaga"] = c.institution_id
        fields[prefix + "status_persetujuan"] = c.status
        fields[prefix + "cakupan"] = list(c.scope)
        fields[prefix + "bentuk_persetujuan"] = c.form
        if c.given_on:
            fields[prefix + "tanggal_persetujuan"] = c.given_on.isoformat()
    return fields


def make_letter(
    parent: QWidget,
    session: Session,
    vault: Vault,
    case_id: str,
    index: int,
    directory: Directory,
    today: date,
    choose_target: ChooseTarget,
    feedback: QLabel,
    done: Callable[[Path], None],
) -> None:
    """Build the letter (vault), render it (UI), ask where, write + audit (vault)."""
    operation = vault.run(
        "referrals.letter",
        lambda: letterpdf.prepare_letter(session, case_id, index, directory, today),
    )

    def prepared(job: letterpdf.LetterJob) -> None:
        if not shiboken6.isValid(feedback):
            return  # the dialog was closed meanwhile (or the app locked): ask nothing
        target = choose_target(parent, letterpdf.default_name(case_id, index))
        if target is None:
            return
        pdf, pages = letterpdf.render_pdf(job.letter)
        saving = vault.run(
            "referrals.letter.save",
            lambda: letterpdf.save_letter(session, case_id, job, pdf, pages, target),
        )

        def saved(path: Path) -> None:
            if shiboken6.isValid(feedback):  # the letter is written either way
                set_feedback(feedback, T.LETTER_OK.format(name=Path(path).name), "ok")
                done(Path(path))

        saving.succeeded.connect(saved)
        saving.failed.connect(lambda error: set_feedback(feedback, user_message(error), "error"))

    operation.succeeded.connect(prepared)
    operation.failed.connect(lambda error: set_feedback(feedback, user_message(error), "error"))


# ---------------------------------------------------------------------- status


class StatusDialog(QDialog):
    """Moves one referral on: accepted, declined (reason required), completed."""

    saved = Signal(int)

    def __init__(
        self,
        session: Session,
        vault: Vault,
        case_id: str,
        found: Referral,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusDialog")
        self._session, self._vault, self._case_id = session, vault, case_id
        self._referral = found
        self._today = today or date.today()
        self._bases: dict[str, str] | None = None
        self.setWindowTitle(T.STATUS_TITLE.format(n=found.index, name=found.institution_name))
        current = found.status or Status.SENT
        now = QLabel(T.STATUS_NOW.format(status=status_text(current.value)))
        now.setObjectName("statusNow")
        self.new_status = QComboBox()
        self.new_status.setObjectName("newStatus")
        order = [Status.ACCEPTED, Status.DECLINED, Status.COMPLETED]
        for status in order:
            if status in TRANSITIONS[current]:
                self.new_status.addItem(status_text(status.value), status.value)
        self.on = _date_edit(self._today, "statusOn")
        sent = found.dates.get(Status.SENT)
        if sent is not None:
            self.on.setMinimumDate(_qdate(sent))
        self.reason = QLineEdit()
        self.reason.setObjectName("declineReason")
        self.reason.setPlaceholderText(T.REASON_HINT)
        self.reason.setMaxLength(300)
        self.reason_label = _label(T.REASON, self.reason)
        form = QFormLayout()
        form.addRow(now)
        form.addRow(_label(T.NEW_STATUS, self.new_status), self.new_status)
        form.addRow(_label(T.STATUS_ON, self.on), self.on)
        form.addRow(self.reason_label, self.reason)
        self.feedback, self.save_button, buttons = _save_row(
            self, "status", T.SAVE_STATUS, self.save
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        if self.new_status.count() == 0:
            set_feedback(self.feedback, T.FINAL.format(status=status_text(current.value)), "hint")
            self.save_button.setEnabled(False)
        self.new_status.currentIndexChanged.connect(lambda _i: self._toggle_reason())
        self._toggle_reason()
        index = found.index
        loading = vault.run("referrals.bases", lambda: status_bases(session, case_id, index))
        loading.succeeded.connect(lambda bases: setattr(self, "_bases", bases))

    def _toggle_reason(self) -> None:
        declined = self.new_status.currentData() == Status.DECLINED.value
        self.reason.setEnabled(declined)
        self.reason_label.setEnabled(declined)

    def choose(self, status: Status) -> None:
        self.new_status.setCurrentIndex(self.new_status.findData(status.value))

    def save(self) -> None:
        if self.new_status.currentData() is None:
            return
        new = Status(str(self.new_status.currentData()))
        on, reason = _pydate(self.on.date()), self.reason.text()
        session, case_id, index, today = (
            self._session,
            self._case_id,
            self._referral.index,
            self._today,
        )
        bases = self._bases
        self.save_button.setEnabled(False)
        operation = self._vault.run(
            "referrals.status",
            lambda: update_status(session, case_id, index, new, on, today, reason, base=bases),
        )
        operation.succeeded.connect(lambda _result: self._saved(index))
        operation.failed.connect(self._failed)

    def _saved(self, index: int) -> None:
        self.saved.emit(index)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        set_feedback(self.feedback, user_message(error), "error")

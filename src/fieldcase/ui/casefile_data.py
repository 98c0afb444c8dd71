"""What the case file shows, built on the vault thread as display text.

Why display text and not raw fields: the window then never holds a child's
identifying values unless a person asked to see them. :func:`load_case_file`
runs as a vault job; with ``reveal=False`` every identifying value (name,
alias, age, date of birth, free text) is replaced by :data:`MASK` *here*,
before anything reaches the UI thread.

Why "identifying" is an allow-list: a value is shown while masked only when
it is a known choice (``CHOICES`` of the de-identified export), the region,
the assigned worker, or a date/time of the case (not the date of birth).
Anything else — including a field a custom form adds later — is masked.

Logging (PROCEDURE.md "Consent, assent, confidentiality": every view of a
case is logged): opening the case file reads it through
``Session.view_case`` (one "view" entry); revealing the identity reads it
again and appends a second "view" entry with ``identity: true``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from fieldcase import i18n
from fieldcase.core.changes import Change, JsonValue, encode_json
from fieldcase.core.deadlines import DeadlineState, DeadlineStatus, Zone, format_local
from fieldcase.core.procedure import Procedure
from fieldcase.forms.model import Form, Question, QuestionType
from fieldcase.i18n import Texts, pick
from fieldcase.referrals import records as referral_records
from fieldcase.referrals.catalog import LEGAL_BASES, STREAM_BY_ID, STREAMS, TYPE_BY_ID
from fieldcase.reports.deidentify import CHOICES
from fieldcase.ui import texts
from fieldcase.ui.caselist import case_code
from fieldcase.ui.valuelabels import value_label
from fieldcase.ui.wizard import display
from fieldcase.vault import database
from fieldcase.vault.session import Session

MASK = "••••"
#: Before the current stage's label in the timeline.
CURRENT_MARK = "➤"


def identity_fields() -> tuple[tuple[str, str], ...]:
    """The child's identity in the header: (field, label in the current language)."""
    return (
        ("nama", texts.CASEFILE_NAME),
        ("nama_panggilan", texts.CASEFILE_ALIAS),
        ("umur", texts.CASEFILE_AGE),
    )


#: Never shown while masked, whatever their type.
_ALWAYS_MASKED = frozenset({"nama", "nama_panggilan", "umur", "tanggal_lahir", "no_akta"})
#: Shown while masked (non-identifying codes).
_SAFE_NAMES = frozenset(CHOICES) | {"wilayah", "petugas"}
_SAFE_TYPES = frozenset({QuestionType.DATE, QuestionType.DATETIME, QuestionType.ACKNOWLEDGE})
_CHOICE_TYPES = frozenset({QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE})

#: Words of the referral sections (fieldcase.i18n: resolved when the case file is built).
T = Texts(
    STREAM_NONE=("○ belum dirujuk", "○ not referred"),
    STREAM_OPEN=("▶ {status} ({n})", "▶ {status} ({n})"),
    STREAM_DONE=("✓ selesai", "✓ completed"),
    STREAM_DECLINED=("⚠ ditolak: rujuk ulang", "⚠ declined: refer again"),
    BASIS_CONSENT=("Persetujuan #{n}", "Consent #{n}"),
    BASIS_MANDATORY=("Wajib: {basis}", "Mandatory: {basis}"),
    REASON=("alasan: {reason}", "reason: {reason}"),
    CONSENT_ACTIVE=("✓ berlaku", "✓ in force"),
    CONSENT_WITHDRAWN=("✗ ditarik {day}", "✗ withdrawn {day}"),
    CHILD=("anak", "child"),
    ADULT_orang_tua=("orang tua", "parent"),
    ADULT_wali=("wali", "guardian"),
    ADULT_orang_dewasa_tepercaya=("orang dewasa tepercaya", "trusted adult"),
    FORM_tertulis=("tertulis", "written"),
    FORM_lisan=("lisan", "verbal"),
    STATUS_dikirim=("Dikirim", "Sent"),
    STATUS_diterima=("Diterima", "Accepted"),
    STATUS_ditolak=("Ditolak", "Declined"),
    STATUS_selesai=("Selesai", "Completed"),
    FIELD_CONSENT=("Persetujuan berbagi #{n}: {name}", "Consent to share #{n}: {name}"),
    FIELD_REFERRAL=("Rujukan #{n}: {name}", "Referral #{n}: {name}"),
)
#: Labels of record fields that no form question carries (history view).
_RECORD_LABELS = Texts(
    id_lembaga=("lembaga (direktori)", "institution (directory)"),
    jenis_lembaga=("jenis lembaga", "institution type"),
    wilayah_lembaga=("wilayah lembaga", "institution's region"),
    nomor_persetujuan=("nomor persetujuan", "consent number"),
    dasar_hukum_lainnya=("aturan lain", "other rule"),
    lembaga=("lembaga", "institution"),
    kelompok_umur=("kelompok umur", "age group"),
    persetujuan_anak=("anak", "child"),
    persetujuan_pengasuh=("orang tua / wali", "parent / guardian"),
    pemberi_persetujuan=("siapa orang dewasanya", "which adult"),
    anak_cukup_matang=("anak cukup matang", "child mature enough"),
    bentuk_persetujuan=("bentuk", "form"),
    tanggal_persetujuan=("tanggal", "date"),
    cakupan=("cakupan", "scope"),
    status_persetujuan=("status", "status"),
    tanggal_ditarik=("tanggal ditarik", "date withdrawn"),
)
#: Referral and consent record fields that hold codes, dates or directory data only.
_RECORD_SAFE = frozenset(
    {
        "layanan_rujukan",
        "id_lembaga",
        "lembaga_penerima",
        "jenis_lembaga",
        "wilayah_lembaga",
        "tujuan_rujukan",
        "dasar_berbagi_informasi",
        "dasar_hukum_pemberitahuan",
        "nomor_persetujuan",
        "referensi_persetujuan",
        "status_rujukan",
        "tanggal_dikirim",
        "tanggal_diterima",
        "tanggal_ditolak",
        "tanggal_selesai",
        "lembaga",
        "kelompok_umur",
        "persetujuan_anak",
        "persetujuan_pengasuh",
        "pemberi_persetujuan",
        "anak_cukup_matang",
        "bentuk_persetujuan",
        "tanggal_persetujuan",
        "cakupan",
        "status_persetujuan",
        "tanggal_ditarik",
    }
)

#: The case fields the procedure keeps outside any form question.
_CASE_FIELDS = frozenset({"tahap", "status", "wilayah", "tingkat_risiko", "petugas"})
#: Which case-list column's words a case field uses (ui/valuelabels.py).
_CASE_FIELD_COLUMN = {"tahap": "stage", "tingkat_risiko": "risk", "wilayah": "region"}


def _case_field_label(path: str) -> str:
    """Labels of the case fields outside any form, in the current language."""
    labels = {
        "tahap": texts.CASEFILE_STAGE,
        "status": texts.CASEFILE_STATUS,
        "wilayah": texts.CASEFILE_REGION,
        "tingkat_risiko": texts.CASEFILE_RISK,
        "petugas": texts.columns()[5][0],
    }
    return labels.get(path, path)


def _state_text(state: DeadlineState) -> str:
    """A deadline's state as text with its symbol (never colour alone)."""
    return {
        DeadlineState.OVERDUE: texts.DEADLINE_OVERDUE,
        DeadlineState.DUE_SOON: texts.DEADLINE_DUE_SOON,
        DeadlineState.PENDING: texts.DEADLINE_PENDING,
        DeadlineState.NOT_STARTED: texts.DEADLINE_NOT_STARTED,
        DeadlineState.MET: texts.DEADLINE_MET,
    }[state]


@dataclass(frozen=True)
class StageRow:
    label: str
    status: str
    current: bool


@dataclass(frozen=True)
class DeadlineRow:
    label: str
    due: str
    state: str
    overdue: bool
    rule: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    who: str
    when: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ViewRow:
    who: str
    when: str
    what: str


@dataclass(frozen=True)
class StreamRow:
    label: str
    status: str


@dataclass(frozen=True)
class ReferralRow:
    index: int
    institution: str
    stream: str
    status: str
    dates: str
    basis: str
    open: bool
    #: The institution type, for the tooltip.
    kind: str = ""
    #: Every status date, for the tooltip.
    all_dates: str = ""


@dataclass(frozen=True)
class ConsentRow:
    index: int
    institution: str
    who: str
    given: str
    scope: str
    status: str
    active: bool


@dataclass(frozen=True)
class CaseFileData:
    """Everything the window shows, as text; identifying values only if ``revealed``."""

    case_id: str
    code: str
    stage: str
    status: str
    region: str
    risk: str
    revealed: bool
    #: (label, value) of the child's identity; values are MASK unless revealed.
    identity: tuple[tuple[str, str], ...]
    stages: tuple[StageRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    history: tuple[HistoryRow, ...]
    views: tuple[ViewRow, ...]
    streams: tuple[StreamRow, ...] = ()
    referral_rows: tuple[ReferralRow, ...] = ()
    consent_rows: tuple[ConsentRow, ...] = ()
    #: The referral records themselves (codes and dates; free text dropped unless
    #: revealed), for the status dialog.
    referrals: tuple[referral_records.Referral, ...] = ()


# ------------------------------------------------------------------ helpers


def both(id_text: str, en_text: str) -> str:
    """A label of the procedure or a form in the app's current language.

    (Once both languages side by side; the app now switches languages at
    run time, and two languages made every column too wide at 1366 px.)
    """
    return pick(id_text, en_text or id_text)


def _local(moment: datetime, zone: tzinfo | None) -> str:
    return display.format_datetime(moment.astimezone(zone or display.local_zone()))


def _hlc_time(hlc: str, zone: tzinfo | None) -> str:
    try:
        ms = int(hlc.split(".", 1)[0])
    except ValueError:
        return texts.PLACEHOLDER
    return _local(datetime.fromtimestamp(ms / 1000, tz=UTC), zone)


def _iso_time(ts: str, zone: tzinfo | None) -> str:
    moment = display.parse_stored_datetime(ts, zone or display.local_zone())
    return display.format_datetime(moment) if moment else texts.PLACEHOLDER


def _author(session: Session, account_id: str) -> str:
    if account_id == session.account_id:
        return texts.CONFLICT_YOU
    return texts.CASEFILE_AUTHOR.format(code=account_id[-8:])


def _question(forms: Mapping[str, Form], path: str) -> tuple[Form, Question] | None:
    for form in forms.values():
        question = form.question_at(path)
        if question is not None:
            return form, question
    return None


def _field_label(forms: Mapping[str, Form], path: str) -> str:
    found = _question(forms, path)
    if found is None and path.startswith(("persetujuan_berbagi[", "rujukan[")):
        record, rest = path.split("[", 1)
        index, name = rest.split("]", 1)[0], _name(path)
        label = _RECORD_LABELS.get(name) if name in _RECORD_LABELS.names() else name
        template = T.FIELD_CONSENT if record == "persetujuan_berbagi" else T.FIELD_REFERRAL
        return template.format(n=index, name=label)
    if found is None:
        return _case_field_label(path)
    label = both(found[1].label.get("id"), found[1].label.get("en"))
    return f"{label} ({path})" if "[" in path else label or path


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _is_safe(forms: Mapping[str, Form], path: str, value: JsonValue) -> bool:
    """May this value be shown while the identity is masked?"""
    name = _name(path)
    if path.startswith(("rujukan[", "persetujuan_berbagi[")) and name in _RECORD_SAFE:
        return True
    if name in _ALWAYS_MASKED:
        return False
    known = CHOICES.get(name)
    if known is not None:
        values = value if isinstance(value, list) else [value]
        return all(isinstance(v, str) and v in known for v in values)
    if name in _SAFE_NAMES:
        return True
    found = _question(forms, path)
    if found is None:
        return False
    form, question = found
    if question.type in _SAFE_TYPES:
        return True
    if question.type in _CHOICE_TYPES:
        names = {c.name for c in form.choices_for(question)} - {"other"}
        values = value if isinstance(value, list) else str(value).split()
        return all(str(v) in names for v in values)
    return False


def _show(
    forms: Mapping[str, Form],
    stages: Mapping[str, str],
    path: str,
    value: JsonValue,
    deleted: bool,
    revealed: bool,
    zone: tzinfo | None,
) -> str:
    if deleted:
        return texts.CONFLICT_DELETED
    if value is None or value == "" or value == []:
        return texts.CONFLICT_EMPTY
    if not revealed and not _is_safe(forms, path, value):
        return MASK
    if path == "tahap" and isinstance(value, str) and value in stages:
        return stages[value]
    if path in _CASE_FIELDS and isinstance(value, str):
        return value_label(_CASE_FIELD_COLUMN.get(path, path), value)
    found = _question(forms, path)
    if found is not None:
        shown = display.display_value(found[0], found[1], value, i18n.current(), zone)
        if shown:
            return shown
    return value if isinstance(value, str) else encode_json(value)


# ------------------------------------------------------------------ sections


def stage_rows(procedure: Procedure, fields: Mapping[str, object]) -> tuple[StageRow, ...]:
    open_ids = {s.id for s in procedure.open_stages(fields)}
    current = procedure.current_stage(fields)
    rows = []
    for stage in procedure.stages:
        if procedure.is_done(fields, stage.id):
            status = texts.STAGE_DONE
        elif stage.id in open_ids:
            status = texts.STAGE_OPEN
        else:
            status = texts.STAGE_NOT_STARTED
        is_current = current is not None and current.id == stage.id
        label = both(stage.label.id, stage.label.en)
        if is_current:  # marked by a symbol and said in the tooltip, not by colour
            label = f"{CURRENT_MARK} {label}"
        rows.append(StageRow(label, status, is_current))
    return tuple(rows)


def deadline_row(status: DeadlineStatus, zone: Zone) -> DeadlineRow:
    deadline = status.deadline
    label = both(deadline.label.id, deadline.label.en)
    if status.record is not None:
        label = f"{label} #{status.record}"
    due = both(status.describe_due(zone, "id"), status.describe_due(zone, "en"))
    state = _state_text(status.state)
    if status.state is DeadlineState.MET and status.met_at is not None:
        state = f"{state} ({format_local(status.met_at, zone)})"
    return DeadlineRow(
        label,
        due,
        state,
        status.state is DeadlineState.OVERDUE,
        both(deadline.rule.id, deadline.rule.en),
    )


def history_rows(
    session: Session,
    changes: list[Change],
    forms: Mapping[str, Form],
    stages: Mapping[str, str],
    revealed: bool,
    zone: tzinfo | None,
) -> tuple[HistoryRow, ...]:
    """Newest first; each field with its value before the change → after it."""
    previous: dict[str, tuple[JsonValue, bool]] = {}
    rows = []
    for change in changes:  # oldest first: that is how "old" is known
        items = []
        for write in change.writes:
            old_value, old_deleted = previous.get(write.path, (None, False))
            items.append(
                FieldChange(
                    _field_label(forms, write.path),
                    _show(forms, stages, write.path, old_value, old_deleted, revealed, zone),
                    _show(forms, stages, write.path, write.value, write.deleted, revealed, zone),
                )
            )
            previous[write.path] = (write.value, write.deleted)
        rows.append(
            HistoryRow(
                _author(session, change.account_id), _hlc_time(change.hlc, zone), tuple(items)
            )
        )
    rows.reverse()
    return tuple(rows)


def _status_text(status: object) -> str:
    code = getattr(status, "value", status)
    try:
        return str(getattr(T, f"STATUS_{code}"))
    except AttributeError:
        return texts.PLACEHOLDER


def referral_sections(
    fields: Mapping[str, object], revealed: bool
) -> tuple[
    tuple[StreamRow, ...],
    tuple[ReferralRow, ...],
    tuple[ConsentRow, ...],
    tuple[referral_records.Referral, ...],
]:
    """The service streams with their status, the referrals and the consents."""
    Status = referral_records.Status
    found = referral_records.referrals(fields)
    if not revealed:  # free text stays in the vault thread unless asked
        found = [dataclasses.replace(r, decline_reason="", purpose_other="") for r in found]
    streams = []
    for stream in STREAMS:
        mine = [r for r in found if r.stream == stream.id]
        open_ = [r for r in mine if r.open]
        if open_:
            latest = open_[-1].status or Status.SENT
            state = T.STREAM_OPEN.format(status=_status_text(latest).lower(), n=len(open_))
        elif any(r.status is Status.COMPLETED for r in mine):
            state = T.STREAM_DONE
        elif mine:
            state = T.STREAM_DECLINED
        else:
            state = T.STREAM_NONE
        streams.append(StreamRow(stream.text(), state))
    rows = []
    for r in reversed(found):
        its_stream = STREAM_BY_ID.get(r.stream or "")
        kind = TYPE_BY_ID.get(r.institution_type or "")
        events = [(s, d) for s, d in r.dates.items() if d]
        all_dates = " · ".join(f"{_status_text(s)} {display.format_date(d)}" for s, d in events)
        # The column shows the latest step; the tooltip lists every date.
        dates = display.format_date(max(d for _s, d in events)) if events else ""
        status = _status_text(r.status)
        if r.status is Status.DECLINED and r.decline_reason:
            status = f"{status} ({T.REASON.format(reason=r.decline_reason)})"
        if r.mandatory:
            basis_code = r.legal_basis or ""
            label = pick(*LEGAL_BASES.get(basis_code, (basis_code, basis_code)))
            basis = T.BASIS_MANDATORY.format(basis=label.split(" (", 1)[0])
        elif r.consent_index is not None:
            basis = T.BASIS_CONSENT.format(n=r.consent_index)
        else:
            basis = texts.PLACEHOLDER
        institution = r.institution_name or texts.PLACEHOLDER
        rows.append(
            ReferralRow(
                r.index,
                f"#{r.index} {institution}",
                its_stream.text() if its_stream else (r.stream or texts.PLACEHOLDER),
                status,
                dates,
                basis,
                r.open,
                kind.text() if kind is not None else "",
                all_dates,
            )
        )
    consent_rows = []
    for c in reversed(referral_records.consents(fields)):
        who = []
        if c.child == "diberikan":
            who.append(T.CHILD)
        if c.caregiver == "diberikan" and c.giver:
            who.append(str(getattr(T, f"ADULT_{c.giver}", c.giver)))
        form = str(getattr(T, f"FORM_{c.form}", c.form or ""))
        given = f"{display.format_date(c.given_on)} ({form})" if c.given_on else form
        status = (
            T.CONSENT_ACTIVE
            if c.active
            else T.CONSENT_WITHDRAWN.format(
                day=display.format_date(c.withdrawn_on) if c.withdrawn_on else ""
            ).strip()
        )
        consent_rows.append(
            ConsentRow(
                c.index,
                f"#{c.index} {c.institution_name}",
                " + ".join(who) or texts.PLACEHOLDER,
                given,
                ", ".join(STREAM_BY_ID[s].text() for s in c.scope if s in STREAM_BY_ID),
                status,
                c.active,
            )
        )
    return tuple(streams), tuple(rows), tuple(consent_rows), tuple(found)


def _header_value(value: object, column: str = "") -> str:
    return value_label(column, value) if isinstance(value, str) and value else texts.PLACEHOLDER


def load_case_file(
    session: Session,
    case_id: str,
    procedure: Procedure,
    forms: Mapping[str, Form],
    *,
    reveal: bool,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> CaseFileData:
    """Vault-thread job: read the case (logged as a view) and build what is shown."""
    if reveal:
        fields = session.cases.read(case_id)
        with database.sqlite_errors():
            session.audit.append("view", case_id, {"identity": True})
    else:
        fields = session.view_case(case_id)
    changes = session.cases.history(case_id)
    with database.sqlite_errors():
        views = session.audit.entries(case_id=case_id, action="view")
    case_zone = procedure.zone_for(fields)
    moment = now or datetime.now(UTC)

    stage = procedure.current_stage(fields)
    stage_text = (
        both(stage.label.id, stage.label.en) if stage else _header_value(fields.get("tahap"))
    )
    stage_labels = {s.id: both(s.label.id, s.label.en) for s in procedure.stages}
    identity = tuple(
        (
            label,
            _show(forms, stage_labels, name, fields.get(name), False, True, zone)
            if reveal
            else MASK,
        )
        for name, label in identity_fields()
    )
    streams, referral_rows, consent_rows, found = referral_sections(fields, reveal)
    return CaseFileData(
        case_id=case_id,
        code=case_code(case_id),
        stage=stage_text,
        status=_header_value(fields.get("status"), "status"),
        region=_header_value(fields.get("wilayah"), "region"),
        risk=_header_value(fields.get("tingkat_risiko"), "risk"),
        revealed=reveal,
        identity=identity,
        stages=stage_rows(procedure, fields),
        deadlines=tuple(
            deadline_row(s, case_zone) for s in procedure.deadlines_for(fields, moment)
        ),
        history=history_rows(session, changes, forms, stage_labels, reveal, zone),
        views=tuple(
            ViewRow(
                _author(session, e.account_id),
                _iso_time(e.ts, zone),
                texts.VIEW_IDENTITY if e.detail.get("identity") else texts.VIEW_CASE,
            )
            for e in views
        ),
        streams=streams,
        referral_rows=referral_rows,
        consent_rows=consent_rows,
        referrals=found,
    )

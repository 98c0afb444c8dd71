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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from fieldcase.core.changes import Change, JsonValue, encode_json
from fieldcase.core.deadlines import DeadlineState, DeadlineStatus, Zone, format_local
from fieldcase.core.procedure import Procedure
from fieldcase.forms.model import Form, Question, QuestionType
from fieldcase.reports.deidentify import CHOICES
from fieldcase.ui import texts
from fieldcase.ui.caselist import case_code, display_value
from fieldcase.ui.wizard import display
from fieldcase.vault import database
from fieldcase.vault.session import Session

MASK = "••••"
#: Before the current stage's label in the timeline.
CURRENT_MARK = "➤"

#: The child's identity in the header: (field, label).
IDENTITY_FIELDS: tuple[tuple[str, str], ...] = (
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

#: Labels of the case fields the procedure keeps outside any form question.
_CASE_FIELD_LABELS: Mapping[str, str] = {
    "tahap": texts.CASEFILE_STAGE,
    "status": texts.CASEFILE_STATUS,
    "wilayah": texts.CASEFILE_REGION,
    "tingkat_risiko": texts.CASEFILE_RISK,
    "petugas": texts.COLUMNS[5][0],
}

_STATE_TEXT: Mapping[DeadlineState, str] = {
    DeadlineState.OVERDUE: texts.DEADLINE_OVERDUE,
    DeadlineState.DUE_SOON: texts.DEADLINE_DUE_SOON,
    DeadlineState.PENDING: texts.DEADLINE_PENDING,
    DeadlineState.NOT_STARTED: texts.DEADLINE_NOT_STARTED,
    DeadlineState.MET: texts.DEADLINE_MET,
}


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


# ------------------------------------------------------------------ helpers


def both(id_text: str, en_text: str) -> str:
    """A label in both languages, once when they are the same."""
    if not en_text or id_text == en_text:
        return id_text
    return f"{id_text} / {en_text}"


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
    if found is None:
        return _CASE_FIELD_LABELS.get(path, path)
    label = both(found[1].label.get("id"), found[1].label.get("en"))
    return f"{label} ({path})" if "[" in path else label or path


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _is_safe(forms: Mapping[str, Form], path: str, value: JsonValue) -> bool:
    """May this value be shown while the identity is masked?"""
    name = _name(path)
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
    if path in _CASE_FIELD_LABELS and isinstance(value, str):
        return display_value(value)
    found = _question(forms, path)
    if found is not None:
        shown = display.display_value(found[0], found[1], value, "id", zone)
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
    state = _STATE_TEXT[status.state]
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


def _header_value(value: object) -> str:
    return display_value(value) if isinstance(value, str) else texts.PLACEHOLDER


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
        for name, label in IDENTITY_FIELDS
    )
    return CaseFileData(
        case_id=case_id,
        code=case_code(case_id),
        stage=stage_text,
        status=_header_value(fields.get("status")),
        region=_header_value(fields.get("wilayah")),
        risk=_header_value(fields.get("tingkat_risiko")),
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
    )

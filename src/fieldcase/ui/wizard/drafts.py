"""What the wizard asks of the vault: open, autosave, resume and finalise. No Qt.

Every function that touches the session runs on the vault thread (the
wizard submits it through :class:`~fieldcase.ui.operations.VaultWorker`); a
:class:`WizardStart` is plain data handed back to the UI thread.

Paths: the engine and the draft use *form paths* (``pelaku[2].umur_pelaku``).
For a case-level form they are the storage paths; a record form (referrals,
visits) stores them under ``<record>[<n>].``, and a *new* record gets its
``n`` only inside the finalising transaction, so two drafts of new
referrals can never claim the same number.

Editing: ``originals`` and ``bases`` are the values and their hlcs when the
form was first opened. Finalising writes only the paths whose value differs
from the original, each with its base hlc, and tombstones the paths the
form no longer stores (answers cleared, or turned non-relevant). A resumed
draft rebuilds ``originals`` from the change log at the base hlcs, so a
field someone else changed meanwhile (sync) is not overwritten by a value
the worker never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from fieldcase.core.changes import JsonValue
from fieldcase.core.ids import uuid7
from fieldcase.forms.custom import builtin_procedure
from fieldcase.forms.model import Form, parse_path
from fieldcase.ui.wizard.context import context_values
from fieldcase.vault.session import Session


@dataclass(frozen=True)
class WizardStart:
    """Everything a wizard needs to open: the form, the answers, where they came from."""

    form: Form
    draft_id: str
    case_id: str | None = None
    #: The record being edited (record forms); None for a new record or a case form.
    record_index: int | None = None
    #: Form path → answer to show.
    answers: Mapping[str, JsonValue] = field(default_factory=dict)
    #: Storage path → value when the form was opened (editing only).
    originals: Mapping[str, JsonValue] = field(default_factory=dict)
    #: Storage path → hlc of that value (the ``base`` of the eventual save).
    bases: Mapping[str, str] = field(default_factory=dict)
    #: Context field values (never stored).
    context: Mapping[str, JsonValue] = field(default_factory=dict)
    page: int = 0
    resumed: bool = False

    @property
    def case_code(self) -> str | None:
        """What the case list shows as the case code (last 8 characters of the id)."""
        return self.case_id[-8:] if self.case_id else None


@dataclass(frozen=True)
class Saved:
    case_id: str
    #: How many fields the change wrote (values and tombstones); 0 when nothing changed.
    written: int


# ---------------------------------------------------------------------- paths


def storage_path(form: Form, path: str, record_index: int | None) -> str:
    if form.record is None:
        return path
    if record_index is None:
        raise ValueError("a record form needs its record number")
    return f"{form.record}[{record_index}].{path}"


def form_path(form: Form, path: str, record_index: int | None) -> str | None:
    """The form path of a stored path, if it belongs to this form (and record)."""
    if form.question_at(path) is None:
        return None
    if form.record is None:
        return path
    prefix = f"{form.record}[{record_index}]."
    return path[len(prefix) :] if path.startswith(prefix) else None


def next_record_index(paths: Mapping[str, object], record: str) -> int:
    """One more than the highest ``record[n]`` used so far (tombstones included)."""
    highest = 0
    for path in paths:
        parts = parse_path(path)
        if parts is None:
            continue
        if parts.record == record and parts.record_index is not None:
            highest = max(highest, parts.record_index)
        elif parts.record is None and parts.repeat == record and parts.index is not None:
            highest = max(highest, parts.index)
    return highest + 1


def record_index_of(form: Form, bases: Mapping[str, str]) -> int | None:
    """The record a draft edits, read back from its bases' paths."""
    if form.record is None:
        return None
    for path in bases:
        parts = parse_path(path)
        if parts is None:
            continue
        if parts.record == form.record:
            return parts.record_index
        if parts.record is None and parts.repeat == form.record:
            return parts.index
    return None


# ---------------------------------------------------------------------- opening


def _context(
    form: Form, session: Session, case: Mapping[str, JsonValue], now: datetime
) -> dict[str, JsonValue]:
    account = session.account
    return context_values(
        form, case, role=str(account.role.value), user_name=account.display_name, now=now
    )


def _now(now: datetime | None) -> datetime:
    return now or datetime.now().astimezone()


def start_new(form: Form, session: Session, *, now: datetime | None = None) -> WizardStart:
    """A new case (no vault access: may run on any thread)."""
    return WizardStart(form, uuid7(), context=_context(form, session, {}, _now(now)))


def start_edit(
    session: Session,
    form: Form,
    case_id: str,
    *,
    record_index: int | None = None,
    now: datetime | None = None,
) -> WizardStart:
    """An existing case (or a new/existing record of it). Vault thread; audited as a view."""
    current = session.view_case(case_id)
    states = session.cases.field_states(case_id)
    originals: dict[str, JsonValue] = {}
    bases: dict[str, str] = {}
    answers: dict[str, JsonValue] = {}
    if form.record is None or record_index is not None:
        for path, state in states.items():
            local = form_path(form, path, record_index)
            if local is None:
                continue
            bases[path] = state.hlc
            if not state.deleted:
                originals[path] = state.value
                answers[local] = state.value
    return WizardStart(
        form,
        uuid7(),
        case_id=case_id,
        record_index=record_index,
        answers=answers,
        originals=originals,
        bases=bases,
        context=_context(form, session, current, _now(now)),
    )


def start_from_draft(
    session: Session,
    draft_id: str,
    forms: Callable[[str], Form],
    *,
    now: datetime | None = None,
) -> WizardStart:
    """A draft left by a closed wizard or a crash. Vault thread."""
    draft = session.drafts.get(draft_id)
    if draft is None:
        raise KeyError(draft_id)
    form = forms(draft.form_id)
    case: Mapping[str, JsonValue] = {}
    originals: dict[str, JsonValue] = {}
    if draft.case_id is not None:
        case = session.view_case(draft.case_id)
        originals = _values_at_bases(session, draft.case_id, draft.bases)
    return WizardStart(
        form,
        draft.draft_id,
        case_id=draft.case_id,
        record_index=record_index_of(form, draft.bases),
        answers=draft.answers,
        originals=originals,
        bases=draft.bases,
        context=_context(form, session, case, _now(now)),
        page=draft.page,
        resumed=True,
    )


def _values_at_bases(
    session: Session, case_id: str, bases: Mapping[str, str]
) -> dict[str, JsonValue]:
    """The value each path had at its base hlc: what the worker saw when opening."""
    states = session.cases.field_states(case_id)
    found: dict[str, JsonValue] = {}
    older: dict[str, str] = {}
    for path, hlc in bases.items():
        state = states.get(path)
        if state is not None and state.hlc == hlc:
            if not state.deleted:
                found[path] = state.value
        else:
            older[path] = hlc
    if older:
        for change in session.cases.history(case_id):
            for write in change.writes:
                if older.get(write.path) == change.hlc and not write.deleted:
                    found[write.path] = write.value
    return found


# ---------------------------------------------------------------------- writing


def save_draft(
    session: Session, start: WizardStart, answers: Mapping[str, JsonValue], page: int
) -> str:
    """Autosave (vault thread): durable in the encrypted vault when it returns."""
    return session.drafts.save(
        start.form.form_id,
        answers,
        draft_id=start.draft_id,
        case_id=start.case_id,
        page=page,
        bases=start.bases,
    )


def plan_changes(
    originals: Mapping[str, JsonValue],
    bases: Mapping[str, str],
    fields: Mapping[str, JsonValue],
    owned: Callable[[str], bool],
) -> tuple[dict[str, JsonValue], list[str], dict[str, str]]:
    """(changed values, paths to tombstone, their bases) for a save of an existing case.

    ``owned`` says whether a path of ``originals`` belongs to the form (and
    record) being saved: only those can have been cleared by it.
    """
    changed = {p: v for p, v in fields.items() if p not in originals or originals[p] != v}
    deletes = sorted(p for p in originals if p not in fields and owned(p))
    base = {p: bases.get(p, "") for p in [*changed, *deletes]}
    return changed, deletes, base


def opening_fields(form_id: str, fields: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """What a new case starts with besides the answers: the stage whose form
    opened it (from the procedure data) and the status "aktif", so it shows in
    the case list and the deadlines at once."""
    procedure = builtin_procedure()
    stage = procedure.stage_of_form(form_id)
    extra: dict[str, JsonValue] = {}
    if stage is not None and procedure.stage_field not in fields:
        extra[procedure.stage_field] = stage.id
    if "status" not in fields:
        extra["status"] = "aktif"
    return extra


def finalise(session: Session, start: WizardStart, fields: Mapping[str, JsonValue]) -> Saved:
    """Write the answers as one change and drop the draft, in one transaction. Vault thread.

    ``fields`` are the engine's stored fields (form paths). A new case is
    created with them; an existing one gets only what changed.
    """
    form = start.form
    written = 0

    def write() -> str:
        nonlocal written
        if start.case_id is None:
            index = 1 if form.record is not None else None
            new = {storage_path(form, p, index): v for p, v in fields.items()}
            new.update(opening_fields(form.form_id, new))
            written = len(new)
            return session.cases.create_case(new)
        index = start.record_index
        if form.record is not None and index is None:
            index = next_record_index(session.cases.field_states(start.case_id), form.record)
        stored = {storage_path(form, p, index): v for p, v in fields.items()}
        changed, deletes, base = plan_changes(
            start.originals,
            start.bases,
            stored,
            lambda p: form_path(form, p, index) is not None,
        )
        if changed or deletes:
            session.cases.save(start.case_id, changed, base=base, deletes=deletes)
        written = len(changed) + len(deletes)
        return start.case_id

    case_id = session.drafts.finalise(start.draft_id, write)
    return Saved(case_id, written)

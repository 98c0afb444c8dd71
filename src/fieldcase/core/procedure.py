"""The integrated-service procedure as data: stages, transitions, approvals, deadlines.

``resources/procedure/procedure.toml`` says what the procedure is; this
module loads it strictly (an unknown stage, a transition to nowhere, a
deadline on an unknown stage is a :class:`ProcedureError` naming the entry)
and answers, for one case at one moment: which stages are open, where the
case may go next and why not, who must approve, and what is due or overdue.

Pure: no Qt, no vault, no forms. The stage graph names forms by id only;
``fieldcase.forms.custom`` maps those ids to built-in or custom forms, so an
organisation's form never needs a change here. Case fields are the flat
``{path: value}`` view of a case (see :mod:`fieldcase.core.deadlines`)::

    procedure = load_procedure(resources_dir() / PROCEDURE_FILE)
    procedure.open_stages(fields)
    procedure.allowed_next(fields, "asesmen")
    procedure.deadlines_for(fields, datetime.now(UTC))
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from fieldcase.core.deadlines import (
    CaseView,
    Condition,
    Deadline,
    DeadlineState,
    DeadlineStatus,
    Duration,
    FieldPath,
    FieldTest,
    Text,
    Zone,
    require_aware_utc,
)
from fieldcase.core.errors import FieldcaseError
from fieldcase.core.roles import Role

__all__ = [
    "PROCEDURE_FILE",
    "Approval",
    "OpenItem",
    "Procedure",
    "ProcedureError",
    "Stage",
    "Standing",
    "Transition",
    "TransitionCheck",
    "UnknownStage",
    "iter_conditions",
    "load_procedure",
    "parse_procedure",
]

#: Where the built-in procedure lives, relative to the resources folder.
PROCEDURE_FILE = PurePosixPath("procedure/procedure.toml")
FORMAT = 1

ID_RE = re.compile(r"[a-z][a-z0-9_]*")
NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class ProcedureError(FieldcaseError):
    """The procedure file is not usable; the message names the file and the entry."""

    def __init__(self, source: str, where: str, message_id: str, message_en: str) -> None:
        super().__init__(
            f"Berkas prosedur '{source}', {where}: {message_id}",
            f"Procedure file '{source}', {where}: {message_en}",
        )
        self.source = source
        self.where = where


class UnknownStage(FieldcaseError):
    """A stage id that the procedure does not have (a typo on the command line)."""

    def __init__(self, stage: str, known: Sequence[str]) -> None:
        listed = ", ".join(known)
        super().__init__(
            f"Tahap '{stage}' tidak ada. Tahap yang ada: {listed}.",
            f"There is no stage '{stage}'. The stages are: {listed}.",
        )
        self.stage = stage


# ------------------------------------------------------------------ model


@dataclass(frozen=True)
class Stage:
    """One wizard step of the procedure."""

    id: str
    order: int
    label: Text
    #: Case-level forms filled in this stage's wizard.
    forms: tuple[str, ...] = ()
    #: Forms filled once per event (a referral, a visit) while the stage is open.
    record_forms: tuple[str, ...] = ()
    #: Stages that must be done before this one opens.
    requires: tuple[str, ...] = ()
    #: What marks the stage finished; None: it stays open while the case is (referrals).
    done_when: Condition | None = None
    optional: bool = False

    @property
    def form_ids(self) -> tuple[str, ...]:
        """Every form of the stage, case-level first (the first one is its main form)."""
        return self.forms + tuple(f for f in self.record_forms if f not in self.forms)


@dataclass(frozen=True)
class Approval:
    """A decision only ``role`` may record: ``field`` = ``granted`` in the stage's form."""

    stage: str
    role: Role
    field: str
    granted: str
    date_field: str | None = None

    def is_granted(self, view: CaseView) -> bool:
        return FieldTest(FieldPath(self.field), "equals", (self.granted,)).holds(view)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    when: Condition | None = None
    #: What to tell the worker when ``when`` does not hold.
    hint: Text | None = None
    #: The role whose approval of the source stage this move needs.
    approval: Role | None = None


@dataclass(frozen=True)
class TransitionCheck:
    """A transition and whether the case may take it now; ``reasons`` say why not."""

    transition: Transition
    allowed: bool
    reasons: tuple[Text, ...] = ()

    @property
    def target(self) -> str:
        return self.transition.target


@dataclass(frozen=True)
class OpenItem:
    """Rows that keep a case from closing: ``field`` (``rujukan[*].status_rujukan``) in ``open``."""

    id: str
    label: Text
    path: FieldPath
    open: tuple[str, ...]


@dataclass(frozen=True)
class Standing:
    """Where a case stands at one moment: what the case view shows."""

    open_stages: tuple[Stage, ...]
    overdue: tuple[DeadlineStatus, ...]
    due: tuple[DeadlineStatus, ...]
    not_started: tuple[DeadlineStatus, ...]
    met: tuple[DeadlineStatus, ...]
    closed: bool


@dataclass(frozen=True, eq=False)
class Procedure:
    """The loaded procedure. Immutable; :meth:`configure` returns a changed copy."""

    source: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    approvals: Mapping[str, Approval]
    open_item_rules: tuple[OpenItem, ...]
    deadlines: tuple[Deadline, ...]
    stage_field: str
    region_fields: tuple[str, ...]
    closed_when: Condition | None
    zones: Mapping[str, Zone]
    regions: Mapping[str, str]
    default_zone: str
    #: Every field path the file mentions (also those of unused named conditions).
    mentioned: tuple[FieldPath, ...] = ()

    @cached_property
    def _stages(self) -> Mapping[str, Stage]:
        return MappingProxyType({s.id: s for s in self.stages})

    @cached_property
    def _deadlines(self) -> Mapping[str, Deadline]:
        return MappingProxyType({d.id: d for d in self.deadlines})

    # ---------------------------------------------------------- stages

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def stage(self, stage_id: str) -> Stage:
        """The stage ``stage_id``; :class:`UnknownStage` (bilingual) if there is none."""
        found = self._stages.get(stage_id)
        if found is None:
            raise UnknownStage(stage_id, self.stage_ids)
        return found

    def stage_of_form(self, form_id: str) -> Stage | None:
        """The first stage (in order) whose forms include ``form_id``."""
        return next((s for s in self.stages if form_id in s.form_ids), None)

    def current_stage(self, case_fields: Mapping[str, object]) -> Stage | None:
        value = case_fields.get(self.stage_field)
        return self._stages.get(value) if isinstance(value, str) else None

    def is_closed(self, case_fields: Mapping[str, object]) -> bool:
        return self.closed_when is not None and self.closed_when.holds(CaseView(case_fields))

    def is_done(self, case_fields: Mapping[str, object], stage_id: str) -> bool:
        return self._is_done(CaseView(case_fields), self.stage(stage_id))

    @staticmethod
    def _is_done(view: CaseView, stage: Stage) -> bool:
        return stage.done_when is not None and stage.done_when.holds(view)

    def open_stages(self, case_fields: Mapping[str, object]) -> tuple[Stage, ...]:
        """Stages a worker can work on now: prerequisites done, not done itself, case open."""
        view = CaseView(case_fields)
        if self.closed_when is not None and self.closed_when.holds(view):
            return ()
        done = {s.id for s in self.stages if self._is_done(view, s)}
        return tuple(
            s for s in self.stages if s.id not in done and all(r in done for r in s.requires)
        )

    # ---------------------------------------------------------- transitions and approvals

    def transitions_from(self, stage_id: str) -> tuple[Transition, ...]:
        self.stage(stage_id)
        return tuple(t for t in self.transitions if t.source == stage_id)

    def check_transitions(
        self, case_fields: Mapping[str, object], current_stage: str
    ) -> tuple[TransitionCheck, ...]:
        """Every transition out of ``current_stage``, allowed or with the reasons it is not."""
        view = CaseView(case_fields)
        closed = self.closed_when is not None and self.closed_when.holds(view)
        checks = []
        for t in self.transitions_from(current_stage):
            reasons: list[Text] = []
            if closed:
                reasons.append(_CLOSED)
            if t.when is not None and not t.when.holds(view):
                reasons.append(t.hint or _CONDITION_NOT_MET)
            if t.approval is not None and not self.approvals[t.source].is_granted(view):
                reasons.append(_needs_approval(t.approval, self.stage(t.source)))
            for required in self.stage(t.target).requires:
                if required != t.source and not self._is_done(view, self.stage(required)):
                    reasons.append(_not_done(self.stage(required)))
            checks.append(TransitionCheck(t, not reasons, tuple(reasons)))
        return tuple(checks)

    def allowed_next(
        self, case_fields: Mapping[str, object], current_stage: str
    ) -> tuple[Stage, ...]:
        """The stages the case may move to from ``current_stage`` now, in procedure order."""
        allowed = {
            c.target for c in self.check_transitions(case_fields, current_stage) if c.allowed
        }
        return tuple(s for s in self.stages if s.id in allowed)

    def approval(self, stage_id: str) -> Approval | None:
        self.stage(stage_id)
        return self.approvals.get(stage_id)

    def needs_approval(self, stage_id: str) -> Role | None:
        """The role that must approve this stage's outcome (plan, closure), or None."""
        found = self.approval(stage_id)
        return found.role if found is not None else None

    def is_approved(self, case_fields: Mapping[str, object], stage_id: str) -> bool:
        """True when the stage needs no approval or its approval is recorded."""
        found = self.approval(stage_id)
        return found is None or found.is_granted(CaseView(case_fields))

    def open_items(self, case_fields: Mapping[str, object]) -> dict[str, int]:
        """How many rows of each kind are still open (closure needs all at 0)."""
        view = CaseView(case_fields)
        return {
            item.id: sum(1 for v in view.values(item.path) if str(v).strip() in item.open)
            for item in self.open_item_rules
        }

    # ---------------------------------------------------------- time and deadlines

    def zone_for(self, case_fields: Mapping[str, object]) -> Zone:
        """The case's time zone from its region (WIB, WITA, WIT); the default if unknown."""
        for name in self.region_fields:
            value = case_fields.get(name)
            if isinstance(value, str):
                zone = self.regions.get(normalise_region(value))
                if zone is not None:
                    return self.zones[zone]
        return self.zones[self.default_zone]

    def deadline(self, deadline_id: str) -> Deadline:
        return self._deadlines[deadline_id]

    def deadlines_for(
        self, case_fields: Mapping[str, object], now: datetime
    ) -> list[DeadlineStatus]:
        """Every deadline that applies to the case at ``now``, most urgent first.

        A closed case keeps only the deadlines it met: nothing is due on it.
        """
        utc_now = require_aware_utc(now)
        view = CaseView(case_fields)
        zone = self.zone_for(case_fields)
        found = [s for d in self.deadlines for s in d.evaluate(view, zone, utc_now)]
        if self.closed_when is not None and self.closed_when.holds(view):
            found = [s for s in found if s.state is DeadlineState.MET]
        return sorted(found, key=DeadlineStatus.sort_key)

    def standing(self, case_fields: Mapping[str, object], now: datetime) -> Standing:
        """Open stages and deadlines grouped as the case view shows them."""
        statuses = self.deadlines_for(case_fields, now)

        def having(*states: DeadlineState) -> tuple[DeadlineStatus, ...]:
            return tuple(s for s in statuses if s.state in states)

        return Standing(
            open_stages=self.open_stages(case_fields),
            overdue=having(DeadlineState.OVERDUE),
            due=having(DeadlineState.DUE_SOON, DeadlineState.PENDING),
            not_started=having(DeadlineState.NOT_STARTED),
            met=having(DeadlineState.MET),
            closed=self.is_closed(case_fields),
        )

    def configure(self, durations: Mapping[str, Duration]) -> Procedure:
        """A copy with other durations for configurable ([practice]) deadlines.

        A legal or SOP deadline cannot be changed: an organisation may review
        more often than monthly, but not give the police more than 3×24 h.
        """
        changed = []
        for d in self.deadlines:
            new = durations.get(d.id)
            if new is not None and not d.configurable:
                raise ProcedureError(
                    self.source,
                    f"deadlines ({d.id})",
                    "tenggat ini ditetapkan hukum atau SOP dan tidak dapat diubah.",
                    "this deadline is set by law or SOP and cannot be changed.",
                )
            changed.append(dataclasses.replace(d, duration=new) if new is not None else d)
        unknown = set(durations) - set(self._deadlines)
        if unknown:
            name = sorted(unknown)[0]
            raise ProcedureError(
                self.source, f"deadlines ({name})", "tenggat tidak dikenal.", "unknown deadline."
            )
        return dataclasses.replace(self, deadlines=tuple(changed))

    # ---------------------------------------------------------- what forms must keep

    def referenced_fields(self) -> frozenset[tuple[str | None, str]]:
        """``(record or repeat prefix, field name)`` of every field the procedure reads.

        A form that replaces a built-in one must keep those it stores, or the
        deadlines and stage rules would silently stop working.
        """
        return frozenset((p.prefix, p.name) for p in self.mentioned)


_CLOSED = Text("Kasus sudah ditutup.", "The case is closed.")
_CONDITION_NOT_MET = Text(
    "Syarat perpindahan tahap ini belum terpenuhi.", "The condition for this move is not met."
)


def _needs_approval(role: Role, stage: Stage) -> Text:
    return Text(
        f"Perlu persetujuan {role.label('id')} untuk tahap '{stage.label.id}'.",
        f"Needs the approval of the {role.label('en').lower()} for '{stage.label.en}'.",
    )


def _not_done(stage: Stage) -> Text:
    return Text(
        f"Tahap '{stage.label.id}' belum selesai.", f"Stage '{stage.label.en}' is not finished."
    )


def normalise_region(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


# ------------------------------------------------------------------ loading


def load_procedure(path: Path) -> Procedure:
    """Load and check a procedure file (TOML); :class:`ProcedureError` if it is not usable."""
    try:
        data = path.read_bytes()
    except OSError:
        raise ProcedureError(
            path.name,
            "berkas / file",
            "tidak dapat dibaca; pasang ulang aplikasi.",
            "cannot be read; reinstall the app.",
        ) from None
    return parse_procedure(data, path.name)


def parse_procedure(
    data: bytes | str | Mapping[str, object], source: str = "procedure.toml"
) -> Procedure:
    """Parse and check a procedure from TOML text, or from its already-parsed tables.

    ``source`` names it in errors. Tables are accepted so that tools and
    tests can change one entry and see what the checks say.
    """
    from fieldcase.core.procedure_parser import Parser  # the model is defined here first

    if isinstance(data, Mapping):
        return Parser(source).procedure(data)
    try:
        raw = tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProcedureError(
            source,
            "TOML",
            f"bukan TOML yang sah ({exc}).",
            f"not valid TOML ({exc}).",
        ) from None
    return Parser(source).procedure(raw)


def iter_conditions(procedure: Procedure) -> Iterator[tuple[str, Condition]]:
    """(where, condition) of every condition in use; for tests and tools."""
    if procedure.closed_when is not None:
        yield "case.closed_when", procedure.closed_when
    for stage in procedure.stages:
        if stage.done_when is not None:
            yield f"stages.{stage.id}.done_when", stage.done_when
    for t in procedure.transitions:
        if t.when is not None:
            yield f"transitions.{t.source}->{t.target}.when", t.when
    for d in procedure.deadlines:
        for key, condition in (("when", d.when), ("met_when", d.met_when)):
            if condition is not None:
                yield f"deadlines.{d.id}.{key}", condition

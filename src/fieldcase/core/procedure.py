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
from typing import NoReturn, cast

from fieldcase.core.deadlines import (
    THIS_ROW,
    AllOf,
    AnyOf,
    CaseView,
    Condition,
    Deadline,
    DeadlineState,
    DeadlineStatus,
    Duration,
    FieldPath,
    FieldTest,
    Not,
    RuleSource,
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

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


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
                zone = self.regions.get(_normalise_region(value))
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


def _normalise_region(text: str) -> str:
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
    if isinstance(data, Mapping):
        return _Parser(source).procedure(data)
    try:
        raw = tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProcedureError(
            source,
            "TOML",
            f"bukan TOML yang sah ({exc}).",
            f"not valid TOML ({exc}).",
        ) from None
    return _Parser(source).procedure(raw)


class _Table:
    """A TOML table read strictly: typed getters, and unknown keys are an error."""

    def __init__(self, parser: _Parser, raw: object, where: str) -> None:
        self.parser = parser
        self.where = where
        if not isinstance(raw, dict):
            parser.fail(where, "harus berupa tabel.", "must be a table.")
        self.raw: dict[str, object] = raw
        self.used: set[str] = set()

    def get(self, key: str) -> object:
        self.used.add(key)
        return self.raw.get(key)

    def fail(self, key: str, message_id: str, message_en: str) -> NoReturn:
        self.parser.fail(f"{self.where}, '{key}'", message_id, message_en)

    def text(
        self, key: str, *, optional: bool = False, pattern: re.Pattern[str] | None = None
    ) -> str:
        value = self.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "harus berupa teks yang tidak kosong.", "must be a non-empty text.")
        text = value
        if pattern is not None and pattern.fullmatch(text) is None:
            self.fail(key, f"'{text}' bukan nama yang sah.", f"'{text}' is not a valid name.")
        return text

    def texts(self, key: str, *, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        value = self.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, "harus berupa daftar teks.", "must be a list of texts.")
        items = tuple(cast(list[str], value))
        for item in items:
            if pattern is not None and pattern.fullmatch(item) is None:
                self.fail(key, f"'{item}' bukan nama yang sah.", f"'{item}' is not a valid name.")
        if len(set(items)) != len(items):
            self.fail(key, "ada nilai yang berulang.", "has a repeated value.")
        return items

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, "harus true atau false.", "must be true or false.")
        return bool(value)

    def integer(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, "harus berupa bilangan bulat.", "must be a whole number.")
        return value

    def label(self, key: str) -> Text:
        table = _Table(self.parser, self.get(key), f"{self.where}, '{key}'")
        found = Text(table.text("id"), table.text("en"))
        table.finish()
        return found

    def optional_label(self, key: str) -> Text | None:
        return self.label(key) if self.raw.get(key) is not None else None

    def finish(self) -> None:
        unknown = sorted(set(self.raw) - self.used)
        if unknown:
            self.parser.fail(
                self.where,
                f"kunci tidak dikenal: {', '.join(unknown)}.",
                f"unknown keys: {', '.join(unknown)}.",
            )


class _Parser:
    """Builds a :class:`Procedure` from TOML data, checking every reference on the way."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.paths: list[FieldPath] = []
        self.named: dict[str, object] = {}
        self.resolved: dict[str, Condition] = {}
        self.resolving: list[str] = []

    def fail(self, where: str, message_id: str, message_en: str) -> NoReturn:
        raise ProcedureError(self.source, where, message_id, message_en)

    # -------------------------------------------------- whole file

    def procedure(self, raw: Mapping[str, object]) -> Procedure:
        top = _Table(self, dict(raw), "file")
        if top.get("format") != FORMAT:
            self.fail(
                "format",
                f"versi format harus {FORMAT}; berkas ini dari versi aplikasi lain.",
                f"the format version must be {FORMAT}; this file is for another app version.",
            )
        conditions = top.get("conditions") or {}
        self.named = dict(_Table(self, conditions, "conditions").raw)
        for name in self.named:
            self.named_condition(name, "conditions")

        case = _Table(self, top.get("case"), "case")
        stage_field = case.text("stage_field", pattern=_NAME_RE)
        region_fields = case.texts("region_fields", pattern=_NAME_RE)
        self.paths.extend(FieldPath(n) for n in region_fields)
        closed_when = self.condition(case.get("closed_when"), "case, 'closed_when'", None)
        case.finish()

        zones, regions, default_zone = self.time(_Table(self, top.get("time"), "time"))
        stages = self.stages(top.get("stages"))
        known = {s.id: s for s in stages}
        approvals = self.approvals(top.get("approvals"), known)
        transitions = self.transitions(top.get("transitions"), known, approvals)
        self.check_reachable(stages, transitions)
        open_items = self.open_items(top.get("open_items"))
        deadlines = self.deadlines(top.get("deadlines"), known)
        top.finish()
        return Procedure(
            source=self.source,
            stages=stages,
            transitions=transitions,
            approvals=MappingProxyType(approvals),
            open_item_rules=open_items,
            deadlines=deadlines,
            stage_field=stage_field,
            region_fields=region_fields,
            closed_when=closed_when,
            zones=MappingProxyType(zones),
            regions=MappingProxyType(regions),
            default_zone=default_zone,
            mentioned=tuple(dict.fromkeys(self.paths)),
        )

    def time(self, table: _Table) -> tuple[dict[str, Zone], dict[str, str], str]:
        zone_table = _Table(self, table.get("zones"), "time, 'zones'")
        zones: dict[str, Zone] = {}
        for name in zone_table.raw:
            offset = zone_table.integer(name)
            if not -12 <= offset <= 14:
                zone_table.fail(name, "selisih jam tidak masuk akal.", "implausible UTC offset.")
            zones[name] = Zone(name, offset)
        if not zones:
            table.fail("zones", "tidak boleh kosong.", "must not be empty.")
        default_zone = table.text("default_zone")
        if default_zone not in zones:
            table.fail("default_zone", "zona tidak dikenal.", "unknown zone.")
        region_table = _Table(self, table.get("regions") or {}, "time, 'regions'")
        regions: dict[str, str] = {}
        for region in region_table.raw:
            zone = region_table.text(region)
            if zone not in zones:
                region_table.fail(
                    region, f"zona '{zone}' tidak dikenal.", f"unknown zone '{zone}'."
                )
            if _normalise_region(region) != region:
                region_table.fail(
                    region,
                    "tulis dengan huruf kecil dan '_' (mis. dki_jakarta).",
                    "write it in lower case with '_' (e.g. dki_jakarta).",
                )
            regions[region] = zone
        table.finish()
        return zones, regions, default_zone

    # -------------------------------------------------- stages

    def stages(self, raw: object) -> tuple[Stage, ...]:
        items = self.array(raw, "stages")
        stages: list[Stage] = []
        case_forms: dict[str, str] = {}
        for number, item in enumerate(items, start=1):
            table = _Table(self, item, f"stages[{number}]")
            stage_id = table.text("id", pattern=_ID_RE)
            table.where = f"stages[{number}] ({stage_id})"
            stage = Stage(
                id=stage_id,
                order=table.integer("order"),
                label=table.label("label"),
                forms=table.texts("forms", pattern=_ID_RE),
                record_forms=table.texts("record_forms", pattern=_ID_RE),
                requires=table.texts("requires", pattern=_ID_RE),
                done_when=self.condition(table.get("done_when"), f"{table.where}, 'done_when'"),
                optional=table.flag("optional"),
            )
            table.finish()
            if not stage.form_ids:
                table.fail("forms", "tahap tanpa formulir.", "a stage needs at least one form.")
            for form_id in stage.forms:
                if form_id in case_forms:
                    table.fail(
                        "forms",
                        f"formulir '{form_id}' sudah dipakai tahap '{case_forms[form_id]}'.",
                        f"form '{form_id}' already belongs to stage '{case_forms[form_id]}'.",
                    )
                case_forms[form_id] = stage_id
            if any(s.id == stage_id for s in stages):
                table.fail("id", "id tahap berulang.", "repeated stage id.")
            if any(s.order == stage.order for s in stages):
                table.fail("order", "urutan berulang.", "repeated order.")
            stages.append(stage)
        known = {s.id for s in stages}
        for stage in stages:
            for other in stage.requires:
                if other not in known or other == stage.id:
                    self.fail(
                        f"stages ({stage.id}), 'requires'",
                        f"tahap '{other}' tidak dikenal.",
                        f"unknown stage '{other}'.",
                    )
            for form_id in stage.record_forms:
                if form_id in case_forms:
                    self.fail(
                        f"stages ({stage.id}), 'record_forms'",
                        f"'{form_id}' adalah formulir tingkat kasus di tahap lain.",
                        f"'{form_id}' is a case-level form of another stage.",
                    )
        self.check_acyclic(stages)
        return tuple(sorted(stages, key=lambda s: s.order))

    def check_acyclic(self, stages: Sequence[Stage]) -> None:
        requires = {s.id: s.requires for s in stages}
        settled: set[str] = set()

        def visit(stage_id: str, trail: tuple[str, ...]) -> None:
            if stage_id in trail:
                loop = " → ".join((*trail, stage_id))
                self.fail(
                    "stages, 'requires'",
                    f"prasyarat melingkar: {loop}.",
                    f"circular prerequisites: {loop}.",
                )
            if stage_id in settled:
                return
            for other in requires[stage_id]:
                visit(other, (*trail, stage_id))
            settled.add(stage_id)

        for stage_id in requires:
            visit(stage_id, ())

    def approvals(self, raw: object, known: Mapping[str, Stage]) -> dict[str, Approval]:
        approvals: dict[str, Approval] = {}
        for number, item in enumerate(self.array(raw, "approvals", allow_empty=True), start=1):
            table = _Table(self, item, f"approvals[{number}]")
            stage = self.stage_ref(table, "stage", known)
            approval = Approval(
                stage=stage,
                role=self.role(table, "role"),
                field=table.text("field", pattern=_NAME_RE),
                granted=table.text("granted"),
                date_field=table.text("date_field", optional=True, pattern=_NAME_RE) or None,
            )
            table.finish()
            if stage in approvals:
                table.fail("stage", "satu persetujuan per tahap.", "one approval per stage.")
            self.paths.append(FieldPath(approval.field))
            if approval.date_field:
                self.paths.append(FieldPath(approval.date_field))
            approvals[stage] = approval
        return approvals

    def transitions(
        self, raw: object, known: Mapping[str, Stage], approvals: Mapping[str, Approval]
    ) -> tuple[Transition, ...]:
        found: list[Transition] = []
        for number, item in enumerate(self.array(raw, "transitions"), start=1):
            table = _Table(self, item, f"transitions[{number}]")
            source = self.stage_ref(table, "from", known)
            target = self.stage_ref(table, "to", known)
            table.where = f"transitions[{number}] ({source} → {target})"
            approval_raw = table.get("approval")
            transition = Transition(
                source=source,
                target=target,
                when=self.condition(table.get("when"), f"{table.where}, 'when'"),
                hint=table.optional_label("hint"),
                approval=self.role(table, "approval") if approval_raw is not None else None,
            )
            table.finish()
            if source == target:
                table.fail("to", "tahap asal dan tujuan sama.", "from and to are the same stage.")
            if any((t.source, t.target) == (source, target) for t in found):
                table.fail("to", "perpindahan ini sudah ada.", "this transition is repeated.")
            if transition.approval is not None:
                existing = approvals.get(source)
                if existing is None or existing.role != transition.approval:
                    table.fail(
                        "approval",
                        f"tahap '{source}' tidak punya persetujuan oleh '{transition.approval}'.",
                        f"stage '{source}' has no approval by '{transition.approval}'.",
                    )
            found.append(transition)
        return tuple(found)

    def check_reachable(self, stages: Sequence[Stage], transitions: Sequence[Transition]) -> None:
        reached = {stages[0].id}
        frontier = [stages[0].id]
        while frontier:
            current = frontier.pop()
            for t in transitions:
                if t.source == current and t.target not in reached:
                    reached.add(t.target)
                    frontier.append(t.target)
        for stage in stages:
            if stage.id not in reached:
                self.fail(
                    f"stages ({stage.id})",
                    f"tidak ada perpindahan yang menuju tahap ini dari '{stages[0].id}'.",
                    f"no transition leads to this stage from '{stages[0].id}'.",
                )

    def open_items(self, raw: object) -> tuple[OpenItem, ...]:
        items: list[OpenItem] = []
        for number, item in enumerate(self.array(raw, "open_items", allow_empty=True), start=1):
            table = _Table(self, item, f"open_items[{number}]")
            open_item = OpenItem(
                id=table.text("id", pattern=_ID_RE),
                label=table.label("label"),
                path=self.path(table, table.text("field"), None),
                open=table.texts("open"),
            )
            table.finish()
            if not open_item.open:
                table.fail("open", "tidak boleh kosong.", "must not be empty.")
            if any(i.id == open_item.id for i in items):
                table.fail("id", "id berulang.", "repeated id.")
            items.append(open_item)
        return tuple(items)

    # -------------------------------------------------- deadlines

    def deadlines(self, raw: object, known: Mapping[str, Stage]) -> tuple[Deadline, ...]:
        found: list[Deadline] = []
        for number, item in enumerate(self.array(raw, "deadlines", allow_empty=True), start=1):
            table = _Table(self, item, f"deadlines[{number}]")
            deadline_id = table.text("id", pattern=_ID_RE)
            table.where = f"deadlines[{number}] ({deadline_id})"
            deadline = self.deadline(table, deadline_id, known)
            table.finish()
            if any(d.id == deadline_id for d in found):
                table.fail("id", "id tenggat berulang.", "repeated deadline id.")
            found.append(deadline)
        return tuple(found)

    def deadline(self, table: _Table, deadline_id: str, known: Mapping[str, Stage]) -> Deadline:
        per_record = table.text("per_record", optional=True, pattern=_NAME_RE) or None
        where = table.where

        def paths(key: str) -> tuple[FieldPath, ...]:
            return tuple(self.path(table, p, per_record) for p in table.texts(key))

        source = table.text("source")
        if source not in ("law", "SOP", "practice"):
            table.fail("source", "harus law, SOP atau practice.", "must be law, SOP or practice.")
        start_pick = table.text("start_pick", optional=True) or "earliest"
        if start_pick not in ("earliest", "latest"):
            table.fail("start_pick", "harus earliest atau latest.", "must be earliest or latest.")
        open_at = table.text("applies_if_open_at", optional=True)
        deadline = Deadline(
            id=deadline_id,
            label=table.label("label"),
            stage=self.stage_ref(table, "stage", known),
            start=paths("start"),
            duration=self.duration(table, "duration"),
            source=cast(RuleSource, source),
            rule=table.label("rule"),
            configurable=table.flag("configurable"),
            start_pick="latest" if start_pick == "latest" else "earliest",
            when=self.condition(table.get("when"), f"{where}, 'when'", per_record),
            met_by=paths("met_by"),
            met_when=self.condition(table.get("met_when"), f"{where}, 'met_when'", per_record),
            met_at=paths("met_at"),
            warn_before=self.duration(table, "warn_before") if "warn_before" in table.raw else None,
            duration_label=table.optional_label("duration_label"),
            per_record=per_record,
            applies_if_open_at=self.path(table, open_at, per_record) if open_at else None,
            recurring=table.flag("recurring"),
        )
        if not deadline.start:
            table.fail("start", "tenggat butuh isian awal jam.", "a deadline needs a clock start.")
        if deadline.configurable and deadline.source != "practice":
            table.fail(
                "configurable",
                "hanya aturan [practice] yang boleh diatur; hukum dan SOP tidak.",
                "only [practice] rules may be configurable; law and SOP may not.",
            )
        has_met = bool(deadline.met_by) or deadline.met_when is not None
        if deadline.recurring == has_met:
            table.fail(
                "met_by",
                "tenggat berulang tidak punya met_by/met_when; yang lain wajib punya.",
                "a recurring deadline has no met_by/met_when; every other one needs one.",
            )
        return deadline

    def duration(self, table: _Table, key: str) -> Duration:
        inner = _Table(self, table.get(key), f"{table.where}, '{key}'")
        units = [u for u in ("hours", "days") if u in inner.raw]
        if len(units) != 1:
            inner.fail(
                "hours", "isi tepat satu: hours atau days.", "give exactly one: hours or days."
            )
        amount = inner.integer(units[0])
        if amount < 0:
            inner.fail(units[0], "tidak boleh negatif.", "must not be negative.")
        inner.finish()
        return Duration(amount, "hours" if units[0] == "hours" else "days")

    # -------------------------------------------------- references

    def array(self, raw: object, where: str, *, allow_empty: bool = False) -> list[object]:
        if raw is None and allow_empty:
            return []
        if not isinstance(raw, list) or (not raw and not allow_empty):
            self.fail(
                where,
                "harus berupa daftar [[...]] yang berisi.",
                "must be a non-empty [[...]] list.",
            )
        return cast(list[object], raw)

    def stage_ref(self, table: _Table, key: str, known: Mapping[str, Stage]) -> str:
        stage = table.text(key)
        if stage not in known:
            table.fail(
                key,
                f"tahap '{stage}' tidak dikenal (ada: {', '.join(known)}).",
                f"unknown stage '{stage}' (known: {', '.join(known)}).",
            )
        return stage

    def role(self, table: _Table, key: str) -> Role:
        value = table.text(key)
        try:
            return Role(value)
        except ValueError:
            roles = ", ".join(r.value for r in Role)
            table.fail(
                key, f"peran harus salah satu dari: {roles}.", f"role must be one of: {roles}."
            )

    def path(self, table: _Table, text: str, per_record: str | None) -> FieldPath:
        return self.field_path(text, table.where, per_record)

    def field_path(self, text: str, where: str, per_record: str | None) -> FieldPath:
        path = FieldPath.parse(text)
        if path is None:
            self.fail(
                where,
                f"'{text}' bukan jalur isian (nama, rujukan[*].nama, rujukan[.].nama).",
                f"'{text}' is not a field path (name, rujukan[*].name, rujukan[.].name).",
            )
        found = path
        if found.row == THIS_ROW and found.prefix != per_record:
            self.fail(
                where,
                f"'{text}': [.] hanya untuk tenggat dengan per_record = '{found.prefix}'.",
                f"'{text}': [.] is only for a deadline with per_record = '{found.prefix}'.",
            )
        self.paths.append(found)
        return found

    # -------------------------------------------------- conditions

    def condition(self, raw: object, where: str, per_record: str | None = None) -> Condition | None:
        if raw is None:
            return None
        return self.build_condition(raw, where, per_record)

    def build_condition(self, raw: object, where: str, per_record: str | None) -> Condition:
        table = _Table(self, raw, where)
        keys = set(table.raw)
        built: Condition
        if keys == {"ref"}:
            name = table.text("ref")
            if name not in self.named:
                table.fail(
                    "ref", f"kondisi '{name}' tidak dikenal.", f"unknown condition '{name}'."
                )
            built = self.named_condition(name, where)
        elif keys in ({"all"}, {"any"}):
            key = next(iter(keys))
            items = self.array(table.get(key), f"{where}, '{key}'")
            parts = tuple(
                self.build_condition(i, f"{where}, '{key}'[{n}]", per_record)
                for n, i in enumerate(items, start=1)
            )
            built = AllOf(parts) if key == "all" else AnyOf(parts)
        elif keys == {"not"}:
            built = Not(self.build_condition(table.get("not"), f"{where}, 'not'", per_record))
        elif "field" in keys and len(keys) == 2:
            built = self.field_test(table, where, per_record)
        else:
            table.fail(
                "field",
                "kondisi harus {field, present|equals|in|includes}, {all}, {any}, {not}, {ref}.",
                "a condition is {field, present|equals|in|includes}, {all}, {any}, {not} or {ref}.",
            )
        table.finish()
        return built

    def field_test(self, table: _Table, where: str, per_record: str | None) -> FieldTest:
        path = self.field_path(table.text("field"), where, per_record)
        if "present" in table.raw:
            if table.get("present") is not True:
                table.fail(
                    "present",
                    "hanya 'present = true' (pakai 'not').",
                    "only 'present = true' (use 'not').",
                )
            return FieldTest(path, "present")
        if "equals" in table.raw:
            return FieldTest(path, "equals", (table.text("equals"),))
        for op in ("in", "includes"):
            if op in table.raw:
                values = table.texts(op) if isinstance(table.raw[op], list) else (table.text(op),)
                if not values:
                    table.fail(op, "tidak boleh kosong.", "must not be empty.")
                return FieldTest(path, "in" if op == "in" else "includes", values)
        table.fail(
            "field",
            "uji tidak dikenal; pakai present, equals, in atau includes.",
            "unknown test; use present, equals, in or includes.",
        )

    def named_condition(self, name: str, where: str) -> Condition:
        """A ``[conditions]`` entry; built once, with ``[.]`` not allowed (it is shared)."""
        if name in self.resolved:
            return self.resolved[name]
        if name in self.resolving:
            loop = " → ".join((*self.resolving, name))
            self.fail(where, f"kondisi melingkar: {loop}.", f"circular conditions: {loop}.")
        self.resolving.append(name)
        built = self.build_condition(self.named[name], f"conditions.{name}", None)
        self.resolving.pop()
        self.resolved[name] = built
        return built


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

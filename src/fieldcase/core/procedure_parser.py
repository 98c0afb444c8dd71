"""Reading ``procedure.toml`` strictly: every table, key and reference is checked.

Split from :mod:`fieldcase.core.procedure` (the model and its queries) so
each stays small: this module turns TOML tables into that model, and names
the exact entry of anything it refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NoReturn, cast

from fieldcase.core.deadlines import (
    THIS_ROW,
    AllOf,
    AnyOf,
    Condition,
    Deadline,
    Duration,
    FieldPath,
    FieldTest,
    Not,
    RuleSource,
    Text,
    Zone,
)
from fieldcase.core.procedure import (
    FORMAT,
    ID_RE,
    NAME_RE,
    Approval,
    OpenItem,
    Procedure,
    ProcedureError,
    Stage,
    Transition,
    normalise_region,
)
from fieldcase.core.roles import Role


class _Table:
    """A TOML table read strictly: typed getters, and unknown keys are an error."""

    def __init__(self, parser: Parser, raw: object, where: str) -> None:
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


class Parser:
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
        stage_field = case.text("stage_field", pattern=NAME_RE)
        region_fields = case.texts("region_fields", pattern=NAME_RE)
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
            if normalise_region(region) != region:
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
            stage_id = table.text("id", pattern=ID_RE)
            table.where = f"stages[{number}] ({stage_id})"
            stage = Stage(
                id=stage_id,
                order=table.integer("order"),
                label=table.label("label"),
                forms=table.texts("forms", pattern=ID_RE),
                record_forms=table.texts("record_forms", pattern=ID_RE),
                requires=table.texts("requires", pattern=ID_RE),
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
                field=table.text("field", pattern=NAME_RE),
                granted=table.text("granted"),
                date_field=table.text("date_field", optional=True, pattern=NAME_RE) or None,
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
                id=table.text("id", pattern=ID_RE),
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
            deadline_id = table.text("id", pattern=ID_RE)
            table.where = f"deadlines[{number}] ({deadline_id})"
            deadline = self.deadline(table, deadline_id, known)
            table.finish()
            if any(d.id == deadline_id for d in found):
                table.fail("id", "id tenggat berulang.", "repeated deadline id.")
            found.append(deadline)
        return tuple(found)

    def deadline(self, table: _Table, deadline_id: str, known: Mapping[str, Stage]) -> Deadline:
        per_record = table.text("per_record", optional=True, pattern=NAME_RE) or None
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

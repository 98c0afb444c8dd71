"""The procedure data against the built-in forms: every id, field and choice it names exists.

The procedure names forms and fields only as text (core imports no forms),
so this is where a renamed field or a typo in a choice ("disetujui") would
otherwise go unnoticed until a deadline silently stopped working.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from fieldcase.core.deadlines import FieldPath, FieldTest
from fieldcase.core.procedure import (
    PROCEDURE_FILE,
    Procedure,
    iter_conditions,
    load_procedure,
)
from fieldcase.forms import Form, Question, QuestionType, builtin_forms
from fieldcase.forms.catalog import PROCEDURE_FORMS
from fieldcase.resources import resources_dir

TIME_TYPES = {QuestionType.DATE, QuestionType.DATETIME}
PROCEDURE_TABLE = {
    "respons_risiko_tinggi": ("SOP", 0, "hours"),
    "respons_risiko_sedang": ("SOP", 6, "hours"),
    "laporan_polisi": ("law", 72, "hours"),
    "perlindungan_sementara": ("law", 24, "hours"),
    "permintaan_lpsk": ("law", 24, "hours"),
    "penempatan_rumah_aman": ("law", 14, "days"),
    "pemeriksaan_medis": ("practice", 72, "hours"),
    "kelengkapan_restitusi": ("law", 3, "days"),
    "tinjauan_berikutnya": ("practice", 30, "days"),
}


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_procedure(resources_dir() / PROCEDURE_FILE)


@pytest.fixture(scope="module")
def forms() -> Mapping[str, Form]:
    return builtin_forms(disk_cache=False)


def questions_at(forms: Mapping[str, Form], path: FieldPath) -> list[Question]:
    """The stored questions a rule's path can mean (by record or repeat prefix)."""
    found = []
    for form in forms.values():
        if path.name in form:
            q = form.question(path.name)
            if q.stored and (form.record or q.repeat) == path.prefix:
                found.append(q)
    return found


def choices_of(forms: Mapping[str, Form], q: Question) -> set[str]:
    for form in forms.values():
        if q.name in form and form.question(q.name) is q:
            return {c.name for c in form.choices_for(q)}
    raise AssertionError(q.name)


def test_every_stage_form_is_a_built_in_form_of_the_right_kind(
    procedure: Procedure, forms: Mapping[str, Form]
) -> None:
    for stage in procedure.stages:
        for form_id in stage.forms:
            assert forms[form_id].record is None, (stage.id, form_id)
        for form_id in stage.record_forms:
            assert forms[form_id].record is not None, (stage.id, form_id)
    used = {f for s in procedure.stages for f in s.form_ids}
    assert used == set(PROCEDURE_FORMS) == set(forms)


def test_every_field_the_procedure_reads_exists_in_a_form(
    procedure: Procedure, forms: Mapping[str, Form]
) -> None:
    missing = [str(p) for p in procedure.mentioned if not questions_at(forms, p)]
    assert missing == []
    assert not any(procedure.stage_field in form for form in forms.values())  # app-set


def test_every_choice_the_procedure_compares_exists(
    procedure: Procedure, forms: Mapping[str, Form]
) -> None:
    tests: list[tuple[str, FieldTest]] = []

    def collect(where: str, condition: object) -> None:
        if isinstance(condition, FieldTest):
            tests.append((where, condition))
        for child in getattr(condition, "items", ()):
            collect(where, child)
        if hasattr(condition, "item"):
            collect(where, condition.item)

    for where, condition in iter_conditions(procedure):
        collect(where, condition)
    assert tests
    for where, test in tests:
        if test.op == "present":
            continue
        for q in questions_at(forms, test.path):
            if q.type is QuestionType.CALCULATE:  # layanan_rujukan: a constant per form
                continue
            assert q.type.is_select, (where, q.name)
            assert set(test.values) <= choices_of(forms, q), (where, q.name, test.values)
    streams = {
        f.question("layanan_rujukan").calculation for f in forms.values() if f.record == "rujukan"
    }
    for where, test in tests:
        if test.path.name == "layanan_rujukan":
            assert {f"'{v}'" for v in test.values} <= streams, where


def test_approvals_and_open_items_use_real_choices(
    procedure: Procedure, forms: Mapping[str, Form]
) -> None:
    for approval in procedure.approvals.values():
        (q,) = questions_at(forms, FieldPath(approval.field))
        assert approval.granted in choices_of(forms, q)
        assert approval.field in forms[procedure.stage(approval.stage).forms[0]]
        assert approval.date_field is not None
        (when,) = questions_at(forms, FieldPath(approval.date_field))
        assert when.type in TIME_TYPES
    for item in procedure.open_item_rules:
        for q in questions_at(forms, item.path):
            assert set(item.open) < choices_of(forms, q), item.id


def test_deadline_clocks_read_times(procedure: Procedure, forms: Mapping[str, Form]) -> None:
    for deadline in procedure.deadlines:
        clock = [*deadline.start, *deadline.met_at]
        if deadline.applies_if_open_at is not None:
            clock.append(deadline.applies_if_open_at)
        for path in clock:
            for q in questions_at(forms, path):
                assert q.type in TIME_TYPES, (deadline.id, str(path))
        assert deadline.stage in procedure.stage_ids


def test_the_deadlines_are_procedure_md_s_table(procedure: Procedure) -> None:
    found = {d.id: (d.source, d.duration.amount, d.duration.unit) for d in procedure.deadlines}
    assert found == PROCEDURE_TABLE
    configurable = {d.id for d in procedure.deadlines if d.configurable}
    assert configurable == {"pemeriksaan_medis", "tinjauan_berikutnya"}
    for d in procedure.deadlines:
        assert d.label.id and d.label.en and d.rule.id and d.rule.en


def test_every_program_region_has_a_zone(procedure: Procedure, forms: Mapping[str, Form]) -> None:
    regions = forms["penerimaan"].choice_lists["wilayah"].names()
    assert {r for r in regions if r != "lainnya"} <= set(procedure.regions)
    assert {procedure.regions[r] for r in ("bali", "lombok")} == {"WITA"}
    wib = ("medan", "batam", "dki_jakarta", "solo", "surabaya", "indramayu")
    assert {procedure.regions[r] for r in wib} == {"WIB"}

"""The wizard's rules without widgets: relevance, calculations, repeats, storage, context."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tests.ui.wizard.forms import small_form

from fieldcase.forms import builtin_form
from fieldcase.forms.context import CONTEXT_FIELDS
from fieldcase.ui.wizard import context as wizard_context
from fieldcase.ui.wizard.drafts import next_record_index, plan_changes
from fieldcase.ui.wizard.engine import FormEngine, Problem
from fieldcase.ui.wizard.summary import review

WIB = timezone(timedelta(hours=7))
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=WIB)


def engine(**kwargs: object) -> FormEngine:
    return FormEngine(small_form(), clock=lambda: NOW, zone=WIB, **kwargs)  # type: ignore[arg-type]


def test_relevance_shows_and_hides_a_field_and_keeps_its_value_meanwhile() -> None:
    e = engine()
    assert not e.is_relevant("nama_kakak")
    assert e.problem("nama_kakak") is None  # not relevant: not validated
    touched = e.set_answer("punya_kakak", None, "ya")
    assert ("nama_kakak", None) in touched
    assert e.is_relevant("nama_kakak")
    assert e.problem("nama_kakak") == Problem("nama_kakak", None, "required")
    e.set_answer("nama_kakak", None, "Dewi")
    e.set_answer("punya_kakak", None, "tidak")
    assert not e.is_relevant("nama_kakak")
    assert "nama_kakak" not in e.stored_fields()  # not relevant: never stored
    assert e.answers()["nama_kakak"] == "Dewi"  # but the draft keeps it
    e.set_answer("punya_kakak", None, "ya")
    assert e.stored_fields()["nama_kakak"] == "Dewi"


def test_a_calculate_chain_follows_in_dependency_order() -> None:
    e = engine()
    e.set_answer("umur", None, 5)
    assert (e.value("dua_kali"), e.value("empat_kali")) == ("10", "20")
    touched = e.set_answer("umur", None, 7)
    assert (e.value("dua_kali"), e.value("empat_kali")) == ("14", "28")
    assert {("dua_kali", None), ("empat_kali", None), ("catatan_umur", None)} <= touched
    assert e.label("catatan_umur") == "Umur 7, dua kali 14"
    assert e.label("catatan_umur", language="en") == "Age 7"


def test_only_the_dependent_expressions_are_evaluated() -> None:
    e = engine()
    before = e.evaluations
    e.recompute_all()
    full = e.evaluations - before
    before = e.evaluations
    e.set_answer("umur", None, 9)  # constraint, two calculates, the note's text
    assert e.evaluations - before == 4 < full
    before = e.evaluations
    e.set_answer("nama_kakak", None, "x")  # nothing depends on it
    assert e.evaluations - before == 0


def test_constraint_messages_and_the_generic_fallback() -> None:
    e = engine()
    e.set_answer("umur", None, 19)
    problem = e.problem("umur")
    assert problem == Problem("umur", None, "constraint")
    assert e.message(problem) == "Umur 0-17"
    # No English message in the form: the generic one, in English.
    assert e.message(problem, "en").startswith("This answer does not meet the form's rule")
    e.set_answer("umur", None, None)
    assert e.problem("umur") == Problem("umur", None, "required")
    assert e.page_problems(0) == [Problem("umur", None, "required")]


def test_repeat_rows_are_stored_as_indexed_paths_and_renumbered_on_remove() -> None:
    e = engine()
    e.set_answer("umur", None, 3)
    assert e.add_row("anak") == 1
    assert e.add_row("anak") == 2
    e.set_answer("nama_anak", 1, "Ayu")
    e.set_answer("umur_anak", 1, 12)
    e.set_answer("nama_anak", 2, "Budi")
    e.set_answer("umur_anak", 2, 4)
    assert e.is_relevant("catatan_anak", 1) and not e.is_relevant("catatan_anak", 2)
    e.set_answer("catatan_anak", 1, "sekolah")
    assert e.value("umur_anak_plus", 1) == "15"  # its own row, plus the outer answer
    assert e.value("umur_anak_plus", 2) == "7"
    assert e.value("jumlah_anak") == "2"
    fields = e.stored_fields()
    assert {k: v for k, v in fields.items() if k.startswith("anak[")} == {
        "anak[1].nama_anak": "Ayu",
        "anak[1].umur_anak": 12,
        "anak[1].umur_anak_plus": "15",
        "anak[1].catatan_anak": "sekolah",
        "anak[2].nama_anak": "Budi",
        "anak[2].umur_anak": 4,
        "anak[2].umur_anak_plus": "7",
    }
    e.set_answer("umur", None, 4)  # an outer answer reaches every row
    assert (e.value("umur_anak_plus", 1), e.value("umur_anak_plus", 2)) == ("16", "8")
    e.remove_row("anak", 1)
    assert e.rows["anak"] == 1
    assert e.value("nama_anak", 1) == "Budi"
    assert not e.is_relevant("catatan_anak", 1)
    assert e.value("jumlah_anak") == "1"
    assert "anak[2].nama_anak" not in e.stored_fields()


def test_a_filtered_out_choice_is_no_longer_offered_nor_kept() -> None:
    e = engine()
    e.set_answer("layanan", None, "mediasi")
    assert [c.name for c in e.choices("layanan")] == ["kesehatan", "mediasi"]
    e.set_answer("kekerasan", None, ["seksual"])
    assert [c.name for c in e.choices("layanan")] == ["kesehatan"]
    assert e.value("layanan") is None


def test_or_other_reveals_the_specify_other_text() -> None:
    e = engine()
    assert [c.name for c in e.choices("pilihan")] == ["ya", "tidak", "other"]
    assert [c.label.get("en") for c in e.choices("pilihan")][-1] == "Other"
    assert not e.is_relevant("pilihan_other")
    e.set_answer("pilihan", None, "other")
    assert e.problem("pilihan_other") == Problem("pilihan_other", None, "required")
    e.set_answer("pilihan_other", None, "Kadang-kadang")
    assert e.stored_fields()["pilihan_other"] == "Kadang-kadang"


def test_readonly_and_required_follow_the_role_and_messages_show_values() -> None:
    form = builtin_form("terminasi")
    counts = {"jumlah_rujukan_terbuka": 1, "jumlah_rencana_terbuka": 0}
    worker = FormEngine(form, context={**counts, "peran_pengguna": "pendamping"}, zone=WIB)
    boss = FormEngine(form, context={**counts, "peran_pengguna": "supervisor"}, zone=WIB)
    assert worker.is_readonly("persetujuan_terminasi")
    assert not worker.is_required("persetujuan_terminasi")
    assert not boss.is_readonly("persetujuan_terminasi")
    assert boss.is_required("persetujuan_terminasi")
    assert worker.label("catatan_layanan_terbuka") == (
        "Rujukan terbuka: 1. Baris rencana terbuka: 0."
    )
    worker.set_answer("konfirmasi_tanpa_layanan_terbuka", None, True)
    problem = worker.problem("konfirmasi_tanpa_layanan_terbuka")
    assert problem is not None
    assert worker.message(problem).startswith("Kasus belum bisa ditutup: masih ada 1 rujukan")
    assert "jumlah_rujukan_terbuka" not in worker.stored_fields()


def test_defaults_apply_once_when_the_page_is_shown_and_only_to_empty_fields() -> None:
    e = engine(context={"peran_pengguna": "supervisor"})
    assert e.value("tanggal") is None
    e.set_answer("waktu", None, "2025-02-01T01:00:00Z")
    touched = e.apply_defaults(1)
    assert e.value("tanggal") == "2025-03-01"
    assert e.value("waktu") == "2025-02-01T01:00:00Z"  # already answered: kept
    assert e.value("peran") == "supervisor"  # a default from a context field
    assert ("tanggal", None) in touched
    e.set_answer("tanggal", None, None)
    assert e.apply_defaults(1) == set()
    assert e.value("tanggal") is None
    fields = e.stored_fields()
    assert "peran_pengguna" not in fields  # context: never stored
    assert fields["peran"] == "supervisor"


def test_datetimes_are_stored_in_utc_and_read_in_the_local_zone() -> None:
    e = engine()
    e.apply_defaults(1)
    assert e.value("waktu") == "2025-03-01T02:30:00Z"
    assert review(e)[0].items[-1].value.endswith("01/03/2025 09:30 WIB")


def test_loading_answers_restores_rows_and_recomputes() -> None:
    answers = {"umur": 2, "anak[2].nama_anak": "Citra", "punya_kakak": "ya", "bukan_isian": 1}
    e = engine(answers=answers)
    assert e.rows["anak"] == 2
    assert e.value("nama_anak", 2) == "Citra"
    assert e.value("dua_kali") == "4"
    assert e.is_relevant("nama_kakak")
    assert e.answers() == {"anak[2].nama_anak": "Citra", "punya_kakak": "ya", "umur": 2}


def test_intake_form_consent_follows_the_age_band() -> None:
    e = FormEngine(builtin_form("penerimaan"), clock=lambda: NOW, zone=WIB)
    e.set_answer("umur", None, 14)
    assert e.value("kelompok_umur_persetujuan") == "12_14"
    assert e.is_relevant("asentimen_anak") and not e.is_relevant("anak_cukup_matang")
    e.set_answer("umur", None, 16)
    assert e.is_relevant("anak_cukup_matang")
    before = e.evaluations
    e.set_answer("kronologi", None, "…")  # nothing reads it
    assert e.evaluations == before


def test_context_values_come_from_the_case_and_the_account() -> None:
    assert set(CONTEXT_FIELDS) == wizard_context.SUPPLIED
    case = {
        "waktu_pengaduan": "2025-02-19T02:00:00Z",
        "jenis_kekerasan": ["seksual"],
        "rujukan[1].status_rujukan": "dikirim",
        "rujukan[2].status_rujukan": "selesai",
        "rujukan[3].status_rujukan": "diterima",
        "rencana[1].status_rencana": "berjalan",
        "rencana[2].status_rencana": "selesai",
        "rencana[2].kebutuhan": "x",
    }
    values = wizard_context.context_values(
        builtin_form("terminasi"), case, role="supervisor", user_name="Rina", now=NOW
    )
    assert values == {
        "jumlah_rujukan_terbuka": 2,
        "jumlah_rencana_terbuka": 1,
        "umur_kasus_hari": 10,
        "peran_pengguna": "supervisor",
    }
    planned = wizard_context.context_values(
        builtin_form("rencana_layanan"), case, role="pendamping", user_name="Ani", now=NOW
    )
    assert planned == {"jenis_kekerasan": ["seksual"], "peran_pengguna": "pendamping"}


def test_plan_changes_writes_only_what_changed_with_its_base() -> None:
    originals = {"nama": "Sari", "umur": 14, "catatan": "lama", "lain": "x"}
    bases = {"nama": "h1", "umur": "h2", "catatan": "h3", "lain": "h4"}
    fields = {"nama": "Sari Dewi", "umur": 14, "kronologi": "baru"}
    changed, deletes, base = plan_changes(originals, bases, fields, owned=lambda p: p != "lain")
    assert changed == {"nama": "Sari Dewi", "kronologi": "baru"}
    assert deletes == ["catatan"]
    assert base == {"nama": "h1", "kronologi": "", "catatan": "h3"}
    assert next_record_index({"rujukan[2].x": 1, "rujukan[7].y": 2, "nama": 3}, "rujukan") == 8


@pytest.mark.parametrize(
    "module", ["engine", "values", "summary", "display", "context", "drafts", "strings"]
)
def test_the_rules_do_not_import_qt(module: str) -> None:
    source = Path(__file__).parents[3] / "src/fieldcase/ui/wizard" / f"{module}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("PySide6") for name in imported)

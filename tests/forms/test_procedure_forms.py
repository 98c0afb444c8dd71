"""The built-in procedure forms (resources/forms) against PROCEDURE.md and the house rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from fieldcase.core.casefields import PROJECTED_PATHS, SEARCHED_PATHS, is_valid_path
from fieldcase.forms import Form, QuestionType, builtin_forms
from fieldcase.forms.catalog import PROCEDURE_FORMS, forms_dir
from fieldcase.forms.checks import iter_expressions
from fieldcase.forms.context import CONTEXT_FIELDS
from fieldcase.forms.model import LANGUAGES, Question, walk

REPO = Path(__file__).parents[2]
REFERRAL_FORMS = tuple(f for f in PROCEDURE_FORMS if f.startswith("rujukan_"))
FORBIDDEN = re.compile(r"pornografi anak|pelacur|child pornograph|child prostitut", re.IGNORECASE)
APP_SET = {"tahap", "status"}  # projected, but set by the app, not by a form


@pytest.fixture(scope="module")
def forms() -> Mapping[str, Form]:
    return builtin_forms(disk_cache=False)


def texts_of(form: Form) -> list[str]:
    found = [t for _, t in form.title.texts]
    for node in walk(form.children):
        for translated in (node.label, node.hint):
            found += [t for _, t in translated.texts]
        if isinstance(node, Question):
            for translated in (node.constraint_message, node.required_message):
                found += [t for _, t in translated.texts]
    for choice_list in form.choice_lists.values():
        for choice in choice_list.choices:
            found += [t for _, t in choice.label.texts]
    return found


# ---------------------------------------------------------------- the set


def test_the_whole_procedure_is_there(forms: Mapping[str, Form]) -> None:
    assert set(forms) == set(PROCEDURE_FORMS)
    for form_id, form in forms.items():
        assert form.source == f"{form_id}.md"
        assert form.version and form.title.has("id") and form.title.has("en")
        assert form.default_language == "id" and form.languages == LANGUAGES


def test_every_question_speaks_both_languages_and_has_a_hint(forms: Mapping[str, Form]) -> None:
    for form in forms.values():
        for q in form.questions():
            if q.type is QuestionType.CALCULATE:
                continue
            assert q.label.has("id") and q.label.has("en"), (form.form_id, q.name)
            if q.type is not QuestionType.NOTE:
                assert q.hint.has("id") and q.hint.has("en"), (form.form_id, q.name)
            if q.constraint:
                assert q.constraint_message.has("id") and q.constraint_message.has("en")
            if q.required:
                assert q.required_message.has("id") and q.required_message.has("en")


def test_every_page_is_a_field_list_group(forms: Mapping[str, Form]) -> None:
    for form in forms.values():
        assert form.pages, form.form_id
        for page in form.pages:
            assert not page.synthetic and page.appearance == "field-list", page.name
            assert page.label.has("id") and page.label.has("en")
        on_pages = {q.name for page in form.pages for q in walk(page.children)}
        loose = [q.name for q in form.questions() if q.name not in on_pages]
        assert all(form.question(n).type is QuestionType.CALCULATE for n in loose)


def test_every_choice_list_exists_in_both_languages(forms: Mapping[str, Form]) -> None:
    for form in forms.values():
        for q in form.questions():
            if q.type.is_select:
                assert q.choice_list in form.choice_lists, (form.form_id, q.name)
        for choice_list in form.choice_lists.values():
            assert choice_list.choices
            for choice in choice_list.choices:
                assert choice.label.has("id") and choice.label.has("en"), choice.name


def test_every_expression_compiles(forms: Mapping[str, Form]) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    for form in forms.values():
        names = {q.name for q in form.questions()}
        for node, column, text in iter_expressions(form):
            compiled = engine.compile_expression(text)
            assert compiled.references <= names, (form.form_id, node.name, column)


def test_no_label_uses_forbidden_terminology(forms: Mapping[str, Form]) -> None:
    for form in forms.values():
        bad = [t for t in texts_of(form) if FORBIDDEN.search(t)]
        assert bad == [], form.form_id
    for path in forms_dir().glob("*.md"):
        assert not FORBIDDEN.search(path.read_text(encoding="utf-8")), path.name


def test_csam_is_named_as_the_terminology_guidelines_say(forms: Mapping[str, Form]) -> None:
    csam = forms["penerimaan"].choice_lists["bentuk_esa"].get("csam")
    assert csam is not None
    assert "materi kekerasan seksual anak" in csam.label.get("id").lower()
    prostitution = forms["penerimaan"].choice_lists["bentuk_esa"].get("eksploitasi_prostitusi")
    assert prostitution is not None
    assert "anak yang dieksploitasi dalam prostitusi" in prostitution.label.get("id").lower()


def test_names_are_storage_paths(forms: Mapping[str, Form]) -> None:
    for form in forms.values():
        rows = {r.name: 2 for r in form.repeats()}
        paths = form.field_paths(rows, 1 if form.record else None)
        assert paths and all(is_valid_path(p) for p in paths), form.form_id
        assert not APP_SET & {q.name for q in form.questions()}
        for path in paths:
            assert form.question_at(path) is not None, path


def test_context_fields_are_registered_calculates(forms: Mapping[str, Form]) -> None:
    used = set()
    for form in forms.values():
        for q in form.context_fields():
            assert q.type is QuestionType.CALCULATE and q.calculation, q.name
            assert q.name in CONTEXT_FIELDS
            used.add(q.name)
    assert used == set(CONTEXT_FIELDS)  # the registry lists nothing the forms do not use


def test_shared_names_mean_the_same_field(forms: Mapping[str, Form]) -> None:
    """Case-level forms share one namespace of paths: a name in two of them is one field."""
    case_forms = [f for f in forms.values() if f.record is None]
    seen: dict[str, tuple[str, Question]] = {}
    shared = set()
    for form in case_forms:
        for q in form.stored_questions():
            if q.name in seen:
                other_form, other = seen[q.name]
                shared.add(q.name)
                assert (q.type, q.choice_list, q.calculation, q.relevant, q.constraint) == (
                    other.type,
                    other.choice_list,
                    other.calculation,
                    other.relevant,
                    other.constraint,
                ), (q.name, form.form_id, other_form)
            else:
                seen[q.name] = (form.form_id, q)
    # Only the risk block is shared on purpose: the assessment revisits the intake's risk.
    assert shared == {
        "faktor_risiko",
        "tingkat_risiko_saran",
        "tingkat_risiko",
        "alasan_beda_risiko",
    }


# ---------------------------------------------------------------- stage 1: intake


INTAKE_FIELDS = {
    "waktu_pengaduan": QuestionType.DATETIME,
    "jalur": QuestionType.SELECT_ONE,
    "pelapor_nama": QuestionType.TEXT,
    "pelapor_hubungan": QuestionType.SELECT_ONE,
    "pelapor_kontak": QuestionType.TEXT,
    "nama": QuestionType.TEXT,
    "nama_panggilan": QuestionType.TEXT,
    "tanggal_lahir": QuestionType.DATE,
    "umur": QuestionType.INTEGER,
    "jenis_kelamin": QuestionType.SELECT_ONE,
    "pendidikan": QuestionType.SELECT_ONE,
    "alamat": QuestionType.TEXT,
    "kontak_anak": QuestionType.TEXT,
    "disabilitas": QuestionType.SELECT_ONE,
    "jenis_disabilitas": QuestionType.SELECT_MULTIPLE,
    "nik": QuestionType.TEXT,
    "no_kk": QuestionType.TEXT,
    "no_akta": QuestionType.TEXT,
    "jenis_kasus": QuestionType.SELECT_ONE,
    "jenis_kekerasan": QuestionType.SELECT_MULTIPLE,
    "bentuk_esa": QuestionType.SELECT_MULTIPLE,
    "kronologi": QuestionType.TEXT,
    "tanggal_kejadian": QuestionType.DATE,
    "tempat_kejadian": QuestionType.SELECT_ONE,
    "lokasi_kejadian": QuestionType.TEXT,
    "hubungan_pelaku": QuestionType.SELECT_MULTIPLE,
    "faktor_risiko": QuestionType.SELECT_MULTIPLE,
    "tingkat_risiko_saran": QuestionType.CALCULATE,
    "tingkat_risiko": QuestionType.SELECT_ONE,
    "alasan_beda_risiko": QuestionType.TEXT,
    "kewenangan": QuestionType.SELECT_ONE,
    "wilayah": QuestionType.SELECT_ONE,
    "petugas": QuestionType.TEXT,
    "catatan": QuestionType.TEXT,
}

PROCEDURE_CHOICES = {
    "jalur": {
        "datang_langsung",
        "telepon_hotline",
        "whatsapp",
        "surat_email",
        "laporan_pihak_lain",
        "hasil_penjangkauan",
        "rujukan_masuk",
        "pelimpahan",
    },
    "jenis_kasus": {"kta", "ampk", "ktp"},
    "jenis_kekerasan": {
        "fisik",
        "psikis",
        "seksual",
        "eksploitasi",
        "trafficking",
        "penelantaran",
        "lainnya",
    },
    "bentuk_esa": {
        "perdagangan_seksual",
        "eksploitasi_prostitusi",
        "csam",
        "esa_perjalanan_pariwisata",
        "perkawinan_anak",
        "grooming_daring",
        "sextortion",
        "siaran_langsung",
        "konten_buatan_sendiri",
    },
    "tempat_kejadian": {
        "rumah_tangga",
        "sekolah",
        "fasilitas_umum",
        "tempat_kerja",
        "daring",
        "lainnya",
    },
    "hubungan_pelaku": {
        "orang_tua",
        "keluarga_saudara",
        "suami_istri",
        "pacar_teman",
        "tetangga",
        "guru",
        "rekan_kerja",
        "majikan",
        "lainnya",
        "tidak_diketahui",
    },
    "tingkat_risiko": {"tinggi", "sedang", "rendah"},
    "kewenangan": {"kabupaten_kota", "provinsi", "pusat"},
}


def test_intake_has_every_field_of_stage_1(forms: Mapping[str, Form]) -> None:
    intake = forms["penerimaan"]
    for name, qtype in INTAKE_FIELDS.items():
        assert intake.question(name).type is qtype, name
    for list_name, names in PROCEDURE_CHOICES.items():
        assert set(intake.choice_lists[list_name].names()) == names, list_name


def test_intake_feeds_the_case_list_and_search(forms: Mapping[str, Form]) -> None:
    stored = {q.name for q in forms["penerimaan"].stored_questions()}
    assert stored >= (PROJECTED_PATHS - APP_SET)
    assert stored >= SEARCHED_PATHS


def test_intake_complaint_time_starts_the_clock(forms: Mapping[str, Form]) -> None:
    waktu = forms["penerimaan"].question("waktu_pengaduan")
    assert waktu.type is QuestionType.DATETIME and waktu.required == "true()"


def test_intake_perpetrators_are_a_repeat(forms: Mapping[str, Form]) -> None:
    intake = forms["penerimaan"]
    (pelaku,) = intake.repeats()
    assert pelaku.name == "pelaku"
    fields = {q.name: q for q in walk(pelaku.children) if isinstance(q, Question)}
    assert set(fields) == {
        "alias_pelaku",
        "umur_pelaku",
        "jenis_kelamin_pelaku",
        "hubungan_dengan_anak",
        "jaringan_pelaku",
    }
    assert fields["jaringan_pelaku"].choice_list == "ya_tidak_tahu"
    assert intake.path("umur_pelaku", 2) == "pelaku[2].umur_pelaku"


def test_intake_disability_type_appears_through_relevance(forms: Mapping[str, Form]) -> None:
    assert forms["penerimaan"].question("jenis_disabilitas").relevant == "${disabilitas} = 'ya'"


def test_risk_level_defaults_to_the_suggestion_and_needs_a_reason_to_differ(
    forms: Mapping[str, Form],
) -> None:
    for form_id in ("penerimaan", "asesmen"):
        form = forms[form_id]
        level = form.question("tingkat_risiko")
        assert level.default == "${tingkat_risiko_saran}" and level.default_is_expression
        reason = form.question("alasan_beda_risiko")
        assert reason.required == "true()"
        assert reason.relevant == "${tingkat_risiko} != ${tingkat_risiko_saran}"
        suggestion = form.question("tingkat_risiko_saran")
        # the "tinggi" column of the checklist and the formula agree
        high = {
            c.name
            for c in form.choice_lists["faktor_risiko"].choices
            if c.columns.get("tingkat") == "tinggi"
        }
        in_formula = set(
            re.findall(r"selected\(\$\{faktor_risiko\}, '(\w+)'\)", suggestion.calculation or "")
        )
        assert high and high == in_formula - {"tidak_ada"}


def test_procedure_risk_items_are_all_on_the_checklist(forms: Mapping[str, Form]) -> None:
    names = set(forms["asesmen"].choice_lists["faktor_risiko"].names())
    assert len(names - {"tidak_ada"}) >= 19  # PROCEDURE.md lists 19, plus confinement


# ---------------------------------------------------------------- other stages


STAGE_CHOICES = {
    ("penjangkauan", "tindakan_darurat"): {
        "evakuasi",
        "rumah_aman",
        "rujukan_medis_darurat",
        "pendampingan_ke_polisi",
        "lainnya",
    },
    ("asesmen", "penilaian"): {"baik", "perlu_dukungan", "mendesak"},
    ("rencana_layanan", "layanan"): {
        "kesehatan",
        "bantuan_hukum",
        "penegakan_hukum",
        "psikologis",
        "perlindungan_lpsk",
        "rehabilitasi_sosial",
        "rumah_aman",
        "reintegrasi_pendidikan",
        "reintegrasi_sosial",
        "pemulangan",
        "pendampingan_tokoh_agama",
        "restitusi",
        "pemberdayaan_ekonomi",
        "dokumen_kependudukan",
        "penghapusan_konten",
    },
    ("rencana_layanan", "status_rencana"): {
        "direncanakan",
        "dirujuk",
        "berjalan",
        "selesai",
        "dibatalkan",
    },
    ("rujukan_restitusi", "jenis_tuntutan"): {
        "kehilangan_kekayaan",
        "penderitaan",
        "biaya_medis_psikologis",
    },
    ("rujukan_rehabilitasi_sosial", "komponen_rehabilitasi"): {
        "pemenuhan_hidup_layak",
        "perawatan_pengasuhan",
        "dukungan_keluarga",
        "terapi",
        "pelatihan_vokasi",
        "bantuan_sosial",
        "dukungan_aksesibilitas",
    },
    ("rujukan_pendidikan", "status_sekolah"): {
        "kembali_sekolah_asal",
        "pindah_sekolah",
        "kejar_paket",
        "pelatihan_vokasi",
        "belum_sekolah",
    },
    ("terminasi", "alasan_terminasi"): {
        "tujuan_tercapai",
        "sebagian_besar_tercapai_aman",
        "anak_dewasa",
        "anak_menolak_layanan",
        "dipindahkan_dilimpahkan",
        "anak_meninggal",
        "lainnya",
    },
}


@pytest.mark.parametrize(("form_id", "list_name"), sorted(STAGE_CHOICES))
def test_stage_choice_lists_hold_the_procedure_values(
    forms: Mapping[str, Form], form_id: str, list_name: str
) -> None:
    names = set(forms[form_id].choice_lists[list_name].names())
    assert STAGE_CHOICES[(form_id, list_name)] <= names


def test_assessment_rates_every_domain(forms: Mapping[str, Form]) -> None:
    form = forms["asesmen"]
    for domain in ("fisik", "psikis", "sosial", "ekonomi", "pendidikan", "hukum", "disabilitas"):
        assert form.question(f"asesmen_{domain}").choice_list == "penilaian"
        assert form.question(f"kebutuhan_{domain}").relevant == f"${{asesmen_{domain}}} != 'baik'"


def test_service_plan_is_one_row_per_need(forms: Mapping[str, Form]) -> None:
    form = forms["rencana_layanan"]
    (rencana,) = form.repeats()
    names = {q.name for q in walk(rencana.children) if isinstance(q, Question)}
    assert {
        "kebutuhan",
        "layanan",
        "penyedia",
        "penanggung_jawab",
        "target_tanggal",
        "status_rencana",
    } <= names
    assert form.question("persetujuan_rencana").readonly == "${peran_pengguna} != 'supervisor'"


def test_one_referral_record_form_per_stream(forms: Mapping[str, Form]) -> None:
    streams = set()
    for form_id in REFERRAL_FORMS:
        form = forms[form_id]
        assert form.record == "rujukan"
        constant = form.question("layanan_rujukan").calculation or ""
        streams.add(constant)
        assert set(form.choice_lists["status_rujukan"].names()) == {
            "dikirim",
            "diterima",
            "ditolak",
            "selesai",
        }
        for name in ("lembaga_penerima", "tujuan_rujukan", "ringkasan_kronologi", "lampiran"):
            assert name in form, (form_id, name)
        assert form.question("alasan_ditolak").relevant == "${status_rujukan} = 'ditolak'"
    assert len(streams) == len(REFERRAL_FORMS) == 8


def test_monitoring_visits_are_records_with_progress_rows(forms: Mapping[str, Form]) -> None:
    form = forms["pemantauan"]
    assert form.record == "kunjungan"
    assert form.path("nomor_rencana", 2, 1) == "kunjungan[1].kemajuan[2].nomor_rencana"


# ---------------------------------------------------------------- mediation


MEDIATION_CASES = [
    # (jenis_kekerasan, bentuk_esa, pelaku_anak, offered)
    (["fisik"], [], "tidak", True),
    (["psikis", "penelantaran"], [], "tidak_tahu", True),
    (["seksual"], [], "tidak", False),
    (["seksual"], [], "tidak_tahu", False),
    (["seksual"], [], "ya", True),  # TPKS Pasal 23: unless the perpetrator is a child
    (["seksual"], ["grooming_daring"], "ya", False),  # ESA: never
    (["eksploitasi"], [], "ya", False),
    (["fisik", "trafficking"], [], "ya", False),
    (["fisik"], ["csam"], "tidak", False),
    ([], [], "", False),  # unknown: fail-safe
]


def mediation_selects(forms: Mapping[str, Form]) -> list[tuple[Form, Question]]:
    return [
        (form, q)
        for form in forms.values()
        for q in form.questions()
        if q.choice_list and "mediasi" in form.choice_lists[q.choice_list].names()
    ]


def test_mediation_is_always_behind_a_filter(forms: Mapping[str, Form]) -> None:
    found = mediation_selects(forms)
    assert {f.form_id for f, _ in found} == {"rencana_layanan", "rujukan_hukum"}
    for form, q in found:
        assert q.choice_filter and "mediasi" in q.choice_filter, (form.form_id, q.name)
        for name in ("jenis_kekerasan", "bentuk_esa", "pelaku_anak"):
            assert name in form, (form.form_id, name)


@pytest.mark.parametrize(("violence", "esa", "child", "offered"), MEDIATION_CASES)
def test_mediation_is_never_offered_for_esa_or_sexual_violence(
    forms: Mapping[str, Form], violence: list[str], esa: list[str], child: str, offered: bool
) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    answers = {"jenis_kekerasan": violence, "bentuk_esa": esa, "pelaku_anak": child}
    for form, q in mediation_selects(forms):
        expr = engine.compile_expression(q.choice_filter)
        shown = {
            c.name
            for c in form.choices_for(q)
            if expr.evaluate_bool(engine.DictContext(answers=answers, choice={"name": c.name}))
        }
        assert ("mediasi" in shown) is offered, (form.form_id, answers)
        assert shown >= set(form.choice_lists[q.choice_list or ""].names()) - {"mediasi"}


# ---------------------------------------------------------------- closure


def test_closure_needs_no_open_referrals_or_plan_rows(forms: Mapping[str, Form]) -> None:
    form = forms["terminasi"]
    for name in ("jumlah_rujukan_terbuka", "jumlah_rencana_terbuka"):
        context = form.question(name)
        assert context.is_context and context.calculation == "-1"  # blocks until supplied
    confirm = form.question("konfirmasi_tanpa_layanan_terbuka")
    assert confirm.type is QuestionType.ACKNOWLEDGE and confirm.required == "true()"
    assert confirm.constraint == "${jumlah_rujukan_terbuka} = 0 and ${jumlah_rencana_terbuka} = 0"
    assert confirm.constraint_message.has("id") and confirm.constraint_message.has("en")
    approval = form.question("persetujuan_terminasi")
    assert approval.readonly == "${peran_pengguna} != 'supervisor'"
    assert approval.required == "${peran_pengguna} = 'supervisor'"


@pytest.mark.parametrize(
    ("referrals", "plan_rows", "allowed"),
    [(0, 0, True), (1, 0, False), (0, 2, False), (-1, -1, False)],
)
def test_closure_constraints_evaluate(
    forms: Mapping[str, Form], referrals: int, plan_rows: int, allowed: bool
) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    form = forms["terminasi"]
    answers = {"jumlah_rujukan_terbuka": referrals, "jumlah_rencana_terbuka": plan_rows}
    confirm = engine.compile_expression(
        form.question("konfirmasi_tanpa_layanan_terbuka").constraint
    )
    assert confirm.evaluate_bool(engine.DictContext(answers=answers, current_value="OK")) is allowed
    approve = engine.compile_expression(form.question("persetujuan_terminasi").constraint)
    ctx = engine.DictContext(answers=answers, current_value="disetujui")
    assert approve.evaluate_bool(ctx) is allowed
    sent_back = engine.DictContext(answers=answers, current_value="perlu_perbaikan")
    assert approve.evaluate_bool(sent_back)


# ---------------------------------------------------------------- intake expressions


@pytest.mark.parametrize(
    ("age", "valid"), [(19, False), (18, False), (14, True), (0, True), (17, True)]
)
def test_child_age_constraint(forms: Mapping[str, Form], age: int, valid: bool) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    umur = forms["penerimaan"].question("umur")
    expr = engine.compile_expression(umur.constraint)
    assert expr.evaluate_bool(engine.DictContext(current_value=age)) is valid
    assert "18" in umur.constraint_message.get("id") and "18" in umur.constraint_message.get("en")


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0_5"), (5, "0_5"), (6, "6_11"), (11, "6_11"), (12, "12_14"), (15, "15_17")],
)
def test_consent_follows_the_age_bands(forms: Mapping[str, Form], age: int, band: str) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    intake = forms["penerimaan"]
    calc = engine.compile_expression(intake.question("kelompok_umur_persetujuan").calculation)
    assert calc.evaluate_str(engine.DictContext(answers={"umur": age})) == band
    answers = {"kelompok_umur_persetujuan": band, "anak_cukup_matang": "ya"}
    relevant = {
        name
        for name in ("persetujuan_anak", "asentimen_anak", "persetujuan_pengasuh")
        if engine.compile_expression(intake.question(name).relevant).evaluate_bool(
            engine.DictContext(answers=answers)
        )
    }
    expected = {
        "0_5": {"persetujuan_pengasuh"},
        "6_11": {"asentimen_anak", "persetujuan_pengasuh"},
        "12_14": {"asentimen_anak", "persetujuan_pengasuh"},
        "15_17": {"persetujuan_anak"},
    }
    assert relevant == expected[band]


@pytest.mark.parametrize(
    ("risks", "violence", "suggestion"),
    [
        (["tidak_ada"], ["fisik"], "rendah"),
        (["jauh_dari_layanan"], ["fisik"], "sedang"),
        (["nyawa_terancam"], ["fisik"], "tinggi"),
        (["tidak_ada"], ["seksual"], "tinggi"),  # triage: sexual violence -> tinggi
        (["tidak_ada"], ["trafficking"], "tinggi"),
        (["dikurung"], ["psikis"], "tinggi"),  # triage: confinement -> tinggi
    ],
)
def test_risk_suggestion(
    forms: Mapping[str, Form], risks: list[str], violence: list[str], suggestion: str
) -> None:
    engine = pytest.importorskip("fieldcase.forms.expressions")
    calc = engine.compile_expression(
        forms["penerimaan"].question("tingkat_risiko_saran").calculation
    )
    answers = {"faktor_risiko": risks, "jenis_kekerasan": violence, "bentuk_esa": []}
    assert calc.evaluate_str(engine.DictContext(answers=answers)) == suggestion


# ---------------------------------------------------------------- documentation


def test_docs_describe_every_form_and_context_field(forms: Mapping[str, Form]) -> None:
    text = (REPO / "docs" / "forms.md").read_text(encoding="utf-8")
    for form_id in forms:
        assert f"`{form_id}`" in text, form_id
    for name in CONTEXT_FIELDS:
        assert f"`{name}`" in text, name

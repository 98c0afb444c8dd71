"""Loading XLSForms into the typed model: types, groups, repeats, translations, paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldcase.core.casefields import is_valid_path
from fieldcase.forms import Form, QuestionType, Translations, load_form, load_form_data
from fieldcase.forms.model import OTHER_CHOICE, parse_path

ID, EN = "Bahasa Indonesia (id)", "English (en)"

SURVEY_HEADERS = {
    "type": "type",
    "name": "name",
    "label_id": f"label::{ID}",
    "label_en": f"label::{EN}",
    "hint_id": f"hint::{ID}",
    "hint_en": f"hint::{EN}",
    "required": "required",
    "required_id": f"required_message::{ID}",
    "required_en": f"required_message::{EN}",
    "relevant": "relevant",
    "constraint": "constraint",
    "constraint_id": f"constraint_message::{ID}",
    "constraint_en": f"constraint_message::{EN}",
    "calculation": "calculation",
    "default": "default",
    "choice_filter": "choice_filter",
    "appearance": "appearance",
}


def row(type_: str, name: str = "", label: str = "", label_en: str = "", **cells: str) -> str:
    """One markdown survey row; ``hint="id|en"`` style pairs are split on "|"."""
    values = {"type": type_, "name": name, "label_id": label, "label_en": label_en}
    for key, text in cells.items():
        if key in ("hint", "required_message", "constraint_message"):
            short = {
                "hint": "hint",
                "required_message": "required",
                "constraint_message": "constraint",
            }
            first, second = text.split("|")
            values[f"{short[key]}_id"], values[f"{short[key]}_en"] = first, second
        else:
            values[key] = text
    return "| | " + " | ".join(values.get(k, "") for k in SURVEY_HEADERS) + " |"


SURVEY_ROWS = [
    row("calculate", "peran_pengguna", calculation="''"),
    row("begin_group", "hal_anak", "Anak", "Child", hint="Petunjuk|Hint", appearance="field-list"),
    row(
        "text",
        "nama",
        "Nama",
        "Name",
        hint="Nama lengkap|Full name",
        required="yes",
        required_message="Isi nama|Enter the name",
    ),
    row(
        "integer",
        "umur",
        "Umur",
        "Age",
        hint="Tahun|Years",
        required="yes",
        required_message="Isi umur|Enter the age",
        constraint=". >= 0 and . <= 17",
        constraint_message="Umur 0-17|Age 0-17",
    ),
    row("decimal", "berat", "Berat", "Weight", hint="kg|kg"),
    row("date", "tanggal_lahir", "Tanggal lahir", "Date of birth", hint="Jika tahu|If known"),
    row("dateTime", "waktu", "Waktu", "Time", hint="Sekarang|Now", default="now()"),
    row(
        "select_one ya_tidak",
        "disabilitas",
        "Disabilitas?",
        "Disability?",
        hint="Pilih|Choose",
        default="tidak",
    ),
    row(
        "select_multiple jenis or_other",
        "jenis_disabilitas",
        "Jenis",
        "Type",
        hint="Pilih|Choose",
        relevant="${disabilitas} = 'ya'",
    ),
    row(
        "select_one jenis",
        "jenis_utama",
        "Utama",
        "Main",
        hint="Pilih|Choose",
        choice_filter="kelompok = 'a'",
    ),
    row("note", "catatan_info", "Info", "Info"),
    row("acknowledge", "setuju", "Setuju", "Agree", hint="Centang|Tick"),
    row("calculate", "umur_plus", calculation="${umur} + 1"),
    row("end_group"),
    row("begin_group", "hal_pelaku", "Pelaku", "Perpetrators", appearance="field-list"),
    row("begin_repeat", "pelaku", "Pelaku", "Perpetrator"),
    row("text", "alias_pelaku", "Alias", "Alias", hint="Nama|Name"),
    row("integer", "umur_pelaku", "Umur", "Age", hint="Tahun|Years"),
    row("end_repeat"),
    row("end_group"),
]

FORM_MD = (
    "# A small form that uses every supported type (comments like this are ignored).\n\n"
    "| survey |\n| | "
    + " | ".join(SURVEY_HEADERS.values())
    + " |\n"
    + "\n".join(SURVEY_ROWS)
    + f"""

| choices |
| | list_name | name | label::{ID} | label::{EN} | kelompok |
| | ya_tidak | ya | Ya | Yes | |
| | ya_tidak | tidak | Tidak | No | |
| | jenis | fisik | Fisik | Physical | a |
| | jenis | mental | Mental | Mental | b |

| settings |
| | form_id | version | form_title | form_title_en | default_language |
| | contoh | 3 | Contoh | Example | {ID} |
"""
)


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form_data(FORM_MD, "contoh.md", strict=True)


def test_settings(form: Form) -> None:
    assert (form.form_id, form.version) == ("contoh", "3")
    assert form.title == Translations.of(id="Contoh", en="Example")
    assert form.default_language == "id"
    assert form.languages == ("id", "en")
    assert form.record is None
    assert form.source == "contoh.md"


def test_every_type_is_typed(form: Form) -> None:
    types = {q.name: q.type for q in form.questions()}
    assert types == {
        "peran_pengguna": QuestionType.CALCULATE,
        "nama": QuestionType.TEXT,
        "umur": QuestionType.INTEGER,
        "berat": QuestionType.DECIMAL,
        "tanggal_lahir": QuestionType.DATE,
        "waktu": QuestionType.DATETIME,
        "disabilitas": QuestionType.SELECT_ONE,
        "jenis_disabilitas": QuestionType.SELECT_MULTIPLE,
        "jenis_disabilitas_other": QuestionType.TEXT,
        "jenis_utama": QuestionType.SELECT_ONE,
        "catatan_info": QuestionType.NOTE,
        "setuju": QuestionType.ACKNOWLEDGE,
        "umur_plus": QuestionType.CALCULATE,
        "alias_pelaku": QuestionType.TEXT,
        "umur_pelaku": QuestionType.INTEGER,
    }


def test_texts_binds_and_rows(form: Form) -> None:
    umur = form.question("umur")
    assert umur.label.get("id") == "Umur" and umur.label.get("en") == "Age"
    assert umur.hint.get("en") == "Years"
    assert umur.required == "true()"
    assert umur.required_message.get("en") == "Enter the age"
    assert umur.constraint == ". >= 0 and . <= 17"
    assert umur.constraint_message == Translations.of(id="Umur 0-17", en="Age 0-17")
    assert umur.row == 5  # the sheet row as Excel counts it (header = 1)
    assert form.question("umur_plus").calculation == "${umur} + 1"
    waktu = form.question("waktu")
    assert waktu.default == "now()" and waktu.default_is_expression
    dis = form.question("disabilitas")
    assert dis.default == "tidak" and not dis.default_is_expression
    assert dis.choice_list == "ya_tidak"


def test_translations_fall_back_to_the_default_language() -> None:
    text = Translations.of(id="Umur")
    assert text.get("en") == "Umur"
    assert text.get("en", fallback=None) == "Umur"  # any text rather than nothing
    assert Translations().get("id") == ""
    assert not Translations() and text.has("id") and not text.has("en")


def test_groups_are_pages_and_repeats_are_paths(form: Form) -> None:
    assert [p.name for p in form.pages] == ["hal_anak", "hal_pelaku"]
    assert form.pages[0].appearance == "field-list"
    assert form.pages[0].label.get("en") == "Child"
    (repeat,) = form.repeats()
    assert repeat.name == "pelaku"
    assert form.question("alias_pelaku").repeat == "pelaku"
    assert form.question("nama").repeat is None


def test_or_other_gets_a_bilingual_option_and_question(form: Form) -> None:
    select = form.question("jenis_disabilitas")
    assert select.or_other
    names = [c.name for c in form.choices_for(select)]
    assert names == ["fisik", "mental", "other"]
    assert form.choices_for(select)[-1] == OTHER_CHOICE
    # the shared list itself stays as written (pyxform appends "other" to it)
    assert form.choice_lists["jenis"].names() == ("fisik", "mental")
    other = form.question("jenis_disabilitas_other")
    assert other.generated and other.relevant == "selected(${jenis_disabilitas}, 'other')"
    assert other.label.has("id") and other.label.has("en") and other.hint.has("en")
    assert not any("Specify other." in q.label.get("en") for q in form.questions())
    assert form.warnings == ()  # pyxform's warning about its English "Other" is moot here


def test_choice_lists_keep_their_filter_columns(form: Form) -> None:
    jenis = form.choice_lists["jenis"]
    assert jenis.get("fisik") is not None
    assert dict(jenis.choices[0].columns) == {"kelompok": "a"}
    assert jenis.choices[0].label == Translations.of(id="Fisik", en="Physical")
    assert jenis.choices[0].row == 4
    assert form.question("jenis_utama").choice_filter == "kelompok = 'a'"


def test_context_fields_are_not_stored(form: Form) -> None:
    assert [q.name for q in form.context_fields()] == ["peran_pengguna"]
    stored = {q.name for q in form.stored_questions()}
    assert "peran_pengguna" not in stored and "catatan_info" not in stored
    assert {"umur_plus", "setuju", "jenis_disabilitas_other"} <= stored


def test_field_paths(form: Form) -> None:
    paths = form.field_paths({"pelaku": 2})
    assert paths[:2] == ("nama", "umur")
    assert "pelaku[1].alias_pelaku" in paths and "pelaku[2].umur_pelaku" in paths
    assert "pelaku[3].alias_pelaku" not in paths
    assert all(is_valid_path(p) for p in paths)
    assert not any(p.startswith("pelaku") for p in form.field_paths())
    assert form.path("umur_pelaku", 2) == "pelaku[2].umur_pelaku"
    with pytest.raises(ValueError, match="repeat row index"):
        form.path("umur_pelaku")
    with pytest.raises(ValueError, match="repeat row index"):
        form.path("umur", 1)


def test_question_at_reads_paths_back(form: Form) -> None:
    assert form.question_at("umur") is form.question("umur")
    assert form.question_at("pelaku[2].umur_pelaku") is form.question("umur_pelaku")
    assert form.question_at("umur_pelaku") is None  # it repeats: an index is needed
    assert form.question_at("pelaku[2].umur") is None
    assert form.question_at("catatan_info") is None  # notes hold no value
    assert form.question_at("1bad") is None
    parts = parse_path("rujukan[3].kemajuan[2].nomor_rencana")
    assert parts is not None
    assert (parts.record, parts.record_index, parts.repeat, parts.index, parts.name) == (
        "rujukan",
        3,
        "kemajuan",
        2,
        "nomor_rencana",
    )


RECORD_MD = f"""
| survey |
| | type | name | label::{ID} | label::{EN} |
| | begin_group | hal | Hal | Page |
| | text | status_rujukan | Status | Status |
| | begin_repeat | baris | Baris | Row |
| | text | isi | Isi | Content |
| | end_repeat | | | |
| | end_group | | | |
| settings |
| | form_id | version | form_title | fieldcase_record |
| | rujukan_x | 1 | Rujukan | rujukan |
"""


def test_record_forms_prefix_every_path() -> None:
    form = load_form_data(RECORD_MD, "rujukan_x.md")
    assert form.record == "rujukan"
    assert form.field_paths({"baris": 1}, record_index=2) == (
        "rujukan[2].status_rujukan",
        "rujukan[2].baris[1].isi",
    )
    assert form.question_at("rujukan[2].status_rujukan") is form.question("status_rujukan")
    assert form.question_at("rujukan[2].baris[1].isi") is form.question("isi")
    assert form.question_at("status_rujukan") is None
    with pytest.raises(ValueError, match="record index"):
        form.path("status_rujukan")


def test_plain_label_columns_are_the_default_language() -> None:
    form = load_form_data(
        "| survey |\n| | type | name | label |\n| | text | a | Nama |\n"
        "| settings |\n| | form_id | version | form_title |\n| | f | 1 | F |\n",
        "f.md",
    )
    assert form.question("a").label == Translations.of(id="Nama")
    assert [p.synthetic for p in form.pages] == [True]  # a loose question gets a page


def test_xlsx_and_csv_load_like_markdown(tmp_path: Path) -> None:
    from tests.forms.test_loader_support import md_to_csv, md_to_xlsx

    expected = load_form_data(FORM_MD, "contoh.md", strict=True)
    xlsx = md_to_xlsx(FORM_MD, tmp_path / "contoh.xlsx")
    csv = md_to_csv(FORM_MD, tmp_path / "contoh.csv")
    for path in (xlsx, csv):
        loaded = load_form(path, strict=True)
        assert loaded.children == expected.children
        assert dict(loaded.choice_lists) == dict(expected.choice_lists)
        assert loaded.title == expected.title


def test_a_form_is_safe_to_hash_and_compare(form: Form) -> None:
    again = load_form_data(FORM_MD, "contoh.md", strict=True)
    assert again == form
    assert hash(form.question("umur")) == hash(again.question("umur"))

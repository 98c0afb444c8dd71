"""An invalid XLSForm is refused with a FormError that points at the cell to fix.

Each broken form is tried as markdown and as a real .xlsx written with
openpyxl: the error must name the sheet, the row as Excel numbers it, and the
column header (plus its letter in a workbook, its line in a markdown file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.forms.test_loader_support import md_to_xlsx

from fieldcase.core.errors import FieldcaseError
from fieldcase.forms import Form, FormError, load_form, load_form_data, validate_form

ID, EN = "Bahasa Indonesia (id)", "English (en)"
COLUMNS = (
    "type",
    "name",
    f"label::{ID}",
    f"label::{EN}",
    "relevant",
    "constraint",
    f"constraint_message::{ID}",
    f"constraint_message::{EN}",
    "choice_filter",
)
LETTERS = dict(zip(COLUMNS, "ABCDEFGHI", strict=True))
CHOICES = f"""
| choices |
| | list_name | name | label::{ID} | label::{EN} |
| | ya_tidak | ya | Ya | Yes |
| | ya_tidak | tidak | Tidak | No |
"""
SETTINGS = """
| settings |
| | form_id | version | form_title |
| | uji | 1 | Uji |
"""


def r(type_: str, name: str = "", label_id: str = "", label_en: str = "", **cells: str) -> str:
    """One survey row; keyword cells by column (constraint_id, constraint_en...)."""
    values = {
        "type": type_,
        "name": name,
        f"label::{ID}": label_id,
        f"label::{EN}": label_en,
        "relevant": cells.get("relevant", ""),
        "constraint": cells.get("constraint", ""),
        f"constraint_message::{ID}": cells.get("constraint_id", ""),
        f"constraint_message::{EN}": cells.get("constraint_en", ""),
        "choice_filter": cells.get("choice_filter", ""),
    }
    return "| | " + " | ".join(values[c] for c in COLUMNS) + " |"


def md(*rows: str, choices: str = CHOICES, settings: str = SETTINGS) -> str:
    header = "| | " + " | ".join(COLUMNS) + " |"
    return "\n".join(["| survey |", header, *rows]) + "\n" + choices + settings


def page(*rows: str) -> tuple[str, ...]:
    """Rows wrapped in one field-list page (the survey's rows 2 and N)."""
    return (r("begin_group", "hal", "Halaman", "Page"), *rows, r("end_group"))


GOOD_ROW = r("integer", "umur", "Umur", "Age")
Loader = Callable[[str], Form]


@pytest.fixture(params=["md", "xlsx"])
def load(request: pytest.FixtureRequest, tmp_path: Path) -> Loader:
    """Load a markdown form text either as it is or as an .xlsx workbook."""

    def as_md(text: str) -> Form:
        return load_form_data(text, "uji.md")

    def as_xlsx(text: str) -> Form:
        return load_form(md_to_xlsx(text, tmp_path / "uji.xlsx"))

    return as_md if request.param == "md" else as_xlsx


def error_of(load: Loader, text: str) -> FormError:
    with pytest.raises(FormError) as caught:
        load(text)
    return caught.value


def assert_at(error: FormError, *, sheet: str, row: int | None, column: str | None) -> None:
    assert (error.sheet, error.row, error.column) == (sheet, row, column), error.problems
    where = error.location
    if where.source.endswith(".xlsx") and column in LETTERS and sheet == "survey":
        assert where.column_letter == LETTERS[column]
        assert f"({LETTERS[column]})" in str(error)
    # The message names the place in both languages and is bilingual throughout.
    assert f"lembar '{sheet}'" in error.message("id") and f"sheet '{sheet}'" in error.message("en")
    if row is not None:
        assert f"baris {row}" in error.message("id") and f"row {row}" in error.message("en")
    if column is not None:
        assert f"kolom '{column}'" in error.message("id")
        assert f"column '{column}'" in error.message("en")
    assert error.message("id") != error.message("en")
    assert isinstance(error, FieldcaseError)


# ---------------------------------------------------------------- the six classic mistakes


def test_unknown_type(load: Loader) -> None:
    error = error_of(load, md(*page(GOOD_ROW, r("integr", "berat", "Berat", "Weight"))))
    assert_at(error, sheet="survey", row=4, column="type")
    assert "'integr'" in error.message("en") and "Unknown question type" in error.message("en")


def test_missing_label(load: Loader) -> None:
    error = error_of(load, md(*page(GOOD_ROW, r("text", "nama", "", "Name"))))
    assert_at(error, sheet="survey", row=4, column=f"label::{ID}")
    assert "'nama'" in error.message("en")


def test_bad_expression(load: Loader) -> None:
    pytest.importorskip("fieldcase.forms.expressions")
    error = error_of(
        load, md(*page(GOOD_ROW, r("text", "nama", "Nama", "Name", relevant="${umur} >")))
    )
    assert_at(error, sheet="survey", row=4, column="relevant")
    assert "Invalid expression" in error.message("en")


def test_bad_reference_syntax_without_the_engine(load: Loader) -> None:
    # pyxform itself rejects a broken ${...}: this one needs no expression engine.
    error = error_of(
        load, md(*page(GOOD_ROW, r("text", "nama", "Nama", "Name", relevant="${umur")))
    )
    assert_at(error, sheet="survey", row=4, column="relevant")


def test_reference_to_a_missing_name(load: Loader) -> None:
    error = error_of(
        load, md(*page(GOOD_ROW, r("text", "nama", "Nama", "Name", relevant="${umr} > 3")))
    )
    assert_at(error, sheet="survey", row=4, column="relevant")
    assert "umr" in error.message("en")


def test_duplicate_name(load: Loader) -> None:
    error = error_of(load, md(*page(GOOD_ROW, r("text", "umur", "Umur lagi", "Age again"))))
    assert_at(error, sheet="survey", row=4, column="name")
    assert "row 3" in error.message("en")  # where the name was first used


def test_duplicate_name_in_another_group(load: Loader) -> None:
    # XLSForm allows this; fieldcase does not: a name is a storage path in the case.
    rows = (
        *page(GOOD_ROW),
        r("begin_group", "hal2", "Halaman 2", "Page 2"),
        r("integer", "umur", "Umur", "Age"),
        r("end_group"),
    )
    error = error_of(load, md(*rows))
    assert_at(error, sheet="survey", row=6, column="name")


def test_choice_list_missing(load: Loader) -> None:
    error = error_of(load, md(*page(GOOD_ROW, r("select_one warna", "warna", "Warna", "Colour"))))
    assert_at(error, sheet="survey", row=4, column="type")
    assert "'warna'" in error.message("en")


def test_unclosed_group(load: Loader) -> None:
    rows = (r("begin_group", "hal", "Halaman", "Page"), GOOD_ROW)
    error = error_of(load, md(*rows))
    assert_at(error, sheet="survey", row=2, column="type")
    assert "never closed" in error.message("en") and "tidak pernah ditutup" in error.message("id")


# ---------------------------------------------------------------- more survey mistakes


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (r("text", "nama-anak", "Nama", "Name"), "name", "cannot be used"),
        (r("text", "", "Nama", "Name"), "name", "'name' column is empty"),
        (r("", "nama", "Nama", "Name"), "type", "'type' column is empty"),
        (r("geopoint", "lokasi", "Lokasi", "Place"), "type", "not supported by fieldcase"),
        (r("select_one", "pilih", "Pilih", "Choose"), "type", "needs a choice list name"),
        (r("text", "status", "Status", "Status"), "name", "used by the app"),
        (
            r("integer", "berat", "Berat", "Weight", constraint=". > 0"),
            f"constraint_message::{ID}",
            "no constraint_message",
        ),
    ],
)
def test_survey_row_problems(load: Loader, row: str, column: str, words: str) -> None:
    error = error_of(load, md(*page(GOOD_ROW, row)))
    assert_at(error, sheet="survey", row=4, column=column)
    assert words in error.message("en")


def test_end_group_without_begin(load: Loader) -> None:
    error = error_of(load, md(*page(GOOD_ROW), r("end_group")))
    assert_at(error, sheet="survey", row=5, column="type")
    assert "no matching 'begin_group'" in error.message("en")


def test_nested_repeat_is_refused(load: Loader) -> None:
    rows = page(
        r("begin_repeat", "luar", "Luar", "Outer"),
        r("begin_repeat", "dalam", "Dalam", "Inner"),
        GOOD_ROW,
        r("end_repeat"),
        r("end_repeat"),
    )
    error = error_of(load, md(*rows))
    assert_at(error, sheet="survey", row=4, column="type")


def test_choice_without_label(load: Loader) -> None:
    choices = CHOICES + "| | ya_tidak | mungkin | | Maybe |\n"
    error = error_of(load, md(*page(r("select_one ya_tidak", "x", "X", "X")), choices=choices))
    assert_at(error, sheet="choices", row=4, column=f"label::{ID}")


def test_choice_name_with_a_space(load: Loader) -> None:
    choices = CHOICES + "| | ya_tidak | satu dua | Satu dua | One two |\n"
    error = error_of(load, md(*page(r("select_one ya_tidak", "x", "X", "X")), choices=choices))
    assert_at(error, sheet="choices", row=4, column="name")


def test_duplicate_choice_is_pointed_at_by_pyxform(load: Loader) -> None:
    choices = CHOICES + "| | ya_tidak | ya | Ya lagi | Yes again |\n"
    error = error_of(load, md(*page(r("select_one ya_tidak", "x", "X", "X")), choices=choices))
    assert_at(error, sheet="choices", row=4, column="name")


def test_settings_without_form_id(load: Loader) -> None:
    settings = "| settings |\n| | version | form_title |\n| | 1 | Uji |\n"
    error = error_of(load, md(*page(GOOD_ROW), settings=settings))
    assert_at(error, sheet="settings", row=2, column="form_id")


def test_every_problem_is_listed() -> None:
    text = md(*page(r("integr", "a", "A", "A"), r("text", "a", "A", "A"), r("select_one x", "b")))
    with pytest.raises(FormError) as caught:
        load_form_data(text, "uji.md")
    assert [(p.location.row, p.location.column) for p in caught.value.problems] == [
        (3, "type"),
        (4, "name"),
        (5, "type"),
    ]
    assert "(and 2 more problems)" in caught.value.message("en")


# ---------------------------------------------------------------- expressions (engine)


def test_name_without_braces_is_caught(load: Loader) -> None:
    pytest.importorskip("fieldcase.forms.expressions")
    error = error_of(
        load, md(*page(GOOD_ROW, r("text", "nama", "Nama", "Name", relevant="umur > 3")))
    )
    assert_at(error, sheet="survey", row=4, column="relevant")
    assert "${umur}" in error.message("en")


def test_choice_filter_column_must_exist(load: Loader) -> None:
    pytest.importorskip("fieldcase.forms.expressions")
    row = r("select_one ya_tidak", "x", "X", "X", choice_filter="kelompok = 'a'")
    error = error_of(load, md(*page(GOOD_ROW, row)))
    assert_at(error, sheet="survey", row=4, column="choice_filter")
    assert "kelompok" in error.message("en")


def test_expression_problems_name_the_constraint_column(load: Loader) -> None:
    pytest.importorskip("fieldcase.forms.expressions")
    row = r(
        "integer",
        "berat",
        "Berat",
        "Weight",
        constraint=". >> 3",
        constraint_id="Periksa",
        constraint_en="Check",
    )
    error = error_of(load, md(*page(GOOD_ROW, row)))
    assert_at(error, sheet="survey", row=4, column="constraint")


# ---------------------------------------------------------------- strict mode (built-in forms)


def test_strict_mode_wants_english_hints_and_field_lists() -> None:
    text = md(*page(GOOD_ROW), settings=SETTINGS)
    load_form_data(text, "uji.md")  # fine for an organisation's form
    with pytest.raises(FormError) as caught:
        load_form_data(text, "uji.md", strict=True)
    found = {(p.location.column, p.location.row) for p in caught.value.problems}
    assert (f"hint::{ID}", 3) in found and (f"hint::{EN}", 3) in found
    assert ("form_title_en", 2) in found
    assert ("appearance", 2) in found  # the page needs field-list


# ---------------------------------------------------------------- files


def test_markdown_errors_carry_the_file_line() -> None:
    text = "# comment line\n\n" + md(*page(GOOD_ROW, r("integr", "b", "B", "B")))
    with pytest.raises(FormError) as caught:
        load_form_data(text, "uji.md")
    # pyxform's row 4 is the 6th line: two comment lines, sheet name, header, rows 2-3.
    assert caught.value.row == 4 and caught.value.line == 7
    assert "file line 7" in caught.value.message("en")


def test_xlsx_rows_count_blank_rows_like_excel(tmp_path: Path) -> None:
    text = md(*page(GOOD_ROW, r("integr", "b", "B", "B")))
    path = md_to_xlsx(text, tmp_path / "kosong.xlsx", blank_rows_after=3)
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.row == 5  # the blank row 4 counts, as in Excel
    assert caught.value.location.column_letter == "A"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("form.pdf", b"%PDF-1.4", "not supported"),
        ("form.xlsx", b"not a zip file", "cannot be read as an XLSForm"),
        ("form.md", b"no tables here", "cannot be read as an XLSForm"),
        ("form.xlsx", b"0" * (11 * 1024 * 1024), "too large"),
    ],
)
def test_unreadable_files(name: str, data: bytes, words: str) -> None:
    with pytest.raises(FormError) as caught:
        load_form_data(data, name)
    assert words in caught.value.message("en")
    assert caught.value.source == name


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="cannot be opened"):
        load_form(tmp_path / "tidak_ada.xlsx")


# ---------------------------------------------------------------- custom forms


def test_validate_form_checks_what_the_app_relies_on(tmp_path: Path) -> None:
    text = md(*page(GOOD_ROW))
    data = md_to_xlsx(text, tmp_path / "org.xlsx").read_bytes()
    assert validate_form(data, "org.xlsx", required_fields=["umur"], form_id="uji").form_id == "uji"
    with pytest.raises(FormError) as caught:
        validate_form(data, "org.xlsx", required_fields=["umur", "tingkat_risiko"], form_id="lain")
    messages = [p.message("en") for p in caught.value.problems]
    assert any("form_id must be 'lain'" in m for m in messages)
    assert any("'tingkat_risiko'" in m for m in messages)

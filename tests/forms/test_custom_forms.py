"""An organisation's own .xlsx forms: checked before they are accepted, then used for a stage.

The workbooks are the built-in markdown forms written as real .xlsx files
with openpyxl (tests.forms.test_loader_support), edited the way an
organisation would: a new version, a new form id, a renamed field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from tests.forms.test_loader_support import md_sheets, md_to_xlsx

from fieldcase.core.procedure import UnknownStage
from fieldcase.forms import Form, FormError, builtin_forms
from fieldcase.forms.catalog import forms_dir
from fieldcase.forms.custom import (
    INDEX_FILE,
    CustomFormNotFound,
    CustomForms,
    CustomFormsDamaged,
    forms_folder,
)

Edit = Callable[[str], str]


def same(text: str) -> str:
    return text


def new_version(form_id: str, version: str = "2") -> Edit:
    return lambda text: text.replace(f"| | {form_id} | 1 |", f"| | {form_id} | {version} |")


def new_id(form_id: str, new: str) -> Edit:
    return lambda text: text.replace(f"| | {form_id} | 1 |", f"| | {new} | 1 |")


def workbook(folder: Path, form_id: str, edit: Edit = same, name: str | None = None) -> Path:
    text = edit((forms_dir() / f"{form_id}.md").read_text(encoding="utf-8"))
    return md_to_xlsx(text, folder / (name or f"{form_id}.xlsx"))


def survey_row(form_id: str, name: str) -> int:
    """The Excel row (header = 1) of question ``name`` in a built-in form's survey sheet."""
    rows = md_sheets((forms_dir() / f"{form_id}.md").read_text(encoding="utf-8"))["survey"]
    return next(i for i, row in enumerate(rows, start=1) if len(row) > 1 and row[1] == name)


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def builtins() -> Mapping[str, Form]:
    return builtin_forms()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def registry(data: Path, builtins: Mapping[str, Form]) -> CustomForms:
    return CustomForms(data, builtins=lambda: builtins)


# ---------------------------------------------------------------- accepted


def test_a_replacement_intake_is_used_for_its_stage(
    registry: CustomForms, tmp_path: Path, builtins: Mapping[str, Form]
) -> None:
    assert registry.resolve("penerimaan_pengaduan") is builtins["penerimaan"]
    entry = registry.add(
        workbook(tmp_path, "penerimaan", new_version("penerimaan"), "intake_org.xlsx"),
        "penerimaan_pengaduan",
    )
    assert (entry.form_id, entry.stage, entry.replaces, entry.version) == (
        "penerimaan",
        "penerimaan_pengaduan",
        "penerimaan",
        "2",
    )
    form = registry.resolve("penerimaan_pengaduan")
    assert form.form_id == "penerimaan" and form.version == "2"
    assert form.source == "intake_org.xlsx"
    assert registry.resolve("asesmen") is builtins["asesmen"]

    index = json.loads((registry.folder / INDEX_FILE).read_text(encoding="utf-8"))
    assert index["format"] == 1
    assert list(index["stages"]) == ["penerimaan_pengaduan"]
    stored = index["stages"]["penerimaan_pengaduan"]["penerimaan"]
    assert stored["file"] == entry.file and (registry.folder / entry.file).is_file()
    assert not [p for p in registry.folder.iterdir() if p.name.endswith(".tmp")]


def test_an_added_referral_form_joins_the_stage(registry: CustomForms, tmp_path: Path) -> None:
    entry = registry.add(
        workbook(tmp_path, "rujukan_hukum", new_id("rujukan_hukum", "rujukan_lbh")),
        "rujukan_layanan",
    )
    assert entry.replaces is None and entry.record == "rujukan"
    ids = registry.stage_form_ids("rujukan_layanan")
    assert ids[:8] == registry.procedure.stage("rujukan_layanan").form_ids
    assert ids[8:] == ("rujukan_lbh",)
    assert registry.resolve("rujukan_layanan", "rujukan_lbh").form_id == "rujukan_lbh"
    assert [f.form_id for f in registry.stage_forms("rujukan_layanan")][-1] == "rujukan_lbh"
    assert registry.resolve("rujukan_layanan").form_id == "rujukan_hukum"  # main form unchanged


def test_adding_a_new_version_replaces_the_old_file(registry: CustomForms, tmp_path: Path) -> None:
    first = registry.add(
        workbook(tmp_path, "terminasi", new_version("terminasi", "2"), "t2.xlsx"), "terminasi"
    )
    second = registry.add(
        workbook(tmp_path, "terminasi", new_version("terminasi", "3"), "t3.xlsx"), "terminasi"
    )
    assert first.file != second.file
    assert not (registry.folder / first.file).exists()
    assert [e.version for e in registry.entries()] == ["3"]
    assert registry.resolve("terminasi").version == "3"


def test_a_form_shared_by_two_stages_is_one_form(registry: CustomForms, tmp_path: Path) -> None:
    registry.add(
        workbook(tmp_path, "rujukan_pendidikan", new_version("rujukan_pendidikan")), "reintegrasi"
    )
    for stage in ("reintegrasi", "rujukan_layanan"):
        assert registry.resolve(stage, "rujukan_pendidikan").version == "2"


def test_remove_goes_back_to_the_built_in_form(
    registry: CustomForms, tmp_path: Path, builtins: Mapping[str, Form]
) -> None:
    entry = registry.add(workbook(tmp_path, "asesmen", new_version("asesmen")), "asesmen")
    removed = registry.remove("asesmen")
    assert removed == entry
    assert registry.entries() == ()
    assert not (registry.folder / entry.file).exists()
    assert registry.resolve("asesmen") is builtins["asesmen"]
    with pytest.raises(CustomFormNotFound, match="form list"):
        registry.remove("asesmen")


# ---------------------------------------------------------------- refused, nothing written


def test_an_invalid_workbook_names_the_cell_and_writes_nothing(
    registry: CustomForms, tmp_path: Path
) -> None:
    registry.add(workbook(tmp_path, "asesmen", new_version("asesmen")), "asesmen")
    before = snapshot(registry.folder)
    broken = workbook(
        tmp_path,
        "penerimaan",
        lambda t: t.replace("| | integer | umur |", "| | integr | umur |"),
        "intake_broken.xlsx",
    )
    with pytest.raises(FormError) as caught:
        registry.add(broken, "penerimaan_pengaduan")
    error = caught.value
    assert (error.source, error.sheet, error.column) == ("intake_broken.xlsx", "survey", "type")
    assert error.row == survey_row("penerimaan", "umur")
    assert error.location.column_letter == "A"
    assert "integr" in str(error) and " / " in str(error)
    assert snapshot(registry.folder) == before


def test_a_fresh_laptop_gets_no_folder_from_a_refused_form(
    registry: CustomForms, tmp_path: Path
) -> None:
    renamed = workbook(
        tmp_path,
        "penerimaan",
        lambda t: t.replace("| waktu_pengaduan |", "| waktu_masuk |"),
    )
    with pytest.raises(FormError) as caught:
        registry.add(renamed, "penerimaan_pengaduan")
    assert caught.value.sheet == "survey" and caught.value.column == "name"
    assert "'waktu_pengaduan'" in str(caught.value)
    assert not registry.folder.exists()


@pytest.mark.parametrize(
    ("form_id", "stage", "edit", "expect"),
    [
        pytest.param(
            "rujukan_hukum",
            "rujukan_layanan",
            lambda t: t.replace("status_rujukan", "keadaan_rujukan"),
            ("survey", None, "name", "'status_rujukan'"),
            id="referral-without-status_rujukan",
        ),
        pytest.param(
            "penerimaan",
            "penerimaan_pengaduan",
            lambda t: t.replace(
                "| | select_one tingkat_risiko | tingkat_risiko |", "| | text | tingkat_risiko |"
            ),
            ("survey", survey_row("penerimaan", "tingkat_risiko"), "type", "select_one"),
            id="risk-level-as-free-text",
        ),
        pytest.param(
            "penerimaan",
            "asesmen",
            same,
            ("settings", 2, "form_id", "belongs to stage 'penerimaan_pengaduan'"),
            id="wrong-stage",
        ),
        pytest.param(
            "rujukan_kesehatan",
            "rujukan_layanan",
            lambda t: new_id("rujukan_kesehatan", "rujukan_puskesmas")(t).replace(
                "| | date | tanggal_dikirim |", "| | text | tanggal_dikirim |"
            ),
            ("survey", survey_row("rujukan_kesehatan", "tanggal_dikirim"), "type", "date"),
            id="added-form-reuses-a-name-with-another-type",
        ),
        pytest.param(
            "asesmen",
            "rujukan_layanan",
            new_id("asesmen", "asesmen_lanjutan"),
            ("settings", 2, "fieldcase_record", "fieldcase_record = rujukan"),
            id="case-level-form-for-a-record-stage",
        ),
    ],
)
def test_forms_the_procedure_could_not_use_are_refused(
    registry: CustomForms,
    tmp_path: Path,
    form_id: str,
    stage: str,
    edit: Edit,
    expect: tuple[str, int | None, str, str],
) -> None:
    sheet, row, column, text = expect
    with pytest.raises(FormError) as caught:
        registry.add(workbook(tmp_path, form_id, edit), stage)
    error = caught.value
    assert (error.sheet, error.row, error.column) == (sheet, row, column), str(error)
    assert text in str(error)
    assert not registry.folder.exists()


def test_only_xlsx_and_a_known_stage(registry: CustomForms, tmp_path: Path) -> None:
    markdown = tmp_path / "penerimaan.md"
    markdown.write_text((forms_dir() / "penerimaan.md").read_text(encoding="utf-8"))
    with pytest.raises(FormError, match=r"\.xlsx"):
        registry.add(markdown, "penerimaan_pengaduan")
    with pytest.raises(FormError, match="cannot be opened"):
        registry.add(tmp_path / "missing.xlsx", "penerimaan_pengaduan")
    with pytest.raises(UnknownStage, match="penerimaan_pengaduan"):
        registry.add(workbook(tmp_path, "penerimaan"), "intake")
    assert not registry.folder.exists()


# ---------------------------------------------------------------- a registry on disk


def test_a_changed_file_is_never_used(
    registry: CustomForms, tmp_path: Path, builtins: Mapping[str, Form]
) -> None:
    replaced = registry.add(workbook(tmp_path, "asesmen", new_version("asesmen")), "asesmen")
    added = registry.add(
        workbook(tmp_path, "rujukan_hukum", new_id("rujukan_hukum", "rujukan_lbh")),
        "rujukan_layanan",
    )
    for entry in (replaced, added):
        (registry.folder / entry.file).write_bytes(b"PK not the validated workbook")
    assert registry.resolve("asesmen") is builtins["asesmen"]  # a replacement falls back
    with pytest.raises(FormError, match="missing or changed"):
        registry.resolve("rujukan_layanan", "rujukan_lbh")


def test_a_damaged_index_is_reported_not_guessed(registry: CustomForms, data: Path) -> None:
    folder = forms_folder(data)
    folder.mkdir()
    for content in (
        "{not json",
        json.dumps({"format": 99, "stages": {}}),
        json.dumps(
            {
                "format": 1,
                "stages": {
                    "asesmen": {
                        "asesmen": {
                            "file": "../../accounts/x/vault.db",
                            "sha256": "0" * 64,
                            "version": "1",
                            "source_name": "a.xlsx",
                            "added_at": "2026-01-01T00:00:00+00:00",
                            "replaces": "asesmen",
                            "record": None,
                        }
                    }
                },
            }
        ),
    ):
        (folder / INDEX_FILE).write_text(content, encoding="utf-8")
        with pytest.raises(CustomFormsDamaged, match="custom form list"):
            registry.entries()


def test_the_registry_is_per_laptop_not_per_account(
    data: Path, registry: CustomForms, tmp_path: Path, builtins: Mapping[str, Form]
) -> None:
    registry.add(workbook(tmp_path, "reintegrasi", new_version("reintegrasi")), "reintegrasi")
    assert registry.folder == data / "forms"
    again = CustomForms(data, builtins=lambda: builtins)
    assert again.resolve("reintegrasi").version == "2"


def test_required_fields_follow_the_procedure(
    registry: CustomForms, builtins: Mapping[str, Form]
) -> None:
    intake = registry.required_fields(builtins["penerimaan"])
    assert {"waktu_pengaduan", "nama", "tingkat_risiko", "wilayah", "jenis_kekerasan"} <= set(
        intake
    )
    assert "umur" not in intake
    assert "status_rujukan" in registry.required_fields(builtins["rujukan_kesehatan"])
    assert {"nomor_lp", "tanggal_lp"} <= set(registry.required_fields(builtins["rujukan_hukum"]))
    assert "tanggal_kunjungan" in registry.required_fields(builtins["pemantauan"])

"""`fieldcase form add|list|remove`: laptop-level admin commands, no passphrase needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.forms.test_loader_support import md_to_xlsx

from fieldcase.cli import main
from fieldcase.forms.catalog import forms_dir


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def intake(folder: Path, *, version: str = "2", broken: bool = False) -> Path:
    text = (forms_dir() / "penerimaan.md").read_text(encoding="utf-8")
    text = text.replace("| | penerimaan | 1 |", f"| | penerimaan | {version} |")
    if broken:
        text = text.replace("| | integer | umur |", "| | integr | umur |")
    return md_to_xlsx(text, folder / ("broken.xlsx" if broken else "intake_org.xlsx"))


def test_add_list_remove(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, data_dir, "form", "list")
    assert code == 0
    assert "penerimaan_pengaduan\tpenerimaan\tbawaan / built-in" in out
    assert "rujukan_layanan\trujukan_rumah_aman\tbawaan / built-in" in out

    code, out, err = run(
        capsys, data_dir, "form", "add", str(intake(tmp_path)), "--stage", "penerimaan_pengaduan"
    )
    assert code == 0, err
    assert "form accepted: penerimaan v2" in out and "replaces 'penerimaan'" in out

    code, out, _ = run(capsys, data_dir, "form", "list")
    assert "penerimaan_pengaduan\tpenerimaan\tkhusus / custom v2 (intake_org.xlsx" in out
    assert "asesmen\tasesmen\tbawaan / built-in" in out

    code, out, _ = run(capsys, data_dir, "form", "remove", "penerimaan")
    assert code == 0 and "uses the built-in form again" in out
    _, out, _ = run(capsys, data_dir, "form", "list")
    assert "khusus / custom" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("form", "remove", "penerimaan"), "no custom form 'penerimaan'"),
        (("form", "add", "{broken}", "--stage", "penerimaan_pengaduan"), "sheet 'survey', row"),
        (("form", "add", "{good}", "--stage", "intake"), "There is no stage 'intake'"),
        (("form", "add", "{good}", "--stage", "asesmen"), "belongs to stage"),
        (("form", "add", "{good}"), "Invalid command"),
    ],
)
def test_errors_are_one_bilingual_line(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: str,
) -> None:
    files = {"{good}": str(intake(tmp_path)), "{broken}": str(intake(tmp_path, broken=True))}
    code, _, err = run(capsys, data_dir, *(files.get(a, a) for a in args))
    assert code in (1, 2)
    assert err.startswith("Galat / Error: ") and " / " in err
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (data_dir / "forms" / "custom_forms.json").exists()

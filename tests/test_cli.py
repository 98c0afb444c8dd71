"""The `fieldcase` command as an admin or a script uses it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import click
import pytest

from fieldcase.cli import cli, main

PASS = "kopi pagi di Lombok 7"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASS)
    return data_dir


def test_account_create_list_and_case_round_trip(
    env: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(capsys, "account", "create", "--name", "Ani Lestari", "--role", "supervisor")
    assert code == 0
    assert re.search(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", out)
    code, out, _ = run(capsys, "account", "list")
    assert "Ani Lestari" in out and "Supervisor" in out

    case_file = tmp_path / "case.json"
    case_file.write_text(
        json.dumps({"nama": "Putri Wijaya", "tahap": "asesmen", "wilayah": "Bali"})
    )
    code, out, _ = run(capsys, "case", "new", "--json", str(case_file))
    case_id = out.strip()
    assert code == 0 and len(case_id) == 36

    code, out, _ = run(capsys, "case", "list")
    assert case_id in out and "asesmen" in out and "Putri" not in out
    code, out, _ = run(capsys, "case", "search", "putri")
    assert case_id in out and "1 kasus" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("wijaya\n"))
    code, out, _ = run(capsys, "case", "search", "-")  # the name stays off argv
    assert case_id in out and "1 kasus" in out
    code, out, _ = run(capsys, "case", "show", case_id)
    assert json.loads(out)["nama"] == "Putri Wijaya"
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("OK")
    code, out, _ = run(capsys, "vault", "rebuild")
    assert code == 0 and "view unchanged" in out


def test_passwd_and_recover(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "account", "create", "--name", "Ani Lestari")
    recovery = re.search(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", out).group(0)  # type: ignore[union-attr]
    monkeypatch.setenv("FIELDCASE_NEW_PASSPHRASE", "teh manis sore di Medan 9")
    assert run(capsys, "account", "passwd")[0] == 0
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", "teh manis sore di Medan 9")
    assert run(capsys, "case", "list")[0] == 0

    monkeypatch.setenv("FIELDCASE_RECOVERY_CODE", recovery)
    monkeypatch.setenv("FIELDCASE_NEW_PASSPHRASE", "Melati-Biru-2026 pagi")
    code, out, _ = run(capsys, "account", "recover")
    assert code == 0 and "NEW RECOVERY CODE" in out
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", "Melati-Biru-2026 pagi")
    assert run(capsys, "audit", "verify")[0] == 0


def test_errors_are_one_bilingual_line(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "account", "create", "--name", "Ani Lestari")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for args in (
        ("case", "new", "--json", str(bad)),
        ("case", "show", "01900000-0000-7000-8000-000000000000"),
        ("--account", "Nobody", "case", "list"),
    ):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert err.startswith("Galat / Error: ")
        assert " / " in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_wrong_passphrase_from_environment(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "account", "create", "--name", "Ani Lestari")
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", "bukan frasa sandinya 1")
    code, _, err = run(capsys, "case", "list")
    assert code == 1 and "Frasa sandi salah" in err and "Wrong passphrase" in err


def test_demo_makes_a_marked_training_account(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "demo", "--cases", "30")
    assert code == 0 and "30" in out
    _, out, _ = run(capsys, "account", "list")
    assert "PELATIHAN / TRAINING" in out
    _, out, _ = run(capsys, "--account", "Pelatihan", "case", "list")
    assert out.count("[PELATIHAN]") == 30


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names += _commands(command, full + " ")
        else:
            names.append(full)
    return names


def test_every_command_is_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in _commands(cli) if f"fieldcase {c}" not in doc]
    assert missing == []


def test_training_flag_uses_a_separate_filled_sandbox(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--training", "account", "list")
    assert code == 0 and "Pelatihan" in out and "PELATIHAN / TRAINING" in out
    code, out, _ = run(capsys, "account", "list")
    assert "Belum ada akun" in out  # the real folder is untouched

"""``fieldcase team …`` and ``fieldcase sync …`` as an admin types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldcase.cli import cli, main
from fieldcase.cli_sync import register

PASS = "kopi pagi di Lombok 7"


@pytest.fixture(autouse=True)
def _registered() -> None:
    if "team" not in cli.commands:
        register(cli)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_team_enrolment_bundle_folder_and_revoke(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", PASS)
    assert run(capsys, "account", "create", "--name", "Sri", "--role", "supervisor")[0] == 0
    assert run(capsys, "account", "create", "--name", "Ani")[0] == 0
    sri, ani = ("--account", "Sri"), ("--account", "Ani")
    code, out, _ = run(
        capsys,
        *sri,
        "team",
        "create",
        "--name",
        "PPA NTB",
        "--region",
        "NTB",
        "--recovery-out",
        str(tmp_path / "recovery.key"),
    )
    assert code == 0 and (tmp_path / "recovery.key").exists()
    req, ans = tmp_path / "ani.fcreq", tmp_path / "ani.fcans"
    assert run(capsys, *ani, "team", "enrol-request", "--out", str(req))[0] == 0
    assert run(capsys, *sri, "team", "enrol-answer", str(req), "--out", str(ans))[0] == 0
    code, out, _ = run(capsys, *ani, "team", "enrol-accept", str(ans))
    assert code == 0 and "joined team" in out
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"nama": "Putri Wijaya"}))
    code, out, _ = run(capsys, *ani, "case", "new", "--json", str(case_file))
    case_id = out.strip()
    bundle_path = tmp_path / "ani.fcbundle"
    assert run(capsys, *ani, "sync", "export", "--out", str(bundle_path))[0] == 0
    code, out, _ = run(capsys, *sri, "sync", "import", str(bundle_path))
    assert code == 0 and "applied: 1" in out
    code, out, _ = run(capsys, *sri, "case", "show", case_id)
    assert json.loads(out)["nama"] == "Putri Wijaya"
    # A damaged file: one bilingual line, exit 1, no traceback.
    bundle_path.write_bytes(bundle_path.read_bytes()[:-3])
    code, _, err = run(capsys, *sri, "sync", "import", str(bundle_path))
    assert code == 1 and "Traceback" not in err and "damaged" in err
    usb = tmp_path / "usb"
    assert run(capsys, *sri, "sync", "folder", str(usb))[0] == 0
    assert run(capsys, *ani, "sync", "folder", str(usb))[0] == 0
    code, out, _ = run(capsys, *sri, "team", "show")
    assert code == 0 and "roster v2" in out
    ani_id = next(line.split()[0] for line in out.splitlines() if "pendamping" in line)
    code, out, _ = run(capsys, *sri, "team", "revoke", ani_id)
    assert code == 0 and "new epoch 2" in out
    code, out, _ = run(
        capsys,
        *sri,
        "sync",
        "export",
        "--out",
        str(tmp_path / "s.fcbundle"),
        "--since",
        "2020-01-01",
    )
    assert code == 0

"""``fieldcase team enrol-*`` through the real relay server on 127.0.0.1, as an admin types it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from tests.sync.relaykit import running_relay

from fieldcase.cli import cli, main
from fieldcase.cli_sync import register
from fieldcase.crypto import decode_key

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


def _team_id(out: str) -> str:
    team_id = re.search(r"team created: (\S+)", out)
    assert team_id is not None
    return team_id.group(1)


def test_enrol_through_the_server_from_the_command_line(
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
        *("team", "create", "--name", "PPA NTB", "--region", "NTB"),
        *("--recovery-out", str(tmp_path / "recovery.key")),
    )
    assert code == 0
    with running_relay(tmp_path / "server") as relay:
        team_id = _team_id(out)
        code, shown, _ = run(capsys, *sri, "team", "show")
        key = re.search(r"team public key: (\S+)", shown)
        assert code == 0 and key is not None
        # The server admin registers the team (fieldcase-server team add).
        relay.storage.add_team(team_id, decode_key(key.group(1)), int(time.time() * 1000))

        server = ("--server", relay.url)
        code, out, err = run(capsys, *sri, "team", "enrol-open", *server, "--days", "3")
        assert code == 0, err
        assert "enrolment open until" in out and team_id in out
        code, out, err = run(capsys, *ani, "team", "enrol-request", *server, "--team", team_id)
        assert code == 0, err
        fingerprint = re.search(r"request fingerprint: (.+)", out)
        assert fingerprint is not None
        code, out, _ = run(capsys, *ani, "team", "enrol-fetch", *server, "--team", team_id)
        assert code == 1 and "not approved" in out + _
        code, out, _ = run(capsys, *sri, "team", "enrol-pending", *server)
        assert code == 0 and "Ani" in out and fingerprint.group(1) in out
        ani_id = out.split()[0]
        code, _, err = run(
            capsys, *sri, "team", "enrol-approve", ani_id, *server, "--fingerprint", "ZZZZ"
        )
        assert code == 1 and "does not match" in err and "Traceback" not in err
        code, out, err = run(
            capsys,
            *sri,
            *("team", "enrol-approve", ani_id, *server),
            *("--fingerprint", fingerprint.group(1)),
        )
        assert code == 0, err
        code, out, err = run(capsys, *ani, "team", "enrol-fetch", *server, "--team", team_id)
        assert code == 0 and f"joined team {team_id}" in out, err
        assert run(capsys, *ani, "sync", "server", relay.url)[0] == 0
        # A request nobody will approve is rejected by the supervisor.
        code, _, err = run(capsys, *sri, "team", "enrol-reject", "nobody", *server)
        assert code == 1 and "Traceback" not in err
    # Bad combinations of options: one bilingual line.
    code, _, err = run(capsys, *ani, "team", "enrol-request", "--server", "http://x")
    assert code == 1 and "--team" in err

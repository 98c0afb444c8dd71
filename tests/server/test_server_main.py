"""The ``fieldcase-server`` command in-process: ``team add`` and argument errors.

Serving is exercised for real (as a subprocess) in test_server_uvicorn.py.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.server.kit import TEAM_ID

from fieldcase.crypto import SigningKeyPair, encode_key
from fieldcase.server.main import _parser, default_db_path, main
from fieldcase.server.storage import SqliteStorage


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """main() configures the 'fieldcase' logger for a server process; undo that for the suite."""
    logger = logging.getLogger("fieldcase")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    for handler in list(logger.handlers):
        if handler not in saved[0]:
            logger.removeHandler(handler)
            handler.close()
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def test_team_add_registers_the_key(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = SigningKeyPair.generate().public_bytes
    assert main(["team", "add", TEAM_ID, encode_key(key), "--db", str(db_path)]) == 0
    assert "registered" in capsys.readouterr().out
    assert main(["--db", str(db_path), "team", "add", TEAM_ID, encode_key(key)]) == 0
    assert "already registered" in capsys.readouterr().out
    storage = SqliteStorage(db_path)
    try:
        assert storage.team_key(TEAM_ID) == key
    finally:
        storage.close()


def test_team_add_refuses_another_key_for_a_known_team(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (encode_key(SigningKeyPair.generate().public_bytes) for _ in range(2))
    assert main(["team", "add", TEAM_ID, first, "--db", str(db_path)]) == 0
    assert main(["team", "add", TEAM_ID, second, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "sudah terdaftar dengan kunci lain" in err and "another key" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("team_id", "key"),
    [
        ("bad/team", encode_key(bytes(range(32)))),
        (TEAM_ID, "short"),
        (TEAM_ID, encode_key(bytes(range(32))) + "="),
    ],
)
def test_team_add_checks_its_arguments(
    db_path: Path, capsys: pytest.CaptureFixture[str], team_id: str, key: str
) -> None:
    assert main(["team", "add", team_id, key, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert " / " in err and "Traceback" not in err  # one bilingual line
    assert not db_path.exists()  # nothing was created


def test_a_damaged_database_is_one_line_and_exit_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path.write_bytes(b"garbage" * 1000)
    key = encode_key(bytes(range(32)))
    assert main(["team", "add", TEAM_ID, key, "--db", str(db_path)]) == 1
    assert "not a fieldcase-server database" in capsys.readouterr().err


def test_an_invalid_port_is_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "70000", "--db", str(db_path)]) == 1
    assert "--port" in capsys.readouterr().err


def test_default_database_is_outside_the_app_data(monkeypatch: pytest.MonkeyPatch) -> None:
    path = default_db_path()
    assert path.name == "relay.db"
    assert "fieldcase-server" in str(path)


def test_every_option_is_documented() -> None:
    """docs/server.md is what an organisation reads: it must not drift from the command."""
    docs = (Path(__file__).parents[2] / "docs" / "server.md").read_text(encoding="utf-8")
    options = {
        option
        for action in _parser()._actions
        for option in action.option_strings
        if option.startswith("--") and action.help != argparse.SUPPRESS
    }
    assert options >= {"--host", "--port", "--db", "--allow-new-teams", "--log-level"}
    assert [o for o in sorted(options) if o not in docs and o != "--help"] == []
    assert "fieldcase-server team add TEAM_ID TEAM_PUBLIC_KEY" in docs


def test_team_add_takes_a_key_that_begins_with_a_dash(db_path: Path) -> None:
    """1 in 64 base64url keys begins with "-"; it is still the key, not an option."""
    while not (key := encode_key(SigningKeyPair.generate().public_bytes)).startswith("-"):
        pass
    assert main(["team", "add", TEAM_ID, key, "--db", str(db_path)]) == 0
    assert main(["team", "add", "--db", str(db_path), TEAM_ID, key]) == 0  # same key: fine

"""Fixtures for the sync windows: a supervisor and a worker on two "laptops", a vault thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.sync.teamkit import Team, make_team

from fieldcase.ui.operations import VaultWorker


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Team]:
    """Supervisor (sessions[0]) and one case worker, each with its own data dir."""
    t = make_team(tmp_path / "team", 1)
    yield t
    t.close()


@pytest.fixture
def vault(qtbot: QtBot) -> Iterator[VaultWorker]:
    worker = VaultWorker()
    yield worker
    worker.shutdown()

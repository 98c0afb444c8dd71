"""Two laptops (two data dirs) sync through the real relay server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sync.teamkit import Team, make_team

from fieldcase.cli_sync import upload_roster
from fieldcase.sync import team
from fieldcase.sync.relay import RelayClient
from fieldcase.sync.transport import sync
from fieldcase.vault.session import Session

server_app = pytest.importorskip("fieldcase.server.app")
sqlitestore = pytest.importorskip("fieldcase.server.sqlitestore")
uvicorn = pytest.importorskip("uvicorn")


@pytest.fixture
def relay_url(tmp_path: Path) -> Iterator[tuple[str, object]]:
    storage = sqlitestore.SqliteStorage(tmp_path / "relay.db")
    app = server_app.create_app(storage)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", storage
    server.should_exit = True
    thread.join(timeout=10)
    storage.close()


def client(url: str, s: Session) -> RelayClient:
    signing, _ = s.identity_keys()
    return RelayClient(url, team.load(s).team.team_id, s.account_id, signing)


def test_two_laptops_through_the_server(relay_url: tuple[str, object], tmp_path: Path) -> None:
    url, storage = relay_url
    t: Team = make_team(tmp_path, 1)
    try:
        boss, worker = t.sessions
        ctx = team.load(boss)
        storage.add_team(ctx.team.team_id, ctx.team.team_public, int(time.time() * 1000))  # type: ignore[attr-defined]
        c_boss, c_worker = client(url, boss), client(url, worker)
        assert c_boss.health()
        upload_roster(boss, c_boss)
        case_id = worker.cases.create_case({"nama": "Lestari", "risiko": "sedang"})
        sync(worker, c_worker)
        sync(boss, c_boss)
        assert boss.cases.read(case_id) == worker.cases.read(case_id)
        # A conflict made on purpose reaches both, and so does its resolution.
        boss.cases.save(case_id, {"risiko": "tinggi"})
        worker.cases.save(case_id, {"risiko": "rendah"})
        for s, c in ((boss, c_boss), (worker, c_worker), (boss, c_boss)):
            sync(s, c)
        assert len(boss.cases.conflicts()) == 1
        assert boss.cases.conflicts() == worker.cases.conflicts()
        winner = worker.cases.field_states(case_id)["risiko"].hlc
        worker.cases.save(case_id, {"risiko": "tinggi"}, base={"risiko": winner})
        sync(worker, c_worker)
        sync(boss, c_boss)
        assert boss.cases.conflicts() == [] == worker.cases.conflicts()
        assert boss.cases.read(case_id) == worker.cases.read(case_id)
        # Nothing new: a second round changes nothing.
        assert sync(boss, c_boss).applied == 0
        c_boss.close()
        c_worker.close()
    finally:
        t.close()

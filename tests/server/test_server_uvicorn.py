"""End to end over real HTTP: uvicorn on 127.0.0.1 (a free port), signed requests with httpx.

One test runs uvicorn in a thread over an app built here; another runs the
``fieldcase-server`` command itself as a subprocess, registers a team with
``fieldcase-server team add`` while it serves, and stops it with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from tests.server.kit import TEAM_ID, Account, Api, Team

from fieldcase.crypto import encode_key
from fieldcase.server.app import create_app
from fieldcase.server.storage import SqliteStorage


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """uvicorn in a thread on a socket bound here (no race for the port); stops on exit."""
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say they
    # are TCP, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
    assert not thread.is_alive()


@pytest.fixture
def live(storage: SqliteStorage, team: Team) -> Iterator[str]:
    storage.add_team(TEAM_ID, team.keys.public_bytes, int(time.time() * 1000))
    with serving(create_app(storage)) as url:
        yield url


def test_health_and_auth_over_http(live: str, team: Team) -> None:
    with httpx.Client(base_url=live) as http:
        assert http.get("/v1/health").json() == {"status": "ok"}
        api = Api(http)
        assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
        ani = team.accounts["ani"]
        assert api.put(None, "e-1", b"x").status_code == 401
        stamp = api.timestamp_ms()
        assert api.put(ani, "e-1", b"body", timestamp_ms=stamp).status_code == 201
        replay = api.put(ani, "e-1", b"body", timestamp_ms=stamp)
        assert (replay.status_code, replay.json()["error"]) == (401, "replayed")
        stale = api.put(ani, "e-1", b"body", timestamp_ms=stamp - 10 * 60 * 1000)
        assert (stale.status_code, stale.json()["error"]) == (401, "stale_timestamp")
        assert api.put(ani, "e-1", b"body").json() == {"cursor": 1, "created": False}


def test_concurrent_clients_each_receive_every_envelope_once(live: str, team: Team) -> None:
    clients, per_client = 8, 25
    # One account per client, as in life: an account signing two identical requests in
    # the same millisecond (two GETs of one page) would be refused the second as a replay.
    members = [Account(f"worker-{n}") for n in range(clients)]
    team.accounts.update({m.account_id: m for m in members})
    with httpx.Client(base_url=live) as http:
        assert Api(http).put_roster(None, team.upload(team.roster_text(1))).status_code == 200

    def push(n: int) -> list[int]:
        account = members[n]
        with httpx.Client(base_url=live) as http:
            api = Api(http)
            cursors = []
            for i in range(per_client):
                response = api.put(account, f"c{n}-e{i}", os.urandom(200))
                assert response.status_code == 201, response.text
                cursors.append(response.json()["cursor"])
            return cursors

    def pull(n: int) -> list[tuple[int, str]]:
        seen: list[tuple[int, str]] = []
        after = 0
        with httpx.Client(base_url=live) as http:
            api = Api(http)
            while True:
                page = api.page(members[n], f"after={after}&limit=17").json()
                seen += [(e["cursor"], e["id"]) for e in page["envelopes"]]
                after = page["next"]
                if not page["more"]:
                    return seen

    with ThreadPoolExecutor(clients) as pool:
        pushed = list(pool.map(push, range(clients)))
        pulled = list(pool.map(pull, range(clients)))
    total = clients * per_client
    assert sorted(c for cursors in pushed for c in cursors) == list(range(1, total + 1))
    expected = {f"c{n}-e{i}" for n in range(clients) for i in range(per_client)}
    for seen in pulled:
        assert [c for c, _ in seen] == list(range(1, total + 1))
        assert {i for _, i in seen} == expected


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(sys.platform == "win32", reason="stops the server with SIGTERM")
def test_the_fieldcase_server_command_serves_and_stops(tmp_path: Path, team: Team) -> None:
    db = tmp_path / "relay.db"
    port = _free_port()
    command = [sys.executable, "-m", "fieldcase.server.main"]
    log_path = tmp_path / "server.log"
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            [*command, "--port", str(port), "--db", str(db), "--log-level", "info"],
            stdout=log,
            stderr=subprocess.STDOUT,
        ) as proc,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=url) as http:
                deadline = time.monotonic() + 30
                while True:
                    assert proc.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "server did not come up"
                    try:
                        if http.get("/v1/health").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                team_key = encode_key(team.keys.public_bytes)
                added = subprocess.run(
                    [*command, "team", "add", TEAM_ID, team_key, "--db", str(db)],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert added.returncode == 0, added.stderr
                api = Api(http)
                assert api.put_roster(None, team.upload(team.roster_text(1))).status_code == 200
                put = api.put(team.accounts["ani"], "e-1", b"ciphertext")
                assert put.status_code == 201
                page = api.page(team.accounts["budi"]).json()
                assert [e["id"] for e in page["envelopes"]] == ["e-1"]
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the WAL was checkpointed
    output = log_path.read_text()
    assert "Traceback" not in output
    assert "envelope put team=" in output and "id=e-1" in output

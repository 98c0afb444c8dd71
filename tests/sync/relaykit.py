"""The real relay server on 127.0.0.1 in a thread, for end-to-end tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from fieldcase.server.app import create_app
from fieldcase.server.sqlitestore import SqliteStorage


@dataclass
class Relay:
    url: str
    storage: SqliteStorage
    db_path: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_relay(folder: Path) -> Iterator[Relay]:
    """A real uvicorn server over a fresh SQLite file; stopped and closed afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "relay.db"
    storage = SqliteStorage(db_path)
    port = free_port()
    config = uvicorn.Config(
        create_app(storage), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield Relay(f"http://127.0.0.1:{port}", storage, db_path)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        storage.close()

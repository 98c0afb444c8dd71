"""One writer thread for a SQLite database, committing concurrent writes together.

Every write of the relay server must be durable when the client hears "201"
(``synchronous=FULL``: an fsync per commit, a few milliseconds on an ordinary
disk). Committing each request on its own would cap the server at a few
hundred writes a second; instead the writer drains whatever jobs are waiting,
runs each in its own savepoint (one job's failure does not undo another's),
and commits them with one fsync. Callers block until their batch commits, so
an answer is never sent for a write that could still be lost.

A single writer is also what makes cursors safe: cursors are handed out in
commit order, so no reader can see cursor 12 before cursor 11.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Writer", "WriterClosed"]

T = TypeVar("T")
log = logging.getLogger("fieldcase.server.writer")

MAX_BATCH = 256


class WriterClosed(RuntimeError):
    """A write was submitted after :meth:`Writer.close`."""


@dataclass
class _Job:
    run: Callable[[sqlite3.Connection], Any]
    future: Future[Any] = field(default_factory=Future)


class Writer:
    """Owns the write connection; :meth:`submit` runs a function inside a group commit."""

    def __init__(self, connection: sqlite3.Connection, max_batch: int = MAX_BATCH) -> None:
        self._connection = connection
        self._max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="fieldcase-db-writer", daemon=True)
        self._thread.start()

    def submit(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``run(connection)`` in the next transaction; return its result once committed.

        An exception raised by ``run`` undoes only its own writes and is raised
        here; a failed commit raises the ``sqlite3.Error`` for every job of it.
        """
        job = _Job(run)
        with self._close_lock:
            if self._closed:
                raise WriterClosed("storage is closed")
            self._jobs.put(job)
        result: T = job.future.result()
        return result

    def close(self) -> None:
        """Finish the queued jobs, stop the thread and close the connection."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            self._jobs.put(None)
        self._thread.join()

    def _loop(self) -> None:
        try:
            stop = False
            while not stop:
                first = self._jobs.get()
                if first is None:
                    break
                batch = [first]
                while len(batch) < self._max_batch:
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        stop = True
                        break
                    batch.append(job)
                self._commit(batch)
        finally:
            self._connection.close()

    def _commit(self, batch: list[_Job]) -> None:
        conn = self._connection
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for job in batch:
                conn.execute("SAVEPOINT job")
                try:
                    value = job.run(conn)
                except Exception as exc:  # handed to the caller, who decides
                    conn.execute("ROLLBACK TO job")
                    conn.execute("RELEASE job")
                    outcomes.append((job, None, exc))
                else:
                    conn.execute("RELEASE job")
                    outcomes.append((job, value, None))
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:  # pragma: no cover - rollback after a failed commit
                    log.warning("rollback failed after a failed commit")
            log.warning("write batch of %d failed: %s", len(batch), type(exc).__name__)
            for job in batch:
                job.future.set_exception(exc)
            if not isinstance(exc, Exception):  # pragma: no cover - KeyboardInterrupt etc.
                raise
            return
        for job, value, error in outcomes:
            if error is None:
                job.future.set_result(value)
            else:
                job.future.set_exception(error)

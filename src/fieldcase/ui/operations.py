"""Vault work off the UI thread, with the outcome delivered back on the UI thread.

Why: unlocking and creating accounts run Argon2id (≈0.25 s on a good laptop,
seconds on the old ones in the field); on the UI thread that freezes the
window and looks like a crash.

Why *one* dedicated thread rather than a pool: a :class:`Session` holds a
``filelock.FileLock``, whose state is per thread, so it must be released
(``Session.lock``) on the thread that acquired it (``AccountStore.unlock``).
A single worker thread also runs vault jobs strictly in submission order,
so "lock, then unlock again" can never overtake itself.

Workers never touch widgets: a job is a plain callable; its result or error
travels back through a queued Qt signal and the caller's slots run on the UI
thread. A wait cursor is shown while any job is running.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from fieldcase import i18n
from fieldcase.core.errors import FieldcaseError
from fieldcase.ui import texts

log = logging.getLogger(__name__)

T = TypeVar("T")


def user_message(error: BaseException) -> str:
    """What a person may read about an error, in the current language; never a traceback."""
    if isinstance(error, FieldcaseError):
        return error.message(i18n.current())
    return texts.UNEXPECTED.format(kind=type(error).__name__)


def log_bug(error: BaseException, where: str) -> None:
    """Log an unexpected error by type and code location only.

    The exception's text is left out on purpose: it may quote a value, and
    values can be case content. The frames show file, line and source line.
    """
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("unexpected error in %s type=%s\n%s", where, type(error).__name__, frames)


class Operation(QObject):
    """One submitted job. Connect to its signals right after :meth:`VaultWorker.run`;
    the outcome is queued to the UI thread, so it cannot arrive before that."""

    #: The job's return value.
    succeeded = Signal(object)
    #: The exception (a :class:`FieldcaseError` for anything a user caused).
    failed = Signal(object)
    #: Either way, after ``succeeded`` / ``failed``.
    finished = Signal()

    # Emitted on the worker thread; delivered on the UI thread (queued).
    _done = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, future: Future[Any]) -> None:
        error = future.exception()
        if error is None:
            self.succeeded.emit(future.result())
        else:
            if not isinstance(error, FieldcaseError):
                log_bug(error, self.name)
            self.failed.emit(error)
        self.finished.emit()


class VaultWorker(QObject):
    """Runs vault jobs one after another on a single dedicated thread."""

    #: True while at least one job is queued or running.
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldcase-vault")
        # Operations are kept alive here until delivered: no parent owns them,
        # so a widget closing meanwhile cannot delete one under the worker.
        self._alive: set[Operation] = set()
        self._running = 0
        self._stopped = False

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(self, name: str, job: Callable[[], Any], *, quiet: bool = False) -> Operation:
        """Start ``job`` on the vault thread; ``name`` is for the log (no case data).

        A ``quiet`` job (background sync) does not turn the cursor into a wait
        cursor: the person did not ask for it and can keep working.
        """
        operation = Operation(name)
        self._alive.add(operation)
        operation.finished.connect(lambda: self._forget(operation, quiet))
        if not quiet:
            self._running += 1
            if self._running == 1:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                self.busyChanged.emit(True)
        future = self._executor.submit(job)
        future.add_done_callback(operation._done.emit)
        return operation

    def call(self, job: Callable[[], T], timeout: float = 30.0) -> T:
        """Run ``job`` on the vault thread and wait for it (only for shutdown)."""
        return self._executor.submit(job).result(timeout=timeout)

    def _forget(self, operation: Operation, quiet: bool) -> None:
        if self._stopped:  # delivered after shutdown: the worker may be gone already
            self._alive.discard(operation)
            return
        # Drop our reference from a later event, not from inside the
        # operation's own signal: freeing a QObject there is unsafe.
        QTimer.singleShot(0, self, lambda: self._alive.discard(operation))
        if quiet:
            return
        self._running -= 1
        if self._running == 0:
            QApplication.restoreOverrideCursor()
            self.busyChanged.emit(False)

    def shutdown(self) -> None:
        """Finish queued jobs and stop the thread; undelivered outcomes are dropped."""
        self._executor.shutdown(wait=True)
        self._stopped = True
        if self._running:
            self._running = 0
            QApplication.restoreOverrideCursor()
        self._alive.clear()

"""When to sync by itself: a steady period while the relay answers, backing off when it does not.

Why a scheduler of its own: a laptop in the field is offline for hours and
then on a weak connection; hammering an unreachable server drains the
battery and the data bundle, and a whole team retrying in step after the
server comes back would hit it at once. So a failed attempt doubles the wait
(``base_ms`` → … → ``cap_ms``), a success resets it, and every wait is
jittered by ±``jitter_share`` so laptops drift apart.

The scheduler only says *when*: it emits :attr:`AutoSync.due`, and whoever
runs the sync reports back with :meth:`succeeded`, :meth:`failed` or
:meth:`skipped`. The timer and the clock are injectable, so tests run the
whole schedule without waiting.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

FIRST_MS = 5_000
BASE_MS = 30_000
CAP_MS = 15 * 60_000
PERIOD_MS = 5 * 60_000
JITTER_SHARE = 0.2


class Timer(Protocol):
    """What AutoSync needs of a single-shot timer (``QTimer`` has it)."""

    @property
    def timeout(self) -> SignalInstance: ...

    def start(self, msec: int, /) -> None: ...

    def stop(self) -> None: ...


def _qt_timer(parent: QObject) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    return timer


class AutoSync(QObject):
    """Emits ``due`` at the next sync time; told the outcome, picks the one after."""

    #: Time to sync (connect it to the code that runs the sync).
    due = Signal()
    #: A new wait was chosen: milliseconds, and whether it is a retry after failures.
    scheduled = Signal(int, bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timer: Timer | None = None,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        first_ms: int = FIRST_MS,
        base_ms: int = BASE_MS,
        cap_ms: int = CAP_MS,
        period_ms: int = PERIOD_MS,
        jitter_share: float = JITTER_SHARE,
    ) -> None:
        super().__init__(parent)
        self._timer: Timer = timer if timer is not None else _qt_timer(self)
        self._timer.timeout.connect(self._fire)
        self._clock = clock
        self._jitter = jitter
        self.first_ms, self.base_ms, self.cap_ms = first_ms, base_ms, cap_ms
        self.period_ms, self.jitter_share = period_ms, jitter_share
        self.failures = 0
        self.active = False
        self.waiting = False  # due was emitted; no outcome reported yet
        #: Clock time (seconds) of the next attempt, None when stopped or waiting.
        self.next_at: float | None = None

    # ---------------------------------------------------------------- control

    def start(self) -> None:
        """Begin (on unlock): the first attempt comes soon, then the schedule."""
        self.active = True
        self.failures = 0
        self.waiting = False
        self._schedule(self.first_ms, retry=False)

    def stop(self) -> None:
        """Stop (on lock, or when no server is set): nothing is due any more."""
        self.active = False
        self.waiting = False
        self.next_at = None
        self._timer.stop()

    def succeeded(self) -> None:
        self.failures = 0
        self._after(self.period_ms, retry=False)

    def failed(self) -> None:
        self.failures += 1
        self._after(self.backoff_ms(self.failures), retry=True)

    def skipped(self) -> None:
        """Nothing was tried (a manual sync was running): keep the current pace."""
        wait = self.backoff_ms(self.failures) if self.failures else self.period_ms
        self._after(wait, retry=self.failures > 0)

    # ---------------------------------------------------------------- schedule

    def backoff_ms(self, failures: int) -> int:
        """``base_ms`` doubled per failure after the first, at most ``cap_ms`` (no jitter)."""
        if failures <= 0:
            return self.period_ms
        return int(min(self.cap_ms, self.base_ms * 2 ** min(failures - 1, 30)))

    def jittered(self, ms: int) -> int:
        """``ms`` moved by up to ±jitter_share, never above ``cap_ms`` nor below one second."""
        factor = 1 - self.jitter_share + 2 * self.jitter_share * self._jitter()
        return max(1_000, min(self.cap_ms, round(ms * factor)))

    def _after(self, ms: int, *, retry: bool) -> None:
        self.waiting = False
        if self.active:
            self._schedule(self.jittered(ms), retry=retry)

    def _schedule(self, ms: int, *, retry: bool) -> None:
        self._timer.stop()
        self._timer.start(ms)
        self.next_at = self._clock() + ms / 1000
        self.scheduled.emit(ms, retry)

    def _fire(self) -> None:
        if not self.active:
            return
        self.waiting = True
        self.next_at = None
        self.due.emit()

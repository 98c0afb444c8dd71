"""The automatic-sync schedule with a fake timer and clock: backoff, cap, jitter, reset."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from fieldcase.ui.sync.autosync import BASE_MS, CAP_MS, FIRST_MS, PERIOD_MS, AutoSync


class FakeTimer(QObject):
    """A single-shot timer that fires only when the test says so."""

    timeout = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.started: list[int] = []
        self.active = False

    def start(self, msec: int, /) -> None:
        self.started.append(msec)
        self.active = True

    def stop(self) -> None:
        self.active = False

    def fire(self) -> None:
        assert self.active, "the timer was not running"
        self.active = False
        self.timeout.emit()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_795_000_000.0

    def __call__(self) -> float:
        return self.now


def make(jitter: float = 0.5) -> tuple[AutoSync, FakeTimer, list[int]]:
    timer = FakeTimer()
    auto = AutoSync(timer=timer, clock=FakeClock(), jitter=lambda: jitter)
    fired: list[int] = []
    auto.due.connect(lambda: fired.append(len(fired)))
    return auto, timer, fired


def test_backoff_doubles_from_30_seconds_to_a_15_minute_cap_and_resets(qtbot: QtBot) -> None:
    auto, timer, fired = make(jitter=0.5)  # 0.5: no jitter at all
    auto.start()
    assert timer.started == [FIRST_MS] and auto.next_at is not None
    waits = []
    for _ in range(8):
        timer.fire()
        assert auto.waiting and auto.next_at is None
        auto.failed()
        waits.append(timer.started[-1])
    assert waits == [30_000, 60_000, 120_000, 240_000, 480_000, CAP_MS, CAP_MS, CAP_MS]
    assert len(fired) == 8 and auto.failures == 8
    timer.fire()
    auto.succeeded()
    assert auto.failures == 0 and timer.started[-1] == PERIOD_MS
    timer.fire()
    auto.failed()
    assert timer.started[-1] == BASE_MS  # back to the start after a success


def test_jitter_spreads_waits_by_twenty_percent_but_never_past_the_cap(qtbot: QtBot) -> None:
    low, high = make(jitter=0.0)[0], make(jitter=0.999999)[0]
    assert low.jittered(BASE_MS) == 24_000
    assert high.jittered(BASE_MS) == 36_000
    assert high.jittered(CAP_MS) == CAP_MS
    assert low.jittered(CAP_MS) == 720_000
    assert low.jittered(100) == 1_000  # never a busy loop


def test_stop_silences_it_and_skips_keep_the_pace(qtbot: QtBot) -> None:
    auto, timer, fired = make()
    auto.start()
    timer.fire()
    auto.failed()
    timer.fire()
    auto.skipped()  # a manual sync was running: still backing off, not faster
    assert timer.started[-1] == BASE_MS and auto.failures == 1
    auto.stop()
    assert not timer.active and auto.next_at is None
    timer.timeout.emit()  # a late tick after stop changes nothing
    auto.failed()
    assert len(fired) == 2 and not timer.active


def test_the_real_qtimer_fires(qtbot: QtBot) -> None:
    auto = AutoSync(first_ms=10)
    with qtbot.waitSignal(auto.due, timeout=2000):
        auto.start()
    auto.stop()

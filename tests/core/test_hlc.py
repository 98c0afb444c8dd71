"""The hybrid logical clock orders events across replicas despite bad wall clocks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcase.core.hlc import (
    MAX_COUNTER,
    HlcError,
    HybridLogicalClock,
    Timestamp,
    is_too_far_ahead,
)


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_encoding_is_fixed_width_and_sortable() -> None:
    ts = Timestamp(1_700_000_000_000, 7, "acc-1")
    assert ts.encode() == "1700000000000.00007.acc-1"
    assert Timestamp.parse(ts.encode()) == ts


@pytest.mark.parametrize(
    "text",
    ["", "1700000000000.7.acc", "170000000000.00007.acc", "1700000000000.00007.", "x" * 30,
     "1700000000000.00007.a b", "1700000000000.00007." + "a" * 65],
)  # fmt: skip
def test_malformed_timestamps_are_refused(text: str) -> None:
    with pytest.raises(HlcError):
        Timestamp.parse(text)


def test_now_is_strictly_increasing_when_the_wall_clock_stands_still() -> None:
    wall = FakeWall(1_000)
    clock = HybridLogicalClock("a", wall=wall)
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert Timestamp.parse(stamps[-1]).counter == 4


def test_now_survives_the_wall_clock_going_backwards() -> None:
    wall = FakeWall(5_000)
    clock = HybridLogicalClock("a", wall=wall)
    first = clock.now()
    wall.ms = 1_000  # the laptop's clock was reset
    assert clock.now() > first


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock = HybridLogicalClock("a", last=f"0000000001000.{MAX_COUNTER:05d}.a", wall=FakeWall(0))
    nxt = Timestamp.parse(clock.now())
    assert (nxt.ms, nxt.counter) == (1001, 0)


def test_observe_moves_past_remote_time_and_persists_through_last() -> None:
    clock = HybridLogicalClock("a", wall=FakeWall(1_000))
    clock.observe("0000000009000.00003.b")
    after = clock.now()
    assert after > "0000000009000.00003.b"
    restored = HybridLogicalClock("a", last=clock.last, wall=FakeWall(0))
    assert restored.now() > after


def test_far_future_remote_times_are_detected() -> None:
    day = 24 * 3600 * 1000
    assert is_too_far_ahead(Timestamp(10 * day + day + 1, 0, "b").encode(), 10 * day)
    assert not is_too_far_ahead(Timestamp(10 * day + day, 0, "b").encode(), 10 * day)


@given(
    walls=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=50),
    remotes=st.lists(st.integers(min_value=0, max_value=10**12), max_size=10),
)
def test_every_local_event_sorts_after_everything_seen(
    walls: list[int], remotes: list[int]
) -> None:
    wall = FakeWall(0)
    clock = HybridLogicalClock("acc", wall=wall)
    seen: list[str] = []
    for i, ms in enumerate(walls):
        wall.ms = ms
        if i < len(remotes):
            remote = Timestamp(remotes[i], 0, "zzz").encode()
            clock.observe(remote)
            seen.append(remote)
        stamp = clock.now()
        assert all(stamp > s for s in seen)
        seen.append(stamp)

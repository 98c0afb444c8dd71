"""Hybrid logical clock (HLC): timestamps that order edits across laptops.

Wall clocks on field laptops drift and are sometimes wrong by days. An HLC
keeps physical time when it can and a counter when it cannot, so every edit
gets a timestamp that is (a) greater than anything this replica has seen and
(b) close to real UTC time. Timestamps are encoded as fixed-width strings
``<ms:13>.<counter:5>.<account>`` so that plain string comparison orders them
by (time, counter, account): "last writer wins" is ``max()`` over strings.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 99_999
MAX_MS = 9_999_999_999_999
#: Remote timestamps further ahead of local time than this are quarantined.
MAX_DRIFT_MS = 24 * 60 * 60 * 1000

_HLC_RE = re.compile(r"^(\d{13})\.(\d{5})\.([A-Za-z0-9-]{1,64})$")


class HlcError(ValueError):
    """A malformed timestamp string."""


@dataclass(frozen=True, order=True)
class Timestamp:
    """One HLC reading; ordering equals the ordering of :meth:`encode`."""

    ms: int
    counter: int
    account: str

    def encode(self) -> str:
        return f"{self.ms:013d}.{self.counter:05d}.{self.account}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        match = _HLC_RE.match(text)
        if match is None:
            raise HlcError("malformed HLC timestamp")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))


def wall_clock_ms() -> int:
    """UTC milliseconds since the epoch (injectable in tests)."""
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    """An HLC for one account. Persist :attr:`last` after every use.

    ``wall`` is injectable so tests can move time freely.
    """

    def __init__(
        self,
        account: str,
        last: str | None = None,
        wall: Callable[[], int] = wall_clock_ms,
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", account):
            raise HlcError("account id not usable in an HLC")
        self.account = account
        self._wall = wall
        parsed = Timestamp.parse(last) if last else None
        self._ms = parsed.ms if parsed else 0
        self._counter = parsed.counter if parsed else 0

    @property
    def last(self) -> str:
        """The most recent timestamp issued or observed, for persisting."""
        return Timestamp(self._ms, self._counter, self.account).encode()

    def now(self) -> str:
        """A new timestamp for a local event, greater than every earlier one."""
        wall = self._wall()
        if wall > self._ms:
            self._ms, self._counter = wall, 0
        else:
            self._advance_counter()
        return self.last

    def observe(self, remote: str) -> None:
        """Merge a remote timestamp so later local events sort after it.

        The caller must first reject timestamps too far ahead (see
        :func:`is_too_far_ahead`), or one bad clock would drag every
        replica's clock into the future.
        """
        other = Timestamp.parse(remote)
        if other.ms > self._ms or (other.ms == self._ms and other.counter > self._counter):
            self._ms, self._counter = other.ms, other.counter

    def _advance_counter(self) -> None:
        if self._counter >= MAX_COUNTER:
            # More than 100,000 events in one millisecond: borrow the next one.
            self._ms, self._counter = self._ms + 1, 0
        else:
            self._counter += 1


def is_too_far_ahead(remote: str, local_wall_ms: int, limit_ms: int = MAX_DRIFT_MS) -> bool:
    """True when ``remote`` lies more than ``limit_ms`` after the local wall clock."""
    return Timestamp.parse(remote).ms - local_wall_ms > limit_ms

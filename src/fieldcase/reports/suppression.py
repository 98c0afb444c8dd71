"""Small-count suppression for every aggregate table a report shows.

A count of 1 to 4 in a table by region, month and age band can point at one
child, so it is shown as ``<5`` (0 stays 0: "no case" identifies nobody).
When a table also shows its total, one suppressed cell could be recomputed
by subtraction; the smallest other non-zero cell is then hidden too, shown as
``*`` (secondary suppression), so at least two cells are always hidden
together. A median over fewer than 5 cases is not shown either.
"""

from __future__ import annotations

from collections.abc import Mapping

SMALL = "<5"
HIDDEN = "*"
THRESHOLD = 5

Shown = int | str


def suppress(count: int) -> Shown:
    """``<5`` for 1–4, the count otherwise."""
    return SMALL if 0 < count < THRESHOLD else count


def suppress_table(counts: Mapping[str, int], *, with_total: bool = True) -> dict[str, Shown]:
    """Each cell suppressed; with a total shown, never exactly one hidden cell."""
    shown: dict[str, Shown] = {k: suppress(v) for k, v in counts.items()}
    hidden = [k for k, v in shown.items() if v == SMALL]
    if with_total and len(hidden) == 1:
        others = sorted((v, k) for k, v in counts.items() if k not in hidden and v > 0)
        if others:
            shown[others[0][1]] = HIDDEN
    return shown


def suppress_total(total: int) -> Shown:
    """A table's total: small totals are suppressed like any cell."""
    return suppress(total)


def enough_for_median(n: int) -> bool:
    """A median of fewer than 5 cases describes individuals, not a service."""
    return n >= THRESHOLD

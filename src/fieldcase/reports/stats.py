"""Counts, time-to-service medians and deadline compliance over de-identified rows.

One pass over the cases: each case becomes its de-identified row
(:func:`~fieldcase.reports.deidentify.deidentify`), so the statistics count
exactly what an export would show, and its deadlines are evaluated with the
procedure's own rules (``Procedure.deadlines_for``), so "overdue" means what the
case view says. Suppression is applied when tables are *shown*
(:func:`shown_tables`), never to the raw counts kept here.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from fieldcase.core.deadlines import DeadlineState, DeadlineStatus
from fieldcase.reports.deidentify import (
    MULTIPLE,
    UNKNOWN,
    Row,
    deidentify,
    procedure,
    region_code,
)
from fieldcase.reports.derive import SERVICE_TIMES, STREAMS
from fieldcase.reports.suppression import Shown, enough_for_median, suppress_table

#: Dimension (a row column) -> Indonesian title, in report order.
DIMENSIONS: dict[str, str] = {
    "wilayah": "Wilayah",
    "bulan_pengaduan": "Bulan pengaduan",
    "bentuk_esa": "Bentuk ESA",
    "jenis_kekerasan": "Jenis kekerasan",
    "kelompok_umur": "Kelompok umur",
    "jenis_kelamin": "Jenis kelamin",
    "disabilitas": "Disabilitas",
    "tahap": "Tahap",
    "status": "Status kasus",
    "tempat_kejadian": "Tempat kejadian",
    "hubungan_pelaku": "Hubungan pelaku",
    "tingkat_risiko": "Tingkat risiko",
    **{f"layanan_{s}": f"Layanan {s.replace('_', ' ')}" for s in STREAMS},
}


@dataclass(frozen=True)
class Median:
    """A median and how many cases it is over (None when there are none)."""

    n: int
    value: float | None

    def shown(self) -> str:
        """The median for a report, or a dash under 5 cases (see suppression)."""
        if self.value is None or not enough_for_median(self.n):
            return "–"
        return f"{self.value:g}"


@dataclass
class Compliance:
    """One deadline over many cases: met in time, met late, still overdue.

    Pending and not-started deadlines are not decided yet and not counted.
    An "immediately" rule has no measurable bound, so met counts as in time.
    """

    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """Share met in time among the decided ones (None when none is decided)."""
        return self.on_time / self.decided if self.decided else None


@dataclass
class Statistics:
    cases: int = 0
    tables: dict[str, Counter[str]] = field(default_factory=dict)
    times: dict[str, list[int]] = field(default_factory=dict)
    deadlines: dict[str, Compliance] = field(default_factory=dict)

    def medians(self) -> dict[str, Median]:
        return {
            name: Median(len(values), pystats.median(values) if values else None)
            for name, values in self.times.items()
        }


def outcome(status: DeadlineStatus) -> str | None:
    """``on_time`` / ``late`` / ``overdue`` for a decided deadline, None otherwise."""
    if status.state is DeadlineState.OVERDUE:
        return "overdue"
    if status.state is not DeadlineState.MET:
        return None
    if status.deadline.immediate or status.met_at is None or status.due is None:
        return "on_time"
    return "on_time" if status.met_at <= status.due else "late"


def matches(row: Row, region: str | None, period: str | None) -> bool:
    """The ``--region`` / ``--period`` filter (region by name or code; period ``YYYY-MM``)."""
    if region is not None and row["wilayah"] != region_code(region):
        return False
    return period is None or row["bulan_pengaduan"] == period


def compute(
    cases: Iterable[tuple[str, Mapping[str, object]]],
    *,
    now: datetime,
    region: str | None = None,
    period: str | None = None,
    with_deadlines: bool = True,
) -> Statistics:
    """Statistics over ``(case id, fields)`` pairs (as ``source.iter_cases`` yields them)."""
    stats = Statistics(
        tables={name: Counter() for name in DIMENSIONS},
        times={name: [] for name in SERVICE_TIMES},
        deadlines={d.id: Compliance() for d in procedure().deadlines},
    )
    rules = procedure()
    for case_id, fields in cases:
        row = deidentify(case_id, fields, b"")
        if not matches(row, region, period):
            continue
        stats.cases += 1
        for name, counter in stats.tables.items():
            value = row[name]
            if name in MULTIPLE:
                counter.update(str(value).split())
            else:
                counter[UNKNOWN if value is None else str(value)] += 1
        for name, values in stats.times.items():
            measured = row[name]
            if isinstance(measured, int):
                values.append(measured)
        if with_deadlines:
            for status in rules.deadlines_for(fields, now):
                result = outcome(status)
                if result is not None:
                    counts = stats.deadlines[status.deadline.id]
                    setattr(counts, result, getattr(counts, result) + 1)
    return stats


def shown_tables(stats: Statistics) -> dict[str, dict[str, Shown]]:
    """Every table as a report shows it: sorted by key, small counts suppressed.

    Multi-select tables count cases per option (a case may be in several), so
    their cells do not add up to a total and get no secondary suppression.
    """
    return {
        name: suppress_table(dict(sorted(counter.items())), with_total=name not in MULTIPLE)
        for name, counter in stats.tables.items()
    }


def render_text(stats: Statistics) -> str:
    """Plain-text statistics for the terminal (``fieldcase report stats``)."""
    from fieldcase.reports.suppression import suppress

    lines = [f"Jumlah kasus / cases: {suppress(stats.cases)}"]
    for name, cells in shown_tables(stats).items():
        lines.append(f"\n{DIMENSIONS[name]}:")
        lines.extend(f"  {key:<28} {value}" for key, value in cells.items())
    lines.append("\nMedian waktu ke layanan / median time to service:")
    for name, median in stats.medians().items():
        unit = SERVICE_TIMES[name][0]
        lines.append(f"  {name:<28} {median.shown()} {unit} (n={suppress(median.n)})")
    lines.append("\nKepatuhan tenggat / deadline compliance (tepat waktu / terlambat / lewat):")
    for deadline_id, c in stats.deadlines.items():
        rate = "–" if c.rate is None or c.decided < 5 else f"{c.rate:.0%}"
        lines.append(
            f"  {deadline_id:<28} {rate:>5}  "
            f"({suppress(c.on_time)} / {suppress(c.late)} / {suppress(c.overdue)})"
        )
    return "\n".join(lines) + "\n"

"""What the statistics dashboard draws: bar charts built from :class:`Statistics`.

Qt-free so the figures a supervisor sees can be tested without a display and
the same suppression rules apply as in every table: a count of 1–4 is a bar
with no length and the text ``<5`` (its length would give the count away), a
``*`` cell the same; medians under 5 cases and compliance rates under 5
decided deadlines show ``–``. Every bar carries its value as text, so a chart
is read by its words, never by colour alone.

The dashboard's numbers come from the per-case report projection
(:func:`fieldcase.reports.projection.statistics`, with its complaint-month
range), the same figures as ``report stats``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from fieldcase.i18n import Language, current, pick
from fieldcase.reports import projection
from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import MULTIPLE, REGIONS, procedure
from fieldcase.reports.derive import SERVICE_TIMES, STREAM_STATUSES, STREAMS
from fieldcase.reports.export import check_month
from fieldcase.reports.monthly import MONTHS_ID
from fieldcase.reports.stats import Statistics, compute, shown_tables
from fieldcase.reports.suppression import THRESHOLD, Shown
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session

Pair = tuple[str, str]
#: ``(table, code) -> label`` for chart bars; the UI passes one with the forms' names.
Labeller = Callable[[str, str], str]

#: Count charts of the dashboard, in reading order: table -> (Indonesian, English) title.
COUNT_CHARTS: dict[str, Pair] = {
    "wilayah": ("Kasus menurut wilayah", "Cases by region"),
    "bulan_pengaduan": ("Kasus menurut bulan pengaduan", "Cases by complaint month"),
    "bentuk_esa": ("Kasus menurut bentuk ESA", "Cases by form of ESA"),
    "jenis_kekerasan": ("Kasus menurut jenis kekerasan", "Cases by type of violence"),
    "kelompok_umur": ("Kasus menurut kelompok umur", "Cases by age band"),
    "jenis_kelamin": ("Kasus menurut jenis kelamin", "Cases by sex"),
    "disabilitas": ("Kasus menurut disabilitas", "Cases by disability"),
    "tahap": ("Kasus menurut tahap", "Cases by stage"),
    "status": ("Kasus menurut status", "Cases by status"),
}
#: Service streams for the "stream status" chart: code -> (Indonesian, English).
STREAM_NAMES: dict[str, Pair] = {
    "hukum": ("Hukum", "Legal"),
    "kesehatan": ("Kesehatan", "Health"),
    "psikologis": ("Psikologis", "Psychological"),
    "lpsk": ("LPSK", "LPSK"),
    "restitusi": ("Restitusi", "Restitution"),
    "rehabilitasi_sosial": ("Rehabilitasi sosial", "Social rehabilitation"),
    "rumah_aman": ("Rumah aman", "Safe house"),
    "pendidikan": ("Pendidikan", "Education"),
}
#: Service-time medians: name -> (Indonesian, English) label of the service.
TIME_NAMES: dict[str, Pair] = {
    "jam_ke_laporan_polisi": ("Laporan polisi (LP)", "Police report (LP)"),
    "jam_ke_pemeriksaan_kesehatan": ("Pemeriksaan kesehatan", "Health exam"),
    "hari_ke_rumah_aman": ("Masuk rumah aman", "Safe-house entry"),
    "hari_ke_kembali_sekolah": ("Kembali bersekolah", "Back to school"),
}
UNITS: dict[str, Pair] = {"jam": ("jam", "hours"), "hari": ("hari", "days")}
MONTHS_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length (None: no bar, e.g. ``<5``) and the text shown."""

    label: str
    length: float | None
    text: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart; ``maximum`` fixes the axis (100 for percentages)."""

    name: str
    title: str
    bars: tuple[Bar, ...]
    maximum: float | None = None
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.bars


def month_label(month: str, language: Language = "id") -> str:
    """``2026-03`` -> ``Mar 2026``; anything else unchanged (e.g. unknown)."""
    parts = month.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return category_label(month)
    names = MONTHS_EN if language == "en" else tuple(m[:3] for m in MONTHS_ID)
    return f"{names[int(parts[1]) - 1]} {parts[0]}"


def category_label(code: str) -> str:
    """A region's name, or a choice code made readable (``a_b`` -> ``a b``)."""
    return REGIONS.get(code, code.replace("_", " "))


def _choose(pair: Pair, language: Language | None) -> str:
    return pick(*pair) if language is None else pair[1 if language == "en" else 0]


def dashboard_statistics(
    session: Session,
    now: datetime,
    *,
    region: str | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
) -> Statistics:
    """Statistics for the dashboard (supervisor only), logged like ``report stats``.

    The audit entry is an ``export`` of kind ``stats`` (aggregates only) with
    the filter, so the chain shows who looked at which figures.
    """
    require_export(session)
    first, last = check_month(month_from), check_month(month_to)
    if first is not None and last is not None and first > last:
        first, last = last, first
    stats = projection.statistics(
        session.db, now=now, region=region, month_from=first, month_to=last
    )
    with sqlite_errors(), session.db.atomic():
        session.audit.append(
            "export",
            None,
            {
                "kind": "stats",
                "format": "dashboard",
                "rows": stats.cases,
                "region": region or "",
                "month_from": first or "",
                "month_to": last or "",
            },
        )
    return stats


def _count_bars(cells: Mapping[str, Shown]) -> tuple[Bar, ...]:
    bars = []
    for key, shown in cells.items():
        if shown == 0:
            continue
        length = float(shown) if isinstance(shown, int) else None
        bars.append(Bar(key, length, str(shown)))
    return tuple(bars)


def plain_label(_table: str, code: str) -> str:
    """The default bar label: the region's name or the readable code."""
    return category_label(code)


def count_chart(
    stats: Statistics,
    name: str,
    language: Language | None = None,
    labeller: Labeller = plain_label,
) -> Chart:
    """One count table as a chart: zero rows left out, ``<5`` and ``*`` without length."""
    cells = shown_tables(stats).get(name, {})
    if name == "bulan_pengaduan":
        bars = tuple(
            Bar(month_label(b.label, language or current()), b.length, b.text)
            for b in _count_bars(cells)
        )
    else:
        bars = tuple(Bar(labeller(name, b.label), b.length, b.text) for b in _count_bars(cells))
        if name not in {"kelompok_umur"}:  # age bands keep their natural order
            bars = tuple(sorted(bars, key=lambda b: -(b.length or 0)))
    note = ""
    if name in MULTIPLE:
        note = _choose(
            (
                "Satu kasus dapat masuk lebih dari satu kategori.",
                "One case can be in more than one category.",
            ),
            language,
        )
    return Chart(name, _choose(COUNT_CHARTS[name], language), bars, note=note)


def stream_chart(
    stats: Statistics,
    stream: str,
    language: Language | None = None,
    labeller: Labeller = plain_label,
) -> Chart:
    """Cases by status of one service stream (not needed, planned, referred, running, done)."""
    cells = shown_tables(stats).get(f"layanan_{stream}", {})
    order = {s: i for i, s in enumerate(STREAM_STATUSES)}
    bars = sorted(_count_bars(cells), key=lambda b: order.get(b.label, len(order)))
    title = _choose(("Status layanan: ", "Service status: "), language) + _choose(
        STREAM_NAMES[stream], language
    )
    return Chart(
        f"layanan_{stream}",
        title,
        tuple(Bar(labeller("layanan", b.label), b.length, b.text) for b in bars),
    )


def median_chart(stats: Statistics, unit: str, language: Language | None = None) -> Chart:
    """Median time from complaint to each service measured in ``unit`` (jam / hari)."""
    unit_text = _choose(UNITS[unit], language)
    bars = []
    for name, median in stats.medians().items():
        if SERVICE_TIMES[name][0] != unit:
            continue
        label = _choose(TIME_NAMES[name], language)
        if median.value is None or median.n < THRESHOLD:
            bars.append(Bar(label, None, "–"))
        else:
            bars.append(
                Bar(label, float(median.value), f"{median.value:g} {unit_text} (n={median.n})")
            )
    title = _choose(
        (
            f"Median waktu dari pengaduan ke layanan ({unit_text})",
            f"Median time to service ({unit_text})",
        ),
        language,
    )
    note = _choose(
        ("– : kurang dari 5 kasus.", "– : fewer than 5 cases."),
        language,
    )
    return Chart(f"median_{unit}", title, tuple(bars), note=note)


def compliance_chart(stats: Statistics, language: Language | None = None) -> Chart:
    """Share of each procedure deadline met in time, among the decided ones."""
    rules = procedure()
    bars = []
    for deadline_id, counts in stats.deadlines.items():
        label = rules.deadline(deadline_id).label.get(language or current())
        if counts.rate is None or counts.decided < THRESHOLD:
            bars.append(Bar(label, None, "–"))
        else:
            percent = round(counts.rate * 100)
            bars.append(Bar(label, float(percent), f"{percent}% (n={counts.decided})"))
    title = _choose(("Tenggat dipenuhi tepat waktu (%)", "Deadlines met in time (%)"), language)
    note = _choose(
        (
            "n = tenggat yang sudah diputuskan (tepat, terlambat, lewat). "
            "– : kurang dari 5 tenggat.",
            "n = decided deadlines (in time, late, overdue). – : fewer than 5 deadlines.",
        ),
        language,
    )
    return Chart("kepatuhan_tenggat", title, tuple(bars), maximum=100.0, note=note)


def empty_statistics() -> Statistics:
    """Statistics of no case: every table, median and deadline present, all zero."""
    return compute((), now=datetime.now(UTC))


def dashboard_charts(
    stats: Statistics,
    language: Language | None = None,
    stream: str = STREAMS[0],
    labeller: Labeller = plain_label,
) -> list[Chart]:
    """Every chart of the dashboard, in reading order."""
    charts = [count_chart(stats, name, language, labeller) for name in COUNT_CHARTS]
    charts.append(stream_chart(stats, stream, language, labeller))
    charts.append(median_chart(stats, "jam", language))
    charts.append(median_chart(stats, "hari", language))
    charts.append(compliance_chart(stats, language))
    return charts

"""The monthly regional report (Bahasa Indonesia): HTML content and chart data.

Built from the statistics of one complaint month (and region, or all), with
every count suppressed (``<5``) exactly as in the tables, charts included:
a suppressed bar is left out of the chart data and named in the chart's note.
``ui/`` turns :class:`ChartData` into images (``chart:NAME`` resources) and
prints the HTML with ``QPdfWriter``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldcase.reports import projection
from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import REGIONS, region_code
from fieldcase.reports.derive import SERVICE_TIMES
from fieldcase.reports.export import check_month
from fieldcase.reports.html import chart_placeholder, document, esc, table
from fieldcase.reports.output import write_logged
from fieldcase.reports.stats import DIMENSIONS, Statistics, shown_tables
from fieldcase.reports.suppression import suppress
from fieldcase.vault.session import Session

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
#: Charts of the report: chart name -> (statistics table, title).
CHARTS: dict[str, tuple[str, str]] = {
    "bentuk_esa": ("bentuk_esa", "Kasus menurut bentuk ESA"),
    "jenis_kekerasan": ("jenis_kekerasan", "Kasus menurut jenis kekerasan"),
    "kelompok_umur": ("kelompok_umur", "Kasus menurut kelompok umur"),
}
TABLES = (
    "wilayah",
    "kelompok_umur",
    "jenis_kelamin",
    "disabilitas",
    "bentuk_esa",
    "jenis_kekerasan",
    "tahap",
)


@dataclass(frozen=True)
class ChartData:
    """A bar chart for the UI to draw: shown bars, and the labels hidden as <5."""

    name: str
    title: str
    labels: tuple[str, ...]
    values: tuple[int, ...]
    suppressed: tuple[str, ...]


@dataclass(frozen=True)
class MonthlyReport:
    html: str
    charts: tuple[ChartData, ...]
    cases: int


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS_ID[int(number) - 1]} {year}"


def label(code: str) -> str:
    return REGIONS.get(code, code.replace("_", " "))


def build_monthly(stats: Statistics, month: str, region: str | None) -> MonthlyReport:
    """The report's HTML and charts from statistics already filtered to the month/region."""
    shown = shown_tables(stats)
    where = label(region_code(region)) if region else "Semua wilayah program"
    body = [
        f"<h1>Laporan Bulanan Layanan Terpadu Anak Korban ESA</h1>"
        f"<p><b>Wilayah:</b> {esc(where)} &nbsp; <b>Bulan:</b> {esc(month_title(month))}</p>",
        f"<p><b>Jumlah kasus baru:</b> {esc(suppress(stats.cases))}</p>",
        '<p class="note">Data tanpa identitas. Angka 1–4 ditampilkan sebagai &lt;5; tanda *'
        " berarti angka disembunyikan agar angka &lt;5 tidak dapat dihitung dari jumlah.</p>",
    ]
    charts = []
    for name, (source, title) in CHARTS.items():
        cells = shown[source]
        charts.append(
            ChartData(
                name,
                title,
                tuple(label(k) for k, v in cells.items() if isinstance(v, int) and v > 0),
                tuple(v for v in cells.values() if isinstance(v, int) and v > 0),
                tuple(label(k) for k, v in cells.items() if not isinstance(v, int)),
            )
        )
        body.append(f"<h2>{esc(title)}</h2>" + chart_placeholder(name, title))
    for name in TABLES:
        rows = [(label(k), v) for k, v in shown[name].items()]
        body.append(f"<h2>{esc(DIMENSIONS[name])}</h2>" + table(["Kategori", "Jumlah"], rows))
    medians = stats.medians()
    body.append("<h2>Median waktu dari pengaduan ke layanan</h2>")
    body.append(
        table(
            ["Layanan", "Median", "Satuan", "Jumlah kasus"],
            [
                (SERVICE_TIMES[n][1], m.shown(), SERVICE_TIMES[n][0], suppress(m.n))
                for n, m in medians.items()
            ],
        )
    )
    body.append("<h2>Kepatuhan tenggat</h2>")
    compliance: list[tuple[object, ...]] = []
    for deadline_id, c in stats.deadlines.items():
        rate = "–" if c.rate is None or c.decided < 5 else f"{c.rate:.0%}"
        compliance.append(
            (
                deadline_id.replace("_", " "),
                rate,
                suppress(c.on_time),
                suppress(c.late),
                suppress(c.overdue),
            )
        )
    body.append(table(["Tenggat", "Tepat waktu (%)", "Tepat", "Terlambat", "Lewat"], compliance))
    title = f"Laporan bulanan {where} {month_title(month)}"
    return MonthlyReport(document(title, body), tuple(charts), stats.cases)


def monthly_report(
    session: Session, month: str, region: str | None, now: datetime
) -> MonthlyReport:
    """Statistics of the month and region, as the report (supervisor only; not logged here)."""
    require_export(session)
    checked = check_month(month) or month
    stats = projection.statistics(session.db, now=now, region=region, period=checked)
    return build_monthly(stats, checked, region)


def export_monthly_html(
    session: Session, out: Path, month: str, region: str | None, now: datetime
) -> MonthlyReport:
    """Write the report's HTML (the UI prints it to PDF); logged as an export."""
    report = monthly_report(session, month, region, now)

    def write(temp: Path) -> int:
        temp.write_text(report.html, encoding="utf-8")
        return report.cases

    write_logged(session, out, write, {"kind": "monthly", "format": "html", "month": month})
    return report

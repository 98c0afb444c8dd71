"""``fieldcase report …``: de-identified exports, statistics, SIMFONI, budget, summaries.

Wired into the main command with :func:`register`. The ``-pdf`` commands print
with Qt (``fieldcase.ui.reports.pdf``, an offscreen ``QGuiApplication``),
imported only when they run, so the other commands never load Qt. Every command unlocks the
account, checks its role before reading any case (supervisor only; the
conference summary also for the case's assigned workers) and prints counts
and file names, never case content. Errors are one bilingual line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

_FILE = click.Path(dir_okay=False, path_type=Path)


def register(cli: click.Group) -> None:
    """Add the ``report`` group to the main command (once)."""
    if "report" in cli.commands:
        return

    @cli.group("report")
    def report_group() -> None:
        """Laporan dan ekspor (supervisor) / reports and exports (supervisor)."""

    @report_group.command("export")
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True)
    @click.option("--out", required=True, type=_FILE, help="Berkas tujuan / output file.")
    @click.option("--since", help="Sejak bulan pengaduan TTTT-BB / from complaint month YYYY-MM.")
    @click.pass_obj
    def report_export(c: Any, fmt: str, out: Path, since: str | None) -> None:
        """Ekspor tanpa identitas / de-identified export."""
        from fieldcase.reports.export import export_cases

        with c.unlock() as session:
            rows = export_cases(session, out, "csv" if fmt == "csv" else "xlsx", since)
        click.echo(f"{rows} kasus / cases -> {out.name}")

    @report_group.command("stats")
    @click.option("--region", help="Wilayah / region.")
    @click.option("--period", help="Bulan pengaduan TTTT-BB / complaint month YYYY-MM.")
    @click.pass_obj
    def report_stats(c: Any, region: str | None, period: str | None) -> None:
        """Statistik (sel 1–4 ditampilkan <5) / statistics (cells of 1–4 shown as <5)."""
        from fieldcase.reports.export import check_month
        from fieldcase.reports.service import statistics_for
        from fieldcase.reports.stats import render_text

        with c.unlock() as session:
            stats = statistics_for(
                session, datetime.now(UTC), region=region, period=check_month(period)
            )
        click.echo(render_text(stats), nl=False)

    @report_group.command("simfoni")
    @click.option("--month", required=True, help="Bulan pengaduan TTTT-BB / YYYY-MM.")
    @click.option("--out", required=True, type=_FILE)
    @click.pass_obj
    def report_simfoni(c: Any, month: str, out: Path) -> None:
        """Tabel siap SIMFONI PPA / SIMFONI-ready table (CSV)."""
        from fieldcase.reports.simfoni import export_simfoni

        with c.unlock() as session:
            rows = export_simfoni(session, out, month)
        click.echo(f"{rows} kasus / cases -> {out.name}")

    @report_group.command("budget")
    @click.option("--out", required=True, type=_FILE, help="Berkas XLSX / XLSX file.")
    @click.option("--growth", type=float, default=0.0, show_default=True, help="% kenaikan kasus.")
    @click.option("--costs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.pass_obj
    def report_budget(c: Any, out: Path, growth: float, costs: Path | None) -> None:
        """Model penganggaran / budgeting model (XLSX)."""
        from fieldcase.reports.budget import export_budget, load_unit_costs
        from fieldcase.reports.unit_costs import effective_costs

        # The same table as the app's export: the admin's copy, else the shipped one.
        table = load_unit_costs(costs) if costs else effective_costs(Path(c.data_dir))
        with c.unlock() as session:
            rows = export_budget(session, out, table, growth)
        click.echo(f"{rows} kasus / cases -> {out.name}")

    @report_group.command("monthly")
    @click.option("--month", required=True, help="TTTT-BB / YYYY-MM.")
    @click.option("--region", help="Wilayah / region (bawaan: semua / default: all).")
    @click.option("--out", required=True, type=_FILE, help="Berkas HTML / HTML file.")
    @click.pass_obj
    def report_monthly(c: Any, month: str, region: str | None, out: Path) -> None:
        """Laporan bulanan wilayah (HTML) / monthly regional report (HTML)."""
        from fieldcase.reports.monthly import export_monthly_html

        with c.unlock() as session:
            export_monthly_html(session, out, month, region, datetime.now(UTC))
        click.echo(f"-> {out.name}")

    @report_group.command("monthly-pdf")
    @click.option("--month", required=True, help="TTTT-BB / YYYY-MM.")
    @click.option("--region", help="Wilayah / region (bawaan: semua / default: all).")
    @click.option("--out", required=True, type=_FILE, help="Berkas PDF / PDF file.")
    @click.pass_obj
    def report_monthly_pdf(c: Any, month: str, region: str | None, out: Path) -> None:
        """Laporan bulanan wilayah (PDF A4) / monthly regional report (A4 PDF)."""
        from fieldcase.reports.export import check_month
        from fieldcase.ui.reports.pdf import export_monthly_pdf

        checked = check_month(month) or month
        with c.unlock() as session:
            export_monthly_pdf(session, out, checked, region, datetime.now(UTC))
        click.echo(f"-> {out.name}")

    @report_group.command("conference-pdf")
    @click.argument("case_id")
    @click.option("--out", required=True, type=_FILE, help="Berkas PDF / PDF file.")
    @click.pass_obj
    def report_conference_pdf(c: Any, case_id: str, out: Path) -> None:
        """Ringkasan konferensi kasus (PDF, beridentitas) / case-conference summary (PDF)."""
        from fieldcase.ui.reports.pdf import export_conference_pdf_file

        with c.unlock() as session:
            export_conference_pdf_file(session, case_id, out, datetime.now(UTC))
        click.echo(f"-> {out.name}")

    @report_group.command("conference")
    @click.argument("case_id")
    @click.option("--out", required=True, type=_FILE, help="Berkas HTML / HTML file.")
    @click.pass_obj
    def report_conference(c: Any, case_id: str, out: Path) -> None:
        """Ringkasan konferensi kasus (beridentitas) / case-conference summary (identifying)."""
        from fieldcase.reports.conference import export_conference_html

        with c.unlock() as session:
            export_conference_html(session, case_id, out, datetime.now(UTC))
        click.echo(f"-> {out.name}")

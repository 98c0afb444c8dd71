"""Budgeting model (Model Penganggaran): unit costs × services planned and delivered.

The unit-cost table is data an admin edits (``resources/budget/unit_costs.csv``
ships placeholders, marked ``contoh = ya``; a copy in
``<data dir>/budget/unit_costs.csv`` or ``--costs FILE`` replaces it). Each
case's planned cost is the sum of the unit costs of its streams that are
planned or further along; its delivered cost, of those running or done
(:mod:`fieldcase.reports.derive`). Totals go per region, service and month,
and a "caseload grows by X %" scenario scales them. Output: one streamed XLSX.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fieldcase.core.errors import InvalidInput
from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import REGIONS, Row, deidentify, report_secret
from fieldcase.reports.derive import DELIVERED, PLANNED, STREAMS
from fieldcase.reports.output import write_logged
from fieldcase.reports.source import iter_cases
from fieldcase.reports.suppression import suppress
from fieldcase.reports.xlsxstream import Value, write_workbook
from fieldcase.resources import resources_dir
from fieldcase.vault.session import Session

COLUMNS = ("layanan", "wilayah", "satuan", "biaya_satuan", "contoh")


@dataclass
class UnitCosts:
    """``(stream, region) -> IDR``; a region without a row costs the stream's average."""

    costs: dict[tuple[str, str], int] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)
    placeholder: bool = False

    def cost(self, stream: str, region: str) -> int:
        found = self.costs.get((stream, region))
        if found is not None:
            return found
        same = [v for (s, _), v in self.costs.items() if s == stream]
        return round(sum(same) / len(same)) if same else 0


def default_costs_file() -> Path:
    return resources_dir() / "budget" / "unit_costs.csv"


def _bad(line: int, what_id: str, what_en: str) -> InvalidInput:
    return InvalidInput(
        f"Tabel biaya satuan, baris {line}: {what_id}. Perbaiki berkasnya lalu coba lagi.",
        f"Unit-cost table, line {line}: {what_en}. Fix the file and try again.",
    )


def load_unit_costs(path: Path | None = None) -> UnitCosts:
    """Read and check the table (``#`` lines are comments); errors name the line."""
    source = path or default_costs_file()
    table = UnitCosts()
    with source.open(encoding="utf-8-sig", newline="") as handle:
        lines = [(n, text) for n, text in enumerate(handle, start=1) if not text.startswith("#")]
    reader = csv.reader(text for _, text in lines)
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise _bad(
            lines[0][0] if lines else 1,
            f"kolom harus {', '.join(COLUMNS)}",
            f"the columns must be {', '.join(COLUMNS)}",
        )
    for (line, _), cells in zip(lines[1:], reader, strict=False):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise _bad(line, "jumlah kolom salah", "wrong number of columns")
        stream, region, unit, amount, example = (c.strip() for c in cells)
        if stream not in STREAMS:
            raise _bad(line, f"layanan '{stream}' tidak dikenal", f"unknown service '{stream}'")
        if region not in REGIONS:
            raise _bad(line, f"wilayah '{region}' tidak dikenal", f"unknown region '{region}'")
        if not amount.isdigit():
            raise _bad(line, "biaya harus bilangan bulat Rupiah", "cost must be whole rupiah")
        table.costs[(stream, region)] = int(amount)
        table.units[(stream, region)] = unit
        table.placeholder |= example.lower() != "tidak"
    return table


@dataclass
class Totals:
    cases: int = 0
    planned: int = 0
    delivered: int = 0


def case_costs(row: Row, costs: UnitCosts) -> dict[str, tuple[int, int]]:
    """Per stream: (planned cost, delivered cost) of one de-identified row."""
    region = str(row["wilayah"])
    found = {}
    for stream in STREAMS:
        status = row[f"layanan_{stream}"]
        unit = costs.cost(stream, region)
        found[stream] = (unit if status in PLANNED else 0, unit if status in DELIVERED else 0)
    return found


def _grow(amount: int, growth: float) -> int:
    return round(amount * (1 + growth / 100))


def budget_sheets(
    rows: Iterator[Row], costs: UnitCosts, growth: float
) -> Iterator[tuple[str, Iterator[list[Value]]]]:
    """The workbook's sheets; the per-case sheet streams and fills the totals as it goes."""
    by_region: dict[str, Totals] = defaultdict(Totals)
    by_service: dict[str, Totals] = defaultdict(Totals)
    by_month: dict[str, Totals] = defaultdict(Totals)
    grand = Totals()

    def unit_sheet() -> Iterator[list[Value]]:
        yield list(COLUMNS)
        for (stream, region), amount in sorted(costs.costs.items()):
            unit = costs.units.get((stream, region), "")
            yield [stream, region, unit, amount, "ya" if costs.placeholder else "tidak"]

    def case_sheet() -> Iterator[list[Value]]:
        yield ["kode_kasus", "wilayah", "bulan_pengaduan", "biaya_direncanakan", "biaya_diberikan"]
        for row in rows:
            per_stream = case_costs(row, costs)
            planned = sum(p for p, _ in per_stream.values())
            delivered = sum(d for _, d in per_stream.values())
            month = str(row["bulan_pengaduan"] or "tidak_diketahui")
            for totals in (by_region[str(row["wilayah"])], by_month[month], grand):
                totals.cases += 1
                totals.planned += planned
                totals.delivered += delivered
            for stream, (p, d) in per_stream.items():
                if p:
                    service = by_service[stream]
                    service.cases += 1
                    service.planned += p
                    service.delivered += d
            yield [row["kode_kasus"], row["wilayah"], month, planned, delivered]

    def totals_sheet(key: str, table: dict[str, Totals]) -> Iterator[list[Value]]:
        yield [
            key,
            "jumlah_kasus",
            "biaya_direncanakan",
            "biaya_diberikan",
            f"proyeksi_direncanakan_{growth:g}pct",
            f"proyeksi_diberikan_{growth:g}pct",
        ]
        for name, t in sorted(table.items()):
            yield [
                name,
                suppress(t.cases),
                t.planned,
                t.delivered,
                _grow(t.planned, growth),
                _grow(t.delivered, growth),
            ]

    def scenario_sheet() -> Iterator[list[Value]]:
        yield ["ukuran", "nilai"]
        yield ["kenaikan_kasus_persen", growth]
        yield ["jumlah_kasus", suppress(grand.cases)]
        yield ["proyeksi_jumlah_kasus", _grow(grand.cases, growth)]
        yield ["biaya_direncanakan", grand.planned]
        yield ["proyeksi_biaya_direncanakan", _grow(grand.planned, growth)]
        yield ["biaya_diberikan", grand.delivered]
        yield ["proyeksi_biaya_diberikan", _grow(grand.delivered, growth)]
        if costs.placeholder:
            yield ["PERHATIAN", "Biaya satuan masih CONTOH, bukan angka daerah / placeholder costs"]

    yield "Biaya satuan", unit_sheet()
    yield "Per kasus", case_sheet()
    yield "Per wilayah", totals_sheet("wilayah", by_region)
    yield "Per layanan", totals_sheet("layanan", by_service)
    yield "Per bulan", totals_sheet("bulan_pengaduan", by_month)
    yield "Skenario", scenario_sheet()


def export_budget(session: Session, out: Path, costs: UnitCosts, growth: float = 0.0) -> int:
    """Write the budgeting workbook; supervisor only, logged. Returns the number of cases."""
    require_export(session)
    if not -100 < growth <= 1000:
        raise InvalidInput(
            "Kenaikan kasus harus antara -100 dan 1000 persen.",
            "Caseload growth must be between -100 and 1000 percent.",
        )
    secret = report_secret(session)

    def write(temp: Path) -> int:
        counted = [0]

        def rows() -> Iterator[Row]:
            for cid, fields in iter_cases(session):
                counted[0] += 1
                yield deidentify(cid, fields, secret)

        write_workbook(temp, budget_sheets(rows(), costs, growth))
        return counted[0]

    return write_logged(session, out, write, {"kind": "budget", "format": "xlsx", "growth": growth})

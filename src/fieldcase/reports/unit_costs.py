"""Where the budget's unit-cost table lives, who may change it, and how it is saved.

The app ships placeholder costs (``resources/budget/unit_costs.csv``); a team
admin replaces them with the region's real figures in the app, which writes
``<data dir>/budget/unit_costs.csv`` (the copy :func:`effective_costs`, the
CLI's ``report budget`` and the UI's budget export prefer). The file keeps
the shipped format (:data:`~fieldcase.reports.budget.COLUMNS`) so it can
also be edited in a spreadsheet and read back by
:func:`~fieldcase.reports.budget.load_unit_costs`.

Only an admin edits (the table is team configuration, no case content); a
supervisor may look at it because the budget is built from it. Saving is
atomic (:mod:`fieldcase.atomicfile`): a power cut leaves the old table or the
new one. Saving exactly the shipped placeholders removes the copy, so the
team follows future shipped updates again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fieldcase.atomicfile import atomic_write_bytes
from fieldcase.core.errors import InvalidInput, PermissionDenied, StorageError
from fieldcase.core.roles import Role
from fieldcase.reports.budget import COLUMNS, UnitCosts, default_costs_file, load_unit_costs
from fieldcase.reports.deidentify import REGIONS
from fieldcase.reports.derive import STREAMS

#: Roles that may change the table, and those that may only read it.
EDIT_ROLES: frozenset[Role] = frozenset({Role.ADMIN})
VIEW_ROLES: frozenset[Role] = frozenset({Role.ADMIN, Role.SUPERVISOR})
DEFAULT_UNIT = "per kasus"
#: Upper bound of one unit cost (IDR): a typo of three extra zeros is caught.
MAX_COST = 10_000_000_000

_HEADER = (
    "# Biaya satuan layanan per wilayah (Model Penganggaran) / unit cost per service and region.\n"
    "# Disimpan oleh admin tim di fieldcase / saved by the team admin in fieldcase.\n"
    "# contoh = ya: angka masih CONTOH / placeholder; tidak: angka daerah / real figure.\n"
)


def admin_costs_path(data_dir: Path) -> Path:
    """The admin's copy of the table in a data folder."""
    return data_dir / "budget" / "unit_costs.csv"


def effective_costs(data_dir: Path | None) -> UnitCosts:
    """The table reports use: the admin's copy when there is one, else the shipped one."""
    copy = admin_costs_path(data_dir) if data_dir is not None else None
    return load_unit_costs(copy if copy is not None and copy.is_file() else None)


def shipped_costs() -> UnitCosts:
    return load_unit_costs(default_costs_file())


def require_view(role: Role) -> None:
    if role not in VIEW_ROLES:
        raise PermissionDenied(
            "Tabel biaya satuan hanya untuk admin tim dan supervisor.",
            "The unit-cost table is for the team admin and the supervisor only.",
        )


def require_edit(role: Role) -> None:
    if role not in EDIT_ROLES:
        raise PermissionDenied(
            "Hanya admin tim yang boleh mengubah tabel biaya satuan.",
            "Only the team admin may change the unit-cost table.",
        )


def parse_cost(text: str) -> int:
    """Whole rupiah from what a person typed (``1.500.000``, ``1 500 000``, ``Rp 1500000``).

    Dots, commas and spaces are read as thousands separators: rupiah have no
    cents, so ``1,5`` is refused rather than guessed.
    """
    cleaned = text.strip()
    if cleaned.lower().startswith("rp"):
        cleaned = cleaned[2:].strip()
    if cleaned.startswith("-"):
        raise InvalidInput(
            "Biaya tidak boleh negatif.",
            "A cost cannot be negative.",
        )
    groups = cleaned.replace(",", ".").replace(" ", ".").split(".")
    digits = "".join(groups)
    well_grouped = len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    )
    if not digits.isdigit() or not digits.isascii() or not well_grouped:
        raise InvalidInput(
            "Isi biaya dengan bilangan bulat Rupiah, misalnya 1500000 atau 1.500.000.",
            "Enter the cost as whole rupiah, e.g. 1500000 or 1.500.000.",
        )
    value = int(digits)
    if value > MAX_COST:
        raise InvalidInput(
            "Biaya terlalu besar (lebih dari 10 miliar Rupiah per kasus). Periksa angka nolnya.",
            "The cost is too large (over 10 billion rupiah per case). Check the zeros.",
        )
    return value


def full_grid(table: UnitCosts) -> UnitCosts:
    """Every stream × region filled (a missing cell gets what the budget would use for it)."""
    grid = UnitCosts(placeholder=table.placeholder)
    for stream in STREAMS:
        for region in REGIONS:
            grid.costs[(stream, region)] = table.cost(stream, region)
            grid.units[(stream, region)] = table.units.get((stream, region), DEFAULT_UNIT)
    return grid


def costs_csv(table: UnitCosts) -> bytes:
    """The table in the shipped CSV format, streams and regions in program order."""
    buffer = io.StringIO()
    buffer.write(_HEADER)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    example = "ya" if table.placeholder else "tidak"
    for stream in STREAMS:
        for region in REGIONS:
            if (stream, region) not in table.costs:
                continue
            unit = table.units.get((stream, region), DEFAULT_UNIT)
            writer.writerow([stream, region, unit, table.costs[(stream, region)], example])
    return buffer.getvalue().encode("utf-8")


def same_table(first: UnitCosts, second: UnitCosts) -> bool:
    return first.costs == second.costs and first.placeholder == second.placeholder


def save_unit_costs(data_dir: Path, table: UnitCosts, role: Role) -> Path | None:
    """Save the admin's table atomically (admin only); returns its path, None when removed.

    A table equal to the shipped placeholders removes the copy instead.
    """
    require_edit(role)
    target = admin_costs_path(data_dir)
    for (stream, region), amount in table.costs.items():
        if stream not in STREAMS or region not in REGIONS or not 0 <= amount <= MAX_COST:
            raise InvalidInput(
                "Tabel biaya satuan berisi layanan, wilayah atau biaya yang tidak dikenal.",
                "The unit-cost table holds an unknown service, region or cost.",
            )
    if same_table(full_grid(table), full_grid(shipped_costs())):
        try:
            target.unlink(missing_ok=True)
        except OSError:
            raise StorageError() from None
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise StorageError() from None
    atomic_write_bytes(target, costs_csv(table))
    return target

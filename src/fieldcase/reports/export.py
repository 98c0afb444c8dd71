"""De-identified case-level exports: CSV and streamed XLSX.

Rows are read one case at a time from the vault's per-case report projection
(:func:`~fieldcase.reports.projection.projected_rows`: the de-identified row
stored when the case was written; only the keyed case code is computed here)
and written straight out (``csv.writer``; :mod:`~fieldcase.reports.xlsxstream`,
which streams rows into the zip), so memory does not grow with the
number of cases. Only supervisors may export; each export is one ``export``
entry in the audit chain (kind, format, rows), written with the file.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from fieldcase.core.errors import InvalidInput
from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import (
    EXPORT_COLUMNS,
    Cell,
    Row,
    case_code,
    report_secret,
)
from fieldcase.reports.output import write_logged
from fieldcase.reports.projection import projected_rows
from fieldcase.reports.xlsxstream import write_workbook
from fieldcase.vault.session import Session

Format = Literal["csv", "xlsx"]


def check_month(text: str | None) -> str | None:
    """``YYYY-MM`` or None; anything else is a clear InvalidInput."""
    if text is None:
        return None
    parts = text.split("-")
    digits = text.replace("-", "").isdigit()
    if [len(p) for p in parts] == [4, 2] and digits and 1 <= int(parts[1]) <= 12:
        return text
    raise InvalidInput(
        f"Bulan harus berbentuk TTTT-BB, misalnya 2026-03 (bukan '{text}').",
        f"The month must look like YYYY-MM, e.g. 2026-03 (not '{text}').",
    )


def deidentified_rows(session: Session, since: str | None = None) -> Iterator[Row]:
    """Every case's de-identified row (complaint month ``>= since`` if given)."""
    for values in deidentified_table(session, since):
        yield dict(zip(EXPORT_COLUMNS, values, strict=True))


def deidentified_table(session: Session, since: str | None = None) -> Iterator[list[Cell]]:
    """The same rows as lists in :data:`EXPORT_COLUMNS` order (no dict per row)."""
    secret = report_secret(session)
    for case_id, values in projected_rows(session.db, since):
        yield [case_code(secret, case_id), *values]


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[Row]) -> int:
    """UTF-8 with BOM (Excel on Windows reads the Indonesian text right); returns rows."""
    header = list(columns)
    return write_csv_lists(path, header, ([row[c] for c in header] for row in rows))


def write_csv_lists(path: Path, header: list[str], rows: Iterable[list[Cell]]) -> int:
    """:func:`write_csv` for rows already in column order (None is written empty)."""
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def write_xlsx(
    path: Path,
    sheets: Iterable[tuple[str, Iterable[str], Iterable[Row]]],
) -> int:
    """A streamed workbook, one sheet per ``(title, columns, rows)``; returns data rows."""

    def table(columns: Iterable[str], rows: Iterable[Row]) -> Iterator[list[Cell]]:
        header = list(columns)
        yield list(header)
        for row in rows:
            yield [row.get(c) for c in header]

    return write_workbook(path, ((title, table(cols, rows)) for title, cols, rows in sheets))


def export_cases(session: Session, out: Path, fmt: Format, since: str | None = None) -> int:
    """Write the de-identified case table; returns the number of rows. Supervisor only."""
    require_export(session)
    since = check_month(since)

    def write(temp: Path) -> int:
        if fmt == "csv":
            return write_csv_lists(temp, list(EXPORT_COLUMNS), deidentified_table(session, since))
        header: list[Cell] = list(EXPORT_COLUMNS)
        table = itertools.chain([header], deidentified_table(session, since))
        return write_workbook(temp, [("kasus", table)])

    return write_logged(
        session, out, write, {"kind": "deidentified", "format": fmt, "since": since or ""}
    )

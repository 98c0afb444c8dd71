"""De-identified case-level exports: CSV and streamed XLSX.

Rows are produced one case at a time from :func:`~fieldcase.reports.source.iter_cases`
and written straight out (``csv.writer``; :mod:`~fieldcase.reports.xlsxstream`,
which streams rows into the zip), so memory does not grow with the
number of cases. Only supervisors may export; each export is one ``export``
entry in the audit chain (kind, format, rows), written with the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from fieldcase.core.errors import InvalidInput
from fieldcase.reports.access import require_export
from fieldcase.reports.deidentify import EXPORT_COLUMNS, Cell, Row, deidentify, report_secret
from fieldcase.reports.output import write_logged
from fieldcase.reports.source import iter_cases
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
    secret = report_secret(session)
    for case_id, fields in iter_cases(session):
        row = deidentify(case_id, fields, secret)
        if since is not None:
            month = row["bulan_pengaduan"]
            if not isinstance(month, str) or month < since:
                continue
        yield row


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[Row]) -> int:
    """UTF-8 with BOM (Excel on Windows reads the Indonesian text right); returns rows."""
    header = list(columns)
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in header])
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
        rows = deidentified_rows(session, since)
        if fmt == "csv":
            return write_csv(temp, EXPORT_COLUMNS, rows)
        return write_xlsx(temp, [("kasus", EXPORT_COLUMNS, rows)])

    return write_logged(
        session, out, write, {"kind": "deidentified", "format": fmt, "since": since or ""}
    )

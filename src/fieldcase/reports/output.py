"""Write an output file and its audit entry so that neither exists without the other.

The file is written to a temporary name next to the target; inside one
transaction the ``export`` entry is appended and the file renamed into place.
If the rename fails the entry is rolled back; if the commit fails the file is
removed. So every report file on disk has its line in the audit chain.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from fieldcase.core.errors import InvalidInput
from fieldcase.vault.audit import DetailValue
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session


@contextlib.contextmanager
def _temp_beside(target: Path) -> Iterator[Path]:
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(
            "Folder tujuan tidak ada. Pilih folder yang sudah ada.",
            "The destination folder does not exist. Choose an existing folder.",
        )
    handle, name = tempfile.mkstemp(prefix=".fieldcase-", suffix=".tmp", dir=folder)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def write_logged(
    session: Session,
    target: Path,
    write: Callable[[Path], int],
    detail: Mapping[str, DetailValue],
    *,
    case_id: str | None = None,
) -> int:
    """Run ``write(temp_path) -> rows``, then log and move the file into place atomically."""
    with _temp_beside(target) as temp:
        rows = write(temp)
        with sqlite_errors(), session.db.atomic():
            session.audit.append("export", case_id, {**detail, "rows": rows})
            os.replace(temp, target)
    return rows

"""Which form fields feed the case list columns and the full-text index.

Field names follow PROCEDURE.md's intake and procedure forms. The case list
shows only these projected, non-identifying columns; search covers the
identifying ones, but its index lives inside the encrypted vault.
"""

from __future__ import annotations

import functools
import re

#: `cases` table column -> field path it mirrors (the current value of that field).
PROJECTED_FIELDS: dict[str, str] = {
    "stage": "tahap",
    "status": "status",
    "region": "wilayah",
    "risk": "tingkat_risiko",
    "assigned": "petugas",
}

#: FTS5 column -> field paths whose text is indexed in it.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("nama",),
    "alias": ("nama_panggilan",),
    "notes": ("catatan",),
    "narrative": ("kronologi",),
}

SEARCHED_PATHS: frozenset[str] = frozenset(p for ps in SEARCH_FIELDS.values() for p in ps)
PROJECTED_PATHS: frozenset[str] = frozenset(PROJECTED_FIELDS.values())

#: Field names are simple dotted/indexed paths: letters, digits, _, ., [ ], /, -.
_PATH_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\[\]/-]{0,199}")


@functools.lru_cache(maxsize=4096)  # a few dozen distinct paths, checked ~1M times per sync
def is_valid_path(path: str) -> bool:
    """True for paths like ``nama`` or ``pelaku[1].alias`` (at most 200 characters)."""
    return _PATH_RE.fullmatch(path) is not None

"""The laptop's own settings: ``<data dir>/settings.json`` (no case data, no secrets).

Why one small module: the idle-lock time and the language are per laptop,
read before anyone unlocks anything, and written by different windows;
each write keeps the other keys and replaces the file atomically, so a
crash never leaves half a settings file behind.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from fieldcase.atomicfile import atomic_write_json

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"


def read_settings(data_dir: Path) -> dict[str, object]:
    """Every setting; an unreadable or damaged file counts as empty (defaults apply)."""
    try:
        raw = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def write_setting(data_dir: Path, key: str, value: object) -> None:
    """Set one key, keeping the others. Raises OSError when the file cannot be written."""
    settings = read_settings(data_dir)
    settings[key] = value
    data_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_json(data_dir / SETTINGS_FILE, settings)

"""Where the shipped data (forms, procedure, directory) lives at run time.

Three layouts must work: a source checkout (``<repo>/resources``), the
PyInstaller one-folder build (``sys._MEIPASS/resources``), and an explicit
override through ``FIELDCASE_RESOURCES`` for packagers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("FIELDCASE_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"

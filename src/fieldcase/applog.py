"""The application log: ids, actions and counts only, never case content.

Logs go to ``<data dir>/logs/fieldcase.log`` (rotated). Nothing is logged to
the console except through the CLI's own one-line messages, so a user's
terminal or a crash report never shows case data.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(data_dir: Path, level: int = logging.INFO) -> Path:
    """Send fieldcase's log records to the data folder's rotating log file."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fieldcase.log"
    root = logging.getLogger("fieldcase")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    return path

"""Where fieldcase keeps its files, overridable for tests, scripts and training.

Precedence: an explicit ``--data-dir``, then ``FIELDCASE_DATA_DIR``, then the
platform's per-user data folder (platformdirs), so that tests and scripts never
touch a real worker's data.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "FIELDCASE_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use (created if missing)."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
    else:
        path = Path(platformdirs.user_data_dir("fieldcase", appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def accounts_dir(data_dir: Path) -> Path:
    return data_dir / "accounts"


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"

"""What the app loads while the person types the passphrase.

The sign-in window comes first (start-up figure); the main window's code,
the procedure and the forms (for the case list's words and the wizard) are
loaded right after, on the vault thread, so unlocking never waits for them:
the unlock job is queued behind this one on the same thread.
"""

from __future__ import annotations

import importlib


def preload() -> None:
    """Import the main window and fill the per-process caches it reads first."""
    importlib.import_module("fieldcase.ui.mainwindow")
    from fieldcase.ui import valuelabels

    valuelabels.warm()

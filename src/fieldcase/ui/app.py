"""``run_gui``: start the desktop app, or say in one line why it cannot start.

Why check the display first: on a Linux machine without one (a server, CI,
an SSH session) Qt aborts the process with a message about platform
plugins that a field worker or a new developer cannot act on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from fieldcase.ui import texts
from fieldcase.ui.controller import Controller
from fieldcase.ui.operations import log_bug, user_message
from fieldcase.vault.accounts import AccountStore

EXIT_NO_DISPLAY = 2
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def display_problem(env: Mapping[str, str], platform: str) -> str | None:
    """The one-line explanation when Qt would find no display, else None."""
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have their native platform
    if any(env.get(name) for name in _DISPLAY_VARIABLES):
        return None
    return texts.NO_DISPLAY


def _show_unhandled(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Last resort for an exception escaping a slot: log it, tell the person kindly."""
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    log_bug(error.with_traceback(tb), "event loop")
    QMessageBox.critical(None, texts.ERROR_TITLE, user_message(error))


def run_gui(data_dir: Path, training: bool = False) -> int:
    """Show the sign-in window and run until the last window closes; returns the exit code.

    ``training``: the data folder is the training sandbox; every window says so.
    """
    problem = display_problem(os.environ, sys.platform)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(texts.APP_NAME)
    controller = Controller(AccountStore(data_dir), training=training)
    app.aboutToQuit.connect(controller.shutdown)
    previous_hook = sys.excepthook
    sys.excepthook = _show_unhandled
    try:
        controller.start()
        return app.exec()
    finally:
        sys.excepthook = previous_hook

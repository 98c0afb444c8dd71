"""The Qt half of ``fieldcase --selftest``: the windows' code and PDF printing load.

Run on the packaged app in CI: the main window is imported lazily (after
sign-in), so a module PyInstaller missed would only show when someone
unlocks; and a missing print plugin would only show when a letter is made.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

#: Modules loaded only after sign-in (or on use) that must be in the build.
LAZY_MODULES = (
    "fieldcase.ui.mainwindow",
    "fieldcase.ui.referrals.letterpdf",
    "fieldcase.ui.reports.pdf",
    "fieldcase.ui.sync.panel",
    "fieldcase.sync.enrolserver",
)


def check_qt() -> None:
    """Raise when a lazily imported window module or PDF printing is unavailable."""
    for name in LAZY_MODULES:
        importlib.import_module(name)
    # A widgets application, as the app itself makes: whoever comes next in the
    # same process (the app, or a test run) reuses it.
    _app = QApplication.instance() or QApplication(["fieldcase-selftest"])  # kept alive here
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "fieldcase")
    painter.end()
    pdf = bytes(buffer.data().data())
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("PDF printing produced no PDF")

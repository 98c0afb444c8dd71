"""Helpers for window tests: a person at the keyboard, and known test data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from fieldcase.core.changes import JsonValue

#: Cases with names that appear nowhere in the demo data, for search tests.
NAMED_CASES: list[dict[str, JsonValue]] = [
    {"nama": "Sekar Kinanti", "wilayah": "Lombok", "tahap": "asesmen", "tingkat_risiko": "tinggi"},
    {"nama": "Sekar Ayuningtyas", "wilayah": "Bali", "tahap": "penjangkauan"},
    {"nama": "Gendis Maharani", "wilayah": "Solo", "catatan": "bertemu di sekolah"},
]
DEMO_COUNT = 40
TRAINING_PASSPHRASE = "hujan sore di Batam 3"
NEW_PASSPHRASE = "teh manis sore di Medan 9"

W = TypeVar("W", bound=QWidget)


class Person:
    """A person at the keyboard: types, clicks, and waits for what appears."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot

    def type(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)

    def press_enter(self, widget: QWidget) -> None:
        self.qtbot.keyClick(widget, Qt.Key.Key_Return)

    def click(self, button: QAbstractButton) -> None:
        """Click like a person: only what can be seen and is enabled."""
        assert button.isVisible(), f"{button.objectName() or button.text()} is not visible"
        assert button.isEnabled(), f"{button.objectName() or button.text()} is not enabled"
        # Aim at the label, not the middle of the widget: a check box wider than
        # its text only reacts to clicks on its box and text.
        x = max(1, min(button.width(), button.sizeHint().width()) // 2)
        self.qtbot.mouseClick(
            button, Qt.MouseButton.LeftButton, pos=QPoint(x, button.height() // 2)
        )

    def wait_for(self, find: Callable[[], W | None], timeout: int = 5000) -> W:
        """Wait until ``find`` returns a visible widget, and return it."""
        found: list[W] = []

        def visible() -> bool:
            widget = find()
            if widget is not None and widget.isVisible():
                found[:] = [widget]
                return True
            return False

        self.qtbot.waitUntil(visible, timeout=timeout)
        return found[0]

    def wait(self, condition: Callable[[], bool], timeout: int = 5000) -> None:
        self.qtbot.waitUntil(condition, timeout=timeout)

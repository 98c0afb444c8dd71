"""The few visual conventions shared by the windows: feedback colours, the training
mark, the primary button.

Why in one place: a red error line, a green "ok", the amber training mark
and the blue "do this" button must look the same in every window, so a field
worker learns them once. Colours are dark enough to read on a dim laptop
screen in daylight.
"""

from __future__ import annotations

from typing import Literal

import shiboken6
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

FeedbackKind = Literal["hint", "ok", "error"]

_FEEDBACK_COLOURS: dict[str, str] = {
    "hint": "#4a4a4a",
    "ok": "#1b6e2a",
    "error": "#a1111c",
}

TRAINING_BADGE_BACKGROUND = "#ffd54a"
TRAINING_BADGE_BORDER = "#c79a00"
TRAINING_TEXT = "#3a2a00"
TRAINING_ROW_BACKGROUND = "#fff4cf"
TRAINING_STYLE = (
    f"background: {TRAINING_BADGE_BACKGROUND}; color: {TRAINING_TEXT}; font-weight: bold;"
    f" border: 1px solid {TRAINING_BADGE_BORDER}; border-radius: 3px; padding: 6px 10px;"
)

_PRIMARY_STYLE = """
QPushButton {
    background: #1f5fa8; color: white; font-weight: bold;
    border: 1px solid #174a84; border-radius: 4px; padding: 6px 18px; min-height: 22px;
}
QPushButton:hover { background: #2a6fb8; }
QPushButton:pressed { background: #174a84; }
QPushButton:focus { border: 2px solid #0b2f57; }
QPushButton:disabled { background: #a9bdd4; border-color: #a9bdd4; color: #f2f5f9; }
"""

_TOOL_BUTTON_STYLE = """
QToolButton {
    border: 1px solid #8a8a8a; border-radius: 4px; padding: 4px 12px; margin: 2px 4px;
    background: #fafafa;
}
QToolButton:hover { background: #e8eef6; border-color: #1f5fa8; }
QToolButton:pressed { background: #d5e1ef; }
"""


def set_feedback(label: QLabel, text: str, kind: FeedbackKind) -> None:
    """Show ``text`` in ``label`` coloured by kind; errors in bold so they are not missed.

    A label whose window closed while a vault job ran is gone: the outcome
    arrives anyway, and there is simply no one left to tell.
    """
    if not shiboken6.isValid(label):
        return
    weight = "bold" if kind == "error" else "normal"
    label.setStyleSheet(f"color: {_FEEDBACK_COLOURS[kind]}; font-weight: {weight};")
    label.setProperty("feedbackKind", kind)
    label.setText(text)
    label.setVisible(bool(text))


def make_primary(button: QAbstractButton) -> None:
    """The one action a window is for (Unlock, Create, Save): blue and bold."""
    button.setStyleSheet(_PRIMARY_STYLE)


def make_framed(button: QWidget) -> None:
    """A toolbar button that looks like a button, not like a stray word."""
    button.setStyleSheet(_TOOL_BUTTON_STYLE)


#: Room kept for the window frame and title bar when the screen is small.
FRAME_ALLOWANCE = 48


def fitted_size(widget: QWidget, width: int, height: int) -> QSize:
    """The wished window size, or less on a small screen: 1366×768 at 125 % leaves
    1093×614 logical pixels (minus the taskbar), and a taller window hides its buttons."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width())
        height = min(height, available.height() - FRAME_ALLOWANCE)
    return QSize(width, height)

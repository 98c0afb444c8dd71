"""A person with only a keyboard: where Tab goes, and what a window at 125 % looks like.

Why a real Tab walk and not ``nextInFocusChain``: what matters is where the
focus really lands (Qt skips hidden and disabled widgets, a table with tab
navigation traps it, a text box may eat the Tab), so the walk presses Tab
and reads ``QApplication.focusWidget()`` each time.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QRadioButton,
    QScrollArea,
    QWidget,
)

#: 1366×768 at 125 %: the logical (device-independent) pixels a window gets.
SCREEN_125 = QRect(0, 0, round(1366 / 1.25), round(768 / 1.25))
#: Room the Windows taskbar takes at 125 % (40 px physical).
TASKBAR_125 = 32


def tab_walk(window: QWidget, limit: int = 400, back: bool = False) -> list[QWidget]:
    """Press Tab (or Shift+Tab) until the focus comes back round; the widgets it visited."""
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    seen: list[QWidget] = []
    for _ in range(limit):
        current = QApplication.focusWidget()
        if current is None or current.window() is not window:
            current = window  # the focus is elsewhere: start from the window itself
        QTest.keyClick(current, key)
        now = QApplication.focusWidget()
        if now is None:
            break
        if now is current and now in seen:
            continue  # Tab moved inside the widget (links of a text browser); press on
        if now in seen:
            break
        seen.append(now)
    return seen


def _inside_scroll_area_viewport(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return False  # a form's fields inside a scroll area are real controls
        if isinstance(parent, QAbstractScrollArea):
            return True  # the inside of a list or table view (its editor, scroll bars)
        parent = parent.parentWidget()
    return False


def focusable(window: QWidget) -> list[QWidget]:
    """Visible, enabled controls a person should reach with Tab."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled() or widget.window() is not window:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.focusProxy() is not None:
            continue  # reached through its proxy
        if _inside_scroll_area_viewport(widget, window):
            continue
        parent = widget.parentWidget()
        if parent is not None and parent.focusProxy() is widget:
            continue  # the line edit inside a combo or spin box
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({widget.objectName() or text or '?'})"


def unreached(window: QWidget, walked: list[QWidget]) -> list[str]:
    """Controls Tab never reached (a radio group counts as reached through any member)."""
    reached = set(walked)
    missing = []
    for widget in focusable(window):
        if widget in reached:
            continue
        if isinstance(widget, QRadioButton) and widget.autoExclusive():
            parent = widget.parentWidget()
            group = [r for r in parent.findChildren(QRadioButton) if r.parentWidget() is parent]
            if any(r in reached for r in group):
                continue
        missing.append(describe(widget))
    return missing


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside any scroll area: it scrolls into view (QScrollArea does so on Tab)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped_buttons(window: QWidget) -> list[str]:
    """Visible buttons that stick out of the window or are narrower than their text needs,
    and scroll areas that need a horizontal scroll bar (a form must fit its width)."""
    bounds = window.rect()
    problems = [
        f"{describe(area)} scrolls sideways"
        for area in window.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        if _scrolled(button, window):
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        area = QRect(top_left, button.size())
        if not bounds.contains(area):
            problems.append(f"{describe(button)} at {area.getRect()} outside {bounds.getRect()}")
        elif button.width() < button.minimumSizeHint().width():
            problems.append(
                f"{describe(button)} {button.width()} px wide, needs"
                f" {button.minimumSizeHint().width()}"
            )
    return problems

"""Auto-lock: close the vault when nobody has touched the laptop for a while.

Shared laptops in shelters and offices are left open between visits; a case
must not stay on screen for the next person. Any key, click, wheel or touch
restarts the countdown; when it runs out, or when Qt reports that the
application was suspended, :attr:`IdleLock.timedOut` fires and the controller
locks exactly as Ctrl+L does.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from fieldcase.ui.laptopsettings import read_settings, write_setting

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 5
MIN_MINUTES = 0.1
MAX_MINUTES = 120
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def idle_minutes(data_dir: Path) -> float:
    """The laptop's idle time before locking (``settings.json``; default 5 minutes).

    An admin sets ``{"idle_lock_minutes": N}`` per laptop; an unreadable or
    out-of-range value falls back to the default rather than to "never".
    """
    raw = read_settings(data_dir).get("idle_lock_minutes", DEFAULT_MINUTES)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return DEFAULT_MINUTES
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_MINUTES
    return value if MIN_MINUTES <= value <= MAX_MINUTES else DEFAULT_MINUTES


def save_idle_minutes(data_dir: Path, minutes: float) -> None:
    """An admin's choice for this laptop; out-of-range values are refused, never stored."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"idle minutes out of range: {minutes}")
    write_setting(data_dir, "idle_lock_minutes", minutes)


class IdleLock(QObject):
    """Counts down while a vault is open; any user input restarts it."""

    timedOut = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._expired)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """A new idle time (an admin changed the setting); restarts a running countdown."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in _ACTIVITY:
            self._timer.start()
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if self._timer.isActive() and state == Qt.ApplicationState.ApplicationSuspended:
            log.info("application suspended: locking")
            self._expired()

    def _expired(self) -> None:
        self._timer.stop()
        log.info("idle lock")
        self.timedOut.emit()

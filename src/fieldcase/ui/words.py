"""Re-applies a window's words after a language switch.

Why a binder instead of a ``retranslateUi`` method per window: the windows
are built in code, so each text is set in exactly one place — the line that
binds it — and cannot be forgotten on a switch. ``words.bind(label.setText,
lambda: texts.X)`` sets the text now and again after every
:func:`fieldcase.i18n.set_language`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from fieldcase import i18n


class Words(QObject):
    """Owned by one window (its parent); forgets everything when the window goes."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._bindings: list[tuple[Callable[[str], object], Callable[[], str]]] = []
        self._after: list[Callable[[], object]] = []
        i18n.add_listener(self._language_changed)

    def bind(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        """Call ``setter(text())`` now and after each switch."""
        setter(text())
        self._bindings.append((setter, text))

    def after_switch(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after each switch (lists, combo boxes, anything rebuilt)."""
        self._after.append(callback)

    def apply(self) -> None:
        for setter, text in self._bindings:
            setter(text())
        for callback in self._after:
            callback()

    def _language_changed(self, _language: i18n.Language) -> None:
        self.apply()

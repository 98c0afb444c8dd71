"""A new passphrase typed twice, with live feedback from the shared rules.

Why a widget of its own: creating an account and setting a new passphrase
after a recovery ask the same thing, and both must apply exactly the rules
of :func:`fieldcase.core.passphrase.check_passphrase` (the CLI uses them
too) and say *why* a passphrase is refused before the person submits it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from fieldcase.core.errors import WeakPassphrase
from fieldcase.core.passphrase import check_passphrase
from fieldcase.ui import texts
from fieldcase.ui.style import set_feedback


class PassphraseFields(QWidget):
    """Two password fields and a feedback line; ``changed`` fires on every keystroke."""

    changed = Signal()

    def __init__(self, display_name: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._display_name = display_name
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("newPassphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setObjectName("repeatPassphrase")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("passphraseFeedback")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(texts.NEW_PASSPHRASE, self.first)
        form.addRow(texts.REPEAT_PASSPHRASE, self.second)
        form.addRow(self.feedback)

        self.first.textChanged.connect(self.refresh)
        self.second.textChanged.connect(self.refresh)
        self.refresh()

    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet, or None when it can."""
        try:
            check_passphrase(self.first.text(), self._display_name())
        except WeakPassphrase as weak:
            return str(weak)
        if self.first.text() != self.second.text():
            return texts.PASSPHRASE_MISMATCH
        return None

    def is_acceptable(self) -> bool:
        return self.problem() is None

    def refresh(self) -> None:
        """Re-check (also when the display name changes: the rules forbid using it)."""
        first, second = self.first.text(), self.second.text()
        problem = self.problem()
        if not first:
            set_feedback(self.feedback, texts.PASSPHRASE_HINT, "hint")
        elif problem is None:
            set_feedback(self.feedback, texts.PASSPHRASE_OK, "ok")
        elif problem != texts.PASSPHRASE_MISMATCH:
            set_feedback(self.feedback, problem, "error")
        elif first.startswith(second):
            # Not wrong yet: the repeat is empty or still being typed.
            set_feedback(self.feedback, texts.PASSPHRASE_REPEAT, "ok")
        else:
            set_feedback(self.feedback, problem, "error")
        self.changed.emit()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

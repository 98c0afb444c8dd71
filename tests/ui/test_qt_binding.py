"""The Qt binding itself: calls into it must not leak or steal Python references.

PySide6-Essentials 6.12.0 on Python 3.11 dropped one reference to ``None``
for every Qt method returning nothing (``setText``, ``setEnabled`` …); a few
thousand calls into a working day and the interpreter aborted with
"deallocating None". The pin in ``pyproject.toml`` avoids that release;
this test keeps a future upgrade from bringing it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_void_and_bool_returning_calls_keep_none_true_and_false_alive(qtbot: QtBot) -> None:
    label, button = QLabel(), QPushButton()
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    before = [sys.getrefcount(singleton) for singleton in (None, True, False)]
    for _ in range(CALLS):
        label.setText("x")
        button.setEnabled(True)
        button.setCheckable(True)
        button.setChecked(False)
        button.isEnabled()
        label.isVisible()
    after = [sys.getrefcount(singleton) for singleton in (None, True, False)]
    # Other threads may hold a few references for a moment; a leak would be ≥ CALLS.
    assert all(abs(a - b) < CALLS // 10 for a, b in zip(after, before, strict=True)), (
        before,
        after,
    )

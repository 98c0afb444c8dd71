"""The language switch people see, and the laptop's remembered choice.

The choice is a laptop setting (``settings.json``, next to the idle-lock
time) because the sign-in window must already speak it, before anyone has
unlocked anything. It is not sensitive: a language code only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from fieldcase import i18n
from fieldcase.i18n import Texts
from fieldcase.ui.laptopsettings import read_settings, write_setting

log = logging.getLogger(__name__)

T = Texts(
    SWITCH_TIP=(
        "Ganti bahasa tampilan; semua jendela ikut berganti.",
        "Change the display language; every window follows.",
    ),
)


def load_language(data_dir: Path) -> i18n.Language:
    """The laptop's language (``"language"`` in settings.json); Bahasa Indonesia by default."""
    return i18n.parse_language(read_settings(data_dir).get("language"))


def save_language(data_dir: Path, language: i18n.Language) -> None:
    """Remember the choice, keeping every other setting; a failure only costs the memory."""
    try:
        write_setting(data_dir, "language", language)
    except OSError as error:
        log.warning("language choice not saved: %s", type(error).__name__)


def other_language(language: i18n.Language) -> i18n.Language:
    return "en" if language == "id" else "id"


class LanguageButton(QPushButton):
    """Shows the *other* language's own name ("English" / "Bahasa Indonesia"); a click switches.

    Naming the target language in itself is what people who do not read the
    current one can still find.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageSwitch")
        self.clicked.connect(self._switch)
        i18n.add_listener(self._relabel)
        self._relabel(i18n.current())

    def _switch(self) -> None:
        i18n.set_language(other_language(i18n.current()))

    def _relabel(self, language: i18n.Language) -> None:
        target = other_language(language)
        self.setText(i18n.LANGUAGE_NAMES[target])
        self.setToolTip(T.SWITCH_TIP)
        self.setAccessibleName(i18n.LANGUAGE_NAMES[target])

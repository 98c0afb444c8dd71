"""The app's one language switch: Bahasa Indonesia first, English second.

Why a tiny catalog of our own instead of Qt ``.ts``/``.qm`` files: every
label already exists as an (Indonesian, English) pair next to the code that
shows it, the procedure forms carry both languages, and the switch must
work at runtime without a build step on a field laptop. A :class:`Texts`
catalog resolves each name to the *current* language at the moment it is
read, so a window built after :func:`set_language` shows the new language;
windows that are already open listen with :func:`add_listener` and rebuild
their words (the controller rebuilds whole windows, see ``ui/controller.py``).

Qt-free on purpose: the CLI, reports and the wizard engine use it too.
Nothing here may carry case content: these are labels, hints and templates.
"""

from __future__ import annotations

import inspect
import logging
import weakref
from collections.abc import Callable, Mapping
from typing import Literal, cast

log = logging.getLogger(__name__)

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")
DEFAULT_LANGUAGE: Language = "id"
#: Each language's name in itself, for the switcher.
LANGUAGE_NAMES: dict[Language, str] = {"id": "Bahasa Indonesia", "en": "English"}

_current: Language = DEFAULT_LANGUAGE
Listener = Callable[[Language], None]
#: Bound methods are held weakly, so a window that registers itself is not kept
#: alive by the catalog after it closes.
_listeners: list[weakref.WeakMethod[Listener] | Callable[[], Listener]] = []


def current() -> Language:
    """The language every catalog resolves to right now."""
    return _current


def parse_language(value: object) -> Language:
    """A stored or typed language code; anything unknown falls back to Bahasa Indonesia."""
    if isinstance(value, str) and value.strip().lower() in LANGUAGES:
        return cast(Language, value.strip().lower())
    return DEFAULT_LANGUAGE


def set_language(language: str) -> Language:
    """Switch every catalog; listeners run only when the language really changes."""
    global _current
    chosen = parse_language(language)
    if chosen == _current:
        return chosen
    _current = chosen
    for reference in list(_listeners):
        listener = reference()
        if listener is None:
            _listeners.remove(reference)
            continue
        try:
            listener(chosen)
        except RuntimeError:  # its Qt widget is already deleted: forget it
            _listeners.remove(reference)
        except Exception:  # one broken window must not keep the others in the old language
            log.exception("language listener failed")
    return chosen


def add_listener(listener: Listener) -> None:
    """Call ``listener(language)`` after each switch; a bound method is held weakly."""
    if inspect.ismethod(listener):
        _listeners.append(weakref.WeakMethod(listener))
    else:
        _listeners.append(lambda: listener)


def remove_listener(listener: Listener) -> None:
    for reference in list(_listeners):
        if reference() == listener:
            _listeners.remove(reference)


def pick(indonesian: str, english: str) -> str:
    """One pair in the current language."""
    return english if _current == "en" else indonesian


Pair = tuple[str, str]


class Texts:
    """A catalog of ``NAME=(indonesian, english)`` pairs; ``catalog.NAME`` is the current one.

    A pair whose two halves are equal (a code, a brand) may be given as one
    string. Unknown names raise ``AttributeError`` like any attribute, and
    :meth:`names` lets a test check that every name used in the code exists.
    """

    __slots__ = ("_pairs",)
    _pairs: dict[str, Pair]

    def __init__(self, pairs: Mapping[str, Pair | str] | None = None, **more: Pair | str) -> None:
        merged: dict[str, Pair] = {}
        for name, value in {**(pairs or {}), **more}.items():
            if isinstance(value, str):
                merged[name] = (value, value)
            else:
                indonesian, english = value
                merged[name] = (indonesian, english)
        object.__setattr__(self, "_pairs", merged)

    def __getattr__(self, name: str) -> str:
        try:
            indonesian, english = self._pairs[name]
        except KeyError:
            raise AttributeError(name) from None
        return english if _current == "en" else indonesian

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a text catalog is read-only")

    def pair(self, name: str) -> Pair:
        """Both languages of one name (for a test, or a document printed in Indonesian)."""
        return self._pairs[name]

    def names(self) -> frozenset[str]:
        return frozenset(self._pairs)

    def get(self, name: str, language: Language | None = None) -> str:
        """One name in a given language (default: the current one)."""
        indonesian, english = self._pairs[name]
        return english if (language or _current) == "en" else indonesian

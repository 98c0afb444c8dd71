"""XLSForm forms: the typed model, the loader, and the built-in procedure forms.

``fieldcase.forms.model`` and ``fieldcase.forms.errors`` are light to import;
the loader and catalog import pyxform (the only package that may), so they
are reached lazily through this module's attributes::

    from fieldcase.forms import load_form, builtin_forms
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldcase.forms.errors import FormError, Location, Problem
from fieldcase.forms.model import (
    Choice,
    ChoiceList,
    Form,
    Group,
    Question,
    QuestionType,
    Repeat,
    Translations,
)

if TYPE_CHECKING:
    from fieldcase.forms.catalog import builtin_form, builtin_forms
    from fieldcase.forms.loader import load_form, load_form_data, validate_form

__all__ = [
    "Choice",
    "ChoiceList",
    "Form",
    "FormError",
    "Group",
    "Location",
    "Problem",
    "Question",
    "QuestionType",
    "Repeat",
    "Translations",
    "builtin_form",
    "builtin_forms",
    "load_form",
    "load_form_data",
    "validate_form",
]

_LAZY = {
    "load_form": "fieldcase.forms.loader",
    "load_form_data": "fieldcase.forms.loader",
    "validate_form": "fieldcase.forms.loader",
    "builtin_form": "fieldcase.forms.catalog",
    "builtin_forms": "fieldcase.forms.catalog",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fieldcase.forms' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

"""Stored codes of the case list's columns, as words in the current language.

The list holds codes ("rencana_layanan", "tinggi", "aktif"); people read the
procedure's stage names and the intake form's choice labels. Built once per
language from the procedure and the form (both cached per process), then a
dictionary lookup per cell: the case list asks for every visible cell on
each scroll step.
"""

from __future__ import annotations

from functools import cache

from fieldcase import i18n
from fieldcase.forms import builtin_form
from fieldcase.forms.custom import builtin_procedure
from fieldcase.i18n import Texts

#: Case statuses are set by the procedure, not chosen in a form.
_STATUS = Texts(aktif=("Aktif", "Active"), ditutup=("Ditutup", "Closed"))


def readable(value: str) -> str:
    """A code made readable ("rujukan_layanan" → "Rujukan layanan"); names are kept."""
    if value != value.lower():
        return value  # already written for people ("DKI Jakarta")
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@cache
def _labels(language: i18n.Language) -> dict[str, dict[str, str]]:
    stages = {s.id: s.label.get(language) for s in builtin_procedure().stages}
    intake = builtin_form("penerimaan")
    # The form's risk labels carry advice ("Tinggi — tangani segera"); a list cell
    # shows the level only.
    risks = {
        c.name: (c.label.get(language) or readable(c.name)).split(" — ")[0]
        for c in intake.choices_for("tingkat_risiko")
    }
    statuses = {name: _STATUS.get(name, language) for name in _STATUS.names()}
    return {"stage": stages, "risk": risks, "status": statuses}


def value_label(column: str, value: str | None) -> str:
    """What a person reads for ``value`` in ``column`` ("stage", "status", "risk", …)."""
    if not value:
        return ""
    found = _labels(i18n.current()).get(column, {}).get(value)
    return found or readable(value)


def warm() -> None:
    """Build the words of both languages now (the app does it while the passphrase is typed)."""
    for language in i18n.LANGUAGES:
        _labels(language)

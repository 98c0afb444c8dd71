"""Readable, current_text names for the codes a chart shows (``psikis`` -> "Psychological").

The statistics count de-identified codes; a supervisor reads names. Names
come from where they are defined: choice labels of the built-in forms, stage
labels of the procedure, region names of the program; a few report-only
codes (stream statuses, "unknown") are listed here. A label longer than
:data:`MAX_LABEL` (some ESA forms have a sentence as label) falls back to the
readable code, so a chart label stays whole on a 1366-px screen.
"""

from __future__ import annotations

from functools import cache

from fieldcase.forms.catalog import builtin_forms
from fieldcase.i18n import Language, current
from fieldcase.reports.charts_data import category_label
from fieldcase.reports.deidentify import procedure

MAX_LABEL = 34
#: Codes made by the reports themselves (not form choices): code -> (Indonesian, English).
REPORT_CODES: dict[str, tuple[str, str]] = {
    "belum": ("Belum", "Not yet"),
    "ditolak": ("Ditolak", "Declined"),
    "direncanakan": ("Direncanakan", "Planned"),
    "dirujuk": ("Dirujuk", "Referred"),
    "berjalan": ("Berjalan", "Running"),
    "selesai": ("Selesai", "Done"),
    "tidak_diketahui": ("Tidak diketahui", "Unknown"),
    "lainnya": ("Lainnya", "Other"),
    "aktif": ("Aktif", "Active"),
    "ditutup": ("Ditutup", "Closed"),
    "ya": ("Ya", "Yes"),
    "tidak": ("Tidak", "No"),
}

#: Short chart names for choices whose form label is a sentence: (table, code) -> pair.
SHORT: dict[tuple[str, str], tuple[str, str]] = {
    ("bentuk_esa", "perdagangan_seksual"): ("Perdagangan seksual anak", "Sexual trafficking"),
    ("bentuk_esa", "eksploitasi_prostitusi"): (
        "Eksploitasi prostitusi",
        "Exploitation in prostitution",
    ),
    ("bentuk_esa", "csam"): ("Materi kekerasan seksual (CSAM)", "Child sexual abuse material"),
    ("bentuk_esa", "esa_perjalanan_pariwisata"): (
        "ESA perjalanan & pariwisata",
        "ESA in travel & tourism",
    ),
    ("bentuk_esa", "siaran_langsung"): ("Siaran langsung kekerasan", "Live-streamed abuse"),
}


@cache
def _form_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(question, choice) -> (Indonesian, English) over every built-in form."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for form in builtin_forms().values():
        for name in ("jenis_kekerasan", "bentuk_esa", "jenis_kelamin", "disabilitas", "status"):
            question = form.question_at(name)
            if question is None:
                continue
            for choice in form.choices_for(question):
                found.setdefault(
                    (name, choice.name),
                    (choice.label.get("id") or choice.name, choice.label.get("en") or choice.name),
                )
    for stage in procedure().stages:
        found[("tahap", stage.id)] = (stage.label.id, stage.label.en)
    return found


def choice_label(dimension: str, code: str, language: Language | None = None) -> str:
    """The name of ``code`` in table ``dimension``, in ``language`` (default: current)."""
    side = 1 if (language or current()) == "en" else 0
    key = (dimension, code)
    pair = SHORT.get(key) or _form_labels().get(key) or REPORT_CODES.get(code)
    if pair is not None and len(pair[side]) <= MAX_LABEL:
        return pair[side]
    text = category_label(code)
    return text[:1].upper() + text[1:]

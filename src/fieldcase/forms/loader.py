"""Load and validate XLSForms (.md, .xlsx, .xls, .csv) into the typed model.

The pipeline, each step raising :class:`~fieldcase.forms.errors.FormError`
with sheet, row and column on the first failure:

1. read the file with pyxform's backends (:mod:`~fieldcase.forms.workbook`);
2. check the rows: types, names, groups, choice lists (:mod:`~fieldcase.forms.structure`);
3. pyxform's ``workbook_to_json``: all of pyxform's own XLSForm rules, and the
   JSON form dict — but not the XForm XML, which fieldcase never needs and
   which would cost most of the time;
4. type the dict (:mod:`~fieldcase.forms.build`);
5. the wizards' rules and expression compilation (:mod:`~fieldcase.forms.checks`).

:func:`validate_form` is the same pipeline for a form an organisation uploads
to replace or add a stage form: nothing is accepted that would not load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from fieldcase.forms.build import build_form
from fieldcase.forms.checks import check_form, expression_compiler
from fieldcase.forms.errors import FormError, Location, Problem
from fieldcase.forms.model import Form
from fieldcase.forms.structure import check_structure
from fieldcase.forms.workbook import SURVEY, Workbook, read_workbook

__all__ = ["load_form", "load_form_data", "validate_form"]


def load_form(path: str | os.PathLike[str], *, strict: bool = False) -> Form:
    """Load the form file at ``path``. ``strict`` applies the built-in forms' rules."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise FormError(
            [
                Problem(
                    Location(file.name),
                    "Berkas formulir tidak dapat dibuka. Periksa apakah berkas masih ada "
                    "dan tidak sedang dibuka di Excel, lalu coba lagi.",
                    "The form file cannot be opened. Check that it still exists and is not "
                    "open in Excel, then try again.",
                )
            ]
        ) from exc
    return load_form_data(data, file.name, strict=strict)


def load_form_data(data: bytes | str, source: str, *, strict: bool = False) -> Form:
    """Load a form from memory; ``source`` is its file name (the suffix picks the reader)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    book = read_workbook(raw, source)
    structure = check_structure(book)
    warnings: list[str] = []
    data_json = _to_json(book, warnings)
    kept = tuple(w for w in warnings if not w.startswith(_OR_OTHER_WARNING))
    form = build_form(data_json, structure, source, kept)
    problems = check_form(form, book, structure, strict=strict, compile=expression_compiler())
    if problems:
        raise FormError(problems)
    return form


def validate_form(
    data: bytes | str,
    source: str,
    *,
    required_fields: Iterable[str] = (),
    form_id: str | None = None,
    strict: bool = False,
) -> Form:
    """Check a form an organisation wants to add before it is accepted.

    Everything :func:`load_form_data` checks, and, for a form that stands in
    for a built-in one, that it keeps the ``form_id`` and the fields the app
    relies on (e.g. ``tingkat_risiko`` for the case list). Returns the form.
    """
    form = load_form_data(data, source, strict=strict)
    problems: list[Problem] = []
    if form_id is not None and form.form_id != form_id:
        problems.append(
            Problem(
                Location(source, "settings", 2, "form_id"),
                f"form_id harus '{form_id}' agar formulir ini menggantikan formulir bawaan "
                f"(tertulis '{form.form_id}').",
                f"form_id must be '{form_id}' for this form to replace the built-in one "
                f"(it is '{form.form_id}').",
            )
        )
    for name in required_fields:
        if name not in form:
            problems.append(
                Problem(
                    Location(source, SURVEY, None, "name"),
                    f"Formulir ini harus memuat pertanyaan bernama '{name}' (dipakai aplikasi). "
                    "Tambahkan baris dengan nama itu.",
                    f"This form must contain a question named '{name}' (the app uses it). "
                    "Add a row with that name.",
                )
            )
    if problems:
        raise FormError(problems)
    return form


# ---------------------------------------------------------------- pyxform


def _to_json(book: Workbook, warnings: list[str]) -> dict[str, Any]:
    """pyxform's JSON form dict; its errors become problems at their cell."""
    try:
        result: dict[str, Any] = workbook_to_json(
            workbook_dict=book.definition,
            fallback_form_name=Path(book.source).stem,
            warnings=warnings,
        )
    except PyXFormError as exc:
        raise FormError([_pyxform_problem(exc, book)]) from exc
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        # pyxform trips over some malformed sheets; the user still gets a message, not a trace.
        raise FormError(
            [
                Problem(
                    Location(book.source),
                    "Formulir tidak dapat diproses oleh pyxform. Bandingkan susunan lembarnya "
                    "dengan contoh di docs/forms.md.",
                    "pyxform cannot process this form. Compare its sheets with the example "
                    "in docs/forms.md.",
                )
            ]
        ) from exc
    return result


#: pyxform's warning about its English-only "Other": fieldcase adds bilingual ones instead.
_OR_OTHER_WARNING = "This form uses or_other and translations"
_ROW = re.compile(r"\[row : (\d+)\]\s*")
_SHEET = re.compile(r"On the '(\w+)' sheet|sheet: '(\w+)'")
_COLUMN = re.compile(r"the '([^']+)' value|Duplicate column header: (.+)$")


def _pyxform_problem(exc: PyXFormError, book: Workbook) -> Problem:
    """Point a pyxform error at its cell (pyxform puts the row in the text or the context)."""
    text = str(exc)
    context = exc.context or {}
    row_match = _ROW.search(text)
    row = context.get("row") or (int(row_match.group(1)) if row_match else None)
    sheet_match = _SHEET.search(text)
    sheet = context.get("sheet") or (
        next(g for g in sheet_match.groups() if g) if sheet_match else None
    )
    if sheet is None and row is not None:
        sheet = SURVEY
    column_match = _COLUMN.search(text)
    column = context.get("column") or (
        next(g for g in column_match.groups() if g) if column_match else None
    )
    if column and sheet:
        found = book.sheet(sheet)
        column = (found.header_for(str(column)) if found else None) or column
    detail = _ROW.sub("", text).strip()
    return book.problem(
        f"Formulir tidak memenuhi aturan XLSForm (keterangan pyxform, dalam bahasa Inggris): "
        f"{detail} Perbaiki sel ini lalu muat ulang.",
        f"The form breaks an XLSForm rule: {detail}",
        sheet=sheet,
        row=int(row) if row is not None else None,
        column=str(column) if column else None,
    )

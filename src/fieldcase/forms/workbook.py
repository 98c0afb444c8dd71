"""Reading an XLSForm file into sheets of rows, and finding cells again for errors.

pyxform's backends (markdown, .xlsx, .xls, .csv) do the reading; this module
keeps what they lose and an error message needs: which original header a
column had (``label::English (en)``), which spreadsheet column letter that is,
and for markdown and CSV which line of the file a row came from. Those are
worked out only when a problem is reported, so loading stays fast.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pyxform import aliases, constants
from pyxform.errors import PyXFormError
from pyxform.parsing.sheet_headers import process_header
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.survey import Survey
from pyxform.xls2json_backends import (
    MD_CELL,
    MD_COMMENT,
    MD_COMMENT_INLINE,
    MD_PIPE_OR_ESCAPE,
    MD_SEPARATOR,
    RE_WHITESPACE,
    DefinitionData,
    get_xlsform,
)

from fieldcase.forms.errors import FormError, Location, Problem

#: File types fieldcase accepts, by suffix.
SUFFIXES = (".md", ".xlsx", ".xls", ".csv")
#: A form is a few hundred rows; anything far larger is not a form (or is a zip bomb).
MAX_BYTES = 10 * 1024 * 1024

SURVEY, CHOICES, SETTINGS = constants.SURVEY, constants.CHOICES, constants.SETTINGS
#: The canonical name pyxform gives the choices sheet's list_name column.
LIST_NAME = constants.LIST_NAME_S

_HEADER_RULES: Mapping[str, tuple[Mapping[str, Any], Container[str]]] = {
    SURVEY: (aliases.survey_header, frozenset(MultipleChoiceQuestion.get_slot_names())),
    CHOICES: (aliases.list_header, frozenset(Option.get_slot_names())),
    SETTINGS: (aliases.settings_header, frozenset(Survey.get_slot_names())),
}


@dataclass(frozen=True)
class Sheet:
    """One sheet as read: original headers in order, and rows (row i is sheet row i + 2)."""

    name: str
    headers: tuple[str, ...]
    rows: Sequence[Mapping[str, str]]

    @cached_property
    def canonical(self) -> Mapping[str, tuple[str, ...]]:
        """Original header -> pyxform's canonical tokens, e.g. ``("bind", "relevant")``."""
        header_aliases, columns = _HEADER_RULES.get(self.name, ({}, frozenset()))
        double = any("::" in h for h in self.headers)
        return {
            h: process_header(h, double, dict(header_aliases), columns)[1] for h in self.headers
        }

    def header_for(self, *tokens: str) -> str | None:
        """The original header whose canonical tokens are ``tokens`` (or start with them)."""
        exact = next((h for h, t in self.canonical.items() if t == tokens), None)
        if exact is not None:
            return exact
        return next((h for h, t in self.canonical.items() if t[: len(tokens)] == tokens), None)

    def value(self, row: Mapping[str, str], *tokens: str) -> str:
        """A cell of ``row`` by canonical column (``"type"``, ``"name"``...), stripped."""
        header = self.header_for(*tokens)
        return (row.get(header) or "").strip() if header else ""


@dataclass
class Workbook:
    """An XLSForm file read by pyxform, with what is needed to point at its cells."""

    source: str
    suffix: str
    data: bytes
    definition: DefinitionData
    _sheets: dict[str, Sheet | None] = field(default_factory=dict, repr=False)

    def sheet(self, name: str) -> Sheet | None:
        """The sheet called ``name`` (survey, choices, settings), or None if absent."""
        if name not in self._sheets:
            rows = getattr(self.definition, name, None)
            header = getattr(self.definition, f"{name}_header", None)
            if rows is None and not header:
                self._sheets[name] = None
            else:
                headers = tuple(header[0]) if header else ()
                self._sheets[name] = Sheet(name, headers, tuple(rows or ()))
        return self._sheets[name]

    # ------------------------------------------------------------ locating cells

    def locate(
        self, sheet: str | None = None, row: int | None = None, column: str | None = None
    ) -> Location:
        """A :class:`Location` with the column letter and file line filled in when known."""
        letter = self._column_letter(sheet, column) if sheet and column else None
        line = self._lines.get((sheet.lower(), row)) if sheet and row else None
        return Location(self.source, sheet, row, column, letter, line)

    def problem(
        self,
        message_id: str,
        message_en: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> Problem:
        return Problem(self.locate(sheet, row, column), message_id, message_en)

    @cached_property
    def _lines(self) -> Mapping[tuple[str, int], int]:
        text = self.data.decode("utf-8", errors="replace")
        if self.suffix == ".md":
            return _markdown_lines(text)
        if self.suffix == ".csv":
            return _csv_lines(text)
        return {}

    def _column_letter(self, sheet: str, column: str) -> str | None:
        """The Excel column letter (only .xlsx files have letters worth showing)."""
        if self.suffix != ".xlsx":
            return None
        header_row = self._xlsx_headers.get(sheet.lower())
        if header_row is None or column not in header_row:
            return None
        return _letter(header_row.index(column))

    @cached_property
    def _xlsx_headers(self) -> Mapping[str, list[str | None]]:
        return _xlsx_header_rows(self.data)


def read_workbook(data: bytes, source: str) -> Workbook:
    """Read ``data`` (the bytes of the file called ``source``) with pyxform's backends."""
    suffix = Path(source).suffix.lower()
    if suffix not in SUFFIXES:
        raise FormError(
            [
                Problem(
                    Location(source),
                    f"Jenis berkas '{suffix or '?'}' tidak didukung. Simpan formulir sebagai "
                    ".xlsx (Excel), lalu coba lagi.",
                    f"File type '{suffix or '?'}' is not supported. Save the form as .xlsx "
                    "(Excel) and try again.",
                )
            ]
        )
    if len(data) > MAX_BYTES:
        raise FormError(
            [
                Problem(
                    Location(source),
                    f"Berkas terlalu besar ({len(data) // 1024} KB) untuk sebuah formulir. "
                    "Periksa apakah berkas yang dipilih benar.",
                    f"The file is too large ({len(data) // 1024} KB) to be a form. "
                    "Check that you chose the right file.",
                )
            ]
        )
    try:
        definition = get_xlsform(io.BytesIO(data), file_type=suffix)
    except (PyXFormError, ValueError, UnicodeDecodeError) as exc:
        raise FormError(
            [
                Problem(
                    Location(source),
                    "Berkas tidak dapat dibaca sebagai XLSForm. Buka di Excel, pastikan ada "
                    "lembar 'survey', simpan ulang sebagai .xlsx, lalu coba lagi.",
                    "The file cannot be read as an XLSForm. Open it in Excel, check that it has "
                    "a 'survey' sheet, save it again as .xlsx and try again.",
                )
            ]
        ) from exc
    return Workbook(source, suffix, data, definition)


# ---------------------------------------------------------------- markdown and CSV lines


def _markdown_rows(text: str) -> list[tuple[int, str | None, tuple[str | None, ...]]]:
    """(line, first cell, other cells) of each table line, exactly as pyxform splits them."""
    out = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if re.match(MD_COMMENT, raw):
            continue
        line = raw
        inline = re.match(MD_COMMENT_INLINE, line)
        if inline:
            line = inline.groups()[0]
        match = re.match(MD_CELL, line)
        if not match or re.match(MD_SEPARATOR, match.groups()[0]):
            continue
        cells = re.split(MD_PIPE_OR_ESCAPE, match.groups()[0])
        first = _cell(cells[0])
        out.append((number, first, tuple(_cell(c) for c in cells[1:])))
    return out


def _cell(text: str) -> str | None:
    return None if not text or text.isspace() else text.strip().replace(r"\|", "|")


def _markdown_lines(text: str) -> dict[tuple[str, int], int]:
    """(sheet, pyxform row) -> file line. pyxform counts only non-empty rows, header = 1."""
    found: dict[tuple[str, int], int] = {}
    sheet: str | None = None
    count = 0
    for number, first, cells in _markdown_rows(text):
        if first is not None:
            sheet, count = first.lower(), 0
        if sheet and any(c is not None for c in cells):
            count += 1
            found[(sheet, count)] = number
    return found


def _csv_rows(text: str) -> list[tuple[int, str | None, tuple[str | None, ...]]]:
    """(line, first cell, other cells) of each CSV record: the first cell names the sheet."""
    out = []
    reader = csv.reader(io.StringIO(text, newline=""))
    for cells in reader:
        if not cells:
            continue
        first = cells[0].strip() or None
        out.append((reader.line_num, first, tuple(c.strip() or None for c in cells[1:])))
    return out


def _csv_lines(text: str) -> dict[tuple[str, int], int]:
    found: dict[tuple[str, int], int] = {}
    sheet: str | None = None
    count = 0
    for number, first, cells in _csv_rows(text):
        if first is not None:
            sheet, count = first.lower(), 0
        if sheet and any(c is not None for c in cells):
            count += 1
            found[(sheet, count)] = number
    return found


# ---------------------------------------------------------------- xlsx column letters


def _xlsx_header_rows(data: bytes) -> dict[str, list[str | None]]:
    from openpyxl import load_workbook  # only when a problem in an .xlsx is reported

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        found: dict[str, list[str | None]] = {}
        for ws in book.worksheets:
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            found[ws.title.lower()] = [
                RE_WHITESPACE.sub(" ", str(v).strip()) if v is not None else None for v in first
            ]
        return found
    finally:
        book.close()


def _letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

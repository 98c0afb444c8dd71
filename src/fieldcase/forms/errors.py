"""The error an invalid XLSForm raises: what is wrong, and exactly where.

An organisation editing a form in Excel must be able to go straight to the
cell: every problem names the file, the sheet, the row (as Excel numbers it:
the header is row 1) and the column header. For markdown and CSV forms the
row is counted the way pyxform counts it (non-empty table rows), so the
problem also carries the line of the file. The message says what to do next,
in Bahasa Indonesia and English, like every other user-facing error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldcase.core.errors import FieldcaseError


@dataclass(frozen=True)
class Location:
    """A place in a form file. Every part is optional: some problems have no cell."""

    source: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_letter: str | None = None
    line: int | None = None

    def describe(self, language: str = "id") -> str:
        """``Formulir 'x.xlsx', lembar 'survey', baris 5, kolom 'type' (B)``."""
        words = _WORDS["en" if language == "en" else "id"]
        parts = [f"{words[0]} '{self.source}'"]
        if self.sheet:
            parts.append(f"{words[1]} '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{words[2]} {self.row}")
        if self.column:
            letter = f" ({self.column_letter})" if self.column_letter else ""
            parts.append(f"{words[3]} '{self.column}'{letter}")
        if self.line is not None:
            parts.append(f"{words[4]} {self.line}")
        return ", ".join(parts)


_WORDS = {
    "id": ("Formulir", "lembar", "baris", "kolom", "baris berkas"),
    "en": ("Form", "sheet", "row", "column", "file line"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, with its place and a bilingual explanation."""

    location: Location
    message_id: str
    message_en: str

    def message(self, language: str = "id") -> str:
        text = self.message_en if language == "en" else self.message_id
        return f"{self.location.describe(language)}: {text}"


class FormError(FieldcaseError):
    """An XLSForm that fieldcase cannot use.

    ``problems`` lists every problem found (at least one); the attributes
    ``sheet``, ``row``, ``column`` and ``line`` are those of the first, so a
    caller that shows one message can show ``str(error)``.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("FormError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = self.problems[0]
        more = len(self.problems) - 1
        suffix_id = f" (dan {more} masalah lain)" if more else ""
        suffix_en = f" (and {more} more problems)" if more else ""
        super().__init__(first.message("id") + suffix_id, first.message("en") + suffix_en)

    @property
    def location(self) -> Location:
        return self.problems[0].location

    @property
    def source(self) -> str:
        return self.location.source

    @property
    def sheet(self) -> str | None:
        return self.location.sheet

    @property
    def row(self) -> int | None:
        return self.location.row

    @property
    def column(self) -> str | None:
        return self.location.column

    @property
    def line(self) -> int | None:
        return self.location.line

"""The first check of a form: its rows, before pyxform builds anything from them.

The mistakes an organisation makes most (a misspelt type, a missing choice
list, a group never closed, two questions with one name) are found here, at
their cell, with a bilingual message that says how to fix them. pyxform
would report some of them without a row, in English only, or not at all.

Names are checked more strictly than XLSForm does, because a name is a
storage path in the case (see :mod:`fieldcase.forms.model`): it must be
unique in the whole form, not only inside its group, and may hold only
letters, digits and ``_``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fieldcase.forms.errors import FormError, Problem
from fieldcase.forms.model import NAME_RE
from fieldcase.forms.types import SUPPORTED_TEXT, Kind, ParsedType, TypeProblem, parse_type
from fieldcase.forms.workbook import CHOICES, LIST_NAME, SURVEY, Sheet, Workbook

#: Names the app itself sets on every case (stage, status): a form may not write them.
RESERVED_NAMES = frozenset({"tahap", "status", "meta", "instanceID"})


@dataclass(frozen=True)
class Structure:
    """What the row check learnt: the sheet row of each name, and of each choice."""

    rows: Mapping[str, int]
    types: Mapping[str, ParsedType]
    choice_rows: Mapping[tuple[str, str], int]


@dataclass
class _Open:
    kind: Kind
    name: str
    row: int


def check_structure(book: Workbook) -> Structure:
    """Check the survey rows; raise :class:`FormError` listing every problem found."""
    survey = book.sheet(SURVEY)
    if survey is None or not survey.headers:
        raise FormError(
            [
                book.problem(
                    "Tidak ada lembar 'survey'. Setiap formulir butuh lembar bernama 'survey' "
                    "dengan kolom type, name dan label.",
                    "There is no 'survey' sheet. Every form needs a sheet named 'survey' "
                    "with the columns type, name and label.",
                    sheet=SURVEY,
                )
            ]
        )
    choices = book.sheet(CHOICES)
    list_names, choice_rows = _choice_index(choices)
    checker = _Checker(book, survey, list_names)
    for index, row in enumerate(survey.rows):
        checker.row(index + 2, row)
    checker.finish()
    if choices is not None:
        checker.choice_names(choices)
    if checker.problems:
        raise FormError(checker.problems)
    return Structure(checker.rows, checker.types, choice_rows)


def _choice_index(choices: Sheet | None) -> tuple[frozenset[str], dict[tuple[str, str], int]]:
    if choices is None:
        return frozenset(), {}
    rows: dict[tuple[str, str], int] = {}
    lists: set[str] = set()
    for index, row in enumerate(choices.rows):
        list_name = choices.value(row, LIST_NAME)
        if list_name:
            lists.add(list_name)
            rows.setdefault((list_name, choices.value(row, "name")), index + 2)
    return frozenset(lists), rows


class _Checker:
    def __init__(self, book: Workbook, survey: Sheet, list_names: frozenset[str]) -> None:
        self.book = book
        self.survey = survey
        self.list_names = list_names
        self.type_column = survey.header_for("type") or "type"
        self.name_column = survey.header_for("name") or "name"
        self.problems: list[Problem] = []
        self.rows: dict[str, int] = {}
        self.types: dict[str, ParsedType] = {}
        self.stack: list[_Open] = []

    def problem(self, row: int, column: str, message_id: str, message_en: str) -> None:
        self.problems.append(
            self.book.problem(message_id, message_en, sheet=SURVEY, row=row, column=column)
        )

    def row(self, number: int, row: Mapping[str, str]) -> None:
        if not row or _disabled(self.survey, row):
            return
        type_text = self.survey.value(row, "type")
        name = self.survey.value(row, "name")
        if not type_text:
            if name or self.survey.value(row, "label"):
                self.problem(
                    number,
                    self.type_column,
                    "Kolom 'type' kosong. Isi jenis pertanyaan, misalnya text atau integer.",
                    "The 'type' column is empty. Fill in the question type, e.g. text or integer.",
                )
            return
        parsed = parse_type(type_text)
        if isinstance(parsed, TypeProblem):
            self.type_problem(number, parsed)
            if name:
                self.check_name(number, name)
            return
        if parsed.kind in (Kind.END_GROUP, Kind.END_REPEAT):
            self.close(number, parsed.kind)
            return
        if parsed.list_name is not None and parsed.list_name not in self.list_names:
            self.problem(
                number,
                self.type_column,
                f"Daftar pilihan '{parsed.list_name}' tidak ada di lembar 'choices'. Tambahkan "
                f"baris dengan list_name '{parsed.list_name}', atau perbaiki ejaan di kolom type.",
                f"The choice list '{parsed.list_name}' is not on the 'choices' sheet. Add rows "
                f"with list_name '{parsed.list_name}', or fix the spelling in the type column.",
            )
        in_repeat = any(o.kind is Kind.BEGIN_REPEAT for o in self.stack)
        if parsed.kind is Kind.BEGIN_REPEAT and in_repeat:
            self.problem(
                number,
                self.type_column,
                "Repeat di dalam repeat tidak didukung. Pindahkan repeat ini ke luar repeat "
                "yang mengelilinginya.",
                "A repeat inside a repeat is not supported. Move this repeat out of the repeat "
                "around it.",
            )
        if self.check_name(number, name):
            self.types[name] = parsed
        if parsed.kind in (Kind.BEGIN_GROUP, Kind.BEGIN_REPEAT):
            self.stack.append(_Open(parsed.kind, name, number))

    def type_problem(self, number: int, problem: TypeProblem) -> None:
        if problem.missing_list:
            self.problem(
                number,
                self.type_column,
                f"'{problem.text}' butuh nama daftar pilihan di belakangnya, misalnya "
                f"'{problem.text} ya_tidak'.",
                f"'{problem.text}' needs a choice list name after it, e.g. "
                f"'{problem.text} ya_tidak'.",
            )
        elif problem.known:
            self.problem(
                number,
                self.type_column,
                f"Jenis '{problem.text}' belum didukung fieldcase. Gunakan salah satu: "
                f"{SUPPORTED_TEXT}.",
                f"The type '{problem.text}' is not supported by fieldcase. Use one of: "
                f"{SUPPORTED_TEXT}.",
            )
        else:
            self.problem(
                number,
                self.type_column,
                f"Jenis pertanyaan '{problem.text}' tidak dikenal. Periksa ejaannya; jenis "
                f"yang bisa dipakai: {SUPPORTED_TEXT}.",
                f"Unknown question type '{problem.text}'. Check the spelling; the types you "
                f"can use are: {SUPPORTED_TEXT}.",
            )

    def check_name(self, number: int, name: str) -> bool:
        if not name:
            self.problem(
                number,
                self.name_column,
                "Kolom 'name' kosong. Beri nama singkat yang unik, misalnya umur_anak.",
                "The 'name' column is empty. Give a short unique name, e.g. umur_anak.",
            )
            return False
        if not NAME_RE.fullmatch(name):
            self.problem(
                number,
                self.name_column,
                f"Nama '{name}' tidak boleh dipakai: mulai dengan huruf, lalu hanya huruf, "
                "angka dan garis bawah (_), tanpa spasi, titik atau tanda hubung.",
                f"The name '{name}' cannot be used: start with a letter, then use only "
                "letters, digits and underscores (_), no spaces, dots or hyphens.",
            )
            return False
        if name in RESERVED_NAMES:
            self.problem(
                number,
                self.name_column,
                f"Nama '{name}' dipakai oleh aplikasi atau XLSForm sendiri. Pilih nama lain.",
                f"The name '{name}' is used by the app or by XLSForm itself. Choose another name.",
            )
            return False
        earlier = self.rows.get(name)
        if earlier is not None:
            self.problem(
                number,
                self.name_column,
                f"Nama '{name}' sudah dipakai di baris {earlier}. Setiap nama harus unik di "
                "seluruh formulir (juga di grup lain); ganti salah satunya.",
                f"The name '{name}' is already used on row {earlier}. Every name must be "
                "unique in the whole form (also across groups); rename one of them.",
            )
            return False
        self.rows[name] = number
        return True

    def choice_names(self, choices: Sheet) -> None:
        """A choice name is a stored value: select_multiple keeps them space-separated."""
        column = choices.header_for("name") or "name"
        for index, row in enumerate(choices.rows):
            name = choices.value(row, "name")
            if name and any(c.isspace() for c in name):
                self.problems.append(
                    self.book.problem(
                        f"Nama pilihan '{name}' tidak boleh berisi spasi. Ganti spasi dengan _, "
                        "misalnya 'satu_dua'.",
                        f"The choice name '{name}' cannot contain spaces. Replace them with _, "
                        "e.g. 'one_two'.",
                        sheet=CHOICES,
                        row=index + 2,
                        column=column,
                    )
                )

    def close(self, number: int, kind: Kind) -> None:
        wanted = Kind.BEGIN_GROUP if kind is Kind.END_GROUP else Kind.BEGIN_REPEAT
        if self.stack and self.stack[-1].kind is wanted:
            self.stack.pop()
            return
        word = "group" if kind is Kind.END_GROUP else "repeat"
        self.problem(
            number,
            self.type_column,
            f"'end_{word}' tanpa 'begin_{word}' yang cocok sebelumnya. Hapus baris ini atau "
            f"tambahkan 'begin_{word}' di atasnya.",
            f"'end_{word}' has no matching 'begin_{word}' before it. Delete this row or add "
            f"a 'begin_{word}' above it.",
        )

    def finish(self) -> None:
        for still_open in reversed(self.stack):
            word = "group" if still_open.kind is Kind.BEGIN_GROUP else "repeat"
            self.problem(
                still_open.row,
                self.type_column,
                f"'begin_{word}' '{still_open.name}' tidak pernah ditutup. Tambahkan baris "
                f"'end_{word}' setelah pertanyaan terakhirnya.",
                f"'begin_{word}' '{still_open.name}' is never closed. Add an 'end_{word}' row "
                "after its last question.",
            )


def _disabled(survey: Sheet, row: Mapping[str, str]) -> bool:
    return survey.value(row, "disabled").lower() in ("yes", "true", "true()")

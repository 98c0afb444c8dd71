"""The last check of a form: what the wizards need beyond valid XLSForm.

Run on the typed model, these rules make a form usable by a worker who had
no training: every question has a label, every constraint says what to do
when it fails, every expression compiles. ``strict`` adds the rules of the
built-in forms: both languages everywhere, a hint on every question, each
page a ``field-list`` group, a bilingual title.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fieldcase.core.errors import FieldcaseError
from fieldcase.forms.build import language_code
from fieldcase.forms.errors import Problem
from fieldcase.forms.model import (
    LANGUAGES,
    NAME_RE,
    Form,
    Group,
    Node,
    Question,
    QuestionType,
    Repeat,
    Translations,
    walk,
)
from fieldcase.forms.structure import Structure
from fieldcase.forms.workbook import CHOICES, SETTINGS, SURVEY, Sheet, Workbook

_LANGUAGE_NAMES = {"id": "Bahasa Indonesia (id)", "en": "English (en)"}
_LANGUAGE_WORDS = {"id": ("Bahasa Indonesia", "Indonesian"), "en": ("Inggris", "English")}

#: Model column name -> pyxform's canonical header tokens.
_EXPRESSION_TOKENS = {
    "relevant": ("bind", "relevant"),
    "constraint": ("bind", "constraint"),
    "required": ("bind", "required"),
    "read_only": ("bind", "readonly"),
    "calculation": ("bind", "calculate"),
    "choice_filter": ("choice_filter",),
    "default": ("default",),
    "repeat_count": ("control", "jr:count"),
}
#: Translatable column -> (canonical tokens before the language, name in messages).
_TEXT_TOKENS = {
    "label": ("label",),
    "hint": ("hint",),
    "constraint_message": ("bind", "jr:constraintMsg"),
    "required_message": ("bind", "jr:requiredMsg"),
}

Compile = Callable[[str], Any]


def expression_compiler() -> Compile | None:
    """The expression engine's ``compile_expression``, or None while it is not installed.

    Imported here, lazily, so that the loader works (minus this check) before
    the engine exists, and so that importing the model never pulls in lark.
    """
    try:
        from fieldcase.forms.expressions import compile_expression
    except ImportError:
        return None
    return compile_expression


@dataclass
class FormChecker:
    """Runs the rules over one loaded form; collects every problem instead of stopping."""

    form: Form
    book: Workbook
    structure: Structure
    strict: bool
    compile: Compile | None

    def __post_init__(self) -> None:
        self.problems: list[Problem] = []
        self.survey: Sheet | None = self.book.sheet(SURVEY)
        self.names = frozenset(q.name for q in self.form.questions()) | frozenset(
            n.name for n in walk(self.form.children)
        )

    # ------------------------------------------------------------ reporting

    def report(
        self,
        message_id: str,
        message_en: str,
        *,
        sheet: str = SURVEY,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problems.append(
            self.book.problem(message_id, message_en, sheet=sheet, row=row, column=column)
        )

    def header(self, fallback: str, *tokens: str) -> str:
        """The survey header for canonical ``tokens``, or ``fallback`` if the column is absent."""
        return (self.survey.header_for(*tokens) if self.survey else None) or fallback

    def column(self, key: str, language: str | None = None, sheet: str = SURVEY) -> str:
        """The header to name in a message: as written in the file when it exists."""
        found = self.book.sheet(sheet)
        if key in _EXPRESSION_TOKENS:
            tokens = _EXPRESSION_TOKENS[key]
            return (found.header_for(*tokens) if found else None) or key
        prefix = _TEXT_TOKENS[key]
        if found is not None:
            for header, tokens in found.canonical.items():
                if tokens[: len(prefix)] != prefix:
                    continue
                rest = tokens[len(prefix) :]
                code = (
                    language_code(rest[0], self.form.default_language)
                    if rest
                    else self.form.default_language
                )
                if language is None or code == language:
                    return header
        lang = language or self.form.default_language
        return f"{key}::{_LANGUAGE_NAMES.get(lang, lang)}"

    # ------------------------------------------------------------ the rules

    def run(self) -> list[Problem]:
        self.settings()
        for node in walk(self.form.children):
            self.texts(node)
            if isinstance(node, Question):
                self.question(node)
            for column, text in node.expressions():
                self.expression(node, column, text)
        self.pages()
        self.choices()
        return self.problems

    def settings(self) -> None:
        sheet = self.book.sheet(SETTINGS)
        row = sheet.rows[0] if sheet is not None and sheet.rows else {}
        for tokens, column, what_id, what_en in (
            (("id_string",), "form_id", "kode formulir (form_id)", "form code (form_id)"),
            (("version",), "version", "versi (version)", "version"),
            (("title",), "form_title", "judul (form_title)", "title (form_title)"),
        ):
            if sheet is None or not sheet.value(row, *tokens):
                header = (sheet.header_for(*tokens) if sheet else None) or column
                self.report(
                    f"Lembar 'settings' belum berisi {what_id}. Tambahkan kolom '{column}' "
                    "dan isi di baris 2.",
                    f"The 'settings' sheet has no {what_en}. Add a '{column}' column and fill "
                    "it in on row 2.",
                    sheet=SETTINGS,
                    row=2 if sheet is not None and sheet.rows else None,
                    column=header,
                )
        if self.form.record is not None and not NAME_RE.fullmatch(self.form.record):
            self.report(
                f"fieldcase_record '{self.form.record}' harus berupa nama: huruf, angka, _.",
                f"fieldcase_record '{self.form.record}' must be a name: letters, digits, _.",
                sheet=SETTINGS,
                row=2,
                column="fieldcase_record",
            )
        if self.strict and not self.form.title.has("en"):
            self.report(
                "Formulir bawaan butuh judul bahasa Inggris di kolom 'form_title_en'.",
                "A built-in form needs an English title in the 'form_title_en' column.",
                sheet=SETTINGS,
                row=2,
                column="form_title_en",
            )

    def texts(self, node: Node) -> None:
        if isinstance(node, Question) and (node.type is QuestionType.CALCULATE or node.generated):
            return
        self.translated(node, "label", node.label)
        is_question = isinstance(node, Question) and node.type is not QuestionType.NOTE
        if self.strict and is_question:
            self.translated(node, "hint", node.hint)

    def translated(self, node: Node, key: str, text: Translations) -> None:
        """Report a missing text: in the default language always, in all languages if strict."""
        languages = LANGUAGES if self.strict else (self.form.default_language,)
        for lang in languages:
            if text.has(lang):
                continue
            word_id, word_en = _LANGUAGE_WORDS.get(lang, (lang, lang))
            self.report(
                f"'{node.name}' belum punya {key} dalam {word_id}. Isi sel ini.",
                f"'{node.name}' has no {key} in {word_en}. Fill in this cell.",
                row=node.row,
                column=self.column(key, lang),
            )

    def question(self, q: Question) -> None:
        if q.generated:
            if q.name in self.structure.rows:
                self.report(
                    f"'{q.name}' sudah dipakai, padahal or_other membuat pertanyaan bernama "
                    "itu. Ganti namanya.",
                    f"'{q.name}' is already used, but or_other creates a question of that "
                    "name. Rename it.",
                    row=self.structure.rows[q.name],
                    column=self.header("name", "name"),
                )
            return
        if q.constraint:
            self.translated(q, "constraint_message", q.constraint_message)
        if q.required and self.strict:
            self.translated(q, "required_message", q.required_message)
        if q.choice_filter and not q.type.is_select:
            self.report(
                "choice_filter hanya berlaku untuk select_one atau select_multiple. Hapus isinya.",
                "choice_filter only applies to select_one or select_multiple. Clear this cell.",
                row=q.row,
                column=self.column("choice_filter"),
            )
        if q.type is QuestionType.CALCULATE and not q.calculation:
            self.report(
                f"Calculate '{q.name}' belum punya rumus. Isi kolom calculation.",
                f"Calculate '{q.name}' has no formula. Fill in the calculation column.",
                row=q.row,
                column=self.column("calculation"),
            )

    def expression(self, node: Node, column: str, text: str) -> None:
        if self.compile is None:
            return
        try:
            compiled = self.compile(text)
        except FieldcaseError as exc:
            self.report(
                f"Rumus tidak valid: {exc.message_id}",
                f"Invalid expression: {exc.message_en}",
                row=node.row,
                column=self.column(column),
            )
            return
        self.bare_names(node, column, frozenset(getattr(compiled, "choice_columns", ())))
        unknown = sorted(set(getattr(compiled, "references", ())) - self.names)
        if unknown:
            names = ", ".join(f"${{{n}}}" for n in unknown)
            self.report(
                f"Rumus memakai {names}, tetapi nama itu tidak ada di formulir ini. "
                "Periksa ejaannya, atau tambahkan pertanyaan/calculate bernama itu.",
                f"The expression uses {names}, but no such name is in this form. "
                "Check the spelling, or add a question/calculate with that name.",
                row=node.row,
                column=self.column(column),
            )

    def bare_names(self, node: Node, column: str, names: frozenset[str]) -> None:
        """A bare name is a choice-sheet column in choice_filter, a forgotten ``${}`` elsewhere."""
        if not names:
            return
        allowed: frozenset[str] = frozenset()
        if column == "choice_filter" and isinstance(node, Question) and node.choice_list:
            found = self.form.choice_lists.get(node.choice_list)
            extra = {k for c in found.choices for k in c.columns} if found else set()
            allowed = frozenset({"name", "label", *extra})
        wrong = sorted(names - allowed)
        if not wrong:
            return
        listed = ", ".join(wrong)
        if column == "choice_filter":
            self.report(
                f"choice_filter memakai {listed}, tetapi daftar pilihan '{_list_of(node)}' tidak "
                "punya kolom itu. Tulis nama pertanyaan sebagai ${nama}, atau tambahkan kolom itu "
                "di lembar choices.",
                f"choice_filter uses {listed}, but the choice list '{_list_of(node)}' has no such "
                "column. Write a question as ${name}, or add that column on the choices sheet.",
                row=node.row,
                column=self.column(column),
            )
        else:
            self.report(
                f"Rumus memakai nama {listed} tanpa ${{}}. Tulis ${{{wrong[0]}}} untuk memakai "
                "jawaban pertanyaan itu.",
                f"The expression uses the name {listed} without ${{}}. Write ${{{wrong[0]}}} "
                "to use that question's answer.",
                row=node.row,
                column=self.column(column),
            )

    def pages(self) -> None:
        if not self.strict:
            return
        for page in self.form.pages:
            if page.synthetic:
                first = page.children[0]
                self.report(
                    "Pertanyaan di luar grup: formulir bawaan menaruh setiap pertanyaan di "
                    "sebuah begin_group (satu grup = satu halaman).",
                    "Question outside any group: built-in forms put every question in a "
                    "begin_group (one group = one page).",
                    row=getattr(first, "row", None),
                    column=self.header("type", "type"),
                )
            elif page.appearance != "field-list":
                self.report(
                    f"Halaman '{page.name}' butuh appearance 'field-list'.",
                    f"Page '{page.name}' needs the appearance 'field-list'.",
                    row=page.row,
                    column=self.header("appearance", "control", "appearance"),
                )

    def choices(self) -> None:
        languages = LANGUAGES if self.strict else (self.form.default_language,)
        for choice_list in self.form.choice_lists.values():
            for choice in choice_list.choices:
                for lang in languages:
                    if choice.label.has(lang):
                        continue
                    word_id, word_en = _LANGUAGE_WORDS.get(lang, (lang, lang))
                    self.report(
                        f"Pilihan '{choice.name}' di daftar '{choice_list.name}' belum punya "
                        f"label dalam {word_id}. Isi sel ini.",
                        f"Choice '{choice.name}' of list '{choice_list.name}' has no label in "
                        f"{word_en}. Fill in this cell.",
                        sheet=CHOICES,
                        row=choice.row,
                        column=self.column("label", lang, sheet=CHOICES),
                    )


def check_form(
    form: Form, book: Workbook, structure: Structure, *, strict: bool, compile: Compile | None
) -> list[Problem]:
    """Every rule above; returns the problems (empty when the form is fine)."""
    return FormChecker(form, book, structure, strict, compile).run()


def iter_expressions(form: Form) -> Iterator[tuple[Question | Group | Repeat, str, str]]:
    """(node, column, text) of every expression in ``form`` (for tests and tools)."""
    for node in walk(form.children):
        for column, text in node.expressions():
            yield node, column, text


def _list_of(node: Node) -> str:
    return (node.choice_list or "") if isinstance(node, Question) else ""

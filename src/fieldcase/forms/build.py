"""From pyxform's JSON form dict to the typed model.

pyxform's ``workbook_to_json`` has already de-aliased the columns, grouped
translations and attached choice lists; this module only types the result.
Two things it does differently from pyxform, on purpose:

- ``or_other``: pyxform appends an English-only "Other" option to the shared
  choice list and an English-only "Specify other." text question. The model
  keeps the list as written, marks the select ``or_other`` (the option comes
  from :data:`~fieldcase.forms.model.OTHER_CHOICE`) and adds a bilingual
  ``<name>_other`` question instead.
- Languages are keyed by their code: ``label::English (en)`` is ``"en"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from pyxform.utils import default_is_dynamic

from fieldcase.forms.context import is_context_name
from fieldcase.forms.model import (
    DEFAULT_LANGUAGE,
    Choice,
    ChoiceList,
    Form,
    Group,
    Node,
    Question,
    QuestionType,
    Repeat,
    Translations,
)
from fieldcase.forms.structure import Structure
from fieldcase.forms.types import JSON_TYPES

_LANG_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$")
_YES = frozenset({"yes", "true", "true()"})
_NO = frozenset({"no", "false", "false()", ""})
_CHOICE_KEYS = frozenset({"name", "label", "media", "__row"})


def language_code(name: str, default: str = DEFAULT_LANGUAGE) -> str:
    """``"English (en)"`` -> ``"en"``; pyxform's ``"default"`` -> the form's default."""
    if name == "default":
        return default
    match = _LANG_CODE.search(name)
    return match.group(1).lower().replace("_", "-") if match else name.strip().lower()


class _Texts:
    """Turns pyxform's label values (a str, or {language name: text}) into Translations."""

    def __init__(self, default_language_name: str) -> None:
        self.default = language_code(default_language_name, DEFAULT_LANGUAGE)
        self.seen: dict[str, None] = {}

    def __call__(self, value: Any) -> Translations:
        if not value:
            return Translations()
        if isinstance(value, str):
            self.seen.setdefault(self.default)
            return Translations.of({self.default: value.strip()})
        if isinstance(value, Mapping):
            texts = {}
            for name, text in value.items():
                if isinstance(text, str) and text.strip():
                    code = language_code(str(name), self.default)
                    self.seen.setdefault(code)
                    texts[code] = text.strip()
            return Translations.of(texts)
        return Translations()


def build_form(
    data: Mapping[str, Any], structure: Structure, source: str, warnings: tuple[str, ...] = ()
) -> Form:
    """Type pyxform's JSON dict; ``structure`` supplies the sheet row of each name."""
    texts = _Texts(str(data.get("default_language") or "default"))
    builder = _Builder(texts, structure, data.get("choices") or {})
    children = builder.nodes(data.get("children") or (), repeat=None)
    title = texts(data.get("title"))
    title_en = data.get("form_title_en")
    if isinstance(title_en, str) and title_en.strip():
        title = Translations.of(dict(title.texts), en=title_en.strip())
    record = data.get("fieldcase_record")
    languages = [texts.default, *(code for code in texts.seen if code != texts.default)]
    return Form(
        form_id=str(data.get("id_string") or ""),
        version=str(data.get("version") or ""),
        title=title,
        children=children,
        pages=_pages(children),
        choice_lists=builder.choice_lists(),
        default_language=texts.default,
        languages=tuple(languages),
        record=str(record).strip() if record else None,
        source=source,
        warnings=warnings,
    )


class _Builder:
    def __init__(self, texts: _Texts, structure: Structure, choices: Mapping[str, Any]) -> None:
        self.texts = texts
        self.structure = structure
        self.choices = choices

    def nodes(self, items: Iterable[Mapping[str, Any]], repeat: str | None) -> tuple[Node, ...]:
        out: list[Node] = []
        for item in items:
            name = str(item.get("name") or "")
            kind = item.get("type")
            if kind == "group" and (item.get("control") or {}).get("bodyless"):
                continue  # pyxform's generated "meta" group (instanceID)
            if kind == "group":
                out.append(self.group(item, repeat))
            elif kind == "repeat":
                out.append(self.repeat(item))
            elif name not in self.structure.rows and _is_generated_other(name, out):
                continue  # replaced by the bilingual question added after its select
            else:
                question = self.question(item, repeat)
                out.append(question)
                if question.or_other:
                    out.append(_other_question(question))
        return tuple(out)

    def group(self, item: Mapping[str, Any], repeat: str | None) -> Group:
        name = str(item["name"])
        return Group(
            name=name,
            label=self.texts(item.get("label")),
            hint=self.texts(item.get("hint")),
            children=self.nodes(item.get("children") or (), repeat),
            row=self.structure.rows.get(name),
            repeat=repeat,
            relevant=_expression((item.get("bind") or {}).get("relevant")),
            appearance=_text((item.get("control") or {}).get("appearance")),
        )

    def repeat(self, item: Mapping[str, Any]) -> Repeat:
        name = str(item["name"])
        control = item.get("control") or {}
        return Repeat(
            name=name,
            label=self.texts(item.get("label")),
            hint=self.texts(item.get("hint")),
            children=self.nodes(item.get("children") or (), repeat=name),
            row=self.structure.rows.get(name),
            relevant=_expression((item.get("bind") or {}).get("relevant")),
            repeat_count=_text(control.get("jr:count")),
            appearance=_text(control.get("appearance")),
        )

    def question(self, item: Mapping[str, Any], repeat: str | None) -> Question:
        name = str(item["name"])
        parsed = self.structure.types.get(name)
        qtype = parsed.question_type if parsed else None
        if qtype is None:
            qtype = JSON_TYPES.get(str(item.get("type")), QuestionType.TEXT)
        bind = item.get("bind") or {}
        default = _text(item.get("default"))
        return Question(
            name=name,
            type=qtype,
            label=self.texts(item.get("label")),
            hint=self.texts(item.get("hint")),
            row=self.structure.rows.get(name),
            repeat=repeat,
            required=_flag(bind.get("required")),
            required_message=self.texts(bind.get("jr:requiredMsg")),
            relevant=_expression(bind.get("relevant")),
            constraint=_expression(bind.get("constraint")),
            constraint_message=self.texts(bind.get("jr:constraintMsg")),
            readonly=_flag(bind.get("readonly")),
            calculation=_expression(bind.get("calculate")),
            default=default,
            default_is_expression=bool(default and default_is_dynamic(default, item.get("type"))),
            choice_list=parsed.list_name if parsed else _text(item.get("list_name")),
            choice_filter=_expression(item.get("choice_filter")),
            or_other=bool(parsed and parsed.or_other),
            appearance=_text((item.get("control") or {}).get("appearance")),
            parameters=MappingProxyType(
                {str(k): str(v) for k, v in (item.get("parameters") or {}).items()}
            ),
            is_context=qtype is QuestionType.CALCULATE and is_context_name(name),
        )

    def choice_lists(self) -> Mapping[str, ChoiceList]:
        lists = {}
        for list_name, options in self.choices.items():
            choices = []
            for option in options:
                name = str(option.get("name") or "")
                row = self.structure.choice_rows.get((list_name, name))
                if row is None and name == "other":
                    continue  # appended by pyxform for or_other; see OTHER_CHOICE
                columns = {
                    str(k): str(v)
                    for k, v in option.items()
                    if k not in _CHOICE_KEYS and isinstance(v, str | int | float)
                }
                choices.append(
                    Choice(name, self.texts(option.get("label")), MappingProxyType(columns), row)
                )
            lists[str(list_name)] = ChoiceList(str(list_name), tuple(choices))
        return MappingProxyType(lists)


def _is_generated_other(name: str, siblings: Sequence[Node]) -> bool:
    """pyxform's own "<select>_other" item, which follows the one the builder added."""
    previous = siblings[-1] if siblings else None
    return isinstance(previous, Question) and previous.generated and previous.name == name


def _other_question(select: Question) -> Question:
    """The bilingual "specify other" text shown when the "other" option is chosen."""
    return Question(
        name=f"{select.name}_other",
        type=QuestionType.TEXT,
        label=Translations.of(id="Sebutkan yang lain", en="Specify other"),
        hint=Translations.of(
            id="Tulis jawaban yang tidak ada di daftar pilihan.",
            en="Write the answer that is not in the list of options.",
        ),
        row=select.row,
        repeat=select.repeat,
        required="true()",
        required_message=Translations.of(
            id="Tulis jawaban lainnya, atau batalkan pilihan 'Lainnya'.",
            en="Write the other answer, or untick 'Other'.",
        ),
        relevant=f"selected(${{{select.name}}}, 'other')",
        generated=True,
    )


def _pages(children: tuple[Node, ...]) -> tuple[Group, ...]:
    """Top-level groups are pages; loose visible top-level items are gathered into pages."""
    pages: list[Group] = []
    loose: list[Node] = []

    def flush() -> None:
        if loose:
            n = len(pages) + 1
            pages.append(
                Group(
                    name=f"halaman_{n}",
                    label=Translations.of(id=f"Halaman {n}", en=f"Page {n}"),
                    children=tuple(loose),
                    appearance="field-list",
                    synthetic=True,
                )
            )
            loose.clear()

    for node in children:
        if isinstance(node, Group):
            flush()
            pages.append(node)
        elif isinstance(node, Question) and node.type is QuestionType.CALCULATE:
            continue
        else:
            loose.append(node)
    flush()
    return tuple(pages)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _expression(value: Any) -> str | None:
    return _text(value)


def _flag(value: Any) -> str | None:
    """``required``/``read_only``: None when off, "true()" when on, else the expression."""
    text = _text(value)
    if text is None or text.lower() in _NO:
        return None
    if text.lower() in _YES:
        return "true()"
    return text

"""The language catalogs: complete in both languages, and the switch itself."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import fieldcase
from fieldcase import i18n
from fieldcase.i18n import Texts
from fieldcase.ui import texts

SRC = Path(__file__).parents[1] / "src" / "fieldcase"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _catalogs() -> dict[str, Texts]:
    """Every module-level ``Texts`` catalog in the app (importing each module once)."""
    found: dict[str, Texts] = {}
    for module_info in pkgutil.walk_packages(fieldcase.__path__, "fieldcase."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, Texts):
                found[f"{module_info.name}.{name}"] = value
    return found


CATALOGS = _catalogs()


def test_the_main_catalog_is_found() -> None:
    assert "fieldcase.ui.texts.CATALOG" in CATALOGS


@pytest.mark.parametrize("where", sorted(CATALOGS))
def test_every_entry_has_both_languages_with_the_same_placeholders(where: str) -> None:
    catalog = CATALOGS[where]
    problems = []
    for name in sorted(catalog.names()):
        indonesian, english = catalog.pair(name)
        if not indonesian.strip() or not english.strip():
            problems.append(f"{name}: empty")
        if sorted(PLACEHOLDER.findall(indonesian)) != sorted(PLACEHOLDER.findall(english)):
            problems.append(f"{name}: placeholders differ")
        if " / " in indonesian and " / " in english and indonesian == english:
            problems.append(f"{name}: still one bilingual string")
    assert problems == []


def test_every_texts_name_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used.update(
            re.findall(r"(?<![`\w])texts\.([A-Z][A-Z0-9_]+)\b", path.read_text(encoding="utf-8"))
        )
    assert used - texts.CATALOG.names() == set()


def test_names_resolve_to_the_current_language() -> None:
    assert texts.LOCK == "Kunci"
    i18n.set_language("en")
    assert texts.LOCK == "Lock"
    assert texts.role_label(fieldcase.core.roles.Role.SUPERVISOR) == "Supervisor / case manager"
    assert texts.filters()["stage"] == "All stages"


def test_unknown_names_and_languages() -> None:
    with pytest.raises(AttributeError):
        _ = texts.NO_SUCH_TEXT
    assert i18n.set_language("fr") == "id"  # unknown: back to Bahasa Indonesia
    assert i18n.parse_language(" EN ") == "en"
    assert i18n.parse_language(None) == "id"


def test_listeners_run_once_per_real_switch_and_are_held_weakly() -> None:
    heard: list[str] = []

    class Window:
        def relabel(self, language: str) -> None:
            heard.append(language)

    window = Window()
    i18n.add_listener(window.relabel)
    i18n.set_language("en")
    i18n.set_language("en")  # no change, no call
    assert heard == ["en"]
    del window  # a closed window is forgotten, not kept alive by the catalog
    i18n.set_language("id")
    assert heard == ["en"]


def test_a_failing_listener_does_not_stop_the_others() -> None:
    heard: list[str] = []

    def broken(_language: str) -> None:
        raise ValueError("broken window")

    i18n.add_listener(broken)
    i18n.add_listener(heard.append)
    try:
        i18n.set_language("en")
    finally:
        i18n.remove_listener(broken)
        i18n.remove_listener(heard.append)
    assert heard == ["en"]


def _import_time_lookups(module_name: str) -> list[str]:
    """``catalog.NAME`` read at import time (module level, class body, default
    arguments): frozen in the language of the moment the module was imported."""
    module = importlib.import_module(module_name)
    catalogs = {
        name for name, value in vars(module).items() if isinstance(value, Texts) or value is texts
    }
    if not catalogs or module.__file__ is None:
        return []
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found: list[str] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        if (
            not deferred
            and isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in catalogs
            and (node.attr.isupper() or vars(module)[node.value.id] is texts)
        ):
            found.append(f"{module_name}:{node.lineno} {node.value.id}.{node.attr}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    visit(default, deferred)
            body = node.body if isinstance(node.body, list) else [node.body]
            for child in body:
                visit(child, True)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    visit(tree, False)
    return found


def test_no_text_is_looked_up_at_import_time() -> None:
    found: list[str] = []
    for module_info in pkgutil.walk_packages(fieldcase.__path__, "fieldcase."):
        if not module_info.name.endswith("__main__"):
            found += _import_time_lookups(module_info.name)
    assert found == []

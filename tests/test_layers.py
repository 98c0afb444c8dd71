"""The house rules of DESIGN.md that a machine can check: who imports what."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "fieldcase"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def test_only_ui_imports_qt() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if _layer(p) != "ui" and any(m.startswith("PySide6") for m in _imports(p))
    ]
    assert offenders == []


def test_core_and_crypto_import_nothing_of_fieldcase_above_them() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        layer = _layer(path)
        if layer not in {"core", "crypto"}:
            continue
        for module in _imports(path):
            if module.startswith("fieldcase.") and not module.startswith(f"fieldcase.{layer}"):
                offenders.append(f"{path.relative_to(SRC)} -> {module}")
    assert offenders == []


def test_vault_never_imports_ui() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in (SRC / "vault").rglob("*.py")
        if any(m.startswith("fieldcase.ui") for m in _imports(p))
    ]
    assert offenders == []

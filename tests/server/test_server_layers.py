"""The server's import rules (DESIGN.md): it never sees case content, never touches primitives."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SERVER = Path(__file__).parents[2] / "src" / "fieldcase" / "server"
FORBIDDEN = ("fieldcase.vault", "fieldcase.forms", "fieldcase.ui", "fieldcase.sync", "cryptography")
ALLOWED_FIELDCASE = ("fieldcase.core", "fieldcase.crypto", "fieldcase.server")


def _imports(path: Path) -> set[str]:
    """Absolute module names imported by ``path`` (relative imports stay inside server/)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_server_package_exists() -> None:
    assert len(list(SERVER.glob("*.py"))) >= 5


def test_server_never_imports_vault_forms_ui_sync_or_cryptography() -> None:
    offenders = [
        f"{path.name} -> {module}"
        for path in sorted(SERVER.rglob("*.py"))
        for module in _imports(path)
        if any(_matches(module, prefix) for prefix in FORBIDDEN)
    ]
    assert offenders == []


def test_server_imports_of_fieldcase_are_core_crypto_or_its_own() -> None:
    offenders = [
        f"{path.name} -> {module}"
        for path in sorted(SERVER.rglob("*.py"))
        for module in _imports(path)
        if _matches(module, "fieldcase")
        and module != "fieldcase"
        and not any(_matches(module, prefix) for prefix in ALLOWED_FIELDCASE)
    ]
    assert offenders == []


def test_bare_fieldcase_imports_name_only_allowed_layers() -> None:
    """``from fieldcase import vault`` would slip past a prefix check on the module name."""
    offenders = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "fieldcase" and node.level == 0:
                offenders += [
                    f"{path.name} -> {a.name}"
                    for a in node.names
                    if a.name not in {"core", "crypto", "server"}
                ]
    assert offenders == []


def test_importing_the_server_loads_no_case_layer() -> None:
    """The AST check above sees direct imports; this one sees everything loaded transitively."""
    code = (
        "import sys, fieldcase.server.main, fieldcase.server.app\n"
        "bad = ('fieldcase.vault', 'fieldcase.forms', 'fieldcase.ui', 'fieldcase.sync', "
        "'PySide6', 'sqlcipher3')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"

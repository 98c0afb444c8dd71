"""The crypto layer's contract with the rest of fieldcase: its names and its boundaries."""

from __future__ import annotations

import ast
from pathlib import Path

import fieldcase.crypto as crypto
from fieldcase.crypto import CryptoError

SRC = Path(crypto.__file__).resolve().parents[1]  # src/fieldcase
CRYPTO_DIR = SRC / "crypto"

PUBLIC_API = {
    "CryptoError",
    "KEY_SIZE",
    "KdfParams",
    "derive_key",
    "random_key",
    "seal",
    "open_",
    "wrap_key",
    "unwrap_key",
    "SigningKeyPair",
    "verify_signature",
    "AgreementKeyPair",
    "seal_to_public_key",
    "open_from_public_key",
    "hkdf_sha256",
    "encode_key",
    "decode_key",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_public_api_is_exactly_the_agreed_names() -> None:
    assert set(crypto.__all__) == PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(crypto, name) is not None
    assert crypto.KEY_SIZE == 32


def test_crypto_error_is_a_plain_exception() -> None:
    assert issubclass(CryptoError, Exception)
    assert CryptoError.__bases__ == (Exception,)


def test_crypto_imports_nothing_else_from_fieldcase() -> None:
    for path in CRYPTO_DIR.rglob("*.py"):
        for module in imported_modules(path):
            assert module != "fieldcase", path
            assert not module.startswith("fieldcase.") or module.startswith("fieldcase.crypto"), (
                f"{path.name} imports {module}"
            )


def test_only_crypto_imports_cryptography() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if CRYPTO_DIR in path.parents:
            continue
        for module in imported_modules(path):
            if module == "cryptography" or module.startswith("cryptography."):
                offenders.append(f"{path.relative_to(SRC)}: {module}")
    assert offenders == []

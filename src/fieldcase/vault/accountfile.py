"""``account.json``: an account's public facts and its key slots.

The file holds no case data and no usable key: the vault key appears only
wrapped (AES-256-GCM) under keys derived by Argon2id from the passphrase or
the recovery code. It is parsed strictly; anything unexpected is reported as
a damaged account file rather than guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fieldcase.atomicfile import atomic_write_json
from fieldcase.core.errors import AccountFileDamaged
from fieldcase.core.roles import Role
from fieldcase.crypto import CryptoError, KdfParams, decode_key, encode_key

FORMAT = 1
FILE_NAME = "account.json"


@dataclass(frozen=True)
class KeySlot:
    """The vault key wrapped under a key derived from one secret."""

    kdf: KdfParams
    wrapped_key: bytes = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kdf": self.kdf.to_dict(), "wrapped_key": encode_key(self.wrapped_key)}

    @classmethod
    def from_dict(cls, raw: Any) -> KeySlot:
        if not isinstance(raw, dict) or set(raw) != {"kdf", "wrapped_key"}:
            raise AccountFileDamaged()
        try:
            return cls(KdfParams.from_dict(raw["kdf"]), _decode_blob(raw["wrapped_key"]))
        except (CryptoError, TypeError, ValueError):
            raise AccountFileDamaged() from None


def _decode_blob(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not a string")
    # Wrapped keys are longer than 32 bytes: decode_key checks the length we expect.
    return decode_key(text, expected_len=61)


@dataclass(frozen=True)
class AccountRecord:
    """Everything in ``account.json``."""

    id: str
    display_name: str
    role: Role
    created_at: str
    passphrase_slot: KeySlot
    recovery_slot: KeySlot
    training: bool = False
    must_change_passphrase: bool = False
    failed_count: int = 0
    last_failed_ms: int = 0
    #: Failed attempts not yet copied into the (encrypted) audit log: ms timestamps.
    pending_failures: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "display_name": self.display_name,
            "role": self.role.value,
            "created_at": self.created_at,
            "training": self.training,
            "must_change_passphrase": self.must_change_passphrase,
            "slots": {
                "passphrase": self.passphrase_slot.to_dict(),
                "recovery": self.recovery_slot.to_dict(),
            },
            "failed_unlocks": {
                "count": self.failed_count,
                "last_ms": self.last_failed_ms,
                "pending": list(self.pending_failures),
            },
        }

    @classmethod
    def from_dict(cls, raw: Any) -> AccountRecord:
        try:
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise ValueError("format")
            slots = raw["slots"]
            failures = raw["failed_unlocks"]
            record = cls(
                id=_str(raw["id"]),
                display_name=_str(raw["display_name"]),
                role=Role(raw["role"]),
                created_at=_str(raw["created_at"]),
                passphrase_slot=KeySlot.from_dict(slots["passphrase"]),
                recovery_slot=KeySlot.from_dict(slots["recovery"]),
                training=_bool(raw["training"]),
                must_change_passphrase=_bool(raw["must_change_passphrase"]),
                failed_count=_int(failures["count"]),
                last_failed_ms=_int(failures["last_ms"]),
                pending_failures=tuple(_int(v) for v in failures["pending"]),
            )
        except (KeyError, TypeError, ValueError):
            raise AccountFileDamaged() from None
        return record

    def with_changes(self, **changes: Any) -> AccountRecord:
        return replace(self, **changes)


def _str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected text")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected a boolean")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a non-negative integer")
    return value


def load(path: Path) -> AccountRecord:
    """Read and validate one ``account.json``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise AccountFileDamaged() from None
    return AccountRecord.from_dict(raw)


def save(path: Path, record: AccountRecord) -> None:
    """Write atomically (temp file, fsync, rename)."""
    atomic_write_json(path, record.to_dict())

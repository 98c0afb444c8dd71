"""Where this laptop syncs: the exchange folder, the relay server, and when each last worked.

Kept in ``<data dir>/sync.json``, per account (two accounts on one laptop may
belong to different teams). Plain JSON on purpose: a folder path, a server
address and times are needed before and without unlocking a vault, and hold
no case content; everything that travels is encrypted and signed anyway.
Written atomically; an unreadable file counts as "nothing configured" rather
than stopping the app.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fieldcase.atomicfile import atomic_write_json
from fieldcase.core.errors import FieldcaseError

log = logging.getLogger(__name__)

FILE_NAME = "sync.json"
#: The three kinds of transport the panel shows, in its order.
KINDS = ("server", "folder", "bundle")


@dataclass(frozen=True)
class AccountSync:
    folder: str | None = None
    server: str | None = None
    #: kind → UTC milliseconds of the last sync (or export) that worked.
    last_ms: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"folder": self.folder, "server": self.server, "last_ms": dict(self.last_ms)}

    @classmethod
    def from_json(cls, raw: Any) -> AccountSync:
        if not isinstance(raw, dict):
            return cls()
        folder, server, last = raw.get("folder"), raw.get("server"), raw.get("last_ms")
        return cls(
            folder if isinstance(folder, str) and folder else None,
            server if isinstance(server, str) and server else None,
            {
                str(k): int(v)
                for k, v in (last.items() if isinstance(last, dict) else [])
                if k in KINDS and type(v) is int
            },
        )


class SyncSettings:
    """Read and write one account's sync settings in a data folder."""

    def __init__(self, data_dir: Path, account_id: str) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self.account_id = account_id

    def _all(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("sync settings unreadable; treated as empty")
            return {}
        return raw if isinstance(raw, dict) else {}

    def load(self) -> AccountSync:
        accounts = self._all().get("accounts")
        if not isinstance(accounts, dict):
            return AccountSync()
        return AccountSync.from_json(accounts.get(self.account_id))

    def save(self, value: AccountSync) -> None:
        everything = self._all()
        accounts = everything.get("accounts")
        if not isinstance(accounts, dict):
            accounts = {}
        accounts[self.account_id] = value.to_json()
        everything["accounts"] = accounts
        try:
            atomic_write_json(self.path, everything)
        except FieldcaseError:
            log.warning("sync settings could not be written")
            raise

    def update(self, **changes: Any) -> AccountSync:
        value = replace(self.load(), **changes)
        self.save(value)
        return value

    def mark_synced(self, kind: str, when_ms: int) -> AccountSync:
        current = self.load()
        return self.update(last_ms={**current.last_ms, kind: when_ms})

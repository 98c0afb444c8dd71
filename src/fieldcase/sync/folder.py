"""The exchange folder: a USB stick or network share of immutable envelope files.

Layout: ``<folder>/<team_id>/<sender>/<envelope_id>.fcenv``. A writer never
changes a file: it writes ``.<id>.tmp-<random>`` in the same sub-folder,
fsyncs it and renames it into place with ``os.replace`` (atomic on Windows
and POSIX), so a reader sees either nothing or the whole envelope, and two
laptops writing at once never touch the same name (ids are UUIDv7). Readers
list ``*.fcenv`` files, skip temporaries and ids already imported, and read
the rest. Never a shared SQLite file on a share.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Container, Sequence
from pathlib import Path

from fieldcase.sync.errors import TransportFailed
from fieldcase.sync.importer import Incoming
from fieldcase.sync.transport import Fetched

SUFFIX = ".fcenv"
_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")


def _failed(path: Path) -> TransportFailed:
    return TransportFailed(
        f"Folder pertukaran {path} tidak dapat dibaca atau ditulis. Periksa apakah "
        "flashdisk/folder jaringan terpasang dan tidak penuh.",
        f"The exchange folder {path} cannot be read or written. Check that the USB stick "
        "or network folder is connected and not full.",
    )


def require_mounted(root: Path) -> None:
    """Refuse a folder that is not there (an unplugged USB stick), before anything is
    created: ``mkdir(parents=True)`` would otherwise make the mount point on the
    laptop's own disk and "sync" into it."""
    if not Path(root).is_dir():
        raise _failed(Path(root))


def write_atomic(target: Path, data: bytes) -> None:
    """temp file in the same folder → fsync → os.replace → fsync(folder) (best effort)."""
    tmp = target.with_name(f".{target.stem}.tmp-{secrets.token_hex(4)}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    if hasattr(os, "O_DIRECTORY"):  # POSIX only; Windows has no directory fsync
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class ExchangeFolder:
    """A :class:`Transport` over a shared folder for one team, written as ``sender``."""

    def __init__(self, root: Path, team_id: str, sender: str) -> None:
        self.root = Path(root)
        self.team_dir = self.root / team_id
        self.sender = sender
        self.key = f"folder:{team_id}"

    def put(self, envelopes: Sequence[tuple[str, bytes]]) -> None:
        mine = self.team_dir / self.sender
        try:
            mine.mkdir(parents=True, exist_ok=True)
            for envelope_id, body in envelopes:
                if _NAME.fullmatch(envelope_id) is None:
                    raise ValueError("bad envelope id")
                target = mine / f"{envelope_id}{SUFFIX}"
                if not target.exists():
                    write_atomic(target, body)
        except OSError:
            raise _failed(self.root) from None

    def get(self, after: str, known: Container[str]) -> Fetched:
        """Every complete envelope file not yet imported (the seen set is the cursor)."""
        items: list[Incoming] = []
        try:
            if not self.team_dir.is_dir():
                return Fetched([], after)
            for sender_dir in sorted(self.team_dir.iterdir()):
                if not sender_dir.is_dir():
                    continue
                for path in sorted(sender_dir.glob(f"*{SUFFIX}")):
                    envelope_id = path.name[: -len(SUFFIX)]
                    if _NAME.fullmatch(envelope_id) is None or envelope_id in known:
                        continue
                    items.append(Incoming(path.read_bytes()))
        except OSError:
            raise _failed(self.root) from None
        return Fetched(items, after)

"""Sync bookkeeping inside the encrypted vault (tables of migration ``0003_sync``).

The team's public identity, the data key of every epoch this account was
given, the newest signed roster, a cursor per transport, the ids of
envelopes already imported and the quarantine of changes from a clock too far
ahead. Keys live here, inside SQLCipher, exactly like the account's identity
keys in ``meta``: nothing of them reaches a file outside the vault.

This module stores and returns plain values; what they mean (signatures,
rosters, revocation) is decided in ``fieldcase.sync``. Write methods expect
to run inside the caller's ``db.atomic()`` so that an import records its
envelope ids, quarantine and cursor in the same transaction as its changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from fieldcase.crypto import decode_key, encode_key
from fieldcase.vault.audit import utc_now_iso
from fieldcase.vault.database import guarded


@dataclass(frozen=True)
class TeamRecord:
    team_id: str
    name: str
    region: str
    team_public: bytes
    recovery_public: bytes
    team_private: bytes | None
    epoch: int
    certificate: str | None


@dataclass(frozen=True)
class QuarantinedChange:
    change_id: str
    envelope_id: str
    hlc: str
    change_json: str
    received_at: str


class SyncState:
    """Read and write the sync tables of one vault."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ team

    @guarded
    def team(self) -> TeamRecord | None:
        row = self._db.execute(
            "SELECT team_id, name, region, team_public, recovery_public, team_private, epoch,"
            " certificate FROM sync_team WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        return TeamRecord(
            row[0],
            row[1],
            row[2],
            decode_key(row[3]),
            decode_key(row[4]),
            decode_key(row[5]) if row[5] else None,
            int(row[6]),
            row[7],
        )

    def set_team(self, team: TeamRecord) -> None:
        self._db.execute(
            "INSERT INTO sync_team (id, team_id, name, region, team_public, recovery_public,"
            " team_private, epoch, certificate) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET team_id = excluded.team_id, name = excluded.name,"
            " region = excluded.region, team_public = excluded.team_public,"
            " recovery_public = excluded.recovery_public,"
            " team_private = excluded.team_private, epoch = excluded.epoch,"
            " certificate = excluded.certificate",
            [
                team.team_id,
                team.name,
                team.region,
                encode_key(team.team_public),
                encode_key(team.recovery_public),
                encode_key(team.team_private) if team.team_private else None,
                team.epoch,
                team.certificate,
            ],
        )

    def set_epoch(self, epoch: int) -> None:
        self._db.execute("UPDATE sync_team SET epoch = ? WHERE id = 1", [epoch])

    # ------------------------------------------------------------------ keys

    def add_key(self, epoch: int, key: bytes) -> None:
        """Store an epoch's data key; the first key stored for an epoch is kept."""
        self._db.execute(
            "INSERT INTO sync_keys (epoch, key) VALUES (?, ?) ON CONFLICT(epoch) DO NOTHING",
            [epoch, encode_key(key)],
        )

    @guarded
    def key(self, epoch: int) -> bytes | None:
        row = self._db.execute("SELECT key FROM sync_keys WHERE epoch = ?", [epoch]).fetchone()
        return decode_key(row[0]) if row else None

    @guarded
    def keys(self) -> dict[int, bytes]:
        return {
            int(r[0]): decode_key(r[1])
            for r in self._db.execute("SELECT epoch, key FROM sync_keys ORDER BY epoch")
        }

    # ---------------------------------------------------------------- roster

    @guarded
    def roster(self) -> tuple[int, str, str] | None:
        """(version, roster JSON text, signature text) of the newest roster, if any."""
        row = self._db.execute(
            "SELECT version, roster, signature FROM sync_roster WHERE id = 1"
        ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2])) if row else None

    def set_roster(self, version: int, roster: str, signature: str) -> None:
        self._db.execute(
            "INSERT INTO sync_roster (id, version, roster, signature) VALUES (1, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET version = excluded.version,"
            " roster = excluded.roster, signature = excluded.signature",
            [version, roster, signature],
        )

    # --------------------------------------------------------------- cursors

    @guarded
    def cursor(self, transport: str) -> tuple[str, int]:
        """(incoming cursor, last change rowid sent) for a transport ("", 0 at first)."""
        row = self._db.execute(
            "SELECT cursor, pushed FROM sync_cursors WHERE transport = ?", [transport]
        ).fetchone()
        return (str(row[0]), int(row[1])) if row else ("", 0)

    def set_cursor(self, transport: str, cursor: str) -> None:
        self._db.execute(
            "INSERT INTO sync_cursors (transport, cursor) VALUES (?, ?)"
            " ON CONFLICT(transport) DO UPDATE SET cursor = excluded.cursor",
            [transport, cursor],
        )

    def set_pushed(self, transport: str, rowid: int) -> None:
        self._db.execute(
            "INSERT INTO sync_cursors (transport, pushed) VALUES (?, ?)"
            " ON CONFLICT(transport) DO UPDATE SET pushed = excluded.pushed",
            [transport, rowid],
        )

    # ------------------------------------------------------------------ seen

    @guarded
    def seen(self, envelope_id: str) -> bool:
        return (
            self._db.execute(
                "SELECT 1 FROM sync_seen WHERE envelope_id = ?", [envelope_id]
            ).fetchone()
            is not None
        )

    @guarded
    def seen_ids(self) -> set[str]:
        return {str(r[0]) for r in self._db.execute("SELECT envelope_id FROM sync_seen")}

    def mark_seen(self, envelope_id: str, sender: str) -> None:
        self._db.execute(
            "INSERT INTO sync_seen (envelope_id, sender, received_at) VALUES (?, ?, ?)"
            " ON CONFLICT(envelope_id) DO NOTHING",
            [envelope_id, sender, utc_now_iso()],
        )

    # ------------------------------------------------------------ quarantine

    def quarantine(self, change_id: str, envelope_id: str, hlc: str, change_json: str) -> None:
        self._db.execute(
            "INSERT INTO sync_quarantine (change_id, envelope_id, hlc, change, received_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(change_id) DO NOTHING",
            [change_id, envelope_id, hlc, change_json, utc_now_iso()],
        )

    @guarded
    def quarantined(self) -> list[QuarantinedChange]:
        return [
            QuarantinedChange(r[0], r[1], r[2], r[3], r[4])
            for r in self._db.execute(
                "SELECT change_id, envelope_id, hlc, change, received_at FROM sync_quarantine"
                " ORDER BY hlc"
            )
        ]

    def release(self, change_ids: Iterable[str]) -> None:
        self._db.conn.executemany(
            "DELETE FROM sync_quarantine WHERE change_id = ?", [(c,) for c in change_ids]
        )

    # ---------------------------------------------------------------- outbox

    def add_outbox(self, envelope_id: str, body: bytes) -> None:
        self._db.execute(
            "INSERT INTO sync_outbox (envelope_id, body, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(envelope_id) DO NOTHING",
            [envelope_id, body, utc_now_iso()],
        )

    @guarded
    def outbox(self) -> list[tuple[str, bytes]]:
        """Team updates to offer to every transport, oldest first."""
        return [
            (str(r[0]), bytes(r[1]))
            for r in self._db.execute(
                "SELECT envelope_id, body FROM sync_outbox ORDER BY created_at, envelope_id"
            )
        ]

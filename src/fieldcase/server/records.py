"""The values the server keeps, shared by the app, the roster parser and every storage.

Nothing here can hold case content: ids, public keys, roster text (ids, keys,
roles, dates), cursors, and envelope bodies as opaque bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldcase.core.errors import FieldcaseError

__all__ = [
    "DatabaseTooNew",
    "DatabaseUnreadable",
    "EnrolmentConflict",
    "EnrolmentOpen",
    "EnrolmentRequest",
    "EnvelopeConflict",
    "Member",
    "Page",
    "PutResult",
    "Replayed",
    "RosterNotNewer",
    "RosterRecord",
    "SeenSignature",
    "StorageConflict",
    "StorageUnavailable",
    "StoredEnvelope",
    "StoredRoster",
    "TeamKeyMismatch",
    "TooManyRequests",
    "UnknownTeam",
]


@dataclass(frozen=True)
class Member:
    """One roster entry: who may sign requests for a team, with which key, until when."""

    account_id: str
    signing_public: bytes = field(repr=False)
    role: str
    revoked_ms: int | None = None

    def revoked_at(self, now_ms: int) -> bool:
        """True once the revocation time has come (a future revocation is not yet in force)."""
        return self.revoked_ms is not None and now_ms >= self.revoked_ms


@dataclass(frozen=True)
class StoredRoster:
    """A team's current roster exactly as its supervisor signed it."""

    team_id: str
    version: int
    text: str = field(repr=False)
    signature: bytes = field(repr=False)


@dataclass(frozen=True)
class RosterRecord:
    """A verified roster to store: the signed text plus its members, parsed once."""

    roster: StoredRoster
    members: tuple[Member, ...]


@dataclass(frozen=True)
class SeenSignature:
    """A verified request signature, remembered until its timestamp leaves the window.

    Only the SHA-256 of the signature is kept: enough to recognise a replay,
    and no request header is stored as sent.
    """

    account_id: str
    digest: bytes = field(repr=False)
    expires_ms: int


@dataclass(frozen=True)
class PutResult:
    """The answer to an envelope PUT: its cursor and whether this PUT stored it."""

    cursor: int
    created: bool


@dataclass(frozen=True)
class StoredEnvelope:
    """An envelope as handed back: the server's cursor, the id, the uploader, the bytes."""

    cursor: int
    envelope_id: str
    sender: str
    body: bytes = field(repr=False)


@dataclass(frozen=True)
class Page:
    """Envelopes after a cursor, oldest first; ``more`` if the log goes on after them."""

    envelopes: tuple[StoredEnvelope, ...]
    more: bool


@dataclass(frozen=True)
class EnrolmentOpen:
    """A team's open enrolment: the supervisor's key that requests are sealed to.

    ``document`` is the team-signed text (``docs/sync-protocol.md``); the
    server keeps it to hand to people who are not members yet.
    """

    team_id: str
    document: str = field(repr=False)
    signature: bytes = field(repr=False)
    expires_ms: int = 0


@dataclass(frozen=True)
class EnrolmentRequest:
    """A pending enrolment: the applicant's signing key and its request, sealed.

    ``sealed`` and ``answer`` are ciphertext only the supervisor, respectively
    the applicant, can open; the server keeps them until ``expires_ms``.
    """

    team_id: str
    account_id: str
    signing_public: bytes = field(repr=False)
    sealed: bytes = field(repr=False)
    received_ms: int = 0
    expires_ms: int = 0
    answer: bytes | None = field(default=None, repr=False)


class StorageConflict(Exception):
    """A write that contradicts what is stored; the app answers 409 (or 404)."""


class EnvelopeConflict(StorageConflict):
    """The envelope id is taken in this team by different bytes."""


class RosterNotNewer(StorageConflict):
    """The stored roster's version is the same or higher."""


class TeamKeyMismatch(StorageConflict):
    """The team is registered with another signing key."""


class Replayed(StorageConflict):
    """This request signature was seen before; the app answers 401."""


class EnrolmentConflict(StorageConflict):
    """A pending enrolment request for this account carries another signing key."""


class TooManyRequests(StorageConflict):
    """The team already has the most pending enrolment requests allowed."""


class UnknownTeam(StorageConflict):
    """No team with this id is registered."""


class StorageUnavailable(Exception):
    """A known, passing storage failure (busy, disk full, read-only): answered with 503."""


class DatabaseTooNew(FieldcaseError):
    """The server database was written by a newer fieldcase-server; it is left untouched."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"Basis data server ini dibuat oleh fieldcase-server yang lebih baru (skema "
            f"{found}, versi ini mendukung {supported}). Perbarui server; basis data tidak "
            "diubah.",
            f"This server database was made by a newer fieldcase-server (schema {found}, "
            f"this version supports {supported}). Update the server; the database was not "
            "changed.",
        )


class DatabaseUnreadable(FieldcaseError):
    """The file given as the server database is damaged or is not a fieldcase-server database."""

    def __init__(self) -> None:
        super().__init__(
            "Berkas basis data server rusak atau bukan basis data fieldcase-server. Periksa "
            "--db atau pulihkan dari cadangan; berkasnya tidak diubah.",
            "The server database file is damaged or is not a fieldcase-server database. "
            "Check --db or restore a backup; the file was not changed.",
        )

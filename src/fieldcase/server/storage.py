"""The storage interface of the relay server, and the default SQLite implementation.

The app talks to storage only through :class:`Storage`, so an organisation
that outgrows one machine can plug in PostgreSQL (psycopg 3) without touching
request handling. Every method is synchronous and may be called from many
threads at once; the app runs them in a thread pool.

What an implementation must guarantee, beyond the obvious:

- **Cursors** are per team, strictly increasing, and a cursor becomes visible
  to readers only after every smaller cursor of that team is visible. A
  client that has seen cursor 12 never looks below it again, so an envelope
  that commits as 11 *after* 12 was read would be lost to that client.
  SQLite gets this from its single writer; PostgreSQL needs the per-team
  counter row locked (``SELECT … FOR UPDATE``) in the inserting transaction.
- **Idempotent puts**: the same (team, envelope id) with the same bytes gives
  back the first cursor; with other bytes it raises :class:`EnvelopeConflict`.
  Two concurrent puts of one new id store it once.
- **Rosters** only move forward: :meth:`Storage.save_roster` compares the
  version and replaces roster and members in one transaction.
- **Seen signatures** are durable (a restart must not reopen the replay window),
  and a put with ``seen`` records it atomically with the envelope.
- Only what the arguments carry is stored: no request headers, no client
  addresses.
"""

from __future__ import annotations

from typing import Protocol

from .records import (
    EnrolmentOpen,
    EnrolmentRequest,
    Member,
    Page,
    PutResult,
    RosterRecord,
    SeenSignature,
    StoredRoster,
)
from .sqlitestore import SqliteStorage

__all__ = ["SqliteStorage", "Storage"]


class Storage(Protocol):
    """Teams, rosters, envelopes and seen request signatures."""

    def add_team(self, team_id: str, public_key: bytes, now_ms: int) -> bool:
        """Register a team; False if it already is, with this key.

        Raises :class:`~fieldcase.server.records.TeamKeyMismatch` if it is
        registered with another key.
        """
        ...

    def team_key(self, team_id: str) -> bytes | None:
        """The team's signing public key, or None for an unknown team."""
        ...

    def roster(self, team_id: str) -> StoredRoster | None:
        """The team's current roster, or None if none was uploaded yet."""
        ...

    def member(self, team_id: str, account_id: str) -> Member | None:
        """The account's entry in the team's current roster, or None."""
        ...

    def save_roster(
        self, record: RosterRecord, now_ms: int, *, register_key: bytes | None = None
    ) -> None:
        """Replace the team's roster and members if ``record`` is strictly newer.

        With ``register_key`` an unknown team is registered with that key in the
        same transaction (trust on first use); a known team must have that key.
        Raises ``UnknownTeam``, ``TeamKeyMismatch`` or ``RosterNotNewer``.
        """
        ...

    def remember_signature(self, seen: SeenSignature) -> None:
        """Record a request signature; raises ``Replayed`` if it was recorded before."""
        ...

    def purge_signatures(self, before_ms: int) -> int:
        """Forget signatures that expired before ``before_ms``; how many were removed."""
        ...

    def put_envelope(
        self,
        team_id: str,
        envelope_id: str,
        sender: str,
        body: bytes,
        now_ms: int,
        *,
        seen: SeenSignature | None = None,
    ) -> PutResult:
        """Store an envelope once; raises ``EnvelopeConflict`` or ``UnknownTeam``.

        With ``seen``, the request's signature is recorded in the same
        transaction (``Replayed`` if it was recorded before, and then nothing
        is stored): one commit per PUT instead of two. It stays recorded when
        the answer is a conflict.
        """
        ...

    def envelopes_after(self, team_id: str, after: int, limit: int, max_bytes: int) -> Page:
        """Up to ``limit`` envelopes with a cursor above ``after``, oldest first.

        A page stops early once its bodies would pass ``max_bytes`` (but always
        holds at least one envelope if there is one), so a page of large
        envelopes cannot exhaust memory.
        """
        ...

    # Enrolment through the server (docs/sync-protocol.md, "Enrolment"). Expired
    # rows are never returned, and are removed by ``purge_enrolments``.

    def open_enrolment(self, opened: EnrolmentOpen) -> None:
        """Store (replace) the team's open enrolment; ``UnknownTeam`` if not registered."""
        ...

    def enrolment_open(self, team_id: str, now_ms: int) -> EnrolmentOpen | None:
        """The team's open enrolment if it has not expired."""
        ...

    def put_enrolment_request(
        self, request: EnrolmentRequest, max_pending: int, seen: SeenSignature
    ) -> bool:
        """Store a request (replacing this account's earlier one, answer cleared) with its
        request signature, atomically; True if new. Raises ``Replayed``,
        ``EnrolmentConflict`` (pending with another key) or ``TooManyRequests``."""
        ...

    def enrolment_requests(self, team_id: str, now_ms: int) -> list[EnrolmentRequest]:
        """The team's unexpired requests, oldest first."""
        ...

    def enrolment_request(
        self, team_id: str, account_id: str, now_ms: int
    ) -> EnrolmentRequest | None:
        """One unexpired request."""
        ...

    def put_enrolment_answer(
        self, team_id: str, account_id: str, answer: bytes, now_ms: int
    ) -> bool:
        """Attach the sealed answer; False if there is no unexpired request."""
        ...

    def delete_enrolment_request(self, team_id: str, account_id: str) -> bool:
        """Remove a request (rejected, withdrawn or done); False if there was none."""
        ...

    def purge_enrolments(self, now_ms: int) -> int:
        """Forget expired open enrolments and requests; how many requests were removed."""
        ...

    def close(self) -> None:
        """Release connections and threads; the storage is unusable afterwards."""
        ...

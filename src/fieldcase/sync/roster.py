"""The team roster: who may sign envelopes, with which keys, and who was revoked.

Revocation rule (docs/formats.md, "Revocation"): when a member is revoked the
supervisor records ``revoked_at`` (UTC), ``revoked_epoch`` (the first epoch
the member does not hold) and ``final_seq`` (the member's changes 1..n the
supervisor already holds). From then on:

- an envelope *signed* by the revoked account is accepted only if its epoch
  is older than ``revoked_epoch`` and it carries nothing but the account's
  own changes numbered at most ``final_seq`` — i.e. data that existed before
  the revocation and can no longer be forged: a backdated HLC does not help,
  because seq numbers up to ``final_seq`` are already taken by changes every
  replica can check;
- a change *authored* by a revoked account with a seq above ``final_seq`` is
  refused whoever relays it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fieldcase.crypto import CryptoError, decode_key, encode_key
from fieldcase.sync.errors import FileDamaged
from fieldcase.sync.signed import verify_doc

#: Roles that may relay other members' changes and hold the team key.
RELAY_ROLES = frozenset({"supervisor", "admin"})


@dataclass(frozen=True)
class Member:
    account_id: str
    signing_public: bytes
    agreement_public: bytes
    role: str
    revoked_at: str | None = None
    revoked_epoch: int | None = None
    final_seq: int | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "signing_public": encode_key(self.signing_public),
            "agreement_public": encode_key(self.agreement_public),
            "role": self.role,
            "revoked_at": self.revoked_at,
            "revoked_epoch": self.revoked_epoch,
            "final_seq": self.final_seq,
        }

    def revoke(self, at: str, epoch: int, final_seq: int) -> Member:
        return replace(self, revoked_at=at, revoked_epoch=epoch, final_seq=final_seq)


def _member(item: Any) -> Member:
    try:
        revoked_epoch = item["revoked_epoch"]
        final_seq = item["final_seq"]
        if revoked_epoch is not None and type(revoked_epoch) is not int:
            raise FileDamaged("roster")
        if final_seq is not None and type(final_seq) is not int:
            raise FileDamaged("roster")
        return Member(
            str(item["account_id"]),
            decode_key(item["signing_public"]),
            decode_key(item["agreement_public"]),
            str(item["role"]),
            item["revoked_at"] if isinstance(item["revoked_at"], str) else None,
            revoked_epoch,
            final_seq,
        )
    except (KeyError, TypeError, CryptoError):
        raise FileDamaged("roster") from None


@dataclass(frozen=True)
class Roster:
    team_id: str
    version: int
    issued_at: str
    epoch: int
    members: tuple[Member, ...]

    def member(self, account_id: str) -> Member | None:
        for m in self.members:
            if m.account_id == account_id:
                return m
        return None

    def active(self) -> list[Member]:
        return [m for m in self.members if not m.revoked]

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "roster",
            "format": 1,
            "team_id": self.team_id,
            "version": self.version,
            "issued_at": self.issued_at,
            "epoch": self.epoch,
            "members": [m.to_json() for m in self.members],
        }

    @classmethod
    def verified(cls, text: Any, signature: Any, team_public: bytes) -> Roster:
        doc = verify_doc(text, signature, team_public, "roster")
        try:
            version, epoch = doc["version"], doc["epoch"]
            if type(version) is not int or type(epoch) is not int or epoch < 1:
                raise FileDamaged("roster")
            return cls(
                str(doc["team_id"]),
                version,
                str(doc["issued_at"]),
                epoch,
                tuple(_member(m) for m in doc["members"]),
            )
        except (KeyError, TypeError):
            raise FileDamaged("roster") from None

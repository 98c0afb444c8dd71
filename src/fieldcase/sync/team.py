"""Teams: creation, enrolment by request/answer, revocation with a new epoch key.

- ``create_team``: a supervisor makes the team signing key (Ed25519), the data
  key of epoch 1 and a recovery key pair (X25519) whose private half is
  returned once, for the office safe, and never stored.
- ``make_request`` / ``answer_request`` / ``accept_answer``: the enrolment
  files carried on a USB stick. The answer holds a certificate and the roster
  (both signed by the team key) and every epoch's data key sealed to the new
  member's X25519 key, bound by associated data to team, epoch and account.
- ``revoke``: roster version + 1 marking the member revoked, and a new data
  key sealed to every remaining member, in a key update signed by the team
  key. Both travel as a *team update* envelope (kind 2) through every
  transport; see ``apply_team_update``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from fieldcase.core.errors import PermissionDenied
from fieldcase.core.hlc import Timestamp
from fieldcase.core.ids import uuid7
from fieldcase.crypto import (
    AgreementKeyPair,
    CryptoError,
    SigningKeyPair,
    decode_key,
    encode_key,
    open_from_public_key,
    random_key,
    seal_to_public_key,
)
from fieldcase.sync import envelope, payload
from fieldcase.sync.errors import EnrolmentError, FileDamaged, NotAuthentic, NotInTeam
from fieldcase.sync.roster import RELAY_ROLES, Member, Roster
from fieldcase.sync.signed import sign_doc, unb64, verify_doc
from fieldcase.vault.audit import utc_now_iso
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState, TeamRecord


@dataclass(frozen=True)
class TeamContext:
    """What an import or export needs: the team, its roster and the keys held."""

    team: TeamRecord
    roster: Roster
    keys: dict[int, bytes]

    def signing_key(self) -> SigningKeyPair:
        if self.team.team_private is None:
            raise PermissionDenied(
                "Hanya supervisor pemegang kunci tim yang dapat melakukan ini.",
                "Only the supervisor holding the team key can do this.",
            )
        return SigningKeyPair.from_private_bytes(self.team.team_private)


def load(session: Session) -> TeamContext:
    """The vault's team, its verified roster and its keys, or :class:`NotInTeam`."""
    state = SyncState(session.db)
    team = state.team()
    stored = state.roster()
    if team is None or stored is None:
        raise NotInTeam()
    roster = Roster.verified(stored[1], stored[2], team.team_public)
    return TeamContext(team, roster, state.keys())


def _key_aad(team_id: str, epoch: int, account_id: str) -> bytes:
    return f"fieldcase/team-key/v1/{team_id}/{epoch}/{account_id}".encode()


def _seal_keys(team_id: str, keys: dict[int, bytes], member: Member) -> dict[str, str]:
    return {
        str(epoch): encode_key(
            seal_to_public_key(
                member.agreement_public, key, _key_aad(team_id, epoch, member.account_id)
            )
        )
        for epoch, key in keys.items()
    }


def _open_keys(
    team_id: str, sealed: Any, me: AgreementKeyPair, account_id: str
) -> dict[int, bytes]:
    if not isinstance(sealed, dict):
        raise FileDamaged("keys")
    keys: dict[int, bytes] = {}
    for epoch_text, blob_text in sealed.items():
        if not str(epoch_text).isdigit() or not isinstance(blob_text, str):
            raise FileDamaged("keys")
        epoch = int(epoch_text)
        blob = unb64(blob_text)
        try:
            keys[epoch] = open_from_public_key(me, blob, _key_aad(team_id, epoch, account_id))
        except CryptoError:
            raise NotAuthentic() from None
    return keys


def _store_roster(state: SyncState, roster: Roster, signer: SigningKeyPair) -> tuple[str, str]:
    text, signature = sign_doc(roster.to_json(), signer)
    state.set_roster(roster.version, text, signature)
    return text, signature


# ------------------------------------------------------------------ creation


@dataclass(frozen=True)
class CreatedTeam:
    team_id: str
    recovery_private: str  # shown once, for the office; never stored


def create_team(session: Session, name: str, region: str) -> CreatedTeam:
    if session.role.value not in RELAY_ROLES:
        raise PermissionDenied(
            "Hanya supervisor atau admin yang dapat membuat tim.",
            "Only a supervisor or an admin can create a team.",
        )
    state = SyncState(session.db)
    if state.team() is not None:
        raise EnrolmentError(
            "Akun ini sudah menjadi anggota tim.", "This account already belongs to a team."
        )
    signing, agreement = session.identity_keys()
    team_key, recovery = SigningKeyPair.generate(), AgreementKeyPair.generate()
    team_id = uuid7()
    me = Member(
        session.account_id, signing.public_bytes, agreement.public_bytes, session.role.value
    )
    roster = Roster(team_id, 1, utc_now_iso(), 1, (me,))
    with sqlite_errors(), session.db.atomic():
        state.set_team(
            TeamRecord(
                team_id,
                name,
                region,
                team_key.public_bytes,
                recovery.public_bytes,
                team_key.private_bytes,
                1,
                None,
            )
        )
        state.add_key(1, random_key())
        _store_roster(state, roster, team_key)
        session.audit.append("sync", None, {"team_created": team_id})
    return CreatedTeam(team_id, encode_key(recovery.private_bytes))


# ----------------------------------------------------------------- enrolment


def make_request(session: Session) -> bytes:
    """The enrolment request file: public keys, name and role, self-signed."""
    signing, agreement = session.identity_keys()
    text, signature = sign_doc(
        {
            "type": "enrol-request",
            "format": 1,
            "account_id": session.account_id,
            "display_name": session.account.display_name,
            "role": session.role.value,
            "signing_public": encode_key(signing.public_bytes),
            "agreement_public": encode_key(agreement.public_bytes),
            "created_at": utc_now_iso(),
        },
        signing,
    )
    return json.dumps({"request": text, "signature": signature}, indent=1).encode()


def _load_json(data: bytes, what: str) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FileDamaged(what) from None
    if not isinstance(doc, dict):
        raise FileDamaged(what)
    return doc


def _parse_request(request: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(verified request document, signing public, agreement public) of a request file."""
    outer = _load_json(request, "enrol-request")
    try:
        inner = json.loads(outer["request"])
        signing_public = decode_key(inner["signing_public"])
        agreement_public = decode_key(inner["agreement_public"])
    except (KeyError, TypeError, ValueError, CryptoError):
        raise FileDamaged("enrol-request") from None
    doc = verify_doc(outer["request"], outer.get("signature"), signing_public, "enrol-request")
    return doc, signing_public, agreement_public


@dataclass(frozen=True)
class EnrolRequest:
    """A verified enrolment request: who asks, with which keys (no secrets)."""

    account_id: str
    display_name: str
    role: str
    signing_public: bytes
    agreement_public: bytes

    @property
    def fingerprint(self) -> str:
        return request_fingerprint(self.signing_public, self.agreement_public)


def read_request(request: bytes) -> EnrolRequest:
    """Parse and verify (self-signature) an enrolment request file."""
    doc, signing_public, agreement_public = _parse_request(request)
    return EnrolRequest(
        str(doc.get("account_id")),
        str(doc.get("display_name")),
        str(doc.get("role")),
        signing_public,
        agreement_public,
    )


def request_fingerprint(signing_public: bytes, agreement_public: bytes) -> str:
    """What the applicant and the supervisor read to each other before approving.

    Covers both public keys (20 base32 characters of their SHA-256, 100 bits):
    a stranger's request, or one whose keys were swapped on the way, shows
    other characters.
    """
    digest = hashlib.sha256(b"fieldcase/enrol-fingerprint/v1" + signing_public + agreement_public)
    text = base64.b32encode(digest.digest()).decode("ascii")[:20]
    return " ".join(text[i : i + 4] for i in range(0, 20, 4))


def _answer(
    ctx: TeamContext, team_key: SigningKeyPair, doc: dict[str, Any], member: Member
) -> tuple[dict[str, Any], tuple[str, str]]:
    """The certificate (signed by the team key) and sealed keys for ``member``."""
    team = ctx.team
    cert = sign_doc(
        {
            "type": "certificate",
            "format": 1,
            "team_id": team.team_id,
            "team_name": team.name,
            "region": team.region,
            "team_public": encode_key(team.team_public),
            "recovery_public": encode_key(team.recovery_public),
            "account_id": member.account_id,
            "display_name": str(doc["display_name"]),
            "role": member.role,
            "signing_public": encode_key(member.signing_public),
            "agreement_public": encode_key(member.agreement_public),
            "issued_at": utc_now_iso(),
        },
        team_key,
    )
    return _seal_keys(team.team_id, ctx.keys, member), cert


def _answer_file(cert: tuple[str, str], roster: tuple[str, str], keys: dict[str, str]) -> bytes:
    answer = {
        "type": "enrol-answer",
        "format": 1,
        "certificate": cert[0],
        "certificate_signature": cert[1],
        "roster": roster[0],
        "roster_signature": roster[1],
        "keys": keys,
    }
    return json.dumps(answer, indent=1).encode()


def answer_request(session: Session, request: bytes, *, reissue: bool = False) -> bytes:
    """Enrol the requesting account: new roster, certificate, sealed keys (answer file).

    With ``reissue``, an account already enrolled with exactly these keys (and
    not revoked) gets its answer again without a new roster: an answer lost on
    the way (a failed upload, a lost USB stick) must not lock the person out.
    """
    ctx = load(session)
    team_key = ctx.signing_key()
    doc, signing_public, agreement_public = _parse_request(request)
    account_id, role = str(doc["account_id"]), str(doc["role"])
    existing = ctx.roster.member(account_id)
    if existing is not None:
        same = (
            reissue
            and not existing.revoked
            and existing.signing_public == signing_public
            and existing.agreement_public == agreement_public
        )
        if not same:
            raise EnrolmentError(
                "Akun ini sudah terdaftar (atau dicabut) di tim.",
                "This account is already enrolled in (or revoked from) the team.",
            )
        stored = SyncState(session.db).roster()
        assert stored is not None  # load() succeeded
        keys, cert = _answer(ctx, team_key, doc, existing)
        return _answer_file(cert, (stored[1], stored[2]), keys)
    member = Member(account_id, signing_public, agreement_public, role)
    team = ctx.team
    roster = Roster(
        team.team_id,
        ctx.roster.version + 1,
        utc_now_iso(),
        team.epoch,
        (*ctx.roster.members, member),
    )
    keys, cert = _answer(ctx, team_key, doc, member)
    with sqlite_errors(), session.db.atomic():
        roster_text, roster_sig = _store_roster(SyncState(session.db), roster, team_key)
        _queue_update(session, ctx, roster_text, roster_sig, None)
        session.audit.append("sync", None, {"enrolled": account_id})
    return _answer_file(cert, (roster_text, roster_sig), keys)


def accept_answer(session: Session, answer: bytes) -> str:
    """Store the team, roster and keys of an enrolment answer; returns the team id."""
    doc = _load_json(answer, "enrol-answer")
    if doc.get("type") != "enrol-answer":
        raise FileDamaged("enrol-answer")
    try:
        team_public = decode_key(json.loads(doc["certificate"])["team_public"])
    except (KeyError, TypeError, ValueError, CryptoError):
        raise FileDamaged("enrol-answer") from None
    cert = verify_doc(
        doc["certificate"], doc.get("certificate_signature"), team_public, "certificate"
    )
    signing, agreement = session.identity_keys()
    if (
        cert.get("account_id") != session.account_id
        or cert.get("signing_public") != encode_key(signing.public_bytes)
        or cert.get("agreement_public") != encode_key(agreement.public_bytes)
    ):
        raise EnrolmentError(
            "Jawaban pendaftaran ini untuk akun lain.",
            "This enrolment answer is for another account.",
        )
    team_id = str(cert["team_id"])
    roster = Roster.verified(doc.get("roster"), doc.get("roster_signature"), team_public)
    if roster.team_id != team_id or roster.member(session.account_id) is None:
        raise FileDamaged("enrol-answer")
    keys = _open_keys(team_id, doc.get("keys"), agreement, session.account_id)
    if roster.epoch not in keys:
        raise FileDamaged("enrol-answer")
    state = SyncState(session.db)
    if state.team() is not None:
        raise EnrolmentError(
            "Akun ini sudah menjadi anggota tim.", "This account already belongs to a team."
        )
    with sqlite_errors(), session.db.atomic():
        state.set_team(
            TeamRecord(
                team_id,
                str(cert["team_name"]),
                str(cert["region"]),
                team_public,
                decode_key(str(cert["recovery_public"])),
                None,
                roster.epoch,
                doc["certificate"],
            )
        )
        for epoch, key in keys.items():
            state.add_key(epoch, key)
        state.set_roster(roster.version, doc["roster"], doc["roster_signature"])
        session.audit.append("sync", None, {"joined_team": team_id})
    return team_id


# ---------------------------------------------------------------- revocation


def revoke(session: Session, account_id: str) -> int:
    """Revoke a member and move the others to a new epoch; returns the new epoch."""
    ctx = load(session)
    team_key = ctx.signing_key()
    target = ctx.roster.member(account_id)
    if target is None or target.revoked:
        raise EnrolmentError(
            "Akun itu bukan anggota aktif tim.", "That account is not an active team member."
        )
    if account_id == session.account_id:
        raise EnrolmentError(
            "Supervisor tidak dapat mencabut akunnya sendiri.",
            "A supervisor cannot revoke their own account.",
        )
    new_epoch = ctx.team.epoch + 1
    new_key = random_key()
    final_seq = session.cases.contiguous_seq(account_id)
    members = tuple(
        m.revoke(utc_now_iso(), new_epoch, final_seq) if m.account_id == account_id else m
        for m in ctx.roster.members
    )
    roster = Roster(ctx.team.team_id, ctx.roster.version + 1, utc_now_iso(), new_epoch, members)
    update_text, update_sig = sign_doc(
        {
            "type": "key-update",
            "format": 1,
            "team_id": ctx.team.team_id,
            "epoch": new_epoch,
            "keys": {
                m.account_id: _seal_keys(ctx.team.team_id, {new_epoch: new_key}, m)[str(new_epoch)]
                for m in roster.active()
            },
        },
        team_key,
    )
    state = SyncState(session.db)
    with sqlite_errors(), session.db.atomic():
        roster_text, roster_sig = _store_roster(state, roster, team_key)
        state.add_key(new_epoch, new_key)
        state.set_epoch(new_epoch)
        _queue_update(session, ctx, roster_text, roster_sig, (update_text, update_sig))
        session.audit.append("sync", None, {"revoked": account_id, "epoch": new_epoch})
    return new_epoch


def _queue_update(
    session: Session,
    ctx: TeamContext,
    roster_text: str,
    roster_sig: str,
    key_update: tuple[str, str] | None,
) -> None:
    """Put a team update envelope in the outbox, sealed under the *current* epoch key
    (every remaining member holds it; the new key inside is sealed per member)."""
    body = {
        "roster": roster_text,
        "roster_signature": roster_sig,
        "key_update": key_update[0] if key_update else None,
        "key_update_signature": key_update[1] if key_update else None,
    }
    signing, _ = session.identity_keys()
    envelope_id = uuid7()
    header = envelope.Header(
        envelope_id=envelope_id,
        team_id=ctx.team.team_id,
        epoch=ctx.team.epoch,
        sender=session.account_id,
        seq_first=0,
        seq_last=0,
        created_hlc=session.cases.clock.now(),
        count=1,
        kind=envelope.KIND_TEAM_UPDATE,
    )
    data = envelope.build(header, ctx.keys[ctx.team.epoch], payload.compress(body), signing)
    SyncState(session.db).add_outbox(envelope_id, data)


def apply_team_update(session: Session, ctx: TeamContext, body: Any) -> TeamContext:
    """Adopt a newer roster (and my new epoch key) from a verified team update envelope.

    Runs inside the import transaction. An older or equal roster version is
    ignored (replays change nothing).
    """
    if not isinstance(body, dict):
        raise FileDamaged("team update")
    team = ctx.team
    roster = Roster.verified(body.get("roster"), body.get("roster_signature"), team.team_public)
    if roster.team_id != team.team_id:
        raise FileDamaged("team update")
    if roster.version <= ctx.roster.version:
        return ctx
    state = SyncState(session.db)
    keys = dict(ctx.keys)
    if body.get("key_update") is not None:
        update = verify_doc(
            body["key_update"], body.get("key_update_signature"), team.team_public, "key-update"
        )
        sealed = update.get("keys")
        if update.get("team_id") != team.team_id or not isinstance(sealed, dict):
            raise FileDamaged("team update")
        mine = sealed.get(session.account_id)
        if mine is not None:
            _, agreement = session.identity_keys()
            keys.update(
                _open_keys(
                    team.team_id, {str(update["epoch"]): mine}, agreement, session.account_id
                )
            )
    state.set_roster(roster.version, str(body["roster"]), str(body["roster_signature"]))
    for epoch, key in keys.items():
        state.add_key(epoch, key)
    epoch = roster.epoch if roster.epoch in keys else team.epoch
    state.set_epoch(epoch)
    new_team = TeamRecord(
        team.team_id,
        team.name,
        team.region,
        team.team_public,
        team.recovery_public,
        team.team_private,
        epoch,
        team.certificate,
    )
    return TeamContext(new_team, roster, keys)


def server_roster(ctx: TeamContext) -> tuple[str, str]:
    """The relay protocol's roster (its fields only), signed by the team key."""
    doc = {
        "format": 1,
        "team_id": ctx.roster.team_id,
        "version": ctx.roster.version,
        "issued_at": ctx.roster.issued_at,
        "members": [
            {
                "account_id": m.account_id,
                "signing_public": encode_key(m.signing_public),
                "role": m.role,
                "revoked_at": m.revoked_at,
            }
            for m in ctx.roster.members
        ],
    }
    return sign_doc(doc, ctx.signing_key())


def fingerprint(public: bytes) -> str:
    """A short text to compare by phone: the team key, grouped."""
    text = encode_key(public)[:20]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def hlc_ms(hlc: str) -> int:
    return Timestamp.parse(hlc).ms

"""Enrolment through the relay server: the same request and answer files, sealed in transit.

The flow (docs/sync-protocol.md, "Enrolment"):

1. the supervisor *opens* enrolment (:func:`open_enrolment`): a document
   signed by the team key naming the supervisor's X25519 key and an expiry;
2. the applicant fetches it, checks the team signature, and posts its
   enrolment request sealed to that key (:func:`post_request`); both the team
   key fingerprint and the request fingerprint are shown;
3. the supervisor lists the requests (:func:`pending`), reads the request
   fingerprint with the applicant by phone, and approves (:func:`approve`):
   exactly the answer file of the USB path (``team.answer_request``), sealed
   to the applicant's X25519 key, after uploading the new roster;
4. the applicant fetches and accepts it (:func:`fetch_answer`).

The server never sees a name, a role, a certificate or a key other than a
public one. Associated data binds each sealed blob to team and account, so
an answer cannot be replayed to another account or from another team.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fieldcase.crypto import (
    CryptoError,
    decode_key,
    encode_key,
    open_from_public_key,
    seal_to_public_key,
)
from fieldcase.sync import team
from fieldcase.sync.enrolterms import DEFAULT_OPEN_DAYS, MAX_OPEN_DAYS
from fieldcase.sync.errors import (
    EnrolmentError,
    FileDamaged,
    NotAuthentic,
    TransportFailed,
    WrongTeam,
)
from fieldcase.sync.relay import RelayClient, RelayRefused
from fieldcase.sync.signed import b64, sign_doc, unb64, verify_doc
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session
from fieldcase.vault.syncstate import SyncState


class EnrolmentPending(EnrolmentError):
    def __init__(self) -> None:
        super().__init__(
            "Supervisor belum menyetujui permintaan pendaftaran. Coba lagi nanti.",
            "The supervisor has not approved the enrolment request yet. Try again later.",
        )


class FingerprintMismatch(EnrolmentError):
    def __init__(self) -> None:
        super().__init__(
            "Sidik permintaan tidak cocok dengan yang dibacakan pemohon. Jangan setujui; "
            "minta pemohon mengirim ulang dan bandingkan lagi.",
            "The request fingerprint does not match the one the applicant read out. Do not "
            "approve; ask the applicant to send it again and compare again.",
        )


def _request_aad(team_id: str, account_id: str) -> bytes:
    return f"fieldcase/enrol-request/v1/{team_id}/{account_id}".encode()


def _answer_aad(team_id: str, account_id: str) -> bytes:
    return f"fieldcase/enrol-answer/v1/{team_id}/{account_id}".encode()


def _base(team_id: str) -> str:
    return f"/v1/teams/{team_id}/enrolment"


def _json(response: Any) -> dict[str, Any]:
    try:
        doc = response.json()
    except ValueError:
        raise FileDamaged("server") from None
    if not isinstance(doc, dict):
        raise FileDamaged("server")
    return doc


def client_for(session: Session, url: str, team_id: str | None = None) -> RelayClient:
    """A relay client signing as this account (for a team it may not belong to yet)."""
    signing, _ = session.identity_keys()
    if team_id is None:
        team_id = team.load(session).team.team_id
    return RelayClient(url, team_id, session.account_id, signing)


# ---------------------------------------------------------------- supervisor


def publish_roster(session: Session, client: RelayClient) -> None:
    """Upload the server's roster, if this account holds the team key (409 is fine)."""
    ctx = team.load(session)
    if ctx.team.team_private is None:
        return
    text, signature = team.server_roster(ctx)
    client.put_roster(text, signature)


def open_enrolment(session: Session, client: RelayClient, days: int = DEFAULT_OPEN_DAYS) -> str:
    """Publish the enrolment-open document; returns its expiry (UTC ISO)."""
    if not 1 <= days <= MAX_OPEN_DAYS:
        raise EnrolmentError(
            f"Lama pendaftaran dibuka harus 1–{MAX_OPEN_DAYS} hari.",
            f"Enrolment can stay open for 1–{MAX_OPEN_DAYS} days.",
        )
    ctx = team.load(session)
    team_key = ctx.signing_key()
    _, agreement = session.identity_keys()
    expires = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    text, signature = sign_doc(
        {
            "type": "enrolment-open",
            "format": 1,
            "team_id": ctx.team.team_id,
            "agreement_public": encode_key(agreement.public_bytes),
            "expires_at": expires,
        },
        team_key,
    )
    publish_roster(session, client)
    body = json.dumps({"document": text, "signature": signature}).encode()
    client.call("PUT", _base(ctx.team.team_id), body, "application/json")
    with sqlite_errors(), session.db.atomic():
        session.audit.append("sync", None, {"enrolment_opened_until": expires})
    return expires


@dataclass(frozen=True)
class Pending:
    """One waiting request as the supervisor sees it (after opening it locally)."""

    account_id: str
    received_ms: int
    expires_ms: int
    answered: bool
    request: team.EnrolRequest | None  # None: could not be opened or verified
    raw: bytes | None

    @property
    def fingerprint(self) -> str:
        return self.request.fingerprint if self.request else "—"


def pending(session: Session, client: RelayClient) -> list[Pending]:
    """The team's waiting requests, each opened and checked (self-signature, keys, id)."""
    ctx = team.load(session)
    ctx.signing_key()  # only the holder of the team key can answer
    _, agreement = session.identity_keys()
    doc = _json(client.call("GET", f"{_base(ctx.team.team_id)}/requests"))
    found: list[Pending] = []
    items = doc.get("requests")
    if not isinstance(items, list):
        raise FileDamaged("server")
    for item in items:
        try:
            account_id = str(item["account_id"])
            stored_key = decode_key(str(item["signing_public"]))
            sealed = unb64(item["sealed"])
            received, expires = int(item["received_ms"]), int(item["expires_ms"])
            answered = bool(item["answered"])
        except (KeyError, TypeError, ValueError, CryptoError, FileDamaged):
            raise FileDamaged("server") from None
        request: team.EnrolRequest | None = None
        raw: bytes | None = None
        try:
            raw = open_from_public_key(
                agreement, sealed, _request_aad(ctx.team.team_id, account_id)
            )
            request = team.read_request(raw)
            if request.account_id != account_id or request.signing_public != stored_key:
                request, raw = None, None
        except (CryptoError, FileDamaged, NotAuthentic):
            request, raw = None, None
        found.append(Pending(account_id, received, expires, answered, request, raw))
    return found


def _normal(fingerprint: str) -> str:
    return "".join(fingerprint.split()).upper()


def approve(session: Session, client: RelayClient, account_id: str, fingerprint: str) -> None:
    """Answer one request, exactly as the file path does, and post the sealed answer.

    The fingerprint the applicant read out must match: that is what proves the
    request on the server is theirs. The roster is uploaded before the answer,
    so the new member can sync as soon as it has the answer. If the account
    was enrolled before but its answer was lost, the answer is made again.
    """
    ctx = team.load(session)
    match = [p for p in pending(session, client) if p.account_id == account_id]
    if not match:
        raise EnrolmentError(
            "Tidak ada permintaan pendaftaran dari akun itu di server.",
            "There is no enrolment request from that account on the server.",
        )
    item = match[0]
    if item.request is None or item.raw is None:
        raise NotAuthentic()
    if _normal(fingerprint) != _normal(item.request.fingerprint):
        raise FingerprintMismatch()
    answer = team.answer_request(session, item.raw, reissue=True)
    publish_roster(session, client)
    sealed = seal_to_public_key(
        item.request.agreement_public, answer, _answer_aad(ctx.team.team_id, account_id)
    )
    client.call(
        "PUT",
        f"{_base(ctx.team.team_id)}/requests/{account_id}/answer",
        sealed,
        "application/octet-stream",
    )


def reject(session: Session, client: RelayClient, account_id: str) -> None:
    """Remove a request from the server (a stranger's, or one whose fingerprint did not match)."""
    ctx = team.load(session)
    client.call("DELETE", f"{_base(ctx.team.team_id)}/requests/{account_id}")
    with sqlite_errors(), session.db.atomic():
        session.audit.append("sync", None, {"enrolment_rejected": account_id})


# ----------------------------------------------------------------- applicant


@dataclass(frozen=True)
class Posted:
    team_id: str
    team_fingerprint: str
    request_fingerprint: str


def _not_in_team(session: Session) -> None:
    if SyncState(session.db).team() is not None:
        raise EnrolmentError(
            "Akun ini sudah menjadi anggota tim.", "This account already belongs to a team."
        )


def post_request(session: Session, client: RelayClient) -> Posted:
    """Fetch the team's open enrolment, check it, post this account's sealed request."""
    _not_in_team(session)
    team_id = client.team_id
    doc = _json(client.get_unsigned(_base(team_id)))
    try:
        team_public = decode_key(str(doc["team_public_key"]))
    except (KeyError, CryptoError):
        raise FileDamaged("enrolment-open") from None
    opened = verify_doc(doc.get("document"), doc.get("signature"), team_public, "enrolment-open")
    if opened.get("team_id") != team_id:
        raise WrongTeam()
    try:
        recipient = decode_key(str(opened["agreement_public"]))
    except (KeyError, CryptoError):
        raise FileDamaged("enrolment-open") from None
    request = team.make_request(session)
    mine = team.read_request(request)
    sealed = seal_to_public_key(recipient, request, _request_aad(team_id, session.account_id))
    body = json.dumps(
        {"signing_public": encode_key(mine.signing_public), "sealed": b64(sealed)}
    ).encode()
    client.call("PUT", f"{_base(team_id)}/requests/{session.account_id}", body, "application/json")
    return Posted(team_id, team.fingerprint(team_public), mine.fingerprint)


def fetch_answer(session: Session, client: RelayClient) -> str:
    """Fetch, open, check and accept the answer; returns the team id.

    Refused with nothing stored: an answer not sealed to this account for this
    team (tampered, replayed from another account or team), one whose
    certificate names another team, or any answer once the account is in a team.
    """
    _not_in_team(session)
    team_id = client.team_id
    try:
        response = client.call("GET", f"{_base(team_id)}/requests/{session.account_id}/answer")
    except RelayRefused as exc:
        if exc.code == "enrolment_pending":
            raise EnrolmentPending() from None
        raise
    _, agreement = session.identity_keys()
    try:
        answer = open_from_public_key(
            agreement, response.content, _answer_aad(team_id, session.account_id)
        )
    except CryptoError:
        raise NotAuthentic() from None
    try:
        cert = json.loads(json.loads(answer)["certificate"])
        named = cert["team_id"]
    except (ValueError, KeyError, TypeError):
        raise FileDamaged("enrol-answer") from None
    if named != team_id:
        raise WrongTeam()
    joined = team.accept_answer(session, answer)
    # Done with it: the server may forget the request and its answer (else it expires).
    with contextlib.suppress(TransportFailed):
        client.call("DELETE", f"{_base(team_id)}/requests/{session.account_id}")
    return joined

"""Roster uploads: the team-signed list of who may talk to the server for a team.

The server trusts a roster only because the team's signing key (held by
supervisors) signed its exact text, so the signature is checked over the
UTF-8 bytes of the string as uploaded, *before* the JSON inside is parsed.
Parsing is then strict — duplicate or unknown keys, wrong types, bad keys or
dates are refused — because a lenient parser is how two programs come to
disagree about what one signed document says. Error messages name the field
that is wrong, never the value that was sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from fieldcase.core.roles import Role
from fieldcase.crypto import CryptoError, decode_key, verify_signature

from . import errors
from .checks import is_valid_id
from .records import Member, RosterRecord, StoredRoster

__all__ = [
    "MAX_MEMBERS",
    "MAX_ROSTER_BYTES",
    "ROSTER_FORMAT",
    "SUPERVISOR_ROLES",
    "RosterUpload",
    "parse_roster",
    "parse_upload",
    "parse_utc_ms",
    "verify_upload",
]

ROSTER_FORMAT = 1
MAX_ROSTER_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_VERSION = 2**53 - 1  # exact in every JSON implementation
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})
_ROLES = frozenset(role.value for role in Role)
_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|\+00:00)")

_UPLOAD_KEYS = frozenset({"roster", "signature"})
_UPLOAD_OPTIONAL = frozenset({"team_public_key"})
_ROSTER_KEYS = frozenset({"format", "team_id", "version", "issued_at", "members"})
_MEMBER_KEYS = frozenset({"account_id", "signing_public", "role", "revoked_at"})


@dataclass(frozen=True)
class RosterUpload:
    """The body of ``PUT /v1/teams/{team_id}/roster``, checked for shape only."""

    text: str = field(repr=False)
    signature: bytes = field(repr=False)
    team_public_key: bytes | None = None


class _Invalid(ValueError):
    """Raised inside the JSON hooks; turned into a 400 without its details."""


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _Invalid("duplicate key")
        result[key] = value
    return result


def _reject_constant(_name: str) -> object:
    raise _Invalid("NaN or Infinity")


def _load_json(text: str, *, what_id: str, what_en: str) -> object:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except (ValueError, RecursionError):
        raise errors.invalid_roster(
            f"{what_id} bukan JSON yang sah (atau ada kunci ganda)",
            f"{what_en} is not valid JSON (or has a duplicate key)",
        ) from None


def _object(
    value: object, required: frozenset[str], optional: frozenset[str], where: str
) -> dict[str, object]:
    if not isinstance(value, dict):
        raise errors.invalid_roster(f"{where} harus objek JSON", f"{where} must be a JSON object")
    keys = set(value)
    if not required <= keys:
        missing = ", ".join(sorted(required - keys))
        raise errors.invalid_roster(f"{where} tanpa {missing}", f"{where} lacks {missing}")
    if keys - required - optional:
        raise errors.invalid_roster(
            f"{where} berisi kunci yang tidak dikenal", f"{where} has an unknown key"
        )
    return value


def _text(obj: dict[str, object], key: str, where: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise errors.invalid_roster(f"{where}.{key} harus teks", f"{where}.{key} must be text")
    return value


def _key(obj: dict[str, object], key: str, where: str, length: int = 32) -> bytes:
    try:
        return decode_key(_text(obj, key, where), length)
    except CryptoError:
        raise errors.invalid_roster(
            f"{where}.{key} bukan base64url tanpa padding sepanjang {length} bita",
            f"{where}.{key} is not unpadded base64url of {length} bytes",
        ) from None


def parse_utc_ms(value: str) -> int | None:
    """Milliseconds since the epoch of ``YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+00:00)``, else None."""
    if _UTC_TIME.fullmatch(value) is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return int(moment.timestamp() * 1000)


def _time(obj: dict[str, object], key: str, where: str, *, nullable: bool) -> int | None:
    value = obj[key]
    if value is None and nullable:
        return None
    ms = parse_utc_ms(value) if isinstance(value, str) else None
    if ms is None:
        raise errors.invalid_roster(
            f"{where}.{key} harus waktu UTC ISO 8601 (mis. 2026-11-27T10:00:00Z)",
            f"{where}.{key} must be a UTC ISO 8601 time (e.g. 2026-11-27T10:00:00Z)",
        )
    return ms


def _int(obj: dict[str, object], key: str, low: int, high: int) -> int:
    value = obj[key]
    if type(value) is not int or not low <= value <= high:
        raise errors.invalid_roster(
            f"{key} harus bilangan bulat {low}–{high}", f"{key} must be an integer {low}–{high}"
        )
    return value


def parse_upload(body: bytes) -> RosterUpload:
    """The upload body ``{"roster": str, "signature": str[, "team_public_key": str]}``."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.invalid_roster("isi bukan UTF-8", "the body is not UTF-8") from None
    obj = _object(
        _load_json(text, what_id="isi", what_en="the body"), _UPLOAD_KEYS, _UPLOAD_OPTIONAL, "body"
    )
    roster_text = _text(obj, "roster", "body")
    signature = _key(obj, "signature", "body", 64)
    team_key = _key(obj, "team_public_key", "body") if "team_public_key" in obj else None
    return RosterUpload(roster_text, signature, team_key)


def verify_upload(upload: RosterUpload, team_key: bytes) -> None:
    """Raise 401 unless the team key signed the roster text exactly as uploaded."""
    try:
        verify_signature(team_key, upload.text.encode("utf-8"), upload.signature)
    except (CryptoError, UnicodeEncodeError):
        raise errors.bad_roster_signature() from None


def parse_roster(upload: RosterUpload, team_id: str) -> RosterRecord:
    """Parse a verified roster for ``team_id``; every rule of the format is checked here."""
    obj = _object(
        _load_json(upload.text, what_id="roster", what_en="roster"),
        _ROSTER_KEYS,
        frozenset(),
        "roster",
    )
    _int(obj, "format", ROSTER_FORMAT, ROSTER_FORMAT)
    if _text(obj, "team_id", "roster") != team_id:
        raise errors.invalid_roster(
            "team_id tidak sama dengan tim di alamat", "team_id differs from the team in the path"
        )
    version = _int(obj, "version", 1, MAX_VERSION)
    _time(obj, "issued_at", "roster", nullable=False)
    entries = obj["members"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_MEMBERS:
        raise errors.invalid_roster(
            f"members harus daftar 1–{MAX_MEMBERS} anggota",
            f"members must be a list of 1–{MAX_MEMBERS} members",
        )
    members = tuple(_member(entry) for entry in entries)
    if len({m.account_id for m in members}) != len(members):
        raise errors.invalid_roster("account_id ganda", "duplicate account_id")
    if not any(m.role in SUPERVISOR_ROLES and m.revoked_ms is None for m in members):
        raise errors.invalid_roster(
            "harus ada supervisor atau admin yang tidak dicabut (agar daftar bisa diperbarui)",
            "there must be a supervisor or admin who is not revoked (so the roster can be updated)",
        )
    stored = StoredRoster(team_id, version, upload.text, upload.signature)
    return RosterRecord(stored, members)


def _member(entry: object) -> Member:
    obj = _object(entry, _MEMBER_KEYS, frozenset(), "member")
    account_id = _text(obj, "account_id", "member")
    if not is_valid_id(account_id):
        raise errors.invalid_roster(
            "member.account_id harus 1–64 karakter A-Z, a-z, 0-9, '-'",
            "member.account_id must be 1–64 characters A-Z, a-z, 0-9, '-'",
        )
    role = _text(obj, "role", "member")
    if role not in _ROLES:
        raise errors.invalid_roster(
            "member.role harus salah satu dari " + ", ".join(sorted(_ROLES)),
            "member.role must be one of " + ", ".join(sorted(_ROLES)),
        )
    signing_public = _key(obj, "signing_public", "member")
    revoked_ms = _time(obj, "revoked_at", "member", nullable=True)
    return Member(account_id, signing_public, role, revoked_ms)

"""Referral and consent records as case fields: the paths, and reading them back.

Paths (documented in docs/referrals.md):

* ``rujukan[n].<name>`` — one referral, the same record the eight referral
  forms of the wizard write (``fieldcase_record: rujukan``), so a referral
  made from the dialog can be completed in the wizard and the procedure's
  deadlines and closure rule (``rujukan[*].status_rujukan``) see both.
* ``persetujuan_berbagi[k].<name>`` — one consent to share information with
  one receiving institution, and its withdrawal.

Every value is plain JSON (codes, ISO dates, short texts), so records sync
and merge field by field like the rest of the case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fieldcase.core.changes import JsonValue

REFERRAL = "rujukan"
CONSENT = "persetujuan_berbagi"
_PATH_RE = re.compile(r"(rujukan|persetujuan_berbagi)\[([1-9][0-9]*)\]\.([a-z_]+)")


class Status(StrEnum):
    """A referral's status (the referral forms' ``status_rujukan`` choices)."""

    SENT = "dikirim"
    ACCEPTED = "diterima"
    DECLINED = "ditolak"
    COMPLETED = "selesai"


#: Where each status may go next. Declined and completed are final: a new
#: referral (to another institution) is made instead.
TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED, Status.DECLINED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
}
#: The date field each status sets.
STATUS_DATE: Mapping[Status, str] = {
    Status.SENT: "tanggal_dikirim",
    Status.ACCEPTED: "tanggal_diterima",
    Status.DECLINED: "tanggal_ditolak",
    Status.COMPLETED: "tanggal_selesai",
}
OPEN_STATUSES = frozenset({Status.SENT, Status.ACCEPTED})

BASIS_CONSENT = "persetujuan"
BASIS_MANDATORY = "pemberitahuan_wajib"
CONSENT_ACTIVE = "berlaku"
CONSENT_WITHDRAWN = "ditarik"


def referral_path(index: int, name: str) -> str:
    return f"{REFERRAL}[{index}].{name}"


def consent_path(index: int, name: str) -> str:
    return f"{CONSENT}[{index}].{name}"


def _records(fields: Mapping[str, object], record: str) -> dict[int, dict[str, object]]:
    found: dict[int, dict[str, object]] = {}
    for path, value in fields.items():
        match = _PATH_RE.fullmatch(path)
        if match and match.group(1) == record:
            found.setdefault(int(match.group(2)), {})[match.group(3)] = value
    return found


def next_index(paths: Mapping[str, object], record: str) -> int:
    """One more than the highest index used (tombstoned paths included)."""
    highest = 0
    for path in paths:
        match = _PATH_RE.fullmatch(path)
        if match and match.group(1) == record:
            highest = max(highest, int(match.group(2)))
    return highest + 1


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        return tuple(value.split())
    return ()


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


@dataclass(frozen=True)
class Referral:
    """One ``rujukan[n]`` record as read from the case."""

    index: int
    stream: str | None
    institution_id: str | None
    institution_name: str
    institution_type: str | None
    region: str | None
    purposes: tuple[str, ...]
    purpose_other: str
    basis: str | None
    consent_index: int | None
    legal_basis: str | None
    legal_basis_other: str
    status: Status | None
    dates: Mapping[Status, date | None]
    decline_reason: str

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def mandatory(self) -> bool:
        return self.basis == BASIS_MANDATORY


@dataclass(frozen=True)
class Consent:
    """One ``persetujuan_berbagi[k]`` record: consent to share with one institution."""

    index: int
    institution_id: str | None
    institution_name: str
    institution_type: str | None
    age_group: str | None
    child: str | None
    caregiver: str | None
    giver: str | None
    form: str | None
    given_on: date | None
    scope: tuple[str, ...]
    status: str | None
    withdrawn_on: date | None

    @property
    def active(self) -> bool:
        return self.status == CONSENT_ACTIVE

    def covers(self, stream: str) -> bool:
        return stream in self.scope


def _status(value: object) -> Status | None:
    try:
        return Status(value) if isinstance(value, str) else None
    except ValueError:
        return None


def referrals(fields: Mapping[str, object]) -> list[Referral]:
    """Every referral record of a case, by index."""
    found = []
    for index, values in sorted(_records(fields, REFERRAL).items()):
        found.append(
            Referral(
                index=index,
                stream=_opt(values.get("layanan_rujukan")),
                institution_id=_opt(values.get("id_lembaga")),
                institution_name=_text(values.get("lembaga_penerima")),
                institution_type=_opt(values.get("jenis_lembaga")),
                region=_opt(values.get("wilayah_lembaga")),
                purposes=_codes(values.get("tujuan_rujukan")),
                purpose_other=_text(values.get("tujuan_rujukan_lainnya")),
                basis=_opt(values.get("dasar_berbagi_informasi")),
                consent_index=_int(values.get("nomor_persetujuan")),
                legal_basis=_opt(values.get("dasar_hukum_pemberitahuan")),
                legal_basis_other=_text(values.get("dasar_hukum_lainnya")),
                status=_status(values.get("status_rujukan")),
                dates={s: _date(values.get(f)) for s, f in STATUS_DATE.items()},
                decline_reason=_text(values.get("alasan_ditolak")),
            )
        )
    return found


def consents(fields: Mapping[str, object]) -> list[Consent]:
    """Every consent record of a case, by index."""
    found = []
    for index, values in sorted(_records(fields, CONSENT).items()):
        found.append(
            Consent(
                index=index,
                institution_id=_opt(values.get("id_lembaga")),
                institution_name=_text(values.get("lembaga")),
                institution_type=_opt(values.get("jenis_lembaga")),
                age_group=_opt(values.get("kelompok_umur")),
                child=_opt(values.get("persetujuan_anak")),
                caregiver=_opt(values.get("persetujuan_pengasuh")),
                giver=_opt(values.get("pemberi_persetujuan")),
                form=_opt(values.get("bentuk_persetujuan")),
                given_on=_date(values.get("tanggal_persetujuan")),
                scope=_codes(values.get("cakupan")),
                status=_opt(values.get("status_persetujuan")),
                withdrawn_on=_date(values.get("tanggal_ditarik")),
            )
        )
    return found


def referral(fields: Mapping[str, object], index: int) -> Referral | None:
    return next((r for r in referrals(fields) if r.index == index), None)


def consent(fields: Mapping[str, object], index: int) -> Consent | None:
    return next((c for c in consents(fields) if c.index == index), None)


def as_fields(
    values: Mapping[str, JsonValue], path: Callable[[int, str], str], index: int
) -> dict[str, JsonValue]:
    """``{name: value}`` → ``{record[index].name: value}``, empty values left out."""
    return {path(index, k): v for k, v in values.items() if v not in (None, "", [])}

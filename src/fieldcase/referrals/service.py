"""Recording consents and referrals in the vault: each action is one change.

Every function reads the case, checks the rules of :mod:`.rules`, and
saves the new fields with ``CaseStore.save`` inside one transaction, so a
check and its write cannot be separated by another save on this laptop.
The change carries each field's base hlc like any other save, so two
workers who update the same referral on two laptops get a conflict shown
to a person, not a silent overwrite. Runs on the vault thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import InvalidInput
from fieldcase.referrals.catalog import TYPE_BY_ID, Stream
from fieldcase.referrals.directory import Institution
from fieldcase.referrals.records import (
    BASIS_CONSENT,
    BASIS_MANDATORY,
    CONSENT,
    CONSENT_ACTIVE,
    CONSENT_WITHDRAWN,
    REFERRAL,
    STATUS_DATE,
    Status,
    as_fields,
    consent,
    consent_path,
    next_index,
    referral,
    referral_path,
)
from fieldcase.referrals.rules import (
    ConsentInput,
    age_group,
    age_years,
    check_consent,
    check_referral_basis,
    check_transition,
)
from fieldcase.vault import database
from fieldcase.vault.session import Session

MEDIATION = "mediasi"
OTHER = "lainnya"


@dataclass(frozen=True)
class ReferralInput:
    institution: Institution
    stream: Stream
    purposes: tuple[str, ...]
    purpose_other: str
    sent_on: date
    #: Set for a mandatory notification (no consent needed): a key of LEGAL_BASES.
    legal_basis: str | None = None
    legal_basis_other: str = ""


def mediation_allowed(fields: Mapping[str, object]) -> bool:
    """TPKS Pasal 23: never for sexual violence unless the perpetrator is a child;
    never for exploitation, trafficking or any ESA form; not when unknown."""
    kinds = fields.get("jenis_kekerasan")
    kinds = kinds if isinstance(kinds, list) else str(kinds or "").split()
    if not kinds or fields.get("bentuk_esa"):
        return False
    if "eksploitasi" in kinds or "trafficking" in kinds:
        return False
    return "seksual" not in kinds or fields.get("pelaku_anak") == "ya"


def record_consent(session: Session, case_id: str, entry: ConsentInput, today: date) -> int:
    """Record consent to share with one institution; returns the record number."""
    with database.sqlite_errors(), session.db.atomic():
        fields = session.cases.read(case_id)
        group = age_group(age_years(fields, today))
        check_consent(entry, group, today)
        index = next_index(session.cases.field_states(case_id), CONSENT)
        values: dict[str, JsonValue] = {
            "id_lembaga": entry.institution_id,
            "lembaga": entry.institution_name,
            "jenis_lembaga": entry.institution_type,
            "kelompok_umur": group,
            "persetujuan_anak": entry.child,
            "persetujuan_pengasuh": entry.caregiver,
            "pemberi_persetujuan": entry.giver if entry.caregiver == "diberikan" else None,
            "anak_cukup_matang": "ya" if entry.mature and group == "15_17" else None,
            "bentuk_persetujuan": entry.form,
            "tanggal_persetujuan": entry.given_on.isoformat(),
            "cakupan": list(entry.scope),
            "status_persetujuan": CONSENT_ACTIVE,
        }
        session.cases.save(case_id, as_fields(values, consent_path, index))
    return index


def withdraw_consent(session: Session, case_id: str, index: int, on: date, today: date) -> None:
    """Withdraw a consent: no new referral or letter to that recipient rests on it."""
    with database.sqlite_errors(), session.db.atomic():
        fields = session.cases.read(case_id)
        found = consent(fields, index)
        if found is None or not found.active:
            raise InvalidInput(
                "Persetujuan ini tidak ada atau sudah ditarik.",
                "This consent does not exist or was already withdrawn.",
            )
        if on > today or (found.given_on is not None and on < found.given_on):
            raise InvalidInput(
                "Tanggal penarikan harus antara tanggal persetujuan dan hari ini.",
                "The withdrawal date must be between the date of consent and today.",
            )
        session.cases.save(
            case_id,
            {
                consent_path(index, "status_persetujuan"): CONSENT_WITHDRAWN,
                consent_path(index, "tanggal_ditarik"): on.isoformat(),
            },
        )


def check_purposes(fields: Mapping[str, object], purposes: tuple[str, ...], other: str) -> None:
    if not purposes and not other.strip():
        raise InvalidInput("Pilih minimal satu tujuan rujukan.", "Choose at least one purpose.")
    if OTHER in purposes and not other.strip():
        raise InvalidInput("Jelaskan tujuan lainnya.", "Describe the other purpose.")
    if MEDIATION in purposes and not mediation_allowed(fields):
        raise InvalidInput(
            "Mediasi tidak boleh untuk kekerasan seksual atau eksploitasi (UU TPKS Pasal 23).",
            "Mediation is not allowed for sexual violence or exploitation (UU TPKS Art. 23).",
        )


def create_referral(session: Session, case_id: str, entry: ReferralInput, today: date) -> int:
    """Record a sent referral; blocked without consent for the recipient (or a legal duty)."""
    institution = entry.institution
    if institution.type not in TYPE_BY_ID:
        raise InvalidInput("Pilih lembaga penerima.", "Choose the receiving institution.")
    if entry.sent_on > today:
        raise InvalidInput(
            "Tanggal dikirim tidak boleh di masa depan.", "The date sent cannot be in the future."
        )
    with database.sqlite_errors(), session.db.atomic():
        fields = session.cases.read(case_id)
        check_purposes(fields, entry.purposes, entry.purpose_other)
        allowed_by = check_referral_basis(
            fields,
            institution.id,
            institution.type,
            entry.stream.id,
            legal_basis=entry.legal_basis,
            legal_basis_other=entry.legal_basis_other,
        )
        index = next_index(session.cases.field_states(case_id), REFERRAL)
        values: dict[str, JsonValue] = {
            "layanan_rujukan": entry.stream.id,
            "id_lembaga": institution.id,
            "lembaga_penerima": institution.name,
            "jenis_lembaga": institution.type,
            "wilayah_lembaga": institution.region,
            "narahubung_penerima": None if institution.placeholder else institution.contact,
            "kontak_narahubung": None if institution.placeholder else institution.phone,
            "tujuan_rujukan": list(entry.purposes),
            "tujuan_rujukan_lainnya": entry.purpose_other.strip(),
            "status_rujukan": Status.SENT.value,
            STATUS_DATE[Status.SENT]: entry.sent_on.isoformat(),
        }
        if allowed_by is None:
            values["dasar_berbagi_informasi"] = BASIS_MANDATORY
            values["dasar_hukum_pemberitahuan"] = entry.legal_basis
            values["dasar_hukum_lainnya"] = entry.legal_basis_other.strip()
        else:
            values["dasar_berbagi_informasi"] = BASIS_CONSENT
            values["nomor_persetujuan"] = allowed_by.index
            given = allowed_by.given_on.strftime("%d/%m/%Y") if allowed_by.given_on else "-"
            values["referensi_persetujuan"] = f"Persetujuan #{allowed_by.index}, {given}"
        session.cases.save(case_id, as_fields(values, referral_path, index))
    return index


def update_status(
    session: Session,
    case_id: str,
    index: int,
    new: Status,
    on: date,
    today: date,
    reason: str = "",
    *,
    base: Mapping[str, str] | None = None,
) -> None:
    """Move a referral to ``new`` with its date (and the reason, when declined).

    ``base``: the hlcs the person saw when the status dialog opened, so a
    concurrent update on another laptop becomes a visible conflict.
    """
    with database.sqlite_errors(), session.db.atomic():
        fields = session.cases.read(case_id)
        found = referral(fields, index)
        if found is None:
            raise InvalidInput("Rujukan ini tidak ada.", "This referral does not exist.")
        check_transition(found, new, on, today, reason)
        values: dict[str, JsonValue] = {
            referral_path(index, "status_rujukan"): new.value,
            referral_path(index, STATUS_DATE[new]): on.isoformat(),
        }
        if new is Status.DECLINED:
            values[referral_path(index, "alasan_ditolak")] = reason.strip()
        session.cases.save(case_id, values, base=dict(base) if base else None)


def status_bases(session: Session, case_id: str, index: int) -> dict[str, str]:
    """The hlcs of a referral's status fields now (what a status dialog shows)."""
    states = session.cases.field_states(case_id)
    names = ["status_rujukan", *STATUS_DATE.values(), "alasan_ditolak"]
    return {
        referral_path(index, n): states[referral_path(index, n)].hlc
        for n in names
        if referral_path(index, n) in states
    }

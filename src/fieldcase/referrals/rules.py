"""The rules a referral must pass: consent by age, consent per recipient, status moves.

PROCEDURE.md "Consent, assent, confidentiality" [practice, IRC/UNICEF]:
0–5 the caregiver consents; 6–11 the caregiver consents and the child
assents; 12–14 the child assents and the caregiver (or another trusted
adult when the caregiver is the perpetrator) consents; 15–17 a mature
child may consent alone. Consent is per receiving institution and can be
withdrawn; mandatory notifications (TPKS Pasal 41, Permenkes 68/2013) are
recorded as such, not as consent. LPSK applications and medical exams need
written consent.

Pure: takes the case's flat fields, returns records or raises a
bilingual :class:`~fieldcase.core.errors.FieldcaseError`. Messages never
quote case content (institution names are directory data, not case data,
but are left out too so a message can be logged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from fieldcase.core.errors import FieldcaseError, InvalidInput
from fieldcase.referrals.catalog import LEGAL_BASES, STREAM_BY_ID, TYPE_BY_ID
from fieldcase.referrals.records import (
    CONSENT_ACTIVE,
    STATUS_DATE,
    TRANSITIONS,
    Consent,
    Referral,
    Status,
    consents,
)

GIVEN = "diberikan"
REFUSED = "ditolak"
NOT_ASKED = "tidak_diminta"
ANSWERS = (GIVEN, REFUSED, NOT_ASKED)
GIVERS = ("orang_tua", "wali", "orang_dewasa_tepercaya")
FORMS = ("tertulis", "lisan")
AGE_GROUPS = ("0_5", "6_11", "12_14", "15_17")
#: Streams whose service needs written consent (medical exam, LPSK application).
WRITTEN_ONLY = frozenset({"kesehatan", "lpsk"})


class ConsentRequired(FieldcaseError):
    """A referral to a recipient with no valid consent and no mandatory-notification basis."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id, message_en)


def age_years(fields: Mapping[str, object], today: date) -> int | None:
    """The child's age: from the date of birth when known, else the age entered."""
    born = fields.get("tanggal_lahir")
    if isinstance(born, str):
        try:
            birth = date.fromisoformat(born[:10])
        except ValueError:
            birth = None
        if birth is not None:
            years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
            return max(years, 0)
    age = fields.get("umur")
    if isinstance(age, bool):
        return None
    if isinstance(age, int | float):
        return int(age)
    if isinstance(age, str) and age.strip().isdigit():
        return int(age.strip())
    return None


def age_group(age: int | None) -> str | None:
    if age is None or age < 0 or age > 17:
        return None
    if age <= 5:
        return "0_5"
    if age <= 11:
        return "6_11"
    if age <= 14:
        return "12_14"
    return "15_17"


@dataclass(frozen=True)
class ConsentInput:
    """What the worker records: who agreed, how, when, and for which streams."""

    institution_id: str
    institution_name: str
    institution_type: str
    child: str
    caregiver: str
    giver: str | None
    form: str
    given_on: date
    scope: tuple[str, ...]
    #: 15–17 only: the worker judged the child mature enough to decide alone.
    mature: bool = False


def check_consent(entry: ConsentInput, group: str | None, today: date) -> None:
    """Refuse a consent record that the age rule does not allow."""
    if entry.child not in ANSWERS or entry.caregiver not in ANSWERS:
        raise InvalidInput(
            "Pilih jawaban anak dan orang tua/wali.",
            "Choose the child's and the parent/guardian's answer.",
        )
    if entry.form not in FORMS:
        raise InvalidInput(
            "Pilih bentuk persetujuan (tertulis atau lisan).",
            "Choose the form of consent (written or verbal).",
        )
    if entry.institution_type not in TYPE_BY_ID or not entry.institution_id:
        raise InvalidInput("Pilih lembaga penerima.", "Choose the receiving institution.")
    if not entry.scope or any(s not in STREAM_BY_ID for s in entry.scope):
        raise InvalidInput(
            "Pilih minimal satu layanan yang dicakup persetujuan ini.",
            "Choose at least one service this consent covers.",
        )
    if entry.given_on > today:
        raise InvalidInput(
            "Tanggal persetujuan tidak boleh di masa depan.",
            "The date of consent cannot be in the future.",
        )
    child_ok = entry.child == GIVEN
    adult_ok = entry.caregiver == GIVEN
    if adult_ok and entry.giver not in GIVERS:
        raise InvalidInput(
            "Pilih siapa yang memberi persetujuan (orang tua, wali, atau orang dewasa lain "
            "yang dipercaya anak).",
            "Choose who gave consent (parent, guardian, or another adult the child trusts).",
        )
    if group == "0_5":
        ok = adult_ok
        rule = (
            "anak 0–5 tahun: orang tua/pengasuh memberi persetujuan",
            "child aged 0–5: the parent/caregiver consents",
        )
    elif group == "15_17" and entry.mature:
        ok = child_ok
        rule = (
            "anak 15–17 tahun yang cukup matang memberi persetujuan sendiri",
            "a mature child aged 15–17 consents themselves",
        )
    elif group in ("6_11", "12_14", "15_17"):
        ok = child_ok and adult_ok
        rule = (
            "anak memberi kesediaan (asentimen) dan orang tua/wali (atau orang dewasa lain "
            "yang dipercaya anak) memberi persetujuan",
            "the child assents and the parent/guardian (or another adult the child trusts) "
            "consents",
        )
    else:
        ok = child_ok and adult_ok
        rule = (
            "umur anak tidak diketahui: anak dan orang tua/wali keduanya harus setuju",
            "the child's age is unknown: both the child and the parent/guardian must agree",
        )
    if not ok:
        raise InvalidInput(
            f"Persetujuan belum lengkap — {rule[0]}. Tanpa itu informasi anak tidak boleh "
            "dibagikan; hormati jika anak atau wali menolak dan bicarakan dengan supervisor.",
            f"Consent is not complete — {rule[1]}. Without it the child's information may not "
            "be shared; respect a refusal and talk to your supervisor.",
        )


def active_consent(
    fields: Mapping[str, object], institution_id: str, stream: str
) -> Consent | None:
    """The newest consent in force for this recipient that covers ``stream``."""
    matching = [
        c
        for c in consents(fields)
        if c.institution_id == institution_id and c.status == CONSENT_ACTIVE and c.covers(stream)
    ]
    return matching[-1] if matching else None


def check_mandatory(institution_type: str, legal_basis: str, other: str) -> None:
    """A mandatory notification needs a legal basis that applies to this kind of receiver."""
    if legal_basis not in LEGAL_BASES:
        raise InvalidInput(
            "Pilih dasar hukum pemberitahuan wajib.",
            "Choose the legal basis of the mandatory notification.",
        )
    kind = TYPE_BY_ID.get(institution_type)
    if kind is None or legal_basis not in kind.notifiable:
        raise InvalidInput(
            "Dasar hukum ini tidak mewajibkan pemberitahuan kepada jenis lembaga ini "
            "(UU TPKS Pasal 41 dan Permenkes 68/2013: kepada kepolisian). Minta persetujuan.",
            "This legal basis does not require notifying this kind of institution "
            "(UU TPKS Art. 41 and Permenkes 68/2013: the police). Ask for consent.",
        )
    if legal_basis == "lainnya" and not other.strip():
        raise InvalidInput(
            "Sebutkan aturan yang mewajibkan pemberitahuan ini.",
            "Name the rule that requires this notification.",
        )


def check_referral_basis(
    fields: Mapping[str, object],
    institution_id: str,
    institution_type: str,
    stream: str,
    *,
    legal_basis: str | None = None,
    legal_basis_other: str = "",
) -> Consent | None:
    """The consent that allows this referral (None for a mandatory notification).

    Raises :class:`ConsentRequired` when there is no consent in force for this
    recipient and stream and the referral is not a mandatory notification.
    """
    if stream not in STREAM_BY_ID:
        raise InvalidInput("Pilih layanan yang diminta.", "Choose the service requested.")
    if legal_basis is not None:
        check_mandatory(institution_type, legal_basis, legal_basis_other)
        return None
    found = active_consent(fields, institution_id, stream)
    if found is None:
        withdrawn = any(
            c.institution_id == institution_id and c.status != CONSENT_ACTIVE
            for c in consents(fields)
        )
        if withdrawn:
            raise ConsentRequired(
                "Rujukan diblokir: persetujuan untuk lembaga ini sudah ditarik. Informasi anak "
                "tidak boleh dibagikan lagi kecuali ada persetujuan baru atau pemberitahuan "
                "wajib menurut undang-undang.",
                "Referral blocked: consent for this institution was withdrawn. The child's "
                "information may not be shared again without new consent or a notification "
                "the law requires.",
            )
        raise ConsentRequired(
            "Rujukan diblokir: belum ada persetujuan untuk lembaga ini dan layanan ini. "
            "Catat persetujuan anak dan orang tua/wali dulu, atau tandai sebagai pemberitahuan "
            "wajib jika undang-undang mewajibkannya.",
            "Referral blocked: there is no consent for this institution and this service. "
            "Record the child's and parent/guardian's consent first, or mark it as a "
            "mandatory notification if the law requires it.",
        )
    if stream in WRITTEN_ONLY and found.form != "tertulis":
        raise ConsentRequired(
            "Rujukan diblokir: pemeriksaan medis dan permohonan LPSK memerlukan persetujuan "
            "TERTULIS. Catat persetujuan tertulis untuk lembaga ini.",
            "Referral blocked: medical examinations and LPSK applications need WRITTEN "
            "consent. Record written consent for this institution.",
        )
    return found


def check_transition(
    referral: Referral, new: Status, on: date, today: date, reason: str = ""
) -> None:
    """Refuse a status change the procedure does not allow, or one without its date/reason."""
    current = referral.status or Status.SENT
    if new not in TRANSITIONS[current]:
        raise InvalidInput(
            f"Status rujukan tidak bisa berubah dari '{current.value}' ke '{new.value}'.",
            f"A referral cannot go from '{current.value}' to '{new.value}'.",
        )
    sent = referral.dates.get(Status.SENT)
    if on > today or (sent is not None and on < sent):
        raise InvalidInput(
            "Tanggal harus antara tanggal dikirim dan hari ini.",
            "The date must be between the date sent and today.",
        )
    if new is Status.DECLINED and not reason.strip():
        raise InvalidInput(
            "Tulis alasan penolakan dari lembaga penerima, lalu cari lembaga lain.",
            "Write the reason the institution gave for declining, then find another one.",
        )


__all__ = [
    "AGE_GROUPS",
    "ANSWERS",
    "FORMS",
    "GIVEN",
    "GIVERS",
    "NOT_ASKED",
    "REFUSED",
    "STATUS_DATE",
    "ConsentInput",
    "ConsentRequired",
    "active_consent",
    "age_group",
    "age_years",
    "check_consent",
    "check_mandatory",
    "check_referral_basis",
    "check_transition",
]

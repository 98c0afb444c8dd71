"""The fixed vocabulary of referrals: service streams and institution types.

Why code and not data: each institution type carries a *disclosure policy*
(what a referral letter may say about the child to that kind of receiver)
and the legal bases under which it may be notified without consent. Those
are confidentiality rules of PROCEDURE.md, reviewed with the code that
applies them; the institutions themselves (names, contacts) are data in
``resources/directory/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fieldcase.i18n import Pair, pick


@dataclass(frozen=True)
class Stream:
    """One service stream of PROCEDURE.md stage 5 and its referral form."""

    id: str
    label: Pair
    #: The built-in record form (resources/forms) for a referral in this stream.
    form_id: str

    def text(self) -> str:
        return pick(*self.label)


#: In the order of PROCEDURE.md "Rujukan dan pelaksanaan layanan". The ids are
#: the ``layanan_rujukan`` constants of the referral forms.
STREAMS: tuple[Stream, ...] = (
    Stream("hukum", ("Hukum / polisi", "Legal / police"), "rujukan_hukum"),
    Stream("kesehatan", ("Kesehatan", "Health"), "rujukan_kesehatan"),
    Stream("psikologis", ("Psikologis", "Psychological"), "rujukan_psikologis"),
    Stream(
        "lpsk",
        ("Perlindungan LPSK", "LPSK protection"),
        "rujukan_lpsk",
    ),
    Stream("restitusi", ("Restitusi", "Restitution"), "rujukan_restitusi"),
    Stream(
        "rehabilitasi_sosial",
        ("Rehabilitasi sosial", "Social rehabilitation"),
        "rujukan_rehabilitasi_sosial",
    ),
    Stream("rumah_aman", ("Rumah aman", "Shelter"), "rujukan_rumah_aman"),
    Stream(
        "reintegrasi_pendidikan",
        ("Reintegrasi pendidikan", "Education"),
        "rujukan_pendidikan",
    ),
)
STREAM_BY_ID: dict[str, Stream] = {s.id: s for s in STREAMS}


class Disclose(StrEnum):
    """What a referral letter may say about the child (see docs/referrals.md)."""

    #: Full name: only receivers whose legal procedure must name the child in writing.
    FULL_NAME = "nama_lengkap"
    #: Initials: the child is identified in person by the accompanying worker.
    INITIALS = "inisial"
    AGE = "umur"
    SEX = "jenis_kelamin"
    #: The SIMFONI category of violence (never the narrative).
    VIOLENCE = "jenis_kekerasan"
    #: The incident date and hours since it (forensics, PEP: 72 hours).
    INCIDENT_DATE = "tanggal_kejadian"


@dataclass(frozen=True)
class InstitutionType:
    id: str
    label: Pair
    #: Streams this type usually serves (the dialog proposes the first).
    streams: tuple[str, ...]
    disclose: frozenset[Disclose]
    #: Legal bases under which this type may be told without consent.
    notifiable: tuple[str, ...] = ()

    def text(self) -> str:
        return pick(*self.label)


_ID = frozenset({Disclose.INITIALS, Disclose.AGE})
_BASIC = _ID | {Disclose.SEX}
_CLINICAL = _BASIC | {Disclose.VIOLENCE}
_LEGAL = frozenset({Disclose.FULL_NAME, Disclose.AGE, Disclose.SEX, Disclose.VIOLENCE})

#: The institution types of PROCEDURE.md "Referral network".
INSTITUTION_TYPES: tuple[InstitutionType, ...] = (
    InstitutionType(
        "polisi",
        ("Unit PPA Polres/Polda", "Police child and women unit (Unit PPA)"),
        ("hukum",),
        _LEGAL | {Disclose.INCIDENT_DATE},
        ("tpks_pasal_41", "permenkes_68_2013", "lainnya"),
    ),
    InstitutionType(
        "kejaksaan", ("Kejaksaan", "Prosecutor's office"), ("hukum", "restitusi"), _LEGAL
    ),
    InstitutionType("pengadilan", ("Pengadilan", "Court"), ("hukum", "restitusi"), _LEGAL),
    InstitutionType(
        "lpsk",
        ("LPSK", "Witness and Victim Protection Agency (LPSK)"),
        ("lpsk", "restitusi"),
        _LEGAL,
        ("lainnya",),
    ),
    InstitutionType(
        "uptd_ppa",
        ("UPTD PPA", "UPTD PPA (women and child protection unit)"),
        ("rehabilitasi_sosial", "psikologis", "rumah_aman"),
        _CLINICAL,
    ),
    InstitutionType(
        "dinas_pppa",
        ("Dinas PPPA", "Women and child protection office"),
        ("rehabilitasi_sosial",),
        _BASIC,
    ),
    InstitutionType(
        "dinas_sosial",
        ("Dinas Sosial / Sakti Peksos / Sentra Kemensos", "Social affairs office / social workers"),
        ("rehabilitasi_sosial",),
        _BASIC,
    ),
    InstitutionType(
        "puskesmas",
        ("Puskesmas", "Community health centre (Puskesmas)"),
        ("kesehatan",),
        _CLINICAL | {Disclose.INCIDENT_DATE},
        ("lainnya",),
    ),
    InstitutionType(
        "rs_ppt",
        ("Rumah sakit / PPT", "Hospital / integrated service centre (PPT)"),
        ("kesehatan",),
        _CLINICAL | {Disclose.INCIDENT_DATE},
        ("lainnya",),
    ),
    InstitutionType("psikolog", ("Psikolog", "Psychologist"), ("psikologis",), _CLINICAL),
    InstitutionType("rumah_aman", ("Rumah aman", "Shelter"), ("rumah_aman",), _BASIC),
    InstitutionType(
        "pendidikan",
        ("Sekolah / Dinas Pendidikan / TPPK", "School / education office / TPPK"),
        ("reintegrasi_pendidikan",),
        _ID,
    ),
    InstitutionType(
        "forum_anak", ("Forum Anak", "Children's forum"), ("rehabilitasi_sosial",), _ID
    ),
    InstitutionType(
        "patbm",
        ("PATBM", "Community-based child protection (PATBM)"),
        ("rehabilitasi_sosial",),
        _ID,
    ),
    InstitutionType(
        "lbh_lsm",
        ("LBH / LSM", "Legal aid / NGO"),
        ("hukum", "restitusi", "psikologis"),
        _CLINICAL,
    ),
)
TYPE_BY_ID: dict[str, InstitutionType] = {t.id: t for t in INSTITUTION_TYPES}

#: Legal bases of a mandatory notification (the referral forms' ``dasar_hukum_pemberitahuan``).
LEGAL_BASES: dict[str, Pair] = {
    "tpks_pasal_41": (
        "UU TPKS Pasal 41 (UPTD PPA ke polisi)",
        "UU TPKS Article 41 (UPTD PPA to the police)",
    ),
    "permenkes_68_2013": (
        "Permenkes 68/2013 (tenaga kesehatan)",
        "Permenkes 68/2013 (health workers)",
    ),
    "lainnya": ("Aturan lain (sebutkan)", "Another rule (name it)"),
}

#: The eight program regions (the intake form's ``wilayah`` choices) in PROCEDURE.md order.
REGIONS: tuple[tuple[str, str], ...] = (
    ("medan", "Medan"),
    ("batam", "Batam"),
    ("dki_jakarta", "DKI Jakarta"),
    ("solo", "Solo"),
    ("surabaya", "Surabaya"),
    ("bali", "Bali"),
    ("lombok", "Lombok"),
    ("indramayu", "Indramayu"),
)
REGION_LABELS: dict[str, str] = dict(REGIONS)


def region_id(value: object) -> str | None:
    """A case's ``wilayah`` value ("Lombok", "lombok", "DKI Jakarta") as a region id."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower().replace(" ", "_")
    return key if key in REGION_LABELS else None

"""Context fields: values a form needs that the app, not the worker, supplies.

A form declares one as an ordinary XLSForm ``calculate`` row whose name is
in :data:`CONTEXT_FIELDS` (so the form stays valid for pyxform and ODK). The
wizard sets its value from the case and the signed-in account before it
evaluates anything; the row's ``calculation`` is only a fail-safe fallback for
when the app has no value (for the open counts it is -1, which keeps closure
blocked). Context values are never stored: they are derived from the case.

Why a registry and not a naming convention: the wizard engineer needs a
finite list to implement, and an organisation's custom form that asks for an
unknown context value gets a calculate it must fill itself, not silence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class ContextKind(StrEnum):
    #: A count over the case's records (referrals, plan rows).
    COUNT = "count"
    #: The case's current value of the field with the same name (set by another form).
    CASE_FIELD = "case_field"
    #: Something about the case as a whole (its age in days).
    CASE = "case"
    #: Something about the signed-in account.
    ACCOUNT = "account"


@dataclass(frozen=True)
class ContextField:
    name: str
    kind: ContextKind
    description_id: str
    description_en: str


def _registry(*fields: ContextField) -> Mapping[str, ContextField]:
    return MappingProxyType({f.name: f for f in fields})


CONTEXT_FIELDS: Mapping[str, ContextField] = _registry(
    ContextField(
        "jumlah_rujukan_terbuka",
        ContextKind.COUNT,
        "Jumlah rujukan kasus ini yang masih terbuka: rekaman rujukan[n] dengan "
        "status_rujukan 'dikirim' atau 'diterima'. Cadangan -1 (tidak diketahui).",
        "Number of this case's open referrals: referral records rujukan[n] whose "
        "status_rujukan is 'dikirim' (sent) or 'diterima' (accepted). Fallback -1 (unknown).",
    ),
    ContextField(
        "jumlah_rencana_terbuka",
        ContextKind.COUNT,
        "Jumlah baris rencana layanan yang masih terbuka: rencana[i] dengan status_rencana "
        "'direncanakan', 'dirujuk' atau 'berjalan'. Cadangan -1 (tidak diketahui).",
        "Number of open service-plan rows: rencana[i] whose status_rencana is "
        "'direncanakan', 'dirujuk' or 'berjalan'. Fallback -1 (unknown).",
    ),
    ContextField(
        "jumlah_baris_rencana",
        ContextKind.COUNT,
        "Jumlah baris rencana layanan (rencana[1] sampai rencana[n]). Cadangan 0.",
        "Number of service-plan rows (rencana[1] to rencana[n]). Fallback 0.",
    ),
    ContextField(
        "umur_kasus_hari",
        ContextKind.CASE,
        "Umur kasus dalam hari penuh sejak waktu_pengaduan. Cadangan -1.",
        "Age of the case in whole days since waktu_pengaduan. Fallback -1.",
    ),
    ContextField(
        "jenis_kekerasan",
        ContextKind.CASE_FIELD,
        "Nilai jenis_kekerasan kasus (dari formulir penerimaan), dipisah spasi.",
        "The case's jenis_kekerasan (from the intake form), space-separated.",
    ),
    ContextField(
        "bentuk_esa",
        ContextKind.CASE_FIELD,
        "Nilai bentuk_esa kasus (dari formulir penerimaan), dipisah spasi.",
        "The case's bentuk_esa (from the intake form), space-separated.",
    ),
    ContextField(
        "pelaku_anak",
        ContextKind.CASE_FIELD,
        "Nilai pelaku_anak kasus: 'ya' bila ada pelaku yang masih anak.",
        "The case's pelaku_anak: 'ya' when a perpetrator is a child.",
    ),
    ContextField(
        "peran_pengguna",
        ContextKind.ACCOUNT,
        "Peran akun yang sedang masuk: pendamping, staf_rumah_aman, supervisor atau admin.",
        "Role of the signed-in account: pendamping, staf_rumah_aman, supervisor or admin.",
    ),
    ContextField(
        "nama_pengguna",
        ContextKind.ACCOUNT,
        "Nama tampilan akun yang sedang masuk.",
        "Display name of the signed-in account.",
    ),
)


def is_context_name(name: str) -> bool:
    return name in CONTEXT_FIELDS

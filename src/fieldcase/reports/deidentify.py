"""Turn one case into a de-identified row: an allow-list, coarsened, pseudonymous.

Why an allow-list: a deny-list ("drop nama, alamat, kontak…") leaks every
identifying field someone adds later (a custom form's ``nama_ibu``). Here a
column exists only if it is listed in :data:`EXPORT_COLUMNS`, and a choice
column carries only values from its known choice list (anything else becomes
``lainnya``), so even a name typed into a choice field cannot get out.

Coarsening: dates become the month (``YYYY-MM``) in the case's own time zone;
the date of birth or estimated age becomes an age band (0-5, 6-12, 13-17,
PROCEDURE.md); a region outside the eight program regions becomes
``lainnya`` (the free-text ``wilayah_lainnya`` may name a village).

The case code is ``HMAC-SHA256(secret, case id)``, truncated to 64 bits: the
same case gets the same code in every export from this vault, so successive
exports line up, but nobody without the secret can link a code to a case id.
The secret lives in the vault's ``meta`` table (key ``report_secret``),
created on first use. Sync will replace it with the team's secret so that all
supervisors of a team produce the same codes.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from datetime import date

from fieldcase.core.deadlines import Zone, parse_instant
from fieldcase.core.procedure import PROCEDURE_FILE, Procedure, load_procedure
from fieldcase.reports.derive import SERVICE_TIMES, STREAMS, records, service_times, stream_statuses
from fieldcase.resources import resources_dir
from fieldcase.vault.database import sqlite_errors
from fieldcase.vault.session import Session

SECRET_META_KEY = "report_secret"  # noqa: S105  (a meta key name, not a secret)
UNKNOWN = "tidak_diketahui"
OTHER = "lainnya"

#: Program regions (PROCEDURE.md), code -> label.
REGIONS: dict[str, str] = {
    "medan": "Medan",
    "batam": "Batam",
    "dki_jakarta": "DKI Jakarta",
    "solo": "Solo",
    "surabaya": "Surabaya",
    "bali": "Bali",
    "lombok": "Lombok",
    "indramayu": "Indramayu",
}
AGE_BANDS: tuple[str, ...] = ("0-5", "6-12", "13-17", "18+", UNKNOWN)

#: The known choices of every exported choice column (PROCEDURE.md / resources/forms).
CHOICES: dict[str, frozenset[str]] = {
    "jenis_kelamin": frozenset({"perempuan", "laki_laki"}),
    "disabilitas": frozenset({"ya", "tidak", "tidak_tahu"}),
    "jalur": frozenset(
        {
            "datang_langsung",
            "telepon_hotline",
            "whatsapp",
            "surat_email",
            "laporan_pihak_lain",
            "hasil_penjangkauan",
            "rujukan_masuk",
            "pelimpahan",
        }
    ),
    "jenis_kasus": frozenset({"kta", "ampk", "ktp"}),
    "jenis_kekerasan": frozenset(
        {"fisik", "psikis", "seksual", "eksploitasi", "trafficking", "penelantaran", "lainnya"}
    ),
    "bentuk_esa": frozenset(
        {
            "perdagangan_seksual",
            "eksploitasi_prostitusi",
            "csam",
            "esa_perjalanan_pariwisata",
            "perkawinan_anak",
            "grooming_daring",
            "sextortion",
            "siaran_langsung",
            "konten_buatan_sendiri",
        }
    ),
    "tempat_kejadian": frozenset(
        {"rumah_tangga", "sekolah", "fasilitas_umum", "tempat_kerja", "daring", "lainnya"}
    ),
    "hubungan_pelaku": frozenset(
        {
            "orang_tua",
            "keluarga_saudara",
            "suami_istri",
            "pacar_teman",
            "tetangga",
            "guru",
            "rekan_kerja",
            "majikan",
            "lainnya",
            "tidak_diketahui",
        }
    ),
    "tingkat_risiko": frozenset({"tinggi", "sedang", "rendah"}),
    "kewenangan": frozenset({"kabupaten_kota", "provinsi", "pusat"}),
    "tahap": frozenset(
        {
            "penerimaan_pengaduan",
            "penjangkauan",
            "asesmen",
            "rencana_layanan",
            "rujukan_layanan",
            "pemantauan",
            "reintegrasi",
            "terminasi",
        }
    ),
    "status": frozenset({"aktif", "ditutup"}),
}
MULTIPLE = frozenset({"jenis_kekerasan", "bentuk_esa", "hubungan_pelaku"})

#: Coded (choice) fields, exported only as known codes.
CHOICE_COLUMNS: tuple[str, ...] = (
    "jenis_kelamin",
    "disabilitas",
    "jalur",
    "jenis_kasus",
    "jenis_kekerasan",
    "bentuk_esa",
    "tempat_kejadian",
    "hubungan_pelaku",
    "tingkat_risiko",
    "kewenangan",
    "tahap",
    "status",
)

#: Every column of a de-identified row, in file order. Nothing else is ever written.
EXPORT_COLUMNS: tuple[str, ...] = (
    "kode_kasus",
    "bulan_pengaduan",
    "bulan_kejadian",
    "wilayah",
    "kelompok_umur",
    *CHOICE_COLUMNS,
    *(f"layanan_{s}" for s in STREAMS),
    *SERVICE_TIMES,
)

#: The columns that depend on the case's fields alone (all but the keyed case code).
ROW_COLUMNS: tuple[str, ...] = EXPORT_COLUMNS[1:]

Cell = str | int | None
Row = dict[str, Cell]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.cache
def procedure() -> Procedure:
    """The built-in procedure (time zones by region, deadlines), loaded once."""
    return load_procedure(resources_dir() / PROCEDURE_FILE)


# ------------------------------------------------------------------ secret and code


def report_secret(session: Session) -> bytes:
    """The vault's report secret; created (32 random bytes) the first time it is needed."""
    with sqlite_errors():
        row = session.db.execute(
            "SELECT value FROM meta WHERE key = ?", [SECRET_META_KEY]
        ).fetchone()
        if row is None:
            with session.db.atomic():
                session.db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                    [SECRET_META_KEY, secrets.token_hex(32)],
                )
            row = session.db.execute(
                "SELECT value FROM meta WHERE key = ?", [SECRET_META_KEY]
            ).fetchone()
    return bytes.fromhex(str(row[0]))


def case_code(secret: bytes, case_id: str) -> str:
    """``K-`` and 16 hex digits: stable per (secret, case), unlinkable without the secret."""
    digest = hmac.new(secret, case_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"K-{digest[:16].upper()}"


# ------------------------------------------------------------------ coarsening


def region_code(value: object) -> str:
    """A program region's code (``dki_jakarta``), ``lainnya`` for any other text."""
    if not isinstance(value, str) or not value.strip():
        return UNKNOWN
    code = _NON_ALNUM.sub("_", value.strip().lower()).strip("_")
    return code if code in REGIONS else OTHER


def month_of(value: object, zone: Zone) -> str | None:
    """``YYYY-MM`` of a date or datetime, in the case's zone."""
    instant = parse_instant(value, zone)
    if instant is None:
        return None
    local = instant.astimezone(zone.tzinfo)
    return f"{local.year:04d}-{local.month:02d}"


def age_years(fields: Mapping[str, object], zone: Zone) -> int | None:
    """Whole years at the complaint: from the date of birth, else the estimated age."""
    born = fields.get("tanggal_lahir")
    complaint = parse_instant(fields.get("waktu_pengaduan"), zone)
    if isinstance(born, str) and complaint is not None:
        try:
            birth = date.fromisoformat(born[:10])
        except ValueError:
            birth = None
        if birth is not None:
            on = complaint.astimezone(zone.tzinfo).date()
            years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
            if years >= 0:
                return years
    age = fields.get("umur")
    if isinstance(age, int | float) and not isinstance(age, bool) and age >= 0:
        return int(age)
    if isinstance(age, str) and age.strip().isascii() and age.strip().isdigit():
        return int(age.strip())
    return None


def age_band(years: int | None) -> str:
    """0-5, 6-12, 13-17 (PROCEDURE.md); 18+ for adult cases (KTP); unknown otherwise."""
    if years is None:
        return UNKNOWN
    if years <= 5:
        return "0-5"
    if years <= 12:
        return "6-12"
    if years <= 17:
        return "13-17"
    return "18+"


def _code(value: object) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return _text_code(str(value))


@functools.lru_cache(maxsize=4096)
def _text_code(text: str) -> str:
    """Choice values repeat across cases: normalise each distinct text once."""
    return _NON_ALNUM.sub("_", text.strip().lower()).strip("_")


@functools.lru_cache(maxsize=256)
def _zone(region: str | None) -> Zone:
    return procedure().zone_for({"wilayah": region})


def choice(name: str, value: object) -> str:
    """One known choice code; ``lainnya`` for anything else, unknown when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return UNKNOWN
    code = _code(value)
    return code if code in CHOICES[name] else OTHER


def choices(name: str, value: object) -> tuple[str, ...]:
    """A select_multiple value (JSON list or space-separated text) as known codes."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split()
    known = CHOICES[name]
    return tuple(sorted({c if c in known else OTHER for c in (_code(v) for v in items) if c}))


# ------------------------------------------------------------------ the row


def deidentify(case_id: str, fields: Mapping[str, object], secret: bytes) -> Row:
    """The de-identified row of one case: exactly :data:`EXPORT_COLUMNS`."""
    return {"kode_kasus": case_code(secret, case_id), **coarsened(fields)}


def coarsened(fields: Mapping[str, object]) -> Row:
    """Every column of the de-identified row but the case code (:data:`ROW_COLUMNS`).

    Depends on the case's fields only (not on the report secret), so the vault
    can keep it per case (``report_cases``, see :mod:`fieldcase.reports.projection`).
    """
    region = fields.get("wilayah")
    zone = _zone(region if isinstance(region, str) else None)
    referrals = records(fields, "rujukan")
    row: Row = {
        "bulan_pengaduan": month_of(fields.get("waktu_pengaduan"), zone),
        "bulan_kejadian": month_of(fields.get("tanggal_kejadian"), zone),
        "wilayah": region_code(fields.get("wilayah")),
        "kelompok_umur": age_band(age_years(fields, zone)),
    }
    for name in CHOICE_COLUMNS:
        value = fields.get(name)
        if name in MULTIPLE:
            row[name] = " ".join(choices(name, value)) or UNKNOWN
        else:
            row[name] = choice(name, value)
    statuses = stream_statuses(fields, referrals)
    for stream in STREAMS:
        row[f"layanan_{stream}"] = statuses[stream]
    row.update(service_times(fields, zone, referrals))
    return row

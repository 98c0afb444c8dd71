"""Facts derived from a case's fields: service-stream status and time to service.

Shared by the de-identified export, the statistics and the budget so that a
"delivered" shelter stay or a "police report after 30 hours" means the same
thing in every output. Values are read both from the referral records and
plan rows of the forms (``rujukan[n].…``, ``rencana[n].…``) and from the
one-status-per-stream fields of older and demo data (``layanan_<stream>``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from fieldcase.core.deadlines import Zone, parse_instant

#: The eight service streams of PROCEDURE.md, stage 5 (and of the demo data).
STREAMS: tuple[str, ...] = (
    "hukum",
    "kesehatan",
    "psikologis",
    "lpsk",
    "restitusi",
    "rehabilitasi_sosial",
    "rumah_aman",
    "pendidikan",
)

#: Stream statuses, least to most advanced. ``ditolak``: only declined referrals.
STREAM_STATUSES: tuple[str, ...] = (
    "belum",
    "ditolak",
    "direncanakan",
    "dirujuk",
    "berjalan",
    "selesai",
)
_RANK = {s: i for i, s in enumerate(STREAM_STATUSES)}
#: A stream counts as planned from ``direncanakan`` on and as delivered once running.
PLANNED = frozenset({"direncanakan", "dirujuk", "berjalan", "selesai"})
DELIVERED = frozenset({"berjalan", "selesai"})

#: ``layanan_rujukan`` of each referral form -> stream.
_REFERRAL_STREAM = {
    "hukum": "hukum",
    "kesehatan": "kesehatan",
    "psikologis": "psikologis",
    "lpsk": "lpsk",
    "restitusi": "restitusi",
    "rehabilitasi_sosial": "rehabilitasi_sosial",
    "rumah_aman": "rumah_aman",
    "reintegrasi_pendidikan": "pendidikan",
}
#: Plan-row ``layanan`` -> stream (services outside the eight streams are left out).
_PLAN_STREAM = {
    "kesehatan": "kesehatan",
    "bantuan_hukum": "hukum",
    "penegakan_hukum": "hukum",
    "psikologis": "psikologis",
    "perlindungan_lpsk": "lpsk",
    "restitusi": "restitusi",
    "rehabilitasi_sosial": "rehabilitasi_sosial",
    "rumah_aman": "rumah_aman",
    "reintegrasi_pendidikan": "pendidikan",
}
_REFERRAL_STATUS = {
    "dikirim": "dirujuk",
    "diterima": "berjalan",
    "selesai": "selesai",
    "ditolak": "ditolak",
}
_PLAN_STATUS = {
    "direncanakan": "direncanakan",
    "dirujuk": "dirujuk",
    "berjalan": "berjalan",
    "selesai": "selesai",
}
#: Education outcomes that count as a return to school (``status_sekolah``).
SCHOOL_RETURN = frozenset({"kembali_sekolah_asal", "pindah_sekolah", "kejar_paket"})


def records(fields: Mapping[str, object], prefix: str) -> dict[int, dict[str, object]]:
    """``{n: {name: value}}`` of the ``prefix[n].name`` fields (one level only)."""
    found: dict[int, dict[str, object]] = {}
    head = prefix + "["
    for path, value in fields.items():
        if "[" not in path or not path.startswith(head):
            continue
        number, _, name = path[len(head) :].partition("].")
        if number.isdigit() and name and "[" not in name:
            found.setdefault(int(number), {})[name] = value
    return found


def _better(current: str, candidate: str | None) -> str:
    if candidate is None:
        return current
    return candidate if _RANK[candidate] > _RANK[current] else current


def stream_statuses(
    fields: Mapping[str, object],
    referrals: Mapping[int, Mapping[str, object]] | None = None,
    plan: Mapping[int, Mapping[str, object]] | None = None,
) -> dict[str, str]:
    """The most advanced status of each stream over plan rows, referrals and legacy fields."""
    status = dict.fromkeys(STREAMS, "belum")
    for stream in STREAMS:
        legacy = fields.get(f"layanan_{stream}")
        if isinstance(legacy, str) and legacy in _RANK:
            status[stream] = _better(status[stream], legacy)
    for row in (plan if plan is not None else records(fields, "rencana")).values():
        planned = _PLAN_STREAM.get(str(row.get("layanan")))
        if planned is not None:
            status[planned] = _better(
                status[planned], _PLAN_STATUS.get(str(row.get("status_rencana")))
            )
    for rec in (referrals if referrals is not None else records(fields, "rujukan")).values():
        referred = _REFERRAL_STREAM.get(str(rec.get("layanan_rujukan")))
        if referred is not None:
            status[referred] = _better(
                status[referred], _REFERRAL_STATUS.get(str(rec.get("status_rujukan")))
            )
    return status


#: Time-to-service measures: name -> (unit, what it counts to).
SERVICE_TIMES: dict[str, tuple[str, str]] = {
    "jam_ke_laporan_polisi": ("jam", "laporan polisi (tanggal LP)"),
    "jam_ke_pemeriksaan_kesehatan": ("jam", "pemeriksaan kesehatan"),
    "hari_ke_rumah_aman": ("hari", "masuk rumah aman"),
    "hari_ke_kembali_sekolah": ("hari", "kembali bersekolah"),
}


def _earliest(values: Iterator[object], zone: Zone) -> datetime | None:
    instants = [t for t in (parse_instant(v, zone) for v in values) if t is not None]
    return min(instants) if instants else None


def service_times(
    fields: Mapping[str, object],
    zone: Zone,
    referrals: Mapping[int, Mapping[str, object]] | None = None,
) -> dict[str, int | None]:
    """Whole hours / days from the complaint to the first police report, exam, shelter, school.

    A date-only value counts from 00:00 of that day in the case's zone, so a
    police report filed the same day can come out "before" the complaint:
    intervals are clamped at 0 ("already done when the complaint came in").
    """
    recs = referrals if referrals is not None else records(fields, "rujukan")
    start = parse_instant(fields.get("waktu_pengaduan"), zone)
    found: dict[str, int | None] = dict.fromkeys(SERVICE_TIMES)
    if start is None:
        return found
    ends = {
        "jam_ke_laporan_polisi": _earliest(
            iter(
                [
                    fields.get("tanggal_laporan_polisi"),
                    *(r.get("tanggal_lp") for r in recs.values()),
                ]
            ),
            zone,
        ),
        "jam_ke_pemeriksaan_kesehatan": _earliest(
            (r.get("waktu_pemeriksaan") for r in recs.values()), zone
        ),
        "hari_ke_rumah_aman": _earliest(
            (r.get("tanggal_masuk_rumah_aman") for r in recs.values()), zone
        ),
        "hari_ke_kembali_sekolah": _earliest(
            (
                r.get("tanggal_dukungan_pendidikan") or r.get("tanggal_selesai")
                for r in recs.values()
                if r.get("status_sekolah") in SCHOOL_RETURN
            ),
            zone,
        ),
    }
    for name, end in ends.items():
        if end is None:
            continue
        seconds = max(0.0, (end - start).total_seconds())
        unit = SERVICE_TIMES[name][0]
        found[name] = int(seconds // 3600) if unit == "jam" else int(seconds // 86400)
    return found

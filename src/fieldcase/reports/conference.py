"""The case-conference summary: one case, identifying, for the people who discuss it.

Timeline (dated events from the forms), services (stream status and plan
rows), referrals and open deadlines, as HTML for ``QTextDocument``. It *is*
identifying (the conference needs to know whom it is about), so only the
supervisor and the workers assigned to the case may produce it, and each one
is logged twice: a ``view`` of the case (with its id) and an ``export``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from fieldcase.core.deadlines import DeadlineState, Zone, format_local, parse_instant
from fieldcase.reports.access import require_conference
from fieldcase.reports.deidentify import age_years, procedure
from fieldcase.reports.derive import STREAMS, records, stream_statuses
from fieldcase.reports.html import document, esc, table
from fieldcase.reports.output import write_logged
from fieldcase.vault.session import Session

#: Dated events of the timeline: field -> label (case fields and referral fields).
CASE_EVENTS = {
    "tanggal_kejadian": "Kejadian",
    "waktu_pengaduan": "Pengaduan diterima",
    "waktu_penjangkauan": "Penjangkauan",
    "tanggal_asesmen": "Asesmen",
    "tanggal_persetujuan_rencana": "Rencana layanan disetujui",
    "tanggal_laporan_polisi": "Laporan polisi",
    "tanggal_pemulangan": "Pemulangan",
    "tanggal_terminasi": "Terminasi",
}
RECORD_EVENTS = {
    "tanggal_dikirim": "Rujukan dikirim",
    "tanggal_diterima": "Rujukan diterima",
    "tanggal_selesai": "Rujukan selesai",
    "tanggal_ditolak": "Rujukan ditolak",
    "tanggal_lp": "Laporan polisi (LP)",
    "tanggal_mulai_perlindungan": "Perlindungan sementara mulai",
    "waktu_pemeriksaan": "Pemeriksaan kesehatan",
    "tanggal_masuk_rumah_aman": "Masuk rumah aman",
    "tanggal_keluar_rumah_aman": "Keluar rumah aman",
    "tanggal_dukungan_pendidikan": "Dukungan pendidikan",
}
STATE_ID = {
    DeadlineState.OVERDUE: "terlewat",
    DeadlineState.DUE_SOON: "segera jatuh tempo",
    DeadlineState.PENDING: "berjalan",
    DeadlineState.NOT_STARTED: "belum mulai",
}


def _when(value: object, zone: Zone) -> tuple[datetime, str] | None:
    instant = parse_instant(value, zone)
    if instant is None:
        return None
    with_time = isinstance(value, str) and len(value.strip()) > 10
    return instant, format_local(instant, zone, with_time=with_time)


def _text(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def build_conference(case_id: str, fields: Mapping[str, object], saves: int, now: datetime) -> str:
    """The summary's HTML from the case's current fields."""
    rules = procedure()
    zone = rules.zone_for(fields)
    years = age_years(fields, zone)
    body = [
        "<p><b>RAHASIA — berisi identitas anak. Jangan disalin, difoto atau dikirim lewat "
        "grup percakapan (UU SPPA Pasal 19, UU TPKS Pasal 69c).</b></p>",
        "<h1>Ringkasan Konferensi Kasus</h1>",
        table(
            ["Isian", "Nilai"],
            [
                ("Nomor registrasi", _text(fields, "nomor_registrasi")),
                ("Nama anak", _text(fields, "nama")),
                ("Nama panggilan", _text(fields, "nama_panggilan")),
                ("Umur saat pengaduan", "–" if years is None else f"{years} tahun"),
                ("Jenis kelamin", _text(fields, "jenis_kelamin")),
                ("Wilayah", _text(fields, "wilayah")),
                ("Tahap", _text(fields, "tahap")),
                ("Status", _text(fields, "status")),
                ("Tingkat risiko", _text(fields, "tingkat_risiko")),
                ("Jenis kekerasan", _text(fields, "jenis_kekerasan")),
                ("Bentuk ESA", _text(fields, "bentuk_esa")),
                ("Petugas", _text(fields, "petugas")),
                ("Jumlah penyimpanan (riwayat)", saves),
            ],
        ),
    ]
    events: list[tuple[datetime, str, str]] = []
    for name, what in CASE_EVENTS.items():
        found = _when(fields.get(name), zone)
        if found:
            events.append((found[0], found[1], what))
    referrals = records(fields, "rujukan")
    for number, rec in sorted(referrals.items()):
        stream = str(rec.get("layanan_rujukan", "rujukan"))
        for name, what in RECORD_EVENTS.items():
            found = _when(rec.get(name), zone)
            if found:
                events.append((found[0], found[1], f"{what} ({stream} #{number})"))
    events.sort()
    body.append("<h2>Kronologi layanan</h2>")
    body.append(table(["Waktu", "Peristiwa"], [(shown, what) for _, shown, what in events]))
    statuses = stream_statuses(fields, referrals)
    body.append("<h2>Layanan</h2>")
    body.append(table(["Layanan", "Status"], [(s.replace("_", " "), statuses[s]) for s in STREAMS]))
    plan = records(fields, "rencana")
    if plan:
        body.append("<h2>Rencana intervensi</h2>")
        body.append(
            table(
                ["No", "Kebutuhan", "Layanan", "Penyedia", "Penanggung jawab", "Target", "Status"],
                [
                    (
                        n,
                        _text(r, "kebutuhan"),
                        _text(r, "layanan"),
                        _text(r, "penyedia"),
                        _text(r, "penanggung_jawab"),
                        _text(r, "target_tanggal"),
                        _text(r, "status_rencana"),
                    )
                    for n, r in sorted(plan.items())
                ],
            )
        )
    body.append("<h2>Rujukan</h2>")
    body.append(
        table(
            ["No", "Layanan", "Lembaga penerima", "Narahubung", "Status", "Dikirim"],
            [
                (
                    n,
                    _text(r, "layanan_rujukan"),
                    _text(r, "lembaga_penerima"),
                    _text(r, "narahubung_penerima"),
                    _text(r, "status_rujukan"),
                    _text(r, "tanggal_dikirim"),
                )
                for n, r in sorted(referrals.items())
            ],
        )
    )
    open_rows = [
        (
            s.deadline.label.get("id") + (f" (rujukan #{s.record})" if s.record else ""),
            STATE_ID.get(s.state, s.state.value),
            s.describe_due(zone, "id"),
        )
        for s in rules.deadlines_for(fields, now)
        if s.state is not DeadlineState.MET
    ]
    body.append("<h2>Tenggat terbuka</h2>")
    body.append(table(["Tenggat", "Keadaan", "Jatuh tempo"], open_rows))
    body.append(
        f'<p class="note">Dibuat {esc(format_local(now, zone))}. '
        "Pembuatan ringkasan ini tercatat di log audit.</p>"
    )
    return document("Ringkasan Konferensi Kasus", body)


def export_conference_html(session: Session, case_id: str, out: Path, now: datetime) -> str:
    """Check access, log the view, write the HTML and log the export; returns the HTML."""
    fields = session.cases.read(case_id)
    require_conference(session, fields)
    fields = session.view_case(case_id)  # the "view" entry, with the case id
    html = build_conference(case_id, fields, len(session.cases.history(case_id)), now)

    def write(temp: Path) -> int:
        temp.write_text(html, encoding="utf-8")
        return 1

    write_logged(session, out, write, {"kind": "conference", "format": "html"}, case_id=case_id)
    return html

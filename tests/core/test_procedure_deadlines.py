"""PROCEDURE.md's deadline table, one row per case: due time, state, met or overdue.

Every case starts from one complaint received at 08:00 WIB on 2 March 2026
(01:00 UTC) in Medan. A date-only value (``tanggal_lp``) is 00:00 of that day
in the case's zone, i.e. 17:00 UTC the day before in WIB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fieldcase.core.deadlines import DeadlineState, DeadlineStatus, Duration
from fieldcase.core.procedure import PROCEDURE_FILE, Procedure, load_procedure
from fieldcase.resources import resources_dir

RECEIVED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
BASE: dict[str, Any] = {
    "waktu_pengaduan": "2026-03-02T08:00:00+07:00",
    "wilayah": "medan",
    "jenis_kekerasan": "seksual",
    "tingkat_risiko": "rendah",
}
NOT_SEXUAL = {"jenis_kekerasan": "fisik psikis"}


def utc(day: int, hour: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def after(hours: float) -> datetime:
    return RECEIVED + timedelta(hours=hours)


@dataclass(frozen=True)
class Row:
    name: str
    deadline: str
    fields: dict[str, Any]
    now: datetime
    state: DeadlineState | None  # None: the deadline does not apply
    due: datetime | None = None
    met_at: datetime | None = None
    record: int | None = None


HUKUM = {"rujukan[1].layanan_rujukan": "hukum", "rujukan[1].status_rujukan": "dikirim"}
LP = {**HUKUM, "rujukan[1].nomor_lp": "LP/B/123/III/2026", "rujukan[1].tanggal_lp": "2026-03-03"}
PROTECTED = {
    **LP,
    "rujukan[1].perlindungan_sementara": "ya",
    "rujukan[1].tanggal_mulai_perlindungan": "2026-03-04",
}
SHELTER = {
    "rujukan[3].layanan_rujukan": "rumah_aman",
    "rujukan[3].tanggal_masuk_rumah_aman": "2026-03-01",
}
RESTITUTION = {
    "rujukan[4].layanan_rujukan": "restitusi",
    "rujukan[4].tanggal_pengajuan_restitusi": "2026-03-02",
    "rujukan[4].dokumen_restitusi_lengkap": "tidak",
}
PLAN = {"persetujuan_rencana": "disetujui", "tanggal_persetujuan_rencana": "2026-03-10"}
INCIDENT = {"tanggal_kejadian": "2026-03-01"}

ROWS = [
    # -- risk: tinggi immediately, sedang within 6 hours [SOP]
    Row("high risk, at the complaint", "respons_risiko_tinggi", {"tingkat_risiko": "tinggi"},
        RECEIVED, DeadlineState.DUE_SOON, RECEIVED),
    Row("high risk, a minute later", "respons_risiko_tinggi", {"tingkat_risiko": "tinggi"},
        after(1 / 60), DeadlineState.OVERDUE, RECEIVED),
    Row("high risk, outreach done", "respons_risiko_tinggi",
        {"tingkat_risiko": "tinggi", "waktu_penjangkauan": "2026-03-02T09:30:00+07:00"},
        after(5), DeadlineState.MET, RECEIVED, met_at=after(1.5)),
    Row("medium risk, 3 h", "respons_risiko_sedang", {"tingkat_risiko": "sedang"},
        after(3), DeadlineState.PENDING, after(6)),
    Row("medium risk, 5 h", "respons_risiko_sedang", {"tingkat_risiko": "sedang"},
        after(5), DeadlineState.DUE_SOON, after(6)),
    Row("medium risk, 7 h", "respons_risiko_sedang", {"tingkat_risiko": "sedang"},
        after(7), DeadlineState.OVERDUE, after(6)),
    Row("medium risk, referral sent", "respons_risiko_sedang",
        {"tingkat_risiko": "sedang", "rujukan[2].tanggal_dikirim": "2026-03-02"},
        after(7), DeadlineState.MET, after(6), met_at=utc(1, 17)),
    Row("low risk: no response deadline", "respons_risiko_sedang", {}, after(7), None),
    # -- police report within 3×24 h of the complaint, sexual violence [law, TPKS 41]
    Row("police report, day 1", "laporan_polisi", {}, after(24), DeadlineState.PENDING, after(72)),
    Row("police report, 71 h", "laporan_polisi", {}, after(71), DeadlineState.DUE_SOON, after(72)),
    Row("police report, 73 h", "laporan_polisi", {}, after(73), DeadlineState.OVERDUE, after(72)),
    Row("police report made", "laporan_polisi", LP, after(73), DeadlineState.MET, after(72),
        met_at=utc(2, 17)),
    Row("police report in the 2nd referral", "laporan_polisi",
        {**HUKUM, "rujukan[2].nomor_lp": "LP/B/9/III/2026"}, after(80), DeadlineState.MET,
        after(72)),
    Row("ESA form without 'seksual'", "laporan_polisi",
        {"jenis_kekerasan": "eksploitasi", "bentuk_esa": "csam sextortion"}, after(73),
        DeadlineState.OVERDUE, after(72)),
    Row("not sexual violence", "laporan_polisi", NOT_SEXUAL, after(73), None),
    Row("no complaint time yet", "laporan_polisi", {"waktu_pengaduan": None}, after(73),
        DeadlineState.NOT_STARTED),
    # -- temporary protection within 1×24 h of the police report [law, TPKS 42]
    Row("protection, no report yet", "perlindungan_sementara", HUKUM, after(10),
        DeadlineState.NOT_STARTED, record=1),
    Row("protection, report yesterday", "perlindungan_sementara", LP, utc(3, 18),
        DeadlineState.OVERDUE, utc(3, 17), record=1),
    Row("protection, within the day", "perlindungan_sementara", LP, utc(3, 8),
        DeadlineState.PENDING, utc(3, 17), record=1),
    Row("protection given", "perlindungan_sementara", PROTECTED, utc(6), DeadlineState.MET,
        utc(3, 17), met_at=utc(3, 17), record=1),
    Row("protection: health referral has none", "perlindungan_sementara",
        {"rujukan[1].layanan_rujukan": "kesehatan", "rujukan[1].tanggal_lp": "2026-03-03"},
        utc(6), None),
    # -- police request to LPSK within 1×24 h of protection [law, TPKS 43]
    Row("LPSK request, pending", "permintaan_lpsk", PROTECTED, utc(4, 0),
        DeadlineState.PENDING, utc(4, 17), record=1),
    Row("LPSK request, overdue", "permintaan_lpsk", PROTECTED, utc(4, 18),
        DeadlineState.OVERDUE, utc(4, 17), record=1),
    Row("LPSK request made", "permintaan_lpsk",
        {**PROTECTED, "rujukan[1].permintaan_lpsk": "ya",
         "rujukan[1].tanggal_permintaan_lpsk": "2026-03-04"},
        utc(9), DeadlineState.MET, utc(4, 17), met_at=utc(3, 17), record=1),
    Row("LPSK: no protection, no request deadline", "permintaan_lpsk", LP, utc(9), None),
    # -- shelter: onward placement within 14 days of entry [law, Permen PPPA 2/2022]
    Row("shelter, day 5", "penempatan_rumah_aman", SHELTER, utc(6), DeadlineState.PENDING,
        utc(14, 17), record=3),
    Row("shelter, day 12", "penempatan_rumah_aman", SHELTER, utc(12), DeadlineState.DUE_SOON,
        utc(14, 17), record=3),
    Row("shelter, day 15", "penempatan_rumah_aman", SHELTER, utc(15), DeadlineState.OVERDUE,
        utc(14, 17), record=3),
    Row("shelter, placed", "penempatan_rumah_aman",
        {**SHELTER, "rujukan[3].tanggal_keluar_rumah_aman": "2026-03-11",
         "rujukan[3].penempatan_lanjutan": "keluarga_besar"},
        utc(20), DeadlineState.MET, utc(14, 17), met_at=utc(10, 17), record=3),
    # -- medical exam within 72 h of the incident [practice]
    Row("medical, pending", "pemeriksaan_medis", INCIDENT, after(1), DeadlineState.PENDING,
        utc(3, 17)),
    Row("medical, overdue", "pemeriksaan_medis", INCIDENT, utc(3, 18), DeadlineState.OVERDUE,
        utc(3, 17)),
    Row("medical, exam done", "pemeriksaan_medis",
        {**INCIDENT, "rujukan[2].layanan_rujukan": "kesehatan",
         "rujukan[2].waktu_pemeriksaan": "2026-03-02T14:00:00+07:00"},
        utc(5), DeadlineState.MET, utc(3, 17), met_at=utc(2, 7)),
    Row("medical, complaint long after the window", "pemeriksaan_medis",
        {"tanggal_kejadian": "2026-01-10"}, after(1), None),
    Row("medical, incident date unknown", "pemeriksaan_medis", {}, after(1),
        DeadlineState.NOT_STARTED),
    # -- restitution documents completed within 3 days [law, PP 43/2017]
    Row("restitution, day 2", "kelengkapan_restitusi", RESTITUTION, utc(3), DeadlineState.PENDING,
        utc(4, 17), record=4),
    Row("restitution, day 3", "kelengkapan_restitusi", RESTITUTION, utc(4), DeadlineState.DUE_SOON,
        utc(4, 17), record=4),
    Row("restitution, day 4", "kelengkapan_restitusi", RESTITUTION, utc(5), DeadlineState.OVERDUE,
        utc(4, 17), record=4),
    Row("restitution, complete", "kelengkapan_restitusi",
        {**RESTITUTION, "rujukan[4].dokumen_restitusi_lengkap": "ya"}, utc(5), DeadlineState.MET,
        utc(4, 17), record=4),
    # -- next review monthly after the last one [practice, configurable]
    Row("review, from the plan approval", "tinjauan_berikutnya", PLAN, utc(1, month=4),
        DeadlineState.PENDING, utc(8, 17, month=4)),
    Row("review, within a week", "tinjauan_berikutnya", PLAN, utc(3, month=4),
        DeadlineState.DUE_SOON, utc(8, 17, month=4)),
    Row("review, overdue", "tinjauan_berikutnya", PLAN, utc(10, month=4), DeadlineState.OVERDUE,
        utc(8, 17, month=4)),
    Row("review, from the latest visit", "tinjauan_berikutnya",
        {**PLAN, "kunjungan[1].tanggal_kunjungan": "2026-04-01",
         "kunjungan[2].tanggal_kunjungan": "2026-04-20"},
        utc(1, month=5), DeadlineState.PENDING, utc(19, 17, month=5)),
    Row("review, no approved plan", "tinjauan_berikutnya",
        {"persetujuan_rencana": "perlu_perbaikan"}, utc(1, month=5), None),
]  # fmt: skip


def find(statuses: list[DeadlineStatus], deadline: str) -> list[DeadlineStatus]:
    return [s for s in statuses if s.deadline.id == deadline]


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_procedure(resources_dir() / PROCEDURE_FILE)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_deadline_table(procedure: Procedure, row: Row) -> None:
    fields = {k: v for k, v in {**BASE, **row.fields}.items() if v is not None}
    found = find(procedure.deadlines_for(fields, row.now), row.deadline)
    if row.state is None:
        assert found == []
        return
    assert len(found) == 1, found
    status = found[0]
    assert (status.state, status.due, status.met_at, status.record) == (
        row.state,
        row.due,
        row.met_at,
        row.record,
    )
    assert status.open is (row.state not in (DeadlineState.MET, DeadlineState.NOT_STARTED))


def test_the_table_covers_every_deadline(procedure: Procedure) -> None:
    assert {r.deadline for r in ROWS} == {d.id for d in procedure.deadlines}


def test_each_referral_record_has_its_own_clock(procedure: Procedure) -> None:
    fields = {
        **BASE,
        **LP,
        "rujukan[2].layanan_rujukan": "hukum",
        "rujukan[2].tanggal_lp": "2026-03-05",
        "rujukan[2].tanggal_mulai_perlindungan": "2026-03-05",
    }
    found = find(procedure.deadlines_for(fields, utc(5, 12)), "perlindungan_sementara")
    assert [(s.record, s.state) for s in found] == [
        (1, DeadlineState.OVERDUE),
        (2, DeadlineState.MET),
    ]


def test_most_urgent_first(procedure: Procedure) -> None:
    fields = {**BASE, **INCIDENT, "tingkat_risiko": "sedang"}
    states = [s.state for s in procedure.deadlines_for(fields, after(7))]
    assert states == sorted(states, key=lambda s: ["overdue", "due_soon", "pending"].index(s))
    assert states[0] is DeadlineState.OVERDUE


def test_a_closed_case_has_nothing_due(procedure: Procedure) -> None:
    fields = {**BASE, **LP, **PLAN, "persetujuan_terminasi": "disetujui"}
    statuses = procedure.deadlines_for(fields, utc(1, month=6))
    assert statuses and all(s.state is DeadlineState.MET for s in statuses)
    standing = procedure.standing(fields, utc(1, month=6))
    assert standing.closed and standing.open_stages == () and standing.overdue == ()


def test_standing_groups_what_is_due_and_overdue(procedure: Procedure) -> None:
    fields = {**BASE, **INCIDENT, **HUKUM, "tingkat_risiko": "tinggi"}
    standing = procedure.standing(fields, after(50))
    assert {s.deadline.id for s in standing.overdue} == {
        "respons_risiko_tinggi",
        "pemeriksaan_medis",
    }
    assert {s.deadline.id for s in standing.due} == {"laporan_polisi"}
    assert {s.deadline.id for s in standing.not_started} == {"perlindungan_sementara"}
    assert "rujukan_layanan" in {s.id for s in standing.open_stages}


def test_configured_review_frequency(procedure: Procedure) -> None:
    fortnightly = procedure.configure({"tinjauan_berikutnya": Duration(14, "days")})
    status = find(fortnightly.deadlines_for({**BASE, **PLAN}, utc(20)), "tinjauan_berikutnya")[0]
    assert status.due == utc(23, 17) and status.state is DeadlineState.DUE_SOON


def test_immediately_is_shown_as_segera(procedure: Procedure) -> None:
    fields = {**BASE, "tingkat_risiko": "tinggi"}
    status = find(procedure.deadlines_for(fields, after(1)), "respons_risiko_tinggi")[0]
    zone = procedure.zone_for(fields)
    assert status.describe_due(zone, "id") == "segera"
    assert status.describe_due(zone, "en") == "immediately"
    assert status.deadline.describe_duration("en") == "immediately"
    police = procedure.deadline("laporan_polisi")
    assert police.describe_duration("id") == "3×24 jam"
    assert procedure.deadline("penempatan_rumah_aman").describe_duration("en") == "14 days"


def test_a_deadline_at_2300_utc_shows_the_next_day_in_wita(procedure: Procedure) -> None:
    fields = {
        "waktu_pengaduan": "2026-03-01T17:00:00Z",
        "tingkat_risiko": "sedang",
        "jenis_kekerasan": "fisik",
        "wilayah": "bali",
    }
    status = find(procedure.deadlines_for(fields, utc(1, 18)), "respons_risiko_sedang")[0]
    assert status.due == datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert status.describe_due(procedure.zone_for(fields)) == "02/03/2026 07:00 WITA"
    medan = procedure.zone_for({**fields, "wilayah": "medan"})
    assert status.describe_due(medan) == "02/03/2026 06:00 WIB"


def test_a_date_counts_from_midnight_in_the_case_zone(procedure: Procedure) -> None:
    bali = {**BASE, **INCIDENT, "wilayah": "bali"}
    medan = {**BASE, **INCIDENT}
    due_bali = find(procedure.deadlines_for(bali, after(1)), "pemeriksaan_medis")[0].due
    due_medan = find(procedure.deadlines_for(medan, after(1)), "pemeriksaan_medis")[0].due
    assert due_medan is not None and due_bali == due_medan - timedelta(hours=1)


def test_now_must_be_aware(procedure: Procedure) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        procedure.deadlines_for(BASE, datetime(2026, 3, 2, 12, 0))
    other_zone = procedure.deadlines_for(BASE, after(1).astimezone(procedure.zones["WIT"].tzinfo))
    assert other_zone == procedure.deadlines_for(BASE, after(1))


def test_a_garbled_value_does_not_hide_the_list(procedure: Procedure) -> None:
    fields = {**BASE, "tanggal_kejadian": "minggu lalu"}
    medical = find(procedure.deadlines_for(fields, after(1)), "pemeriksaan_medis")[0]
    assert medical.state is DeadlineState.NOT_STARTED

"""The procedure file loads strictly; stages, transitions and approvals follow PROCEDURE.md."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fieldcase.core.deadlines import Duration, format_local, parse_instant
from fieldcase.core.errors import FieldcaseError
from fieldcase.core.procedure import (
    PROCEDURE_FILE,
    Procedure,
    ProcedureError,
    UnknownStage,
    load_procedure,
    parse_procedure,
)
from fieldcase.core.roles import Role
from fieldcase.resources import resources_dir

FILE = resources_dir() / PROCEDURE_FILE
STAGES = (
    "penerimaan_pengaduan",
    "penjangkauan",
    "asesmen",
    "rencana_layanan",
    "rujukan_layanan",
    "pemantauan",
    "reintegrasi",
    "terminasi",
)
INTAKE = {
    "waktu_pengaduan": "2026-03-02T01:00:00+00:00",
    "jenis_kekerasan": "fisik",
    "tingkat_risiko": "rendah",
    "wilayah": "medan",
}
ASSESSED = {**INTAKE, "tanggal_asesmen": "2026-03-03"}
PLANNED = {**ASSESSED, "persetujuan_rencana": "disetujui"}


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_procedure(FILE)


@pytest.fixture
def raw() -> dict[str, Any]:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def ids(stages: tuple[Any, ...]) -> list[str]:
    return [s.id for s in stages]


# ---------------------------------------------------------------- the data


def test_the_eight_stages_in_order(procedure: Procedure) -> None:
    assert procedure.stage_ids == STAGES
    assert [s.order for s in procedure.stages] == list(range(1, 9))
    referrals = procedure.stage("rujukan_layanan")
    assert referrals.forms == () and len(referrals.record_forms) == 8
    assert referrals.form_ids[0] == "rujukan_hukum"
    assert procedure.stage("penerimaan_pengaduan").label.get("en") == "Complaint intake"
    assert procedure.stage("penjangkauan").optional


def test_plan_and_closure_need_a_supervisor(procedure: Procedure) -> None:
    assert procedure.needs_approval("rencana_layanan") is Role.SUPERVISOR
    assert procedure.needs_approval("terminasi") is Role.SUPERVISOR
    assert [s for s in STAGES if procedure.needs_approval(s)] == ["rencana_layanan", "terminasi"]
    assert not procedure.is_approved(ASSESSED, "rencana_layanan")
    assert procedure.is_approved(PLANNED, "rencana_layanan")
    assert procedure.is_approved({}, "asesmen")  # nothing to approve


def test_unknown_stage_is_a_bilingual_error(procedure: Procedure) -> None:
    with pytest.raises(UnknownStage) as caught:
        procedure.stage("asesmen_lanjutan")
    assert isinstance(caught.value, FieldcaseError)
    assert "Tahap 'asesmen_lanjutan' tidak ada" in str(caught.value)
    assert "The stages are: penerimaan_pengaduan" in str(caught.value)


# ---------------------------------------------------------------- open stages


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ["penerimaan_pengaduan"]),
        (INTAKE, ["penjangkauan", "asesmen", "rujukan_layanan", "terminasi"]),
        (ASSESSED, ["penjangkauan", "rencana_layanan", "rujukan_layanan", "terminasi"]),
        (
            {**PLANNED, "waktu_penjangkauan": "2026-03-02T05:00"},
            ["rujukan_layanan", "pemantauan", "reintegrasi", "terminasi"],
        ),
        (
            {**PLANNED, "pemulangan": "sudah_dipulangkan"},
            ["penjangkauan", "rujukan_layanan", "pemantauan", "terminasi"],
        ),
        ({**PLANNED, "persetujuan_terminasi": "disetujui"}, []),
    ],
    ids=["new", "intake", "assessed", "planned", "returned-home", "closed"],
)
def test_open_stages(procedure: Procedure, fields: dict[str, Any], expected: list[str]) -> None:
    assert ids(procedure.open_stages(fields)) == expected


def test_closure_sent_back_keeps_the_case_open(procedure: Procedure) -> None:
    fields = {**PLANNED, "persetujuan_terminasi": "perlu_perbaikan"}
    assert not procedure.is_closed(fields)
    assert "terminasi" in ids(procedure.open_stages(fields))
    assert ids(procedure.allowed_next(fields, "terminasi")) == ["rujukan_layanan", "pemantauan"]


# ---------------------------------------------------------------- transitions


def test_the_plan_cannot_be_left_for_services_before_the_supervisor_approves(
    procedure: Procedure,
) -> None:
    assert ids(procedure.allowed_next(ASSESSED, "rencana_layanan")) == ["asesmen", "terminasi"]
    blocked = {c.target: c for c in procedure.check_transitions(ASSESSED, "rencana_layanan")}
    reasons = blocked["rujukan_layanan"].reasons
    assert not blocked["rujukan_layanan"].allowed
    assert any("supervisor" in r.get("en").lower() for r in reasons)
    assert any("Supervisor" in r.get("id") for r in reasons)
    assert ids(procedure.allowed_next(PLANNED, "rencana_layanan")) == [
        "asesmen",
        "rujukan_layanan",
        "pemantauan",
        "terminasi",
    ]


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ({}, False),
        ({"tingkat_risiko": "tinggi"}, True),
        ({"tingkat_risiko": "sedang"}, True),
        ({"jenis_kekerasan": "fisik seksual"}, True),
        ({"jenis_kekerasan": ["psikis", "seksual"]}, True),  # a JSON list works too
        ({"bentuk_esa": "sextortion"}, True),
        ({"bentuk_esa": ""}, False),
    ],
)
def test_straight_to_referrals_only_in_an_emergency(
    procedure: Procedure, extra: dict[str, Any], allowed: bool
) -> None:
    fields = {**INTAKE, **extra}
    check = {c.target: c for c in procedure.check_transitions(fields, "penerimaan_pengaduan")}
    assert check["rujukan_layanan"].allowed is allowed
    assert check["asesmen"].allowed and check["penjangkauan"].allowed
    if not allowed:
        assert "asesmen dulu" in check["rujukan_layanan"].reasons[0].get("id")


def test_monitoring_waits_for_an_approved_plan(procedure: Procedure) -> None:
    check = {c.target: c for c in procedure.check_transitions(ASSESSED, "rujukan_layanan")}
    assert not check["pemantauan"].allowed
    assert "Service plan" in check["pemantauan"].reasons[0].get("en")
    assert "pemantauan" in ids(procedure.allowed_next(PLANNED, "rujukan_layanan"))


def test_a_closed_case_goes_nowhere(procedure: Procedure) -> None:
    closed = {**PLANNED, "persetujuan_terminasi": "disetujui"}
    assert procedure.is_closed(closed)
    for stage in STAGES:
        assert procedure.allowed_next(closed, stage) == ()
    check = procedure.check_transitions(closed, "pemantauan")[0]
    assert check.reasons[0].get("en") == "The case is closed."


def test_every_stage_can_be_closed_from(procedure: Procedure) -> None:
    for stage in STAGES[:-1]:
        assert "terminasi" in {t.target for t in procedure.transitions_from(stage)}


def test_open_items_count_what_blocks_closure(procedure: Procedure) -> None:
    fields = {
        "rujukan[1].status_rujukan": "dikirim",
        "rujukan[2].status_rujukan": "selesai",
        "rujukan[3].status_rujukan": "diterima",
        "rencana[1].status_rencana": "berjalan",
        "rencana[2].status_rencana": "dibatalkan",
    }
    assert procedure.open_items(fields) == {"rujukan_terbuka": 2, "rencana_terbuka": 1}
    assert procedure.open_items({}) == {"rujukan_terbuka": 0, "rencana_terbuka": 0}


# ---------------------------------------------------------------- time zones


@pytest.mark.parametrize(
    ("fields", "zone"),
    [
        ({"wilayah": "medan"}, "WIB"),
        ({"wilayah": "DKI Jakarta"}, "WIB"),  # the demo stores display names
        ({"wilayah": "indramayu"}, "WIB"),
        ({"wilayah": "bali"}, "WITA"),
        ({"wilayah": "Lombok"}, "WITA"),
        ({"wilayah": "lainnya", "wilayah_lainnya": "Papua"}, "WIT"),
        ({"wilayah": "lainnya", "wilayah_lainnya": "Kupang"}, "WIB"),
        ({}, "WIB"),
    ],
)
def test_zone_from_region(procedure: Procedure, fields: dict[str, Any], zone: str) -> None:
    assert procedure.zone_for(fields).name == zone


def test_2300_utc_is_the_next_morning_in_wita(procedure: Procedure) -> None:
    instant = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert format_local(instant, procedure.zone_for({"wilayah": "bali"})) == "02/03/2026 07:00 WITA"
    assert format_local(instant, procedure.zone_for({"wilayah": "medan"})) == "02/03/2026 06:00 WIB"
    wit = procedure.zones["WIT"]
    assert format_local(instant, wit, with_time=False) == "02/03/2026 WIT"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T10:00:00+00:00", datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("2026-03-01T18:00+08:00", datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("2026-03-01T18:00", datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),  # naive: case's zone
        ("2026-03-01", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),  # a date: 00:00 local
        (datetime(2026, 3, 1, 18, 0), datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("kemarin", None),
        ("", None),
        (None, None),
        (17, None),
    ],
)
def test_values_become_utc_instants(
    procedure: Procedure, value: object, expected: datetime | None
) -> None:
    assert parse_instant(value, procedure.zones["WITA"]) == expected


# ---------------------------------------------------------------- strict loading


def _break(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set ``a.b[2].c`` in the parsed tables to ``value`` (``...`` deletes it)."""

    def apply(raw: dict[str, Any]) -> None:
        target: Any = raw
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is ...:
            del target[int(last) if last.isdigit() else last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


BROKEN = [
    ("format", 2, "format", "format version must be 1"),
    ("stages[0].colour", "biru", "stages[1] (penerimaan_pengaduan)", "unknown keys: colour"),
    ("stages[1].order", 1, "'order'", "repeated order"),
    ("stages[2].requires", ["asesmen_x"], "requires", "unknown stage 'asesmen_x'"),
    ("stages[0].requires", ["terminasi"], "requires", "circular prerequisites"),
    ("stages[3].forms", ["penerimaan"], "'forms'", "already belongs to stage"),
    ("transitions[0].to", "penjangkauanx", "transitions[1]", "unknown stage 'penjangkauanx'"),
    ("transitions[0].from", "mulai", "transitions[1]", "unknown stage 'mulai'"),
    ("transitions[1].to", "penjangkauan", "transitions[2]", "this transition is repeated"),
    ("transitions[7].approval", "supervisor", "'approval'", "has no approval by 'supervisor'"),
    ("transitions[10].approval", "kepala", "'approval'", "role must be one of"),
    ("approvals[0].stage", "rencana", "approvals[1], 'stage'", "unknown stage 'rencana'"),
    ("deadlines[8].stage", "tinjauan", "deadlines[9] (tinjauan_berikutnya)", "unknown stage"),
    ("deadlines[2].configurable", True, "laporan_polisi", "only [practice] rules"),
    ("deadlines[2].duration", {"hours": 72, "days": 3}, "'duration'", "exactly one"),
    ("deadlines[2].duration", {"hours": -1}, "'duration'", "must not be negative"),
    ("deadlines[2].source", "hukum", "'source'", "must be law, SOP or practice"),
    ("deadlines[2].met_by", ..., "laporan_polisi", "every other one needs one"),
    ("deadlines[2].start", ["rujukan[.].tanggal_lp"], "laporan_polisi", "[.] is only for"),
    ("deadlines[2].start", ["rujukan.tanggal_lp"], "laporan_polisi", "is not a field path"),
    ("deadlines[2].when", {"ref": "seksual"}, "'ref'", "unknown condition 'seksual'"),
    ("deadlines[2].when", {"field": "x", "above": 3}, "'when'", "use present, equals"),
    ("deadlines[2].when", {"all": [], "any": []}, "'when'", "a condition is"),
    ("conditions.darurat", {"ref": "darurat"}, "conditions", "circular conditions"),
    ("time.regions.bali", "WITA2", "'bali'", "unknown zone 'WITA2'"),
    ("time.default_zone", "UTC", "'default_zone'", "unknown zone"),
]


@pytest.mark.parametrize(("path", "value", "where", "message"), BROKEN)
def test_a_broken_file_names_the_entry(
    raw: dict[str, Any], path: str, value: Any, where: str, message: str
) -> None:
    broken = copy.deepcopy(raw)
    _break(path, value)(broken)
    with pytest.raises(ProcedureError) as caught:
        parse_procedure(broken)
    text = str(caught.value)
    assert where in text and message in text, text
    assert text.startswith("Berkas prosedur 'procedure.toml'")
    assert " / Procedure file 'procedure.toml'" in text


def test_a_stage_no_transition_reaches_is_refused(raw: dict[str, Any]) -> None:
    raw["transitions"] = [t for t in raw["transitions"] if t["to"] != "reintegrasi"]
    with pytest.raises(ProcedureError, match=r"stages \(reintegrasi\).*no transition leads"):
        parse_procedure(raw)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProcedureError, match="not valid TOML"):
        parse_procedure("stages = [", "x.toml")
    with pytest.raises(ProcedureError, match="cannot be read"):
        load_procedure(tmp_path / "none.toml")


def test_only_practice_deadlines_can_be_configured(procedure: Procedure) -> None:
    weekly = procedure.configure({"tinjauan_berikutnya": Duration(14, "days")})
    assert weekly.deadline("tinjauan_berikutnya").duration == Duration(14, "days")
    assert procedure.deadline("tinjauan_berikutnya").duration == Duration(30, "days")
    with pytest.raises(ProcedureError, match="set by law or SOP"):
        procedure.configure({"laporan_polisi": Duration(96, "hours")})
    with pytest.raises(ProcedureError, match="unknown deadline"):
        procedure.configure({"tenggat_baru": Duration(1, "days")})

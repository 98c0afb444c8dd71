"""The statistics equal counts computed here, independently, from the raw demo data."""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

from fieldcase.core.changes import JsonValue
from fieldcase.reports.service import statistics_for
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WITA = {"Bali", "Lombok"}


def _local(fields: dict[str, JsonValue]) -> datetime:
    at = datetime.fromisoformat(str(fields["waktu_pengaduan"]))
    hours = 8 if fields["wilayah"] in WITA else 7
    return at.astimezone(timezone(timedelta(hours=hours)))


def _band(fields: dict[str, JsonValue]) -> str:
    born = date.fromisoformat(str(fields["tanggal_lahir"]))
    on = _local(fields).date()
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return "0-5" if age <= 5 else "6-12" if age <= 12 else "13-17" if age <= 17 else "18+"


def test_counts_match_the_raw_data(supervisor: Session) -> None:
    raw = [supervisor.cases.read(i) for i in supervisor.cases.case_ids()]
    stats = statistics_for(supervisor, NOW)
    assert stats.cases == len(raw) == 500

    def region(f: dict[str, JsonValue]) -> str:
        return str(f["wilayah"]).lower().replace(" ", "_")

    assert stats.tables["wilayah"] == Counter(region(f) for f in raw)
    assert stats.tables["bulan_pengaduan"] == Counter(_local(f).strftime("%Y-%m") for f in raw)
    assert stats.tables["kelompok_umur"] == Counter(_band(f) for f in raw)
    assert stats.tables["jenis_kelamin"] == Counter(str(f["jenis_kelamin"]) for f in raw)
    assert stats.tables["disabilitas"] == Counter(
        "ya" if f["disabilitas"] else "tidak" for f in raw
    )
    assert stats.tables["tahap"] == Counter(str(f["tahap"]) for f in raw)
    for name in ("bentuk_esa", "jenis_kekerasan", "hubungan_pelaku"):
        expected: Counter[str] = Counter()
        for f in raw:
            expected.update(f[name])  # type: ignore[arg-type]
        assert stats.tables[name] == expected, name


def test_time_to_police_report_median(supervisor: Session) -> None:
    raw = [supervisor.cases.read(i) for i in supervisor.cases.case_ids()]
    hours = []
    for f in raw:
        start = datetime.fromisoformat(str(f["waktu_pengaduan"]))
        zone = timezone(timedelta(hours=8 if f["wilayah"] in WITA else 7))
        ends = []
        if f.get("tanggal_laporan_polisi"):
            ends.append(datetime.fromisoformat(str(f["tanggal_laporan_polisi"])))
        for path, value in f.items():
            if path.endswith(".tanggal_lp"):
                ends.append(
                    datetime.combine(date.fromisoformat(str(value)), datetime.min.time(), zone)
                )
        if ends:
            hours.append(max(0, int((min(ends) - start).total_seconds() // 3600)))
    median = statistics_for(supervisor, NOW).medians()["jam_ke_laporan_polisi"]
    assert median.n == len(hours) > 100
    assert median.value == pystats.median(hours)


def test_deadline_compliance_uses_the_procedure(supervisor: Session) -> None:
    stats = statistics_for(supervisor, NOW)
    police = stats.deadlines["laporan_polisi"]
    assert police.decided > 0 and police.rate is not None and 0 <= police.rate <= 1

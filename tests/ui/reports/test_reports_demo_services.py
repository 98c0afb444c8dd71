"""Demo cases with service records: medians to show, no canaries, demo_cases unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldcase.core.demo import demo_cases
from fieldcase.core.demo_services import demo_cases_with_services
from fieldcase.reports.stats import compute

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_records_are_added_on_top_of_the_unchanged_demo_cases() -> None:
    plain = list(demo_cases(60))
    enriched = list(demo_cases_with_services(60))
    assert list(demo_cases(60)) == plain  # the benchmarks' generator is left as it was
    for before, after in zip(plain, enriched, strict=True):
        assert {k: v for k, v in after.items() if k in before} == before
        added = set(after) - set(before)
        assert all(k.startswith(("rujukan[", "rencana[")) for k in added)
    with_records = [c for c in enriched if "rujukan[1].layanan_rujukan" in c]
    assert len(with_records) > 40
    assert list(demo_cases_with_services(60)) == enriched  # repeatable


def test_no_canary_and_fiction_is_marked() -> None:
    for fields in demo_cases_with_services(200):
        for path, value in fields.items():
            assert "kanari" not in str(value).lower(), path
            if path.endswith((".nomor_lp", ".nomor_visum")):
                assert "LATIHAN" in str(value)


def test_the_dashboard_gets_medians_to_show() -> None:
    plain = compute(((str(i), c) for i, c in enumerate(demo_cases(300))), now=NOW)
    enriched = compute(((str(i), c) for i, c in enumerate(demo_cases_with_services(300))), now=NOW)
    shown = {name: len(values) for name, values in enriched.times.items() if len(values) >= 5}
    assert {"jam_ke_laporan_polisi"} < set(shown) and len(shown) >= 3
    assert sum(len(v) for v in enriched.times.values()) > sum(len(v) for v in plain.times.values())

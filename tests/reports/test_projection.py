"""The vault's per-case report projection gives exactly what the row-by-row pass gives.

The row-by-row pass (``stats.compute`` over ``source.iter_cases``, the full
deadline engine per case, ``deidentify`` per case) is the reference; the
projection must agree with it after every kind of write, at any "now", and
catch up after writes made without it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from fieldcase.core.changes import Change, FieldWrite
from fieldcase.reports import projection
from fieldcase.reports.deidentify import (
    ROW_COLUMNS,
    coarsened,
    deidentify,
    procedure,
    report_secret,
)
from fieldcase.reports.export import deidentified_rows
from fieldcase.reports.source import iter_cases
from fieldcase.reports.stats import Statistics, compute, outcome
from fieldcase.vault import derived, schema
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _same(session: Session, now: datetime = NOW, **where: str) -> Statistics:
    """Assert projected == row-by-row statistics; return them."""
    fast = projection.statistics(session.db, now=now, **where)  # type: ignore[arg-type]
    slow = compute(iter_cases(session), now=now, **where)  # type: ignore[arg-type]
    assert fast.cases == slow.cases
    assert fast.tables == slow.tables
    assert fast.times == slow.times
    assert fast.deadlines == slow.deadlines
    return fast


def _stale(session: Session) -> set[str] | None:
    return projection.stale_cases(session.db)


@pytest.fixture
def unhooked() -> Iterator[None]:
    """Writes as a process that never imported the reports would make them."""
    derived.unregister(projection.PROJECTION)
    try:
        yield
    finally:
        derived.register(projection.PROJECTION)


def test_table_columns_are_the_export_columns(supervisor: Session) -> None:
    columns = [r[1] for r in supervisor.db.execute("PRAGMA table_info(report_cases)")]
    assert columns == ["case_id", *ROW_COLUMNS]


def test_statistics_equal_the_row_by_row_pass(supervisor: Session) -> None:
    stats = _same(supervisor)
    assert stats.cases == 500
    assert sum(c.decided for c in stats.deadlines.values()) > 500
    for region in ("Bali", "dki_jakarta", "lainnya", "Atlantis"):
        _same(supervisor, region=region)
    month = stats.tables["bulan_pengaduan"].most_common(1)[0][0]
    _same(supervisor, period=month)
    _same(supervisor, region="Medan", period=month)
    fast = projection.statistics(supervisor.db, now=NOW, with_deadlines=False)
    assert all(c.decided == 0 for c in fast.deadlines.values())
    assert fast.tables == stats.tables


def test_a_month_range_equals_filtering_the_rows_first(supervisor: Session) -> None:
    """The dashboard's complaint-month range (either end open)."""
    months = sorted(
        {str(r[0]) for r in supervisor.db.execute("SELECT bulan_pengaduan FROM report_cases")}
    )
    low, high = months[len(months) // 4], months[3 * len(months) // 4]
    cases = list(iter_cases(supervisor))
    coarse = {cid: coarsened(f)["bulan_pengaduan"] for cid, f in cases}
    for first, last, region in ((low, high, None), (low, None, "Bali"), (None, high, None)):
        picked = [
            (cid, f)
            for cid, f in cases
            if isinstance(month := coarse[cid], str)
            and (first is None or month >= first)
            and (last is None or month <= last)
        ]
        fast = projection.statistics(
            supervisor.db, now=NOW, region=region, month_from=first, month_to=last
        )
        slow = compute(picked, now=NOW, region=region)
        assert 0 < fast.cases < 500
        assert (fast.cases, fast.tables, fast.times, fast.deadlines) == (
            slow.cases,
            slow.tables,
            slow.times,
            slow.deadlines,
        )


def test_compliance_equals_the_deadline_engine_at_every_moment(supervisor: Session) -> None:
    """At each stored due instant and 1 µs after it, per case and deadline record."""
    dues = sorted(
        r[0]
        for r in supervisor.db.execute("SELECT due_us FROM report_deadlines WHERE outcome = 'open'")
    )
    assert len(dues) > 50
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    picks = [dues[0], dues[len(dues) // 3], dues[len(dues) // 2], dues[-1]]
    moments = [epoch + timedelta(microseconds=d + step) for d in picks for step in (0, 1)]
    moments += [datetime(2020, 1, 1, tzinfo=UTC), NOW, datetime(2031, 1, 1, tzinfo=UTC)]
    cases = list(iter_cases(supervisor))
    rules = procedure()
    for now in moments:
        _same(supervisor, now)
        now_us = projection.micros(now)
        stored: Counter[tuple[str, str, int, str]] = Counter()
        for case_id, deadline_id, record, result, due in supervisor.db.execute(
            "SELECT case_id, deadline_id, record, outcome, due_us FROM report_deadlines"
        ):
            if result == "open":
                if now_us <= due:
                    continue
                result = "overdue"
            stored[(case_id, deadline_id, record, result)] += 1
        engine: Counter[tuple[str, str, int, str]] = Counter()
        for case_id, fields in cases:
            for status in rules.deadlines_for(fields, now):
                found = outcome(status)
                if found is not None:
                    engine[(case_id, status.deadline.id, status.record or 0, found)] += 1
        assert stored == engine, now


def test_exported_rows_equal_deidentify(supervisor: Session) -> None:
    secret = report_secret(supervisor)
    expected = [deidentify(cid, f, secret) for cid, f in iter_cases(supervisor)]
    assert list(deidentified_rows(supervisor)) == expected
    since = "2026-06"
    assert list(deidentified_rows(supervisor, since)) == [
        r
        for r in expected
        if isinstance(r["bulan_pengaduan"], str) and r["bulan_pengaduan"] >= since
    ]


def test_saves_update_the_projection_in_the_same_transaction(supervisor: Session) -> None:
    ids = supervisor.cases.case_ids()
    supervisor.cases.save(ids[0], {"wilayah": "Lombok", "tahap": "terminasi", "umur": 4})
    supervisor.cases.save(
        ids[1],
        {
            "rujukan[9].layanan_rujukan": "rumah_aman",
            "rujukan[9].status_rujukan": "selesai",
            "rujukan[9].tanggal_masuk_rumah_aman": "2026-11-30",
        },
    )
    supervisor.cases.save(ids[2], {}, deletes=["wilayah", "tanggal_lahir", "jenis_kelamin"])
    assert _stale(supervisor) == set()
    stats = _same(supervisor)
    assert stats.tables["wilayah"]["tidak_diketahui"] >= 1


def test_changes_from_another_replica_update_the_projection(supervisor: Session) -> None:
    case_id = supervisor.cases.case_ids()[0]
    base = supervisor.cases.field_states(case_id)["tahap"].hlc
    theirs = Change(
        "01900000-0000-7000-8000-00000000beef",
        "other-account",
        1,
        case_id,
        "9999999999990.00000.other-account",
        (FieldWrite("tahap", "reintegrasi", base), FieldWrite("wilayah", "Solo", "")),
    )
    new_case = Change(
        "01900000-0000-7000-8000-00000000cafe",
        "other-account",
        2,
        "01900000-0000-7000-8000-0000000000aa",
        "9999999999991.00000.other-account",
        (
            FieldWrite("wilayah", "Bali", ""),
            FieldWrite("waktu_pengaduan", "2026-10-02T09:00:00+08:00", ""),
            FieldWrite("tahap", "penerimaan_pengaduan", ""),
        ),
    )
    assert supervisor.cases.apply_changes([theirs, new_case]) == 2
    assert _stale(supervisor) == set()
    stats = _same(supervisor)
    assert stats.cases == 501


def test_rebuild_reproduces_the_projection(supervisor: Session) -> None:
    supervisor.cases.save(supervisor.cases.case_ids()[3], {"tahap": "pemantauan"})
    before = supervisor.cases.derived_snapshot()
    assert len(before["report"]) > 500
    supervisor.db.execute("DELETE FROM report_deadlines")
    supervisor.cases.rebuild()
    assert supervisor.cases.derived_snapshot() == before


def test_writes_without_the_projection_are_caught_up(supervisor: Session, unhooked: None) -> None:
    """As by a script that never imported reports, or an older app on the same vault."""
    ids = supervisor.cases.case_ids()
    supervisor.cases.save(ids[0], {"wilayah": "Batam"})
    (new,) = supervisor.cases.create_cases([{"wilayah": "Medan", "tahap": "asesmen"}])
    assert _stale(supervisor) == {ids[0], new}
    derived.register(projection.PROJECTION)
    stats = _same(supervisor)
    assert stats.cases == 501 and _stale(supervisor) == set()


def test_a_write_catches_up_on_what_was_written_without_it(
    supervisor: Session, unhooked: None
) -> None:
    ids = supervisor.cases.case_ids()
    supervisor.cases.save(ids[0], {"tahap": "terminasi"})
    derived.register(projection.PROJECTION)
    supervisor.cases.save(ids[1], {"tahap": "terminasi"})
    assert _stale(supervisor) == set()
    row = supervisor.db.execute(
        "SELECT tahap FROM report_cases WHERE case_id = ?", [ids[0]]
    ).fetchone()
    assert row == ("terminasi",)
    _same(supervisor)


def test_a_write_far_behind_leaves_the_catch_up_to_the_read(
    supervisor: Session, unhooked: None
) -> None:
    ids = supervisor.cases.case_ids()
    behind = ids[: projection.CATCH_UP_IN_WRITE + 1]
    for case_id in behind:
        supervisor.cases.save(case_id, {"tahap": "pemantauan"})
    derived.register(projection.PROJECTION)
    supervisor.cases.save(ids[-1], {"tahap": "terminasi"})
    assert _stale(supervisor) == {*behind, ids[-1]}
    _same(supervisor)
    assert _stale(supervisor) == set()


def test_a_failing_projection_never_loses_a_save(
    supervisor: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = supervisor.cases.case_ids()[0]

    def broken(fields: object) -> object:
        raise RuntimeError("report bug")

    monkeypatch.setattr(projection, "coarsened", broken)
    supervisor.cases.save(case_id, {"tahap": "pemantauan"})
    assert supervisor.cases.read(case_id)["tahap"] == "pemantauan"
    assert _stale(supervisor) == {case_id}
    with pytest.raises(RuntimeError):  # the read fails as loudly as the reference would
        projection.statistics(supervisor.db, now=NOW)
    assert _stale(supervisor) == {case_id}
    monkeypatch.undo()
    _same(supervisor)
    assert _stale(supervisor) == set()


def test_a_new_projection_version_reprojects_every_case(
    supervisor: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    supervisor.db.execute("UPDATE report_cases SET wilayah = 'medan'")  # stale rows
    monkeypatch.setattr(projection, "current_version", lambda: "2:procedure-changed")
    assert _stale(supervisor) is None
    supervisor.cases.save(supervisor.cases.case_ids()[0], {"tahap": "asesmen"})
    assert _stale(supervisor) is None  # a write does not pretend the rest is current
    assert projection.ensure_current(supervisor.db) == 500
    assert projection.ensure_current(supervisor.db) == 0
    _same(supervisor)


def test_a_vault_from_before_the_projection_migrates(supervisor: Session) -> None:
    db = supervisor.db
    with db.atomic():
        db.executescript("DROP TABLE report_cases; DROP TABLE report_deadlines;")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_report_projection'")
        db.execute("DELETE FROM meta WHERE key LIKE 'report_projection%'")
    db.execute("PRAGMA user_version = 1002")
    schema.migrate(db)
    assert schema.stored_version(db) == schema.SCHEMA_MAJOR * 1000 + schema.SCHEMA_MINOR
    assert _stale(supervisor) is None
    # The first save projects only its own case: 500 others are behind.
    supervisor.cases.save(supervisor.cases.case_ids()[0], {"tahap": "asesmen"})
    assert _stale(supervisor) is None
    _same(supervisor)
    assert _stale(supervisor) == set()

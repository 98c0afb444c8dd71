"""Projections registered with vault/derived.py follow every write, in its transaction."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcase.core.changes import Change, FieldWrite
from fieldcase.vault import derived
from fieldcase.vault.derived import EncodedCases
from fieldcase.vault.session import Session


class Recorder:
    """A projection that records its calls and can be told to fail."""

    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str] | None, set[str]]] = []
        self.fail = False

    def refresh(
        self,
        db: sqlite_utils.Database,
        case_ids: Collection[str] | None,
        encoded: EncodedCases | None = None,
    ) -> None:
        assert db.conn.in_transaction  # called inside the write's transaction
        if self.fail:
            raise RuntimeError("projection failed")
        self.calls.append((None if case_ids is None else sorted(case_ids), set(encoded or {})))

    def snapshot(self, db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
        return []


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    saved = derived.projections()
    for p in saved:
        derived.unregister(p)
    found = Recorder()
    derived.register(found)
    derived.register(found)  # idempotent
    try:
        yield found
    finally:
        derived.unregister(found)
        for p in saved:
            derived.register(p)


def test_every_write_calls_the_projection(session: Session, recorder: Recorder) -> None:
    a, b = session.cases.create_cases([{"nama": "a"}, {"nama": "b"}])
    assert recorder.calls[-1] == (sorted([a, b]), {a, b})  # bulk create hands the texts over
    session.cases.save(a, {"tahap": "asesmen"})
    assert recorder.calls[-1] == ([a], set())
    remote = Change(
        "01900000-0000-7000-8000-00000000beef",
        "other-account",
        1,
        b,
        "9999999999990.00000.other-account",
        (FieldWrite("umur", 15, ""),),
    )
    session.cases.apply_changes([remote])
    assert recorder.calls[-1] == ([b], set())
    session.cases.rebuild()
    ids, texts = recorder.calls[-1]
    assert ids is None and texts == set()
    assert derived.projections() == (recorder,)


def test_a_failing_projection_rolls_the_write_back(session: Session, recorder: Recorder) -> None:
    case_id = session.cases.create_case({"nama": "a", "umur": 3})
    recorder.fail = True
    with pytest.raises(RuntimeError):
        session.cases.save(case_id, {"umur": 4})
    assert session.cases.read(case_id)["umur"] == 3
    assert len(session.cases.history(case_id)) == 1


def test_without_a_projection_writes_leave_no_mark(session: Session) -> None:
    """Catch-up goes by the change log's rowids (see reports/projection.py), not by marks."""
    saved = derived.projections()
    for p in saved:
        derived.unregister(p)
    try:
        a, _ = session.cases.create_cases([{"nama": "a"}, {"nama": "b"}])
        session.cases.save(a, {"umur": 4})
        session.cases.rebuild()
        assert session.db.execute("SELECT count(*) FROM report_cases").fetchone() == (0,)
        assert "report" not in session.cases.derived_snapshot()
    finally:
        for p in saved:
            derived.register(p)


report_edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),
        st.sampled_from(
            [
                "wilayah",
                "tahap",
                "umur",
                "tanggal_lahir",
                "waktu_pengaduan",
                "bentuk_esa",
                "rujukan[1].layanan_rujukan",
                "rujukan[1].status_rujukan",
                "rujukan[1].tanggal_lp",
                "nama",
            ]
        ),
        st.one_of(
            st.sampled_from(
                [
                    "Bali",
                    "Medan",
                    "asesmen",
                    "hukum",
                    "selesai",
                    "2026-03-04",
                    "csam grooming_daring",
                ]
            ),
            st.text(max_size=8),
            st.integers(min_value=-5, max_value=40),
            st.none(),
        ),
        st.booleans(),  # delete instead of set
    ),
    max_size=20,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(report_edits)
def test_rebuild_reproduces_the_report_projection(session: Session, script) -> None:  # type: ignore[no-untyped-def]
    from fieldcase.reports import projection

    derived.register(projection.PROJECTION)
    ids = session.cases.case_ids()
    while len(ids) < 3:
        ids.append(
            session.cases.create_case(
                {"wilayah": "Lombok", "tahap": "asesmen", "waktu_pengaduan": "2026-01-02T08:00"}
            )
        )
    for index, path, value, delete in script:
        if delete:
            session.cases.save(ids[index], {}, deletes=[path])
        else:
            session.cases.save(ids[index], {path: value})
    stored = session.cases.derived_snapshot()
    assert "report" in stored
    session.cases.rebuild()
    assert session.cases.derived_snapshot() == stored

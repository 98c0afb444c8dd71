"""The case store: a change log with a derived view that rebuild reproduces."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcase.core.changes import Change, FieldWrite
from fieldcase.core.errors import CaseNotFound, InvalidInput
from fieldcase.vault.session import Session


def test_create_read_and_project(session: Session) -> None:
    case_id = session.cases.create_case(
        {"nama": "Sari", "tahap": "asesmen", "wilayah": "Lombok", "umur": 14, "tags": ["a"]}
    )
    assert session.cases.read(case_id) == {
        "nama": "Sari",
        "tahap": "asesmen",
        "wilayah": "Lombok",
        "umur": 14,
        "tags": ["a"],
    }
    (summary,) = session.cases.page(0, 10)
    assert (summary.id, summary.stage, summary.region) == (case_id, "asesmen", "Lombok")
    assert not summary.training


def test_one_save_is_one_change_with_every_field_and_its_base(session: Session) -> None:
    case_id = session.cases.create_case({"nama": "Sari", "umur": 13})
    first_hlc = session.cases.field_states(case_id)["umur"].hlc
    change = session.cases.save(case_id, {"umur": 14, "catatan": "baru"})
    history = session.cases.history(case_id)
    assert [c.change_id for c in history][-1] == change.change_id
    assert len(history) == 2
    writes = {w.path: w for w in history[-1].writes}
    assert writes["umur"].value == 14
    assert writes["umur"].base_hlc == first_hlc
    assert writes["catatan"].base_hlc == ""
    state = session.cases.field_states(case_id)["umur"]
    assert state.hlc == change.hlc
    assert state.author == session.account_id


def test_sequence_is_gap_free_per_account(session: Session) -> None:
    ids = session.cases.create_cases([{"nama": f"anak {i}"} for i in range(5)])
    session.cases.save(ids[0], {"nama": "x"})
    seqs = [r[0] for r in session.db.execute("SELECT seq FROM changes ORDER BY seq")]
    assert seqs == list(range(1, 7))


def test_deletes_are_tombstones(session: Session) -> None:
    case_id = session.cases.create_case({"nama": "Sari", "kontak": "0812"})
    session.cases.save(case_id, {}, deletes=["kontak"])
    assert "kontak" not in session.cases.read(case_id)
    state = session.cases.field_states(case_id)["kontak"]
    assert state.deleted and state.value is None
    assert len(session.cases.history(case_id)) == 2  # nothing physically removed


def test_changes_table_is_append_only(session: Session) -> None:
    session.cases.create_case({"nama": "Sari"})
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("DELETE FROM changes")
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("UPDATE changes SET payload = '{}'")


def test_invalid_input_is_refused_and_nothing_written(session: Session) -> None:
    case_id = session.cases.create_case({"nama": "Sari"})
    before = session.cases.derived_snapshot()
    with pytest.raises(InvalidInput):
        session.cases.save(case_id, {"bad name!": 1})
    with pytest.raises(InvalidInput):
        session.cases.save(case_id, {"umur": float("nan")})
    with pytest.raises(InvalidInput):
        session.cases.create_case({"x": object()})
    with pytest.raises(CaseNotFound):
        session.cases.save("01234567-0000-7000-8000-000000000000", {"nama": "x"})
    assert session.cases.derived_snapshot() == before
    assert len(session.cases.history(case_id)) == 1


def test_search_covers_name_alias_notes_narrative_with_prefixes(session: Session) -> None:
    a = session.cases.create_case({"nama": "Siti Rahayu", "nama_panggilan": "Iti"})
    b = session.cases.create_case(
        {"catatan": "bertemu di pelabuhan", "kronologi": "Dihubungi daring"}
    )
    session.cases.create_case({"nama": "Budi", "wilayah": "Rahayu"})  # region is not searched
    assert session.cases.search("rahayu") == [a]
    assert session.cases.search("siti rah") == [a]
    assert session.cases.search("iti") == [a]
    assert session.cases.search("pelabuhan") == [b]
    assert session.cases.search("daring") == [b]
    assert session.cases.search('"') == []
    assert session.cases.search("AND OR NOT ( *") == []  # FTS syntax is neutralised
    session.cases.save(a, {"nama": "Sri Wahyuni"})
    assert session.cases.search("rahayu") == []
    assert session.cases.search("wahyuni") == [a]


def test_view_is_logged_in_the_audit_chain(session: Session) -> None:
    case_id = session.cases.create_case({"nama": "Sari"})
    session.view_case(case_id)
    views = session.audit.entries(case_id=case_id, action="view")
    assert len(views) == 1
    assert views[0].account_id == session.account_id
    assert "Sari" not in json.dumps(views[0].detail)


def test_remote_changes_apply_idempotently_and_converge(session: Session) -> None:
    case_id = session.cases.create_case({"nama": "Sari", "umur": 13})
    base = session.cases.field_states(case_id)["umur"].hlc
    mine = session.cases.save(case_id, {"umur": 14})
    theirs = Change(
        "01900000-0000-7000-8000-00000000beef",
        "other-account",
        1,
        case_id,
        "9999999999990.00000.other-account",
        (FieldWrite("umur", 15, base),),
    )
    assert session.cases.apply_changes([theirs]) == 1
    assert session.cases.apply_changes([theirs]) == 0  # twice changes nothing
    assert session.cases.read(case_id)["umur"] == 15
    (conflict,) = session.cases.conflicts(case_id)
    assert conflict.winner_change == theirs.change_id
    assert conflict.loser_changes == (mine.change_id,)
    # A resolution that saw the winner closes it.
    session.cases.save(case_id, {"umur": 14})
    assert session.cases.conflicts(case_id) == []
    assert session.cases.read(case_id)["umur"] == 14


edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # which case
        st.sampled_from(["nama", "catatan", "tahap", "wilayah", "umur", "kronologi"]),
        st.one_of(st.text(max_size=12), st.integers(), st.none()),
        st.booleans(),  # delete instead of set
        st.booleans(),  # stale base: simulate an edit made from an old view
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits)
def test_rebuild_reproduces_the_stored_view_after_random_edits(session: Session, script) -> None:  # type: ignore[no-untyped-def]
    ids = session.cases.case_ids()
    while len(ids) < 4:
        ids.append(session.cases.create_case({"nama": f"anak {len(ids)}", "tahap": "asesmen"}))
    for index, path, value, delete, stale in script:
        case_id = ids[index]
        base = {path: ""} if stale else None
        if delete:
            session.cases.save(case_id, {}, deletes=[path], base=base)
        else:
            session.cases.save(case_id, {path: value}, base=base)
    stored = session.cases.derived_snapshot()
    session.cases.rebuild()
    assert session.cases.derived_snapshot() == stored


@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
        st.one_of(
            st.text(), st.integers(), st.booleans(), st.none(), st.lists(st.text(), max_size=3)
        ),
        min_size=1,
    )
)
def test_bulk_payloads_are_byte_identical_to_ordinary_ones(fields: dict[str, object]) -> None:
    from fieldcase.core.changes import encode_json, encode_writes, payload_from_encoded

    encoded = {p: encode_json(fields[p]) for p in sorted(fields)}
    writes = tuple(FieldWrite(p, fields[p]) for p in sorted(fields))
    assert payload_from_encoded(encoded) == encode_writes(writes)


def test_case_list_filters_on_list_columns(session: Session) -> None:
    a = session.cases.create_case(
        {"tahap": "asesmen", "wilayah": "Lombok", "tingkat_risiko": "tinggi"}
    )
    b = session.cases.create_case(
        {"tahap": "asesmen", "wilayah": "Bali", "tingkat_risiko": "tinggi"}
    )
    c = session.cases.create_case({"tahap": "penjangkauan", "wilayah": "Bali"})
    assert set(session.cases.case_ids(where={"stage": "asesmen"})) == {a, b}
    assert session.cases.case_ids(where={"stage": "asesmen", "region": "Bali"}) == [b]
    assert session.cases.case_ids(where={"region": "Bali", "risk": "tinggi"}) == [b]
    assert session.cases.case_ids(where={}) == [c, b, a]
    assert session.cases.column_values("region") == ["Bali", "Lombok"]
    assert session.cases.column_values("risk") == ["tinggi"]
    values = session.cases.filter_values()  # all four menus in one pass
    assert values["region"] == ["Bali", "Lombok"] and values["risk"] == ["tinggi"]
    assert set(values) == {"stage", "status", "region", "risk"}
    with pytest.raises(ValueError, match="filter"):
        session.cases.case_ids(where={"nama; DROP TABLE cases": "x"})

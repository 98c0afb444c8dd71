"""Merge gives the same view and the same conflicts whatever the arrival order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldcase.core.merge import PathWrite, conflicting, winner


def w(hlc: str, base: str, value: object, change: str | None = None) -> PathWrite:
    return PathWrite(hlc, base, change or f"c{hlc}", value, False)


def test_last_writer_wins_by_hlc() -> None:
    writes = [w("0001", "", "a"), w("0003", "0001", "c"), w("0002", "0001", "b")]
    assert winner(writes).value == "c"


def test_sequential_edits_are_not_conflicts() -> None:
    assert conflicting([w("0001", "", "a"), w("0002", "0001", "b"), w("0003", "0002", "c")]) == []


def test_concurrent_different_edits_conflict_and_list_the_loser() -> None:
    base = w("0001", "", "a")
    mine, theirs = w("0002", "0001", "mine"), w("0003", "0001", "theirs")
    assert winner([base, mine, theirs]) == theirs
    assert conflicting([base, mine, theirs]) == [mine]


def test_concurrent_identical_edits_do_not_conflict() -> None:
    assert conflicting([w("0001", "", "a"), w("0002", "0001", "x"), w("0003", "0001", "x")]) == []


def test_a_resolution_that_saw_the_winner_closes_the_conflict() -> None:
    writes = [w("0001", "", "a"), w("0002", "0001", "mine"), w("0003", "0001", "theirs")]
    resolution = w("0004", "0003", "agreed")
    assert conflicting([*writes, resolution]) == []


def test_tombstone_against_an_edit_is_a_conflict() -> None:
    edit = w("0002", "0001", "kept")
    delete = PathWrite("0003", "0001", "del", None, True)
    assert conflicting([w("0001", "", "a"), edit, delete]) == [edit]


@st.composite
def histories(draw: st.DrawFn) -> list[PathWrite]:
    """Writes with unique hlcs whose bases point at earlier writes (or nothing)."""
    count = draw(st.integers(min_value=1, max_value=8))
    writes: list[PathWrite] = []
    for i in range(count):
        hlc = f"{i + 1:04d}"
        base = draw(st.sampled_from(["", *[x.hlc for x in writes]]))
        value = draw(st.sampled_from(["a", "b", "c"]))
        writes.append(PathWrite(hlc, base, f"c{i}", value, draw(st.booleans())))
    return writes


@given(histories(), st.randoms())
def test_winner_and_conflicts_do_not_depend_on_order(writes: list[PathWrite], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(writes)
    rnd.shuffle(shuffled)
    assert winner(shuffled) == winner(writes)
    assert conflicting(shuffled) == conflicting(writes)

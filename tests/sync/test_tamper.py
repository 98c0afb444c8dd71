"""Tamper: any single flipped byte of a small bundle, and 1,000 random positions of a
large one, is rejected with the vault unchanged; replays change nothing."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sync.teamkit import Team, make_team

from fieldcase.core.demo import demo_cases
from fieldcase.sync import bundlefile
from fieldcase.sync.errors import SyncError
from fieldcase.vault.session import Session


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Team]:
    t = make_team(tmp_path, 1)
    yield t
    t.close()


def state(s: Session) -> tuple[object, ...]:
    return (
        s.cases.derived_snapshot(),
        s.db.execute("SELECT count(*) FROM changes").fetchone(),
        s.db.execute("SELECT * FROM sync_seen ORDER BY envelope_id").fetchall(),
        s.db.execute("SELECT * FROM sync_cursors ORDER BY transport").fetchall(),
        s.db.execute("SELECT * FROM sync_roster").fetchall(),
    )


def flip_all(target: Session, data: bytes, positions: list[int]) -> None:
    before = state(target)
    for pos in positions:
        bad = bytearray(data)
        bad[pos] ^= 0xFF
        with pytest.raises(SyncError):
            bundlefile.import_bundle(target, bytes(bad))
        assert target.db.execute("SELECT count(*) FROM changes").fetchone() == before[1]
    assert state(target) == before


def test_every_byte_of_a_small_bundle(pair: Team) -> None:
    boss, worker = pair.sessions
    case_id = worker.cases.create_case({"nama": "Rina", "tahap": "asesmen"})
    worker.cases.save(case_id, {"catatan": "x"}, deletes=["tahap"])
    data, _ = bundlefile.export_bundle(worker)
    flip_all(boss, data, list(range(len(data))))


def test_thousand_random_positions_of_a_large_bundle(pair: Team) -> None:
    boss, worker = pair.sessions
    worker.cases.create_cases(list(demo_cases(300)))
    data, count = bundlefile.export_bundle(worker)
    assert count == 300 and len(data) > 50_000
    rng = random.Random(20261127)
    flip_all(boss, data, [rng.randrange(len(data)) for _ in range(1000)])
    # and the intact bundle still imports
    assert bundlefile.import_bundle(boss, data).applied == 300


def test_replay_of_old_bundle_after_newer_edits_changes_nothing(pair: Team) -> None:
    boss, worker = pair.sessions
    case_id = worker.cases.create_case({"nama": "Rina"})
    old, _ = bundlefile.export_bundle(worker)
    bundlefile.import_bundle(boss, old)
    boss.cases.save(case_id, {"nama": "Rina W"})
    before = state(boss)
    report = bundlefile.import_bundle(boss, old)
    assert report.applied == 0
    assert state(boss) == before
    assert boss.cases.read(case_id) == {"nama": "Rina W"}

"""End to end through an exchange folder: two accounts on one laptop, a conflict made on
purpose, its resolution reaching both; two writers at once; no plaintext in the folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sync.teamkit import Team, make_team

from fieldcase.sync.folder import ExchangeFolder
from fieldcase.sync.transport import sync
from fieldcase.vault.session import Session

CANARY = "KANARI-7f3e-Wulandari"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Team]:
    t = make_team(tmp_path, 1, one_laptop=True)
    yield t
    t.close()


def folder(root: Path, t: Team, s: Session) -> ExchangeFolder:
    return ExchangeFolder(root, t.team_id, s.account_id)


def test_conflict_and_resolution_reach_both(laptop: Team, tmp_path: Path) -> None:
    a, b = laptop.sessions
    root = tmp_path / "usb"
    case_id = a.cases.create_case({"nama": CANARY, "risiko": "sedang"})
    sync(a, folder(root, laptop, a))
    sync(b, folder(root, laptop, b))
    assert b.cases.read(case_id)["nama"] == CANARY
    # Both edit the same field without seeing each other's edit.
    a.cases.save(case_id, {"risiko": "tinggi"})
    b.cases.save(case_id, {"risiko": "rendah"})
    for s in (a, b, a):
        sync(s, folder(root, laptop, s))
    assert a.cases.conflicts() == b.cases.conflicts() and len(a.cases.conflicts()) == 1
    assert a.cases.read(case_id) == b.cases.read(case_id)
    # A person resolves it on b: an ordinary change that saw the winner.
    winner_hlc = b.cases.field_states(case_id)["risiko"].hlc
    b.cases.save(case_id, {"risiko": "tinggi"}, base={"risiko": winner_hlc})
    assert b.cases.conflicts() == []
    sync(b, folder(root, laptop, b))
    sync(a, folder(root, laptop, a))
    assert a.cases.conflicts() == [] and a.cases.read(case_id)["risiko"] == "tinggi"
    # Deletes are tombstones and travel too.
    a.cases.save(case_id, {}, deletes=["risiko"])
    sync(a, folder(root, laptop, a))
    sync(b, folder(root, laptop, b))
    assert "risiko" not in b.cases.read(case_id)
    assert b.cases.field_states(case_id)["risiko"].deleted
    # The folder holds only ciphertext: the canary appears nowhere.
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files and all(CANARY.encode() not in p.read_bytes() for p in files)
    assert all(b"Wulandari" not in p.read_bytes() for p in files)
    # Second sync with nothing new is a no-op.
    report = sync(a, folder(root, laptop, a))
    assert report.applied == 0 and report.sent_changes == 0


def test_two_writers_at_once(tmp_path: Path) -> None:
    t = make_team(tmp_path, 2)
    try:
        root = tmp_path / "share"
        writers = t.sessions[1:]
        for s in writers:
            s.cases.create_cases([{"nama": f"n{i}"} for i in range(200)])
        errors: list[BaseException] = []

        def push(s: Session) -> None:
            try:
                sync(s, folder(root, t, s))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=push, args=(s,)) for s in writers]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        assert not [p for p in root.rglob("*.tmp*")]
        boss = t.supervisor
        sync(boss, folder(root, t, boss))
        assert boss.cases.count() == 400
    finally:
        t.close()


def test_partial_temp_file_is_ignored(laptop: Team, tmp_path: Path) -> None:
    a, b = laptop.sessions
    root = tmp_path / "usb"
    a.cases.create_case({"nama": "x"})
    sync(a, folder(root, laptop, a))
    sender_dir = root / laptop.team_id / a.account_id
    (sender_dir / ".0190abcd.tmp-1234").write_bytes(b"FCENV\x01half")
    report = sync(b, folder(root, laptop, b))
    assert report.applied == 1 and report.rejected == 0

"""The step-wise sync: a cancel between steps loses nothing and sends nothing twice."""

from __future__ import annotations

from pathlib import Path

from tests.sync.teamkit import make_team

from fieldcase.sync import team
from fieldcase.sync.folder import ExchangeFolder
from fieldcase.sync.steps import pending_count, sync_steps
from fieldcase.sync.transport import sync


def test_cancel_after_any_step_then_finish(tmp_path: Path) -> None:
    t = make_team(tmp_path / "team", 1)
    try:
        boss, worker = t.sessions
        ids = worker.cases.create_cases([{"nama": f"Kasus {i}"} for i in range(7)])
        usb = tmp_path / "usb"
        team_id = team.load(worker).team.team_id
        folder = ExchangeFolder(usb, team_id, worker.account_id)
        seen: list[tuple[str, int, int]] = []
        calls = iter(range(100))
        report = sync_steps(
            worker,
            folder,
            batch=2,
            progress=lambda p: seen.append((p.phase, p.done, p.total)),
            cancelled=lambda: next(calls) >= 2,  # stop after the third step
        )
        assert report.cancelled and report.sent_changes > 0
        assert pending_count(worker, folder.key) == 7 - report.sent_changes
        assert seen[0] == ("push", 0, 7)
        # The rest follows; every change arrives once.
        again = sync_steps(worker, folder, batch=2)
        assert not again.cancelled
        assert report.sent_changes + again.sent_changes == 7
        assert pending_count(worker, folder.key) == 0
        boss_folder = ExchangeFolder(usb, team_id, boss.account_id)
        assert sync(boss, boss_folder).applied == 7
        assert all(boss.cases.read(c) == worker.cases.read(c) for c in ids)
    finally:
        t.close()

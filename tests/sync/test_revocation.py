"""Revocation: the others move to a new epoch; the revoked account's later envelopes are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.sync.teamkit import make_team

from fieldcase.sync import bundlefile, team
from fieldcase.sync.errors import MissingEpochKey, SignerRevoked, SyncError
from fieldcase.sync.folder import ExchangeFolder
from fieldcase.sync.transport import sync


def test_revoke_rotates_and_refuses(tmp_path: Path) -> None:
    t = make_team(tmp_path, 2)
    try:
        boss, keep, gone = t.sessions
        root = tmp_path / "usb"
        old_case = gone.cases.create_case({"nama": "sebelum"})
        bundlefile.import_bundle(boss, bundlefile.export_bundle(gone)[0])
        new_epoch = team.revoke(boss, gone.account_id)
        assert new_epoch == 2
        # The key update reaches the remaining member through the folder.
        sync(boss, ExchangeFolder(root, t.team_id, boss.account_id))
        sync(keep, ExchangeFolder(root, t.team_id, keep.account_id))
        ctx = team.load(keep)
        assert ctx.team.epoch == 2 and 2 in ctx.keys
        assert ctx.roster.member(gone.account_id).revoked  # type: ignore[union-attr]
        # The revoked account gets the update but not the new key.
        sync(gone, ExchangeFolder(root, t.team_id, gone.account_id))
        assert 2 not in team.load(gone).keys
        # It keeps writing with the old epoch: refused (seq beyond final_seq).
        gone.cases.save(old_case, {"nama": "sesudah"})
        data, _ = bundlefile.export_bundle(gone)
        with pytest.raises(SyncError):
            bundlefile.import_bundle(keep, data)
        # Through the folder too: its new envelope is skipped, nothing applied.
        sync(gone, ExchangeFolder(root, t.team_id, gone.account_id))
        report = sync(keep, ExchangeFolder(root, t.team_id, keep.account_id))
        assert report.applied == 0
        assert any(isinstance(e, SignerRevoked) for r in report.imports for _, e in r.rejected)
        # New data is under epoch 2, which the revoked account cannot open.
        keep.cases.create_case({"nama": "baru"})
        sync(keep, ExchangeFolder(root, t.team_id, keep.account_id))
        report = sync(gone, ExchangeFolder(root, t.team_id, gone.account_id))
        assert any(isinstance(e, MissingEpochKey) for r in report.imports for _, e in r.rejected)
        # The old, pre-revocation change is still accepted from a relaying supervisor.
        assert boss.cases.read(old_case) == {"nama": "sebelum"}
    finally:
        t.close()

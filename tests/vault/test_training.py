"""The training sandbox: its own folder, fictional cases, marked as training."""

from __future__ import annotations

from pathlib import Path

from fieldcase.core.roles import Role
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.training import (
    TRAINING_ACCOUNT,
    TRAINING_PASSPHRASE,
    TRAINING_SUPERVISOR,
    prepare_sandbox,
    training_dir,
)


def test_sandbox_is_separate_filled_and_marked(data_dir: Path) -> None:
    folder = prepare_sandbox(data_dir, cases=12)
    assert folder == training_dir(data_dir) != data_dir
    assert AccountStore(data_dir).list() == []  # nothing in the real folder
    accounts = {info.display_name: info for info in AccountStore(folder).list()}
    assert set(accounts) == {TRAINING_ACCOUNT, TRAINING_SUPERVISOR}
    assert accounts[TRAINING_SUPERVISOR].role is Role.SUPERVISOR
    for info in accounts.values():
        assert info.training
        with AccountStore(folder).unlock(info.id, TRAINING_PASSPHRASE) as session:
            rows = session.cases.page(0, 50)
            assert len(rows) == 12
            assert all(row.training for row in rows)


def test_sandbox_is_filled_only_once(data_dir: Path) -> None:
    prepare_sandbox(data_dir, cases=5)
    prepare_sandbox(data_dir, cases=5)
    for info in AccountStore(training_dir(data_dir)).list():
        with AccountStore(training_dir(data_dir)).unlock(info.id, TRAINING_PASSPHRASE) as s:
            assert s.cases.count() == 5

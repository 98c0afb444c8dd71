"""Wrong passphrases, wrong keys, and the growing delay after repeated failures.

The clock is injected (``AccountStore(..., clock=...)``), so the delays are
checked to the second without sleeping.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase import applog
from fieldcase.core.errors import (
    FieldcaseError,
    TooManyAttempts,
    VaultDamaged,
    WrongPassphrase,
)
from fieldcase.core.roles import Role
from fieldcase.vault import accountfile
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

WRONG = "kopi sore di Lombok 8"
START = 1_780_000_000.0  # seconds since the epoch: a day in 2026


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def clocked_store(data_dir: Path, clock: FakeClock) -> AccountStore:
    return AccountStore(data_dir, kdf_params=cheap_kdf, clock=clock)


@pytest.fixture
def account_id(clocked_store: AccountStore) -> str:
    return clocked_store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id


def _record(store: AccountStore, account_id: str) -> accountfile.AccountRecord:
    return accountfile.load(store.folder(account_id) / accountfile.FILE_NAME)


def _iso(seconds: float) -> str:
    return (
        datetime.fromtimestamp(seconds, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _assert_bilingual(error: FieldcaseError) -> None:
    assert error.message_id
    assert error.message_en
    assert str(error) == f"{error.message_id} / {error.message_en}"


def test_wrong_passphrase_is_refused_and_counted(
    clocked_store: AccountStore, account_id: str
) -> None:
    vault = clocked_store.folder(account_id) / "vault.db"
    before = vault.read_bytes()
    for attempt in range(1, 4):
        with pytest.raises(FieldcaseError) as caught:
            clocked_store.unlock(account_id, WRONG)
        assert type(caught.value) is WrongPassphrase
        _assert_bilingual(caught.value)
        assert WRONG not in str(caught.value)
        assert _record(clocked_store, account_id).failed_count == attempt
    assert vault.read_bytes() == before  # a wrong passphrase never reaches the vault


def test_after_three_failures_the_delay_grows(
    clocked_store: AccountStore, account_id: str, clock: FakeClock
) -> None:
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            clocked_store.unlock(account_id, WRONG)

    waits = []
    for _ in range(4):
        # Refused at once, even with the right passphrase, and not counted.
        count = _record(clocked_store, account_id).failed_count
        with pytest.raises(TooManyAttempts) as caught:
            clocked_store.unlock(account_id, PASSPHRASE)
        _assert_bilingual(caught.value)
        assert str(round(caught.value.wait_seconds)) in caught.value.message_en
        waits.append(caught.value.wait_seconds)
        assert _record(clocked_store, account_id).failed_count == count
        # One second before the end: still refused, with about one second to go.
        clock.now += caught.value.wait_seconds - 1
        with pytest.raises(TooManyAttempts) as almost:
            clocked_store.unlock(account_id, WRONG)
        assert almost.value.wait_seconds == pytest.approx(1.0)
        # At the end of the delay a (wrong) attempt is allowed again, and counted.
        clock.now += 1
        with pytest.raises(WrongPassphrase):
            clocked_store.unlock(account_id, WRONG)
    assert waits == pytest.approx([5.0, 10.0, 20.0, 40.0])
    assert _record(clocked_store, account_id).failed_count == 7


def test_failures_reach_the_audit_log_at_the_next_unlock(
    clocked_store: AccountStore, account_id: str, clock: FakeClock
) -> None:
    failed_at = []
    for step in (0.0, 1.5, 2.25):
        clock.now = START + step
        failed_at.append(clock.now)
        with pytest.raises(WrongPassphrase):
            clocked_store.unlock(account_id, WRONG)
    clock.now = START + 3600
    with clocked_store.unlock(account_id, PASSPHRASE) as session:
        entries = list(reversed(session.audit.entries()))
        actions = [e.action for e in entries]
        assert actions == ["account_created", *["unlock_failed"] * 3, "unlock"]
        assert [e.ts for e in entries if e.action == "unlock_failed"] == [
            _iso(t) for t in failed_at
        ]
        assert session.verify_audit().ok
    record = _record(clocked_store, account_id)
    assert (record.failed_count, record.last_failed_ms, record.pending_failures) == (0, 0, ())
    # Copied once: the next unlock adds no further unlock_failed entries.
    with clocked_store.unlock(account_id, PASSPHRASE) as session:
        assert len(session.audit.entries(action="unlock_failed")) == 3
        assert session.verify_audit().ok


def test_wrong_recovery_code_is_counted_like_a_wrong_passphrase(
    clocked_store: AccountStore, account_id: str
) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        clocked_store.unlock_with_recovery(account_id, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    assert "recovery code" in caught.value.message_en
    assert "pemulihan" in caught.value.message_id
    assert _record(clocked_store, account_id).failed_count == 1
    assert not _record(clocked_store, account_id).must_change_passphrase


@pytest.fixture
def app_log(data_dir: Path) -> Iterator[Path]:
    """The real application log, put back as it was afterwards."""
    logger = logging.getLogger("fieldcase")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    path = applog.configure(data_dir)
    yield path
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    handlers, level, propagate = saved
    for handler in handlers:
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = propagate


def test_app_log_records_failures_with_ids_only(
    app_log: Path, clocked_store: AccountStore, clock: FakeClock
) -> None:
    account_id = clocked_store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            clocked_store.unlock(account_id, WRONG)
    with pytest.raises(TooManyAttempts):
        clocked_store.unlock(account_id, PASSPHRASE)
    clock.now += 60
    with clocked_store.unlock(account_id, PASSPHRASE) as session:
        session.cases.create_case({"nama": "Siti Rahma", "catatan": "di pelabuhan"})

    text = app_log.read_text(encoding="utf-8")
    lines = text.splitlines()
    failed = [line for line in lines if "unlock failed" in line]
    assert len(failed) == 3
    assert all(f"account={account_id}" in line for line in failed)
    assert [line.rsplit("failures=", 1)[1] for line in failed] == ["1", "2", "3"]
    assert any("unlock refused during delay" in line for line in lines)
    for secret_or_personal in (PASSPHRASE, WRONG, "Lombok", "Ani Pendamping", "Siti", "pelabuhan"):
        assert secret_or_personal not in text


def test_wrong_vault_key_is_reported_as_damaged_and_releases_the_lock(
    store: AccountStore,
) -> None:
    """A slot that unwraps to the wrong key (e.g. a restored mismatched backup)."""
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    record = _record(store, account_id)
    vault = store.folder(account_id) / "vault.db"
    before = vault.read_bytes()
    for _ in range(2):  # the second try proves the first released the account lock
        with pytest.raises(FieldcaseError) as caught:
            Session.open(vault, os.urandom(32), record)
        assert type(caught.value) is VaultDamaged
        _assert_bilingual(caught.value)
    assert vault.read_bytes() == before
    with store.unlock(account_id, PASSPHRASE) as session:
        assert session.verify_audit().ok

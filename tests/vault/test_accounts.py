"""Accounts on a shared laptop: create, list, unlock, change passphrase, recover."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.core.errors import (
    AccountExists,
    AccountInUse,
    AccountNotFound,
    InvalidInput,
    TooManyAttempts,
    WeakPassphrase,
    WrongPassphrase,
)
from fieldcase.core.roles import Role
from fieldcase.vault.accounts import (
    AccountStore,
    failure_delay,
    normalise_recovery_code,
)

NEW_PASSPHRASE = "teh manis sore di Medan 9"


def test_listing_shows_names_and_roles_only(store: AccountStore) -> None:
    store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    store.create("Budi Supervisor", Role.SUPERVISOR, NEW_PASSPHRASE)
    listed = store.list()
    assert [(a.display_name, a.role) for a in listed] == [
        ("Ani Pendamping", Role.PENDAMPING),
        ("Budi Supervisor", Role.SUPERVISOR),
    ]
    raw = json.loads(next(store.root.glob("*/account.json")).read_text())
    assert set(raw["slots"]) == {"passphrase", "recovery"}
    assert "vault_key" not in json.dumps(raw)


def test_each_account_has_its_own_encrypted_vault(store: AccountStore) -> None:
    a = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    b = store.create("Budi Pendamping", Role.PENDAMPING, NEW_PASSPHRASE)
    with store.unlock(a.info.id, PASSPHRASE) as session:
        session.cases.create_case({"nama": "Kasus milik Ani"})
    with store.unlock(b.info.id, NEW_PASSPHRASE) as session:
        assert session.cases.count() == 0
    for vault in store.root.glob("*/vault.db"):
        assert not vault.read_bytes().startswith(b"SQLite format 3")


def test_duplicate_names_and_bad_names_are_refused(store: AccountStore) -> None:
    store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with pytest.raises(AccountExists):
        store.create("ani pendamping", Role.ADMIN, NEW_PASSPHRASE)
    with pytest.raises(InvalidInput):
        store.create("A", Role.ADMIN, NEW_PASSPHRASE)


def test_weak_passphrase_creates_nothing(store: AccountStore) -> None:
    with pytest.raises(WeakPassphrase):
        store.create("Ani Pendamping", Role.PENDAMPING, "pendek")
    assert store.list() == []
    assert not store.root.exists() or not any(store.root.iterdir())


def test_unlock_by_name_or_id_and_wrong_passphrase(store: AccountStore) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with store.unlock("ANI PENDAMPING", PASSPHRASE) as session:
        assert session.account_id == created.info.id
    with pytest.raises(WrongPassphrase) as caught:
        store.unlock(created.info.id, PASSPHRASE + "x")
    assert "Frasa sandi salah" in str(caught.value)
    assert "Wrong passphrase" in str(caught.value)
    with pytest.raises(AccountNotFound):
        store.unlock("Tidak Ada", PASSPHRASE)


def test_second_open_of_the_same_account_is_refused(store: AccountStore) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE), pytest.raises(AccountInUse):
        store.unlock(created.info.id, PASSPHRASE)
    store.unlock(created.info.id, PASSPHRASE).lock()  # released after lock


def test_failures_grow_a_delay_and_reach_the_audit_log(data_dir: Path) -> None:
    now = [1_000_000.0]
    store = AccountStore(data_dir, kdf_params=cheap_kdf, clock=lambda: now[0])
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            store.unlock(created.info.id, "salah sekali 123")
    with pytest.raises(TooManyAttempts) as caught:
        store.unlock(created.info.id, PASSPHRASE)  # even the right one waits
    assert caught.value.wait_seconds == pytest.approx(failure_delay(3))
    now[0] += failure_delay(3) + 1
    with pytest.raises(WrongPassphrase):
        store.unlock(created.info.id, "salah lagi 1234")
    with pytest.raises(TooManyAttempts) as caught:
        store.unlock(created.info.id, PASSPHRASE)
    assert caught.value.wait_seconds > failure_delay(3)  # growing
    now[0] += failure_delay(4) + 1
    with store.unlock(created.info.id, PASSPHRASE) as session:
        failed = session.audit.entries(action="unlock_failed")
        assert len(failed) == 4
        assert session.verify_audit().ok
    with store.unlock(created.info.id, PASSPHRASE):
        pass  # counter reset: no delay now


def test_delay_schedule_is_capped() -> None:
    assert [failure_delay(n) for n in range(5)] == [0, 0, 0, 5, 10]
    assert failure_delay(50) == 300


def test_change_passphrase_rewraps_without_touching_data(store: AccountStore) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE) as session:
        case_id = session.cases.create_case({"nama": "Sari"})
    vault = store.folder(created.info.id) / "vault.db"
    before = vault.read_bytes()
    store.change_passphrase(created.info.id, PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        store.unlock(created.info.id, PASSPHRASE)
    with store.unlock(created.info.id, NEW_PASSPHRASE) as session:
        assert session.cases.read(case_id) == {"nama": "Sari"}
        assert session.audit.entries(action="passphrase_changed")
    # Same key: the first pages of the file (header, schema) are byte-identical.
    assert vault.read_bytes()[:4096] == before[:4096]


def test_recovery_code_unlocks_then_forces_a_new_passphrase(store: AccountStore) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    typed = created.recovery_code.lower().replace("-", " ")
    with store.unlock_with_recovery(created.info.id, typed) as session:
        assert session.must_change_passphrase
        new_code = session.change_passphrase(NEW_PASSPHRASE)
    assert new_code and new_code != created.recovery_code
    assert not store.find(created.info.id).must_change_passphrase
    with pytest.raises(WrongPassphrase):  # the used code was replaced
        store.unlock_with_recovery(created.info.id, created.recovery_code)
    with store.unlock(created.info.id, NEW_PASSPHRASE) as session:
        assert session.audit.entries(action="recovery_unlock")
    with store.unlock_with_recovery(created.info.id, new_code):
        pass


def test_interrupted_recovery_still_demands_a_new_passphrase(store: AccountStore) -> None:
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    store.unlock_with_recovery(created.info.id, created.recovery_code).lock()
    assert store.find(created.info.id).must_change_passphrase


def test_recovery_code_normalisation() -> None:
    assert normalise_recovery_code("abcde fghjk-lmnpq") == "ABCDE-FGHJK-LMNPQ"

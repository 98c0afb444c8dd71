"""A vault written by a newer fieldcase is refused before anything is written to it.

``PRAGMA user_version`` holds ``major * 1000 + minor``: a newer *minor* only
adds, so it opens; a newer *major* changes meaning, so it is refused with
:class:`VaultTooNew` and the file stays byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.core.errors import FieldcaseError, VaultTooNew
from fieldcase.core.roles import Role
from fieldcase.crypto import AgreementKeyPair, SigningKeyPair, random_key
from fieldcase.vault import accountfile, database, schema
from fieldcase.vault.accountfile import AccountRecord, KeySlot
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session, initialise_vault

ACCOUNT_ID = "01900000-0000-7000-8000-000000000001"
CURRENT = schema.SCHEMA_MAJOR * 1000 + schema.SCHEMA_MINOR


def _record() -> AccountRecord:
    """Enough of an account for Session.open (which never reads the slots)."""
    slot = KeySlot(cheap_kdf(), bytes(61))
    return AccountRecord(
        id=ACCOUNT_ID,
        display_name="Uji Skema",
        role=Role.PENDAMPING,
        created_at="2026-01-01T00:00:00+00:00",
        passphrase_slot=slot,
        recovery_slot=slot,
    )


def _new_vault(folder: Path) -> tuple[Path, bytes]:
    path = folder / "vault.db"
    key = random_key()
    initialise_vault(path, key, ACCOUNT_ID, SigningKeyPair.generate(), AgreementKeyPair.generate())
    return path, key


def _set_user_version(path: Path, key: bytes, version: int) -> None:
    db = database.connect(path, key)
    try:
        db.execute(f"PRAGMA user_version = {version}")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _user_version(path: Path, key: bytes) -> int:
    db = database.connect(path, key)
    try:
        return schema.stored_version(db)
    finally:
        db.close()


def test_a_new_vault_has_the_current_version(tmp_path: Path) -> None:
    path, key = _new_vault(tmp_path)
    assert _user_version(path, key) == CURRENT


@pytest.mark.parametrize("version", [2000, 2001, 9999, 2**31 - 1])
def test_newer_major_version_is_refused_and_the_file_unchanged(
    tmp_path: Path, version: int
) -> None:
    path, key = _new_vault(tmp_path)
    _set_user_version(path, key, version)
    before = path.read_bytes()

    for _ in range(2):  # the second try also proves the account lock was released
        with pytest.raises(FieldcaseError) as caught:
            Session.open(path, key, _record())
        assert type(caught.value) is VaultTooNew
        error = caught.value
        assert str(error) == f"{error.message_id} / {error.message_en}"
        assert f"schema {version // 1000}" in error.message_en
        assert f"skema {version // 1000}" in error.message_id
        assert "not changed" in error.message_en

    assert path.read_bytes() == before
    wal = path.with_name("vault.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert _user_version(path, key) == version


def test_newer_major_is_refused_through_the_account_store(store: AccountStore) -> None:
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    with store.unlock(account_id, PASSPHRASE) as session:
        session.cases.create_case({"nama": "Anak"})
        session.db.execute("PRAGMA user_version = 2000")
    vault = store.folder(account_id) / "vault.db"
    before = vault.read_bytes()
    for _ in range(2):
        with pytest.raises(VaultTooNew):
            store.unlock(account_id, PASSPHRASE)
    assert vault.read_bytes() == before
    # Refusing a newer vault is not a wrong passphrase.
    record = accountfile.load(store.folder(account_id) / accountfile.FILE_NAME)
    assert record.failed_count == 0


def test_newer_minor_version_opens_and_is_not_downgraded(tmp_path: Path) -> None:
    path, key = _new_vault(tmp_path)
    _set_user_version(path, key, CURRENT + 7)
    with Session.open(path, key, _record()) as session:
        assert session.verify_audit().ok
        case_id = session.cases.create_case({"nama": "Anak"})
        assert session.cases.read(case_id) == {"nama": "Anak"}
    assert _user_version(path, key) == CURRENT + 7

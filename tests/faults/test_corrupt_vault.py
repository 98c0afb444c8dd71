"""A truncated or corrupted ``vault.db`` is refused with one clear, current_text error.

Each damage below is applied to a real vault (a few cases, closed cleanly), then
the account is unlocked. The promise checked for every one of them:

- the error is :class:`VaultDamaged` (a :class:`FieldcaseError`), never a raw
  SQLite/SQLCipher exception, and its message has both languages;
- the account lock is released: a second try gives the same clear error, not
  :class:`AccountInUse`;
- the damaged file is left byte for byte as it was (nothing "repairs" it, so an
  admin can still try to recover it), and nothing is queued in a WAL either;
- damage is not counted as a wrong passphrase (no growing delay for it).
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE

from fieldcase.core.errors import FieldcaseError, VaultDamaged
from fieldcase.core.roles import Role
from fieldcase.vault import accountfile
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.database import PAGE_SIZE
from fieldcase.vault.session import Session

PAGE = PAGE_SIZE  # the vault's page size (cipher_page_size)

# ------------------------------------------------------------------ bugs in src/


@dataclass
class Vault:
    store: AccountStore
    account_id: str
    path: Path
    original: bytes
    rootpage: dict[str, int]  # table name -> 1-based page number of its root

    def page_offset(self, table: str) -> int:
        return (self.rootpage[table] - 1) * PAGE


@pytest.fixture
def vault(store: AccountStore) -> Vault:
    """A closed vault holding 30 cases, and where its tables' root pages are."""
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE) as session:
        session.cases.create_cases(
            [
                {"nama": f"Anak {i}", "catatan": f"catatan {i} " * 40, "wilayah": "NTB"}
                for i in range(30)
            ]
        )
        rootpage = dict(
            session.db.execute(
                "SELECT name, rootpage FROM sqlite_master WHERE type = 'table' AND rootpage > 0"
            ).fetchall()
        )
    path = store.folder(created.info.id) / "vault.db"
    original = path.read_bytes()
    assert len(original) % PAGE == 0
    assert len(original) // PAGE > 20
    assert not path.with_name("vault.db-wal").exists()
    return Vault(store, created.info.id, path, original, rootpage)


def _flip(data: bytes, offset: int) -> bytes:
    damaged = bytearray(data)
    damaged[offset] ^= 0x01
    return bytes(damaged)


def _zero_page(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes(PAGE) + data[offset + PAGE :]


def _plain_sqlite(tmp: Path) -> bytes:
    path = tmp / "plain.db"
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('account_id', 'x')")
        conn.commit()
    finally:
        conn.close()
    return path.read_bytes()


Damage = Callable[[Vault], bytes]


def _damage(name: str, damage: Damage, bug: str | None = None) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(damage, id=name, marks=marks)


DAMAGES = [
    _damage("truncated-to-0-bytes", lambda v: b""),
    _damage("truncated-to-1-byte", lambda v: v.original[:1]),
    _damage("truncated-to-100-bytes", lambda v: v.original[:100]),
    _damage("truncated-inside-first-page", lambda v: v.original[: PAGE - 96]),
    _damage("truncated-to-two-pages", lambda v: v.original[: 2 * PAGE]),
    _damage("truncated-to-half", lambda v: v.original[: len(v.original) // 2]),
    _damage("last-page-missing", lambda v: v.original[:-PAGE]),
    _damage("last-byte-missing", lambda v: v.original[:-1]),
    _damage("header-salt-byte-flipped", lambda v: _flip(v.original, 5)),
    _damage("header-page-byte-flipped", lambda v: _flip(v.original, 100)),
    _damage("header-page-hmac-byte-flipped", lambda v: _flip(v.original, PAGE - 10)),
    _damage("first-page-zeroed", lambda v: _zero_page(v.original, 0)),
    _damage(
        "audit-head-page-byte-flipped",
        lambda v: _flip(v.original, v.page_offset("audit_head") + 9),
    ),
    _damage(
        "meta-page-byte-flipped",
        lambda v: _flip(v.original, v.page_offset("meta") + 2000),
    ),
    _damage("random-bytes", lambda v: random.Random(7).randbytes(len(v.original))),
    _damage("random-bytes-one-page", lambda v: random.Random(8).randbytes(PAGE)),
]


def _assert_bilingual(error: FieldcaseError) -> None:
    assert error.message_id
    assert error.message_en
    assert error.message_id != error.message_en
    assert str(error) == f"{error.message_id} / {error.message_en}"


def _assert_refused_cleanly(vault: Vault, damaged: bytes) -> None:
    vault.path.write_bytes(damaged)
    with pytest.raises(FieldcaseError) as first:
        vault.store.unlock(vault.account_id, PASSPHRASE)
    assert type(first.value) is VaultDamaged
    _assert_bilingual(first.value)
    assert first.value.__cause__ is None  # no SQLite text chained for a crash report
    # The lock was released: a second try says the same thing, not "in use".
    with pytest.raises(FieldcaseError) as second:
        vault.store.unlock(vault.account_id, PASSPHRASE)
    assert type(second.value) is VaultDamaged
    # Untouched: no repair, no schema written into it, nothing waiting in a WAL.
    assert vault.path.read_bytes() == damaged
    wal = vault.path.with_name("vault.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # Damage is not a wrong passphrase: no failure counted, no delay started.
    record = accountfile.load(vault.path.with_name(accountfile.FILE_NAME))
    assert record.failed_count == 0


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_vault_is_refused_with_a_clear_error(vault: Vault, damage: Damage) -> None:
    _assert_refused_cleanly(vault, damage(vault))


def test_plain_unencrypted_sqlite_file_is_refused(vault: Vault, tmp_path: Path) -> None:
    _assert_refused_cleanly(vault, _plain_sqlite(tmp_path))


def _read_everything(session: Session) -> None:
    """Every read path a worker can reach: must work or raise VaultDamaged."""
    for case_id in session.cases.case_ids():
        session.cases.read(case_id)
        session.cases.history(case_id)
    session.cases.page(0, 50)
    session.cases.search("anak")
    session.cases.conflicts()
    session.verify_audit()


@pytest.mark.parametrize(
    ("table", "damage"),
    [("changes", "flip"), ("field_state", "zero"), ("case_search_data", "flip"), ("audit", "flip")],
)
def test_damage_in_case_data_pages_is_caught_on_read_or_check(
    vault: Vault, table: str, damage: str
) -> None:
    """Pages unlock does not touch: a clear VaultDamaged on read, and the check finds it."""
    offset = vault.page_offset(table)
    damaged = (
        _zero_page(vault.original, offset)
        if damage == "zero"
        else _flip(vault.original, offset + 2000)
    )
    vault.path.write_bytes(damaged)
    try:
        session = vault.store.unlock(vault.account_id, PASSPHRASE)
    except VaultDamaged:
        return
    try:
        assert session.check_integrity() != []
        with contextlib.suppress(VaultDamaged):
            _read_everything(session)
    finally:
        session.lock(audit=False)


def test_a_flipped_byte_in_any_page_is_refused_at_unlock_read_or_check(vault: Vault) -> None:
    """Bit rot anywhere (one page at a time): every page is covered by SQLCipher's HMAC.

    A full page check at every unlock would cost ~1.5 s on a 20,000-case
    vault, so a damaged page is refused when unlocking touches it, when it is
    read, and always by the integrity check — never with a raw error.
    """
    escaped: dict[int, str] = {}
    for page in range(len(vault.original) // PAGE):
        damaged = _flip(vault.original, page * PAGE + 1000)
        vault.path.write_bytes(damaged)
        try:
            session = vault.store.unlock(vault.account_id, PASSPHRASE)
        except VaultDamaged:
            if vault.path.read_bytes() != damaged:
                escaped[page] = "file modified"
            continue
        except Exception as exc:  # a raw error is exactly what this test looks for
            escaped[page] = type(exc).__name__
            continue
        try:
            if not session.check_integrity():
                escaped[page] = "integrity check passed"
            with contextlib.suppress(VaultDamaged):
                _read_everything(session)
        except Exception as exc:
            escaped[page] = type(exc).__name__
        finally:
            session.lock(audit=False)
    assert escaped == {}


def test_account_lock_is_released_whatever_fails_inside_unlock(vault: Vault) -> None:
    """Even an error the vault code did not expect must not leave the account "in use"."""
    vault.path.write_bytes(_flip(vault.original, vault.page_offset("meta") + 2000))
    with pytest.raises(Exception) as first:  # noqa: PT011 - any error, the lock is the point
        vault.store.unlock(vault.account_id, PASSPHRASE)
    with pytest.raises(Exception) as second:  # noqa: PT011
        vault.store.unlock(vault.account_id, PASSPHRASE)
    assert type(second.value) is type(first.value)


def test_the_intact_vault_still_opens_after_a_refused_damaged_copy(vault: Vault) -> None:
    """Restoring the backup copy after a refusal works: the refusal left no residue."""
    vault.path.write_bytes(os.urandom(len(vault.original)))
    with pytest.raises(VaultDamaged):
        vault.store.unlock(vault.account_id, PASSPHRASE)
    vault.path.write_bytes(vault.original)
    with vault.store.unlock(vault.account_id, PASSPHRASE) as session:
        assert session.cases.count() == 30
        assert session.verify_audit().ok
        assert session.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

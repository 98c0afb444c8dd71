"""A full disk: the save is refused with :class:`DiskFull`, and nothing is half-written.

Three ways to fill it: SQLite's own page limit (``PRAGMA max_page_count``, the
same SQLITE_FULL a real disk gives), an injected ``ENOSPC`` while
``account.json`` is written, and, where the machine allows mounting, a real
2 MiB tmpfs.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase import atomicfile
from fieldcase.core.errors import DiskFull, FieldcaseError, WrongPassphrase
from fieldcase.core.roles import Role
from fieldcase.vault import accountfile, database
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

NEW_PASSPHRASE = "teh manis sore di Medan 9"


def _assert_disk_full(error: BaseException) -> None:
    assert type(error) is DiskFull
    assert isinstance(error, FieldcaseError)
    assert str(error) == f"{error.message_id} / {error.message_en}"
    assert "NOT saved" in error.message_en
    assert "TIDAK tersimpan" in error.message_id


def _state(session: Session) -> dict[str, Any]:
    """Everything a save writes, to compare before and after a refused save."""
    db = session.db
    return {
        "cases": db.execute("SELECT * FROM cases ORDER BY id").fetchall(),
        "field_state": db.execute("SELECT * FROM field_state ORDER BY case_id, path").fetchall(),
        "changes": db.execute("SELECT * FROM changes ORDER BY change_id").fetchall(),
        "sequences": db.execute("SELECT * FROM sequences").fetchall(),
        "audit": db.execute("SELECT * FROM audit ORDER BY seq").fetchall(),
        "audit_head": db.execute("SELECT * FROM audit_head").fetchall(),
        "search": db.execute("SELECT rowid, * FROM case_search ORDER BY rowid").fetchall(),
        "meta": db.execute("SELECT * FROM meta ORDER BY key").fetchall(),
    }


def _assert_consistent(session: Session) -> None:
    assert session.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert session.verify_audit().ok
    before = session.cases.derived_snapshot()
    session.cases.rebuild()
    assert session.cases.derived_snapshot() == before


# ----------------------------------------------------- SQLite's page limit

BIG = "data " * 8000  # ~40 KB: needs many new pages

Save = Callable[[Session, str], object]

SAVES: dict[str, Save] = {
    "create_case": lambda s, _: s.cases.create_case({"nama": "Anak besar", "catatan": BIG}),
    "create_cases": lambda s, _: s.cases.create_cases(
        [{"nama": f"Anak {i}", "catatan": BIG[: 4000 * (i + 1)]} for i in range(10)]
    ),
    "save": lambda s, case_id: s.cases.save(case_id, {"kronologi": BIG, "status": "aktif"}),
    "save_with_delete": lambda s, case_id: s.cases.save(
        case_id, {"kronologi": BIG}, deletes=["catatan"]
    ),
}


@pytest.mark.parametrize("save", SAVES.values(), ids=SAVES.keys())
def test_full_database_refuses_the_save_and_writes_nothing(session: Session, save: Save) -> None:
    case_id = session.cases.create_case({"nama": "Anak", "catatan": "awal", "wilayah": "NTB"})
    before = _state(session)
    pages = session.db.execute("PRAGMA page_count").fetchone()[0]
    session.db.execute(f"PRAGMA max_page_count = {pages + 1}")

    with pytest.raises(FieldcaseError) as caught:
        save(session, case_id)
    _assert_disk_full(caught.value)
    assert not session.db.conn.in_transaction
    assert _state(session) == before
    _assert_consistent(session)

    # Free space again: the very same save now works, and the vault stays consistent.
    session.db.execute("PRAGMA max_page_count = 1073741823")
    save(session, case_id)
    assert _state(session) != before
    _assert_consistent(session)
    seqs = [r[0] for r in session.db.execute("SELECT seq FROM changes ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_full_database_then_lock_and_reopen(store: AccountStore, session: Session) -> None:
    """A refused save leaves a vault that closes and opens normally."""
    case_id = session.cases.create_case({"nama": "Anak"})
    pages = session.db.execute("PRAGMA page_count").fetchone()[0]
    session.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull):
        session.cases.save(case_id, {"catatan": BIG})
    account_id = session.account_id
    session.lock()
    with store.unlock(account_id, PASSPHRASE) as reopened:
        assert reopened.cases.read(case_id) == {"nama": "Anak"}
        assert len(reopened.cases.history(case_id)) == 1
        _assert_consistent(reopened)


PASSPHRASE_CHANGED_BUT_REPORTED_NOT_SAVED = (
    "src bug: vault/session.py Session.change_passphrase rewrites account.json first "
    "(self._on_passphrase_change -> AccountStore._rewrap -> _save) and only then appends the "
    "'passphrase_changed' audit entry; when that append fails (full vault) it raises DiskFull "
    "('the last change was NOT saved') although the new passphrase is already in force and "
    "the old one no longer opens the account. The audit entry should be written first (or "
    "the error must not claim nothing was saved); a crash between the two steps also leaves "
    "a passphrase change with no audit entry."
)


def _fill_audit_page(session: Session) -> None:
    """Append audit entries until the (page-limited) vault has no room for one more."""
    for n in range(10_000):
        try:
            with database.sqlite_errors():
                session.audit.append("view", None, {"n": n})
        except DiskFull:
            return
    pytest.fail("the page limit was never reached")


def test_full_vault_during_passphrase_change_tells_the_truth(
    store: AccountStore, session: Session
) -> None:
    """If the change is reported as not saved, the old passphrase must still work."""
    pages = session.db.execute("PRAGMA page_count").fetchone()[0]
    session.db.execute(f"PRAGMA max_page_count = {pages}")
    _fill_audit_page(session)
    try:
        session.change_passphrase(NEW_PASSPHRASE)
    except DiskFull:
        works, refused = PASSPHRASE, NEW_PASSPHRASE
    else:
        works, refused = NEW_PASSPHRASE, PASSPHRASE
    account_id = session.account_id
    session.lock()
    with pytest.raises(WrongPassphrase):
        store.unlock(account_id, refused)
    with store.unlock(account_id, works) as reopened:
        assert reopened.verify_audit().ok


# -------------------------------------------- ENOSPC while writing account.json


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _edquot(*args: object, **kwargs: object) -> None:
    raise OSError(errno.EDQUOT, "Disk quota exceeded")


FAILING_CALLS = {
    "fsync-enospc": ("fsync", _enospc),
    "replace-enospc": ("replace", _enospc),
    "replace-edquot": ("replace", _edquot),
}


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("failing", FAILING_CALLS.values(), ids=FAILING_CALLS.keys())
def test_full_disk_during_passphrase_change_keeps_the_old_file(
    store: AccountStore,
    monkeypatch: pytest.MonkeyPatch,
    failing: tuple[str, Callable[..., None]],
) -> None:
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    folder = store.folder(account_id)
    path = folder / accountfile.FILE_NAME
    before = path.read_bytes()

    name, fake = failing
    with store.unlock(account_id, PASSPHRASE) as session, monkeypatch.context() as patch:
        patch.setattr(atomicfile.os, name, fake)
        with pytest.raises(FieldcaseError) as caught:
            session.change_passphrase(NEW_PASSPHRASE)
    _assert_disk_full(caught.value)

    assert path.read_bytes() == before
    assert _temp_files(folder) == []
    with pytest.raises(WrongPassphrase):
        store.unlock(account_id, NEW_PASSPHRASE)
    with store.unlock(account_id, PASSPHRASE) as session:
        assert session.verify_audit().ok
        assert not session.audit.entries(action="passphrase_changed")


def test_full_disk_during_account_creation_leaves_no_account(
    store: AccountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = store.create("Budi Supervisor", Role.SUPERVISOR, PASSPHRASE).info.id
    with monkeypatch.context() as patch:
        patch.setattr(atomicfile.os, "fsync", _enospc)
        with pytest.raises(DiskFull):
            store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    assert [p.name for p in store.root.iterdir()] == [other]
    assert [a.display_name for a in store.list()] == ["Budi Supervisor"]
    # Once there is space again the same name can be used.
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    with store.unlock(created.info.id, PASSPHRASE) as session:
        assert session.verify_audit().ok


def test_full_disk_while_counting_a_failure_keeps_the_file(
    store: AccountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong passphrase on a full disk: a clear error, the old file, still unlockable."""
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    path = store.folder(account_id) / accountfile.FILE_NAME
    before = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(atomicfile.os, "replace", _enospc)
        with pytest.raises(FieldcaseError) as caught:
            store.unlock(account_id, "kopi sore di Lombok 8")
    assert type(caught.value) in (DiskFull, WrongPassphrase)
    assert path.read_bytes() == before
    assert _temp_files(path.parent) == []
    with store.unlock(account_id, PASSPHRASE) as session:
        assert session.verify_audit().ok


# ------------------------------------------------------------- a real tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs mounted for this test (needs root and CAP_SYS_ADMIN)."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if os.name != "posix" or mount is None or umount is None:
        pytest.skip("no mount command on this system")
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    point = tmp_path / "small"
    point.mkdir()
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mount not permitted here: {done.stderr.strip() or done.returncode}")
    try:
        yield point
    finally:
        subprocess.run([umount, str(point)], capture_output=True, check=False)
        if os.path.ismount(point):
            subprocess.run([umount, "-l", str(point)], capture_output=True, check=False)


def test_real_full_disk(small_disk: Path) -> None:
    store = AccountStore(small_disk, kdf_params=cheap_kdf)
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    ballast = small_disk / "ballast"  # what the worker will delete to free space
    ballast.write_bytes(os.urandom(512 * 1024))

    saved: dict[str, str | None] = {}
    with store.unlock(account_id, PASSPHRASE) as session:
        for n in range(2000):
            notes = f"{n:04d}-" + os.urandom(3000).hex()
            try:
                case_id = session.cases.create_case({"nama": f"Anak {n}", "catatan": notes})
            except FieldcaseError as error:
                _assert_disk_full(error)
                break
            saved[case_id] = notes
        else:
            pytest.fail("the 2 MiB disk never filled up")
        assert len(saved) >= 5
        assert session.cases.count() == len(saved)
        for case_id, notes in saved.items():
            assert session.cases.read(case_id)["catatan"] == notes
        assert session.verify_audit().ok
        assert session.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

        # Still full: a small save either fits in free page space or is refused
        # the same way — never half-written.
        try:
            small = session.cases.create_case({"nama": "kecil"})
        except DiskFull:
            assert session.cases.count() == len(saved)
        else:
            assert session.cases.read(small) == {"nama": "kecil"}
            saved[small] = None

        ballast.unlink()
        case_id = session.cases.create_case({"nama": "setelah", "catatan": "ruang kosong"})
        saved[case_id] = "ruang kosong"

    with store.unlock(account_id, PASSPHRASE) as session:
        assert session.cases.count() == len(saved)
        for case_id, notes in saved.items():
            assert session.cases.read(case_id).get("catatan") == notes
        _assert_consistent(session)

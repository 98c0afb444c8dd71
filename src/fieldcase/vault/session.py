"""An unlocked vault: the only object through which case data is reached.

A session holds the open SQLCipher connection, the case store and the audit
log of one account, plus a lock file so that a second window or process for
the same account is refused. :meth:`Session.lock` closes everything; the UI
then drops every model that held case data.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import filelock
import sqlite_utils

from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import AccountInUse, PermissionDenied, VaultDamaged
from fieldcase.core.roles import Role
from fieldcase.crypto import AgreementKeyPair, SigningKeyPair
from fieldcase.vault import database, schema
from fieldcase.vault.audit import AuditLog, AuditReport, DetailValue
from fieldcase.vault.casestore import CaseStore
from fieldcase.vault.drafts import DraftStore

if TYPE_CHECKING:
    from fieldcase.vault.accountfile import AccountRecord

log = logging.getLogger(__name__)

LOCK_FILE = "vault.lock"
#: (account id, vault key, new passphrase) -> (new recovery code or None, undo).
PassphraseChanger = Callable[[str, bytes, str], "tuple[str | None, Callable[[], None]]"]


def _lock_for(vault_path: Path) -> filelock.FileLock:
    # Not thread-local: the UI unlocks on a worker thread and may lock on another.
    lock = filelock.FileLock(str(vault_path.with_name(LOCK_FILE)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise AccountInUse() from None
    return lock


def initialise_vault(
    path: Path,
    key: bytes | None,
    account_id: str,
    signing: SigningKeyPair,
    agreement: AgreementKeyPair,
) -> None:
    """Create the vault file: schema, and the account's identity keys inside it."""
    db = database.connect(path, key)
    try:
        with database.sqlite_errors():
            schema.migrate(db)
            with db.atomic():
                db.conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("account_id", account_id),
                        ("signing_private", _b64(signing.private_bytes)),
                        ("agreement_private", _b64(agreement.private_bytes)),
                    ],
                )
                AuditLog(db, account_id).append("account_created")
    finally:
        db.close()


def _check_identity(db: sqlite_utils.Database, account_id: str) -> None:
    """Refuse a file that is not this account's vault, before writing anything.

    An empty or truncated-to-nothing file would otherwise open as a brand-new
    vault and silently lose the account's history.
    """
    schema.check_supported(db)
    if schema.stored_version(db) == 0:
        raise VaultDamaged()
    row = db.execute("SELECT value FROM meta WHERE key = 'account_id'").fetchone()
    if row is None or row[0] != account_id:
        raise VaultDamaged()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Session:
    """One account's unlocked vault. Use as a context manager, or call :meth:`lock`."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        record: AccountRecord,
        vault_key: bytes,
        file_lock: filelock.FileLock | None,
        on_passphrase_change: PassphraseChanger | None = None,
    ) -> None:
        self.db = db
        self.account = record
        self.audit = AuditLog(db, record.id)
        self.cases = CaseStore(db, record.id, self.audit)
        self.drafts = DraftStore(db)
        self._key = vault_key
        self._file_lock = file_lock
        self._on_passphrase_change = on_passphrase_change
        self.locked = False

    @classmethod
    def open(
        cls,
        path: Path,
        vault_key: bytes,
        record: AccountRecord,
        on_passphrase_change: PassphraseChanger | None = None,
    ) -> Session:
        """Take the account lock, open the database, check and migrate the schema.

        Whatever fails, the lock is released and the connection closed, so the
        next attempt gets the same clear error rather than "already open".
        """
        file_lock = _lock_for(path)
        try:
            db = database.connect(path, vault_key, must_exist=True)
            try:
                with database.sqlite_errors():
                    _check_identity(db, record.id)
                    schema.migrate(db)
                    return cls(db, record, vault_key, file_lock, on_passphrase_change)
            except BaseException:
                db.close()
                raise
        except BaseException:
            file_lock.release()
            raise

    # ---------------------------------------------------------------- account

    @property
    def account_id(self) -> str:
        return self.account.id

    @property
    def role(self) -> Role:
        return self.account.role

    @property
    def must_change_passphrase(self) -> bool:
        return self.account.must_change_passphrase

    def record_unlock(self, action: str, failures_ms: Iterable[int]) -> None:
        """Audit the unlock, after the failed attempts that preceded it."""
        items: list[tuple[str, str | None, Mapping[str, DetailValue], str | None]] = [
            ("unlock_failed", None, {}, _iso_ms(ms)) for ms in failures_ms
        ]
        items.append((action, None, {}, None))
        with database.sqlite_errors(), self.db.atomic():
            self.audit.append_many(items)

    def change_passphrase(self, new_passphrase: str) -> str | None:
        """Set a new passphrase; returns a new recovery code if one was issued.

        The audit entry and the new key slot succeed or fail together: the
        entry is written first inside a transaction, ``account.json`` is
        replaced next, and if the commit then fails the old file is put back,
        so the user is never told "not saved" about a passphrase that is in
        force (or the reverse).
        """
        if self._on_passphrase_change is None:
            raise PermissionDenied(
                "Sesi ini tidak dapat mengganti frasa sandi.",
                "This session cannot change the passphrase.",
            )
        undo: Callable[[], None] | None = None
        try:
            with database.sqlite_errors(), self.db.atomic():
                self.audit.append(
                    "passphrase_changed",
                    None,
                    {"new_recovery_code": self.account.must_change_passphrase},
                )
                new_code, undo = self._on_passphrase_change(
                    self.account.id, self._key, new_passphrase
                )
        except BaseException:
            if undo is not None:
                undo()
            raise
        self.account = self.account.with_changes(must_change_passphrase=False)
        return new_code

    def identity_keys(self) -> tuple[SigningKeyPair, AgreementKeyPair]:
        """The account's Ed25519 (signing) and X25519 (agreement) key pairs."""
        rows = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        return (
            SigningKeyPair.from_private_bytes(base64.b64decode(rows["signing_private"])),
            AgreementKeyPair.from_private_bytes(base64.b64decode(rows["agreement_private"])),
        )

    # ------------------------------------------------------------------ cases

    def view_case(self, case_id: str) -> dict[str, JsonValue]:
        """Read a case to show it to a person: logged as a view."""
        fields = self.cases.read(case_id)
        with database.sqlite_errors():
            self.audit.append("view", case_id, {"fields": len(fields)})
        return fields

    def check_integrity(self) -> list[str]:
        """Check every page's HMAC and SQLite's structure; returns problems (empty = ok).

        This reads the whole file (about 1.5 s for 20,000 cases), so it is not
        run at every unlock; damaged pages are still refused when they are
        read. ``fieldcase vault check`` and the app's maintenance run it.
        """
        with database.sqlite_errors():
            problems = [str(r[0]) for r in self.db.execute("PRAGMA cipher_integrity_check")]
            if not problems:
                problems = [
                    str(r[0])
                    for r in self.db.execute("PRAGMA integrity_check")
                    if str(r[0]) != "ok"
                ]
        return problems

    def verify_audit(self) -> AuditReport:
        with database.sqlite_errors():
            return self.audit.verify()

    # ------------------------------------------------------------------- lock

    def lock(self, audit: bool = True) -> None:
        """Close the vault; the key is dropped from this object."""
        if self.locked:
            return
        try:
            if audit:
                with database.sqlite_errors():
                    self.audit.append("lock")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:
            log.warning("lock: final audit entry or checkpoint failed account=%s", self.account.id)
        finally:
            self.db.close()
            self._key = b""
            self.locked = True
            if self._file_lock is not None:
                self._file_lock.release()
            log.info("lock account=%s", self.account.id)

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.lock()


def _iso_ms(ms: int) -> str:
    return (
        datetime.fromtimestamp(ms / 1000, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )

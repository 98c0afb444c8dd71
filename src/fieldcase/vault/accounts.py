"""Accounts on one laptop: create, list, unlock, change passphrase, recover.

Each account is a folder ``accounts/<id>/`` with ``account.json`` (key slots)
and ``vault.db`` (SQLCipher, random 256-bit key). Listing reads only names and
roles; nothing is decrypted until a passphrase is given.

Failed unlocks are counted in ``account.json`` (the audit log is inside the
encrypted vault, so it cannot be written before an unlock); from the third
failure on, each further attempt must wait a doubling delay, and the failures
are copied into the audit log at the next successful unlock.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcase.core.errors import (
    AccountExists,
    AccountFileDamaged,
    AccountNotFound,
    InvalidInput,
    TooManyAttempts,
    WrongPassphrase,
)
from fieldcase.core.ids import uuid7
from fieldcase.core.passphrase import check_passphrase
from fieldcase.core.roles import Role
from fieldcase.crypto import (
    AgreementKeyPair,
    CryptoError,
    KdfParams,
    SigningKeyPair,
    derive_key,
    random_key,
    unwrap_key,
    wrap_key,
)
from fieldcase.vault import accountfile
from fieldcase.vault.accountfile import AccountRecord, KeySlot
from fieldcase.vault.datadir import accounts_dir

if TYPE_CHECKING:
    from fieldcase.vault.session import Session


log = logging.getLogger(__name__)

VAULT_FILE = "vault.db"
#: Failures allowed before the delay starts, the first delay, and its cap.
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 5.0
MAX_DELAY_S = 300.0
#: Recovery codes: 25 characters from a 32-letter alphabet = 125 bits.
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_RECOVERY_GROUPS = 5


def failure_delay(failed_count: int) -> float:
    """Seconds to wait before the next attempt after ``failed_count`` failures."""
    if failed_count < FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failed_count - FREE_ATTEMPTS)))


def new_recovery_code() -> str:
    """A code to write on paper: 5 groups of 5 unambiguous characters."""
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(5 * _RECOVERY_GROUPS)]
    return "-".join("".join(chars[i : i + 5]) for i in range(0, len(chars), 5))


def normalise_recovery_code(code: str) -> str:
    """Accept lower case, spaces and missing dashes when a code is typed back."""
    letters = [c for c in code.upper() if c.isalnum()]
    joined = "".join(letters)
    return "-".join(joined[i : i + 5] for i in range(0, len(joined), 5))


def _slot_aad(account_id: str, slot: str) -> bytes:
    return f"fieldcase/vault-key/v1|{account_id}|{slot}".encode()


@dataclass(frozen=True)
class AccountInfo:
    """What the sign-in window may show before anything is unlocked."""

    id: str
    display_name: str
    role: Role
    training: bool
    must_change_passphrase: bool
    #: ``account.json`` could not be read: shown so the worker can report it.
    damaged: bool = False


@dataclass(frozen=True)
class CreatedAccount:
    info: AccountInfo
    #: Shown to the user once, never stored in clear.
    recovery_code: str


class AccountStore:
    """The accounts under one data folder.

    ``kdf_params`` sets the Argon2id cost of new slots (tests pass a cheap
    profile); slots keep their own parameters, so unlocking always uses what
    the slot was made with. ``clock`` returns seconds (injectable).
    """

    def __init__(
        self,
        data_dir: Path,
        kdf_params: Callable[[], KdfParams] = KdfParams.fresh,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.data_dir = data_dir
        self.root = accounts_dir(data_dir)
        self._kdf = kdf_params
        self._clock = clock

    # ---------------------------------------------------------------- listing

    def list(self) -> list[AccountInfo]:
        """Names and roles of the accounts on this laptop (nothing unlocked).

        An account whose ``account.json`` cannot be read is listed as damaged
        (last), never hidden: unlocking it then says what is wrong.
        """
        good: list[AccountInfo] = []
        damaged: list[AccountInfo] = []
        if not self.root.is_dir():
            return []
        for folder in sorted(self.root.iterdir()):
            path = folder / accountfile.FILE_NAME
            if not path.is_file():
                continue  # an account whose creation never finished
            try:
                r = accountfile.load(path)
            except AccountFileDamaged:
                log.warning("account file unreadable in folder %s", folder.name)
                damaged.append(
                    AccountInfo(
                        folder.name,
                        f"Akun rusak / damaged account ({folder.name[-8:]})",
                        Role.PENDAMPING,
                        training=False,
                        must_change_passphrase=False,
                        damaged=True,
                    )
                )
                continue
            good.append(
                AccountInfo(r.id, r.display_name, r.role, r.training, r.must_change_passphrase)
            )
        return sorted(good, key=lambda a: a.display_name.lower()) + damaged

    def find(self, name_or_id: str) -> AccountInfo:
        """An account by id, or by display name (case-insensitive)."""
        wanted = name_or_id.strip().lower()
        for info in self.list():
            if info.id == name_or_id or info.display_name.lower() == wanted:
                return info
        raise AccountNotFound(name_or_id)

    def folder(self, account_id: str) -> Path:
        return self.root / account_id

    def _load(self, account_id: str) -> AccountRecord:
        path = self.folder(account_id) / accountfile.FILE_NAME
        if not path.exists():
            raise AccountNotFound(account_id)
        return accountfile.load(path)

    def _save(self, record: AccountRecord) -> None:
        accountfile.save(self.folder(record.id) / accountfile.FILE_NAME, record)

    # --------------------------------------------------------------- creating

    def create(
        self, display_name: str, role: Role, passphrase: str, *, training: bool = False
    ) -> CreatedAccount:
        """Make an account and its empty vault; returns the one-time recovery code."""
        name = unicodedata.normalize("NFC", display_name).strip()
        if not 2 <= len(name) <= 80 or not name.isprintable():
            raise InvalidInput(
                "Nama tampilan harus 2–80 karakter.", "The display name must be 2–80 characters."
            )
        if any(
            info.display_name.lower() == name.lower() for info in self.list() if not info.damaged
        ):
            raise AccountExists(name)
        check_passphrase(passphrase, name)
        account_id = uuid7()
        vault_key = random_key()
        recovery_code = new_recovery_code()
        record = AccountRecord(
            id=account_id,
            display_name=name,
            role=Role(role),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            passphrase_slot=self._make_slot(account_id, "passphrase", passphrase, vault_key),
            recovery_slot=self._make_slot(account_id, "recovery", recovery_code, vault_key),
            training=training,
        )
        from fieldcase.vault.session import initialise_vault  # on use: fast start-up

        folder = self.folder(account_id)
        folder.mkdir(parents=True)
        try:
            initialise_vault(
                folder / VAULT_FILE,
                vault_key,
                account_id,
                signing=SigningKeyPair.generate(),
                agreement=AgreementKeyPair.generate(),
            )
            self._save(record)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        log.info("account created id=%s role=%s", account_id, record.role.value)
        info = AccountInfo(account_id, name, record.role, training, False)
        return CreatedAccount(info, recovery_code)

    def _make_slot(self, account_id: str, slot: str, secret: str, vault_key: bytes) -> KeySlot:
        params = self._kdf()
        kek = derive_key(secret, params)
        return KeySlot(params, wrap_key(kek, vault_key, _slot_aad(account_id, slot)))

    # -------------------------------------------------------------- unlocking

    def unlock(self, name_or_id: str, passphrase: str) -> Session:
        """Open an account's vault with its passphrase.

        Raises :class:`WrongPassphrase` (counted), :class:`TooManyAttempts`
        while a delay is running, :class:`AccountInUse` when another window
        holds it.
        """
        info = self.find(name_or_id)
        record = self._load(info.id)
        vault_key = self._open_slot(record, "passphrase", passphrase)
        return self._open_session(record, vault_key, action="unlock")

    def unlock_with_recovery(self, name_or_id: str, recovery_code: str) -> Session:
        """Open with the recovery code; the session then requires a new passphrase."""
        info = self.find(name_or_id)
        record = self._load(info.id)
        code = normalise_recovery_code(recovery_code)
        vault_key = self._open_slot(record, "recovery", code)
        record = self._load(info.id).with_changes(must_change_passphrase=True)
        self._save(record)
        return self._open_session(record, vault_key, action="recovery_unlock")

    def _open_slot(self, record: AccountRecord, slot: str, secret: str) -> bytes:
        now = self._clock()
        wait = record.last_failed_ms / 1000 + failure_delay(record.failed_count) - now
        if wait > 0:
            log.warning("unlock refused during delay account=%s", record.id)
            raise TooManyAttempts(wait)
        key_slot = record.passphrase_slot if slot == "passphrase" else record.recovery_slot
        try:
            kek = derive_key(secret, key_slot.kdf)
            return unwrap_key(kek, key_slot.wrapped_key, _slot_aad(record.id, slot))
        except CryptoError:
            now_ms = int(self._clock() * 1000)
            failed = record.with_changes(
                failed_count=record.failed_count + 1,
                last_failed_ms=now_ms,
                pending_failures=(*record.pending_failures, now_ms)[-100:],
            )
            self._save(failed)
            log.warning(
                "unlock failed account=%s slot=%s failures=%d",
                record.id,
                slot,
                failed.failed_count,
            )
            raise WrongPassphrase(recovery=slot == "recovery") from None

    def _open_session(self, record: AccountRecord, vault_key: bytes, action: str) -> Session:
        # Imported on first use: listing accounts (the sign-in window) needs none
        # of the database side, and start-up is faster without it.
        from fieldcase.vault.session import Session

        session = Session.open(
            self.folder(record.id) / VAULT_FILE,
            vault_key,
            record,
            on_passphrase_change=self._rewrap,
        )
        try:
            session.record_unlock(action, record.pending_failures)
        except BaseException:
            session.lock(audit=False)
            raise
        if record.failed_count or record.pending_failures:
            self._save(record.with_changes(failed_count=0, last_failed_ms=0, pending_failures=()))
        log.info("%s account=%s", action, record.id)
        return session

    # ------------------------------------------------------ passphrase change

    def change_passphrase(self, name_or_id: str, old: str, new: str) -> None:
        """Re-wrap the vault key under a new passphrase (data is not re-encrypted)."""
        with self.unlock(name_or_id, old) as session:
            session.change_passphrase(new)

    def _rewrap(
        self, account_id: str, vault_key: bytes, new_passphrase: str
    ) -> tuple[str | None, Callable[[], None]]:
        """Called by a session: new passphrase slot; after a recovery also a new code.

        Returns the new recovery code when one was issued (shown once), and a
        function that puts the previous ``account.json`` back.
        """
        record = self._load(account_id)
        check_passphrase(new_passphrase, record.display_name)
        slot = self._make_slot(account_id, "passphrase", new_passphrase, vault_key)
        new_code: str | None = None
        changes: dict[str, object] = {"passphrase_slot": slot, "must_change_passphrase": False}
        if record.must_change_passphrase:
            # The old code has been used (perhaps read by someone): replace it.
            new_code = new_recovery_code()
            changes["recovery_slot"] = self._make_slot(account_id, "recovery", new_code, vault_key)
        self._save(record.with_changes(**changes))
        log.info("passphrase changed account=%s", account_id)
        return new_code, lambda: self._save(record)

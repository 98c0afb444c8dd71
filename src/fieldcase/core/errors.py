"""Errors a user can cause, each with a message in Bahasa Indonesia and English.

Every layer raises a subclass of :class:`FieldcaseError` for anything a field
worker can trigger (wrong passphrase, damaged file, full disk...). The UI and
the CLI show ``str(error)``, never a traceback, so each message must say what
happened and what to do next, and must never carry case content.
"""

from __future__ import annotations


class FieldcaseError(Exception):
    """Base class: a user-facing error with a bilingual message."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en

    def message(self, language: str = "id") -> str:
        """The message in one language ("id" or "en")."""
        return self.message_en if language == "en" else self.message_id


class InvalidInput(FieldcaseError):
    """Input that fails validation (a form value, a CLI argument, a JSON file)."""


class WeakPassphrase(FieldcaseError):
    """A new passphrase that is too short or too easy to guess."""


class WrongPassphrase(FieldcaseError):
    """The passphrase (or recovery code) does not open this account."""

    def __init__(self, *, recovery: bool = False) -> None:
        if recovery:
            super().__init__(
                "Kode pemulihan salah. Periksa kembali kode yang dicatat saat akun dibuat.",
                "Wrong recovery code. Check the code you wrote down when the account was created.",
            )
        else:
            super().__init__(
                "Frasa sandi salah. Periksa Caps Lock dan coba lagi.",
                "Wrong passphrase. Check Caps Lock and try again.",
            )


class TooManyAttempts(FieldcaseError):
    """Unlocking is paused after repeated failures (a growing delay)."""

    def __init__(self, wait_seconds: float) -> None:
        secs = max(1, round(wait_seconds))
        super().__init__(
            f"Terlalu banyak percobaan gagal. Tunggu {secs} detik lalu coba lagi.",
            f"Too many failed attempts. Wait {secs} seconds and try again.",
        )
        self.wait_seconds = wait_seconds


class AccountNotFound(FieldcaseError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Akun '{name}' tidak ditemukan di laptop ini. "
            "Lihat daftar dengan 'fieldcase account list'.",
            f"No account '{name}' on this laptop. See the list with 'fieldcase account list'.",
        )


class AccountExists(FieldcaseError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Sudah ada akun bernama '{name}'. Pilih nama lain.",
            f"An account named '{name}' already exists. Choose another name.",
        )


class AccountInUse(FieldcaseError):
    def __init__(self) -> None:
        super().__init__(
            "Akun ini sedang dibuka di jendela atau program lain. Tutup dulu yang lain.",
            "This account is already open in another window or program. Close that one first.",
        )


class AccountFileDamaged(FieldcaseError):
    def __init__(self) -> None:
        super().__init__(
            "Berkas akun (account.json) rusak atau tidak lengkap. Pulihkan dari cadangan "
            "atau hubungi admin tim; data kasus tidak diubah.",
            "The account file (account.json) is damaged or incomplete. Restore it from a "
            "backup or contact your team admin; no case data was changed.",
        )


class VaultDamaged(FieldcaseError):
    def __init__(self) -> None:
        super().__init__(
            "Brankas data (vault.db) rusak atau bukan brankas fieldcase. Jangan hapus "
            "berkasnya; hubungi admin tim untuk memulihkan dari cadangan atau sinkronisasi.",
            "The data vault (vault.db) is damaged or not a fieldcase vault. Do not delete "
            "it; contact your team admin to restore it from a backup or a sync.",
        )


class VaultTooNew(FieldcaseError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"Brankas ini dibuat oleh versi fieldcase yang lebih baru (skema {found}, "
            f"versi ini mendukung {supported}). Perbarui aplikasi; brankas tidak diubah.",
            f"This vault was made by a newer fieldcase (schema {found}, this version "
            f"supports {supported}). Update the app; the vault was not changed.",
        )


class DiskFull(FieldcaseError):
    def __init__(self) -> None:
        super().__init__(
            "Penyimpanan penuh: perubahan terakhir TIDAK tersimpan. Kosongkan ruang disk "
            "lalu simpan lagi; data yang sudah tersimpan aman.",
            "Storage is full: the last change was NOT saved. Free some disk space and save "
            "again; data saved before is safe.",
        )


class StorageError(FieldcaseError):
    def __init__(self) -> None:
        super().__init__(
            "Tidak dapat menulis ke penyimpanan (hanya-baca, sibuk, atau dicabut). "
            "Perubahan terakhir tidak tersimpan; coba lagi.",
            "Cannot write to storage (read-only, busy, or removed). The last change was "
            "not saved; try again.",
        )


class CaseNotFound(FieldcaseError):
    def __init__(self, case_id: str) -> None:
        super().__init__(
            f"Kasus {case_id} tidak ada di brankas ini.",
            f"Case {case_id} is not in this vault.",
        )


class PermissionDenied(FieldcaseError):
    """The account's role may not do this."""

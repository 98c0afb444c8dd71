"""Errors a sync can raise, each with a message in Bahasa Indonesia and English.

Every failure of a bundle, envelope file, exchange folder or relay server
ends in one of these, raised *before* anything is applied: the vault is
unchanged whenever one reaches the user. Messages name the file's problem
and what to do next, never case content.
"""

from __future__ import annotations

from fieldcase.core.errors import FieldcaseError

__all__ = [
    "EnrolmentError",
    "FileDamaged",
    "FormatTooNew",
    "MissingEpochKey",
    "NotAuthentic",
    "NotInTeam",
    "SignerNotMember",
    "SignerRevoked",
    "SyncError",
    "TransportFailed",
    "WrongTeam",
]


class SyncError(FieldcaseError):
    """Base class of every sync failure (nothing was applied)."""


class FileDamaged(SyncError):
    """The bytes do not parse: truncated, cut, padded or not a fieldcase file."""

    def __init__(self, what: str = "berkas / file") -> None:
        super().__init__(
            f"Berkas sinkronisasi rusak atau tidak lengkap ({what}). Tidak ada yang diubah; "
            "minta pengirim membuat berkas baru.",
            f"The sync file is damaged or incomplete ({what}). Nothing was changed; ask the "
            "sender for a new file.",
        )


class NotAuthentic(SyncError):
    """A signature or the encryption check failed: the data was altered or forged."""

    def __init__(self) -> None:
        super().__init__(
            "Berkas sinkronisasi telah diubah atau tidak asli (tanda tangan atau enkripsi "
            "tidak cocok). Tidak ada yang diubah; laporkan ke supervisor.",
            "The sync file was altered or is not genuine (signature or encryption check "
            "failed). Nothing was changed; report this to your supervisor.",
        )


class FormatTooNew(SyncError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"Berkas ini dibuat oleh versi fieldcase yang lebih baru (format {found}, versi "
            f"ini mendukung {supported}). Perbarui aplikasi; tidak ada yang diubah.",
            f"This file was made by a newer fieldcase (format {found}, this version "
            f"supports {supported}). Update the app; nothing was changed.",
        )


class WrongTeam(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Berkas ini milik tim lain. Tidak ada yang diubah.",
            "This file belongs to another team. Nothing was changed.",
        )


class NotInTeam(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Akun ini belum menjadi anggota tim. Minta supervisor mendaftarkan akun "
            "('fieldcase team enrol-request').",
            "This account is not a team member yet. Ask your supervisor to enrol it "
            "('fieldcase team enrol-request').",
        )


class SignerNotMember(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Pengirim berkas bukan anggota tim yang dikenal. Sinkronkan daftar anggota "
            "terbaru dari supervisor; tidak ada yang diubah.",
            "The sender is not a known team member. Get the latest roster from your "
            "supervisor; nothing was changed.",
        )


class SignerRevoked(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Pengirim berkas sudah dicabut dari tim; data setelah pencabutan ditolak. "
            "Tidak ada yang diubah.",
            "The sender was revoked from the team; data after the revocation is refused. "
            "Nothing was changed.",
        )


class MissingEpochKey(SyncError):
    def __init__(self, epoch: int) -> None:
        super().__init__(
            f"Kunci tim untuk periode {epoch} belum ada di akun ini. Terima pembaruan kunci "
            "dari supervisor dulu; tidak ada yang diubah.",
            f"This account does not hold the team key for epoch {epoch}. Accept the key "
            "update from your supervisor first; nothing was changed.",
        )


class EnrolmentError(SyncError):
    """A request, answer or key update that cannot be used (wrong file, wrong account)."""


class TransportFailed(SyncError):
    """The exchange folder or relay server could not be reached or refused the request."""

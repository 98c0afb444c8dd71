"""Errors the relay server answers with: an HTTP status, a code and two messages.

Clients (the sync engine) branch on ``code``; people read ``message_id`` /
``message_en``. Every message is fixed text chosen here, never built from a
request: an error must not echo what a client sent (it might be a piece of an
envelope), and a log line built from an error carries only its code.
"""

from __future__ import annotations

from fieldcase.core.errors import FieldcaseError

__all__ = ["ApiError"]


class ApiError(FieldcaseError):
    """A refused request: rendered as ``{"error": code, "message_id": …, "message_en": …}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message_id: str,
        message_en: str,
        *,
        extra: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message_id, message_en)
        self.status = status
        self.code = code
        self.extra = dict(extra or {})

    def body(self) -> dict[str, object]:
        """The JSON body of the error response."""
        return {
            "error": self.code,
            "message_id": self.message_id,
            "message_en": self.message_en,
            **self.extra,
        }


# ------------------------------------------------------------------ 400


def invalid_id(what: str) -> ApiError:
    """A team, account or envelope id outside ``[A-Za-z0-9-]{1,64}``."""
    return ApiError(
        400,
        "invalid_id",
        f"Pengenal {what} tidak sah (1–64 karakter A-Z, a-z, 0-9, '-').",
        f"Invalid {what} id (1–64 characters A-Z, a-z, 0-9, '-').",
    )


def invalid_query() -> ApiError:
    return ApiError(
        400,
        "invalid_query",
        "Parameter permintaan tidak sah: hanya 'after' (bilangan >= 0) dan 'limit' "
        "(1–1000), masing-masing paling banyak sekali.",
        "Invalid query: only 'after' (an integer >= 0) and 'limit' (1–1000), each at most once.",
    )


def empty_body() -> ApiError:
    return ApiError(
        400,
        "empty_body",
        "Amplop kosong tidak diterima.",
        "An empty envelope is not accepted.",
    )


def invalid_roster(reason_id: str, reason_en: str) -> ApiError:
    """A roster upload that does not follow the format; the reason names a field, not a value."""
    return ApiError(
        400,
        "invalid_roster",
        f"Daftar anggota tim tidak sah: {reason_id}.",
        f"Invalid team roster: {reason_en}.",
    )


def invalid_path() -> ApiError:
    return ApiError(
        400,
        "invalid_path",
        "Alamat permintaan berisi karakter yang tidak diizinkan.",
        "The request path contains characters that are not allowed.",
    )


# ------------------------------------------------------------------ 401 / 403


def unsigned() -> ApiError:
    return ApiError(
        401,
        "unsigned",
        "Permintaan tanpa tanda tangan yang sah (header X-Fieldcase-Account, "
        "-Timestamp, -Signature).",
        "The request is not properly signed (headers X-Fieldcase-Account, -Timestamp, -Signature).",
    )


def unknown_account() -> ApiError:
    return ApiError(
        401,
        "unknown_account",
        "Akun ini tidak terdaftar di tim ini di server. Minta supervisor mengunggah "
        "daftar anggota terbaru.",
        "This account is not on this team's roster on the server. Ask your supervisor "
        "to upload the latest roster.",
    )


def bad_signature() -> ApiError:
    return ApiError(
        401,
        "bad_signature",
        "Tanda tangan permintaan tidak cocok dengan kunci akun ini.",
        "The request signature does not match this account's key.",
    )


def revoked() -> ApiError:
    return ApiError(
        401,
        "revoked",
        "Akses akun ini ke tim telah dicabut. Hubungi supervisor Anda.",
        "This account's access to the team has been revoked. Contact your supervisor.",
    )


def stale_timestamp(server_time_ms: int) -> ApiError:
    """Carries the server's clock so the app can tell the user how far off the laptop is."""
    return ApiError(
        401,
        "stale_timestamp",
        "Jam laptop berbeda lebih dari 5 menit dari jam server. Periksa tanggal, jam "
        "dan zona waktu laptop, lalu coba lagi.",
        "The laptop clock is more than 5 minutes off the server's. Check the laptop's "
        "date, time and time zone, then try again.",
        extra={"server_time_ms": server_time_ms},
    )


def replayed() -> ApiError:
    return ApiError(
        401,
        "replayed",
        "Permintaan ini sudah pernah diterima (diputar ulang). Kirim ulang dengan "
        "tanda tangan baru.",
        "This request was already received (replayed). Send it again with a fresh signature.",
    )


def bad_roster_signature() -> ApiError:
    return ApiError(
        401,
        "bad_roster_signature",
        "Tanda tangan daftar anggota tidak cocok dengan kunci tim yang terdaftar.",
        "The roster signature does not match the team key registered on the server.",
    )


def not_supervisor() -> ApiError:
    return ApiError(
        403,
        "not_supervisor",
        "Hanya supervisor atau admin tim yang dapat mengunggah daftar anggota.",
        "Only a team supervisor or admin may upload the roster.",
    )


# ------------------------------------------------------------------ 404 / 405


def unknown_team() -> ApiError:
    return ApiError(
        404,
        "unknown_team",
        "Tim ini belum terdaftar di server. Minta admin server menjalankan "
        "'fieldcase-server team add'.",
        "This team is not registered on the server. Ask the server admin to run "
        "'fieldcase-server team add'.",
    )


def no_roster() -> ApiError:
    return ApiError(
        404,
        "no_roster",
        "Tim ini belum punya daftar anggota di server.",
        "This team has no roster on the server yet.",
    )


def not_found() -> ApiError:
    return ApiError(404, "not_found", "Alamat tidak ditemukan.", "Not found.")


def method_not_allowed() -> ApiError:
    return ApiError(
        405,
        "method_not_allowed",
        "Metode HTTP ini tidak diizinkan di alamat ini.",
        "This HTTP method is not allowed here.",
    )


# ------------------------------------------------------------------ 409


def envelope_conflict() -> ApiError:
    return ApiError(
        409,
        "envelope_conflict",
        "Sudah ada amplop lain dengan pengenal ini di tim ini.",
        "A different envelope with this id already exists in this team.",
    )


def roster_not_newer() -> ApiError:
    return ApiError(
        409,
        "roster_not_newer",
        "Server sudah punya daftar anggota dengan versi yang sama atau lebih baru.",
        "The server already has a roster of the same or a newer version.",
    )


def team_key_mismatch() -> ApiError:
    return ApiError(
        409,
        "team_key_mismatch",
        "Tim ini terdaftar di server dengan kunci tim yang lain.",
        "This team is registered on the server with a different team key.",
    )


# ------------------------------------------------------------------ 413 / 415 / 5xx


def too_large(limit: int) -> ApiError:
    mib = limit / (1024 * 1024)
    return ApiError(
        413,
        "too_large",
        f"Isi permintaan melebihi batas {mib:g} MiB.",
        f"The request body exceeds the {mib:g} MiB limit.",
    )


def unsupported_media_type(expected: str) -> ApiError:
    return ApiError(
        415,
        "unsupported_media_type",
        f"Jenis isi harus {expected}.",
        f"The content type must be {expected}.",
    )


def storage_unavailable() -> ApiError:
    return ApiError(
        503,
        "storage_unavailable",
        "Penyimpanan server sedang tidak dapat dipakai (sibuk, penuh, atau hanya-baca). "
        "Coba lagi nanti; tidak ada yang hilang.",
        "The server's storage is unavailable (busy, full or read-only). Try again later; "
        "nothing was lost.",
    )


# ------------------------------------------------------------------ enrolment


def invalid_enrolment(reason_id: str, reason_en: str) -> ApiError:
    """An enrolment document or request that does not follow the format (names a field)."""
    return ApiError(
        400,
        "invalid_enrolment",
        f"Pendaftaran tidak sah: {reason_id}.",
        f"Invalid enrolment: {reason_en}.",
    )


def enrolment_closed() -> ApiError:
    return ApiError(
        404,
        "enrolment_closed",
        "Pendaftaran lewat server untuk tim ini tidak dibuka (atau sudah berakhir). Minta "
        "supervisor membukanya ('fieldcase team enrol-open').",
        "Enrolment through the server is not open for this team (or has ended). Ask your "
        "supervisor to open it ('fieldcase team enrol-open').",
    )


def enrolment_pending() -> ApiError:
    return ApiError(
        404,
        "enrolment_pending",
        "Permintaan pendaftaran belum disetujui supervisor. Coba lagi nanti.",
        "The enrolment request has not been approved by the supervisor yet. Try again later.",
    )


def no_enrolment_request() -> ApiError:
    return ApiError(
        404,
        "no_enrolment_request",
        "Tidak ada permintaan pendaftaran untuk akun ini (mungkin ditolak atau kedaluwarsa). "
        "Kirim permintaan baru.",
        "There is no enrolment request for this account (it may have been rejected or "
        "expired). Send a new request.",
    )


def already_member() -> ApiError:
    return ApiError(
        409,
        "already_member",
        "Akun ini sudah ada di daftar anggota tim.",
        "This account is already on the team roster.",
    )


def enrolment_conflict() -> ApiError:
    return ApiError(
        409,
        "enrolment_conflict",
        "Sudah ada permintaan pendaftaran untuk akun ini dengan kunci lain.",
        "An enrolment request for this account with another key is already waiting.",
    )


def too_many_requests() -> ApiError:
    return ApiError(
        429,
        "too_many_requests",
        "Terlalu banyak permintaan pendaftaran menunggu untuk tim ini. Minta supervisor "
        "memproses atau menolaknya dulu.",
        "Too many enrolment requests are waiting for this team. Ask the supervisor to "
        "approve or reject them first.",
    )


def internal() -> ApiError:
    return ApiError(
        500,
        "internal",
        "Terjadi kesalahan di server. Coba lagi nanti; jika berulang, hubungi admin server.",
        "The server hit an unexpected error. Try again later; if it keeps happening, "
        "contact the server admin.",
    )

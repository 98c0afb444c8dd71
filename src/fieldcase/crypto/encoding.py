"""Text form of keys: URL-safe base64 without padding.

Public keys and key ids appear in JSON (enrolment requests, certificates,
rosters) and file names, where ``+``, ``/`` and ``=`` are awkward. Decoding
is strict, so one key has exactly one text form: two strings that differ can
never name the same key, which matters when keys are compared as text.
"""

from __future__ import annotations

import base64
import binascii
import re

from ._checks import require_bytes
from .errors import CryptoError

__all__ = ["decode_key", "encode_key"]

_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
_MAX_KEY_BYTES = 1024


def encode_key(b: bytes) -> str:
    """URL-safe base64 of ``b`` with the ``=`` padding removed."""
    data = require_bytes(b, "key")
    if not data:
        raise CryptoError("key must not be empty")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_key(s: str, expected_len: int = 32) -> bytes:
    """Inverse of :func:`encode_key`; must decode to exactly ``expected_len`` bytes.

    Refused: padding, whitespace, characters outside the URL-safe alphabet,
    a wrong length, and non-canonical text (unused low bits not zero).
    """
    if not isinstance(s, str):
        raise CryptoError("encoded key must be text")
    if type(expected_len) is not int or not 1 <= expected_len <= _MAX_KEY_BYTES:
        raise CryptoError("expected key length out of range")
    if len(s) != (4 * expected_len + 2) // 3 or _ALPHABET.fullmatch(s) is None:
        raise CryptoError("malformed encoded key")
    try:
        data = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    except (binascii.Error, ValueError):  # pragma: no cover - the checks above exclude it
        raise CryptoError("malformed encoded key") from None
    if len(data) != expected_len or encode_key(data) != s:
        raise CryptoError("malformed encoded key")
    return data

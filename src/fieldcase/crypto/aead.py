"""Authenticated symmetric encryption (AES-256-GCM) and key wrapping.

Everything the application stores or sends encrypted goes through
:func:`seal` / :func:`open_`. The blob is self-describing so that it can be
stored in a column or a file with nothing beside it::

    0x01 (format version) || nonce (12 random bytes) || ciphertext || tag (16 bytes)

The version byte lets a later format (another cipher, a longer nonce) be
introduced without guessing; an unknown version is refused, never tried.
Nonces are random: with 96-bit random nonces one key may seal about 2**32
messages before the collision risk matters, far more than a vault or a team
epoch will ever see.

GCM checks the tag before any plaintext is released: :func:`open_` either
returns the authentic plaintext or raises :class:`CryptoError`.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ._checks import require_bytes
from .errors import CryptoError

__all__ = [
    "KEY_SIZE",
    "NONCE_SIZE",
    "SEAL_OVERHEAD",
    "SEAL_VERSION",
    "TAG_SIZE",
    "open_",
    "random_key",
    "seal",
    "unwrap_key",
    "wrap_key",
]

KEY_SIZE = 32
"""Size in bytes of every symmetric key in fieldcase (AES-256, data keys, vault keys)."""

SEAL_VERSION = 0x01
NONCE_SIZE = 12
TAG_SIZE = 16
SEAL_OVERHEAD = 1 + NONCE_SIZE + TAG_SIZE
"""Bytes a sealed blob adds to its plaintext."""

_WRAPPED_KEY_SIZE = SEAL_OVERHEAD + KEY_SIZE


def random_key() -> bytes:
    """A fresh 256-bit key from the operating system's CSPRNG."""
    return secrets.token_bytes(KEY_SIZE)


def seal(key: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """Encrypt and authenticate ``plaintext`` under ``key``, binding ``aad``.

    ``aad`` is authenticated but not stored: the reader must supply the same
    bytes (typically a record id or a canonical header), which stops a valid
    blob from being moved to another place and accepted there.
    """
    return _seal_with_nonce(key, secrets.token_bytes(NONCE_SIZE), plaintext, aad)


def _seal_with_nonce(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """:func:`seal` with a caller-chosen nonce.

    Private on purpose: reusing a nonce under one key destroys GCM's
    confidentiality and authenticity. It exists so known-answer tests can pin
    the exact output bytes; production code always goes through :func:`seal`.
    """
    key = require_bytes(key, "key", KEY_SIZE)
    nonce = require_bytes(nonce, "nonce", NONCE_SIZE)
    plaintext = require_bytes(plaintext, "plaintext")
    aad = require_bytes(aad, "associated data")
    try:
        body = AESGCM(key).encrypt(nonce, plaintext, aad)
    except (OverflowError, ValueError) as exc:  # over GCM's 2**31-1 byte per-call limit
        raise CryptoError("plaintext too large to seal") from exc
    return bytes((SEAL_VERSION,)) + nonce + body


def open_(key: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    """Check and decrypt a blob made by :func:`seal`; return the plaintext.

    Wrong key, wrong ``aad``, any changed byte and any truncation all end in
    the same ``CryptoError("authentication failed")``: which of them it was
    is not something a caller (or an attacker) gets to learn. Only the
    public framing (length, version byte) has its own message.
    """
    key = require_bytes(key, "key", KEY_SIZE)
    blob = require_bytes(blob, "ciphertext")
    aad = require_bytes(aad, "associated data")
    if len(blob) < SEAL_OVERHEAD:
        raise CryptoError("ciphertext too short")
    if blob[0] != SEAL_VERSION:
        raise CryptoError("unsupported ciphertext version")
    nonce = blob[1 : 1 + NONCE_SIZE]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + NONCE_SIZE :], aad)
    except (InvalidTag, OverflowError, ValueError):
        raise CryptoError("authentication failed") from None


def wrap_key(kek: bytes, key: bytes, aad: bytes = b"") -> bytes:
    """Seal a 32-byte ``key`` under a key-encrypting key (a key slot).

    Both sizes are checked so that a slot can never hold anything but a
    whole key; the output is always ``SEAL_OVERHEAD + 32`` bytes.
    """
    kek = require_bytes(kek, "key-encrypting key", KEY_SIZE)
    key = require_bytes(key, "wrapped key", KEY_SIZE)
    return seal(kek, key, aad)


def unwrap_key(kek: bytes, wrapped: bytes, aad: bytes = b"") -> bytes:
    """Recover a key sealed by :func:`wrap_key`: exactly 32 bytes, or :class:`CryptoError`."""
    kek = require_bytes(kek, "key-encrypting key", KEY_SIZE)
    wrapped = require_bytes(wrapped, "wrapped key")
    if len(wrapped) != _WRAPPED_KEY_SIZE:
        raise CryptoError("malformed wrapped key")
    key = open_(kek, wrapped, aad)
    if len(key) != KEY_SIZE:  # unreachable given the length check; kept as a guard
        raise CryptoError("malformed wrapped key")
    return key

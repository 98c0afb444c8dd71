"""HKDF-SHA256 (RFC 5869): turning one shared secret into purpose-bound keys.

Used to make an AES key out of an X25519 shared secret, and available to the
other layers for deriving sub-keys (e.g. per-epoch keys) with an ``info``
label so that keys made for one purpose can never be used for another.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ._checks import require_bytes, require_int
from .errors import CryptoError

__all__ = ["hkdf_sha256"]

_MAX_LENGTH = 255 * 32  # RFC 5869: L <= 255 * HashLen


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """Extract-then-expand HKDF with SHA-256; ``length`` between 1 and 8160 bytes.

    An empty ``salt`` is the RFC's "not provided" (a string of zeros).
    """
    ikm = require_bytes(ikm, "input key material")
    salt = require_bytes(salt, "HKDF salt")
    info = require_bytes(info, "HKDF info")
    length = require_int(length, "HKDF output length", 1, _MAX_LENGTH)
    try:
        return HKDF(algorithm=SHA256(), length=length, salt=salt, info=info).derive(ikm)
    except ValueError:  # pragma: no cover - arguments are already checked
        raise CryptoError("key derivation failed") from None

"""Ed25519 signatures: who sent an envelope, who certified an account.

Keys are held as raw 32-byte strings (RFC 8032 seeds and public points) so
they can be stored in the vault and exchanged as text with ``encode_key``
without any PEM/DER parsing. Verification is the only check that decides
whether a sync envelope or a team certificate is trusted, so every way it can
go wrong (wrong size, not a curve point, a small-order key, wrong signature)
is the same :class:`CryptoError`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ._checks import require_bytes
from .errors import CryptoError

__all__ = ["PUBLIC_KEY_SIZE", "SIGNATURE_SIZE", "SigningKeyPair", "verify_signature"]

PRIVATE_KEY_SIZE = 32
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64

# The y coordinates (mod p) of Ed25519's eight small-order points: the identity (y=1), the
# point of order 2 (y=-1), the two of order 4 (y=0) and the four of order 8 (y=+-_Y8). OpenSSL,
# like RFC 8032, accepts such public keys, and with one of them a forged signature (e.g. all
# zero bytes) verifies for a fraction of all messages. No honest key is ever of small order, so
# they are refused outright (as libsodium does); comparing y mod p also catches the
# non-canonical encodings y+p of y=0 and y=1, and ignoring bit 255 catches every sign variant.
_P = 2**255 - 19
_Y8 = int.from_bytes(
    bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), "little"
)
_SMALL_ORDER_Y = frozenset({0, 1, _P - 1, _Y8, _P - _Y8})


@dataclass(frozen=True)
class SigningKeyPair:
    """An Ed25519 key pair as raw bytes.

    ``private_bytes`` is left out of ``repr`` (so it cannot end up in a log
    or a crash report) and out of ``==``/``hash``: the public key, which is
    checked to belong to the private key, identifies the pair, and comparing
    secrets with ``==`` would not be constant-time.
    """

    private_bytes: bytes = field(repr=False, compare=False)
    public_bytes: bytes

    def __post_init__(self) -> None:
        private = require_bytes(self.private_bytes, "Ed25519 private key", PRIVATE_KEY_SIZE)
        public = require_bytes(self.public_bytes, "Ed25519 public key", PUBLIC_KEY_SIZE)
        derived = _load_private(private).public_key().public_bytes_raw()
        if not hmac.compare_digest(derived, public):
            raise CryptoError("Ed25519 public key does not match private key")
        object.__setattr__(self, "private_bytes", private)
        object.__setattr__(self, "public_bytes", public)

    @classmethod
    def generate(cls) -> SigningKeyPair:
        """A new key pair from the operating system's CSPRNG."""
        return cls.from_private_bytes(Ed25519PrivateKey.generate().private_bytes_raw())

    @classmethod
    def from_private_bytes(cls, b: bytes) -> SigningKeyPair:
        """Rebuild the pair from the 32-byte private seed kept in the vault."""
        private = require_bytes(b, "Ed25519 private key", PRIVATE_KEY_SIZE)
        public = _load_private(private).public_key().public_bytes_raw()
        return cls(private, public)

    def sign(self, message: bytes) -> bytes:
        """A 64-byte deterministic Ed25519 signature of ``message``."""
        message = require_bytes(message, "message")
        return _load_private(self.private_bytes).sign(message)


def verify_signature(public_bytes: bytes, message: bytes, signature: bytes) -> None:
    """Return if ``signature`` is a valid Ed25519 signature; raise :class:`CryptoError` if not."""
    public = require_bytes(public_bytes, "Ed25519 public key", PUBLIC_KEY_SIZE)
    message = require_bytes(message, "message")
    signature = require_bytes(signature, "signature", SIGNATURE_SIZE)
    if _has_small_order(public):
        raise CryptoError("invalid signature")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        raise CryptoError("invalid signature") from None


def _has_small_order(public: bytes) -> bool:
    """True if ``public`` encodes (canonically or not) one of the eight small-order points."""
    y = int.from_bytes(public, "little") & ((1 << 255) - 1)
    return y % _P in _SMALL_ORDER_Y


def _load_private(private: bytes) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(private)
    except ValueError:  # pragma: no cover - every 32-byte string is a valid seed
        raise CryptoError("malformed Ed25519 private key") from None

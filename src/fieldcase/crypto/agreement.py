"""X25519 key agreement and sealing to a public key.

This is how a supervisor hands the team data key to a newly enrolled account
(and how a recovery slot is sealed to the team's recovery key) without the
two ever sharing a secret beforehand: the sender makes a one-time
(ephemeral) X25519 key pair, agrees a secret with the recipient's public
key, stretches it with HKDF-SHA256 into an AES-256-GCM key and seals::

    0x01 || ephemeral public key (32) || seal(derived key, plaintext, aad)

The HKDF salt is ``ephemeral public || recipient public``, binding the key to
both parties, and ``info`` names the purpose (``fieldcase/seal-to/v1`` by
default) so a blob made for one purpose does not open under another. The
ephemeral private key is dropped immediately; only the recipient can open.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)

from ._checks import require_bytes
from .aead import NONCE_SIZE, SEAL_OVERHEAD, _seal_with_nonce, open_
from .errors import CryptoError
from .hkdf import hkdf_sha256

__all__ = [
    "DEFAULT_SEAL_TO_INFO",
    "SEAL_TO_OVERHEAD",
    "AgreementKeyPair",
    "open_from_public_key",
    "seal_to_public_key",
]

PRIVATE_KEY_SIZE = 32
PUBLIC_KEY_SIZE = 32
SEAL_TO_VERSION = 0x01
SEAL_TO_OVERHEAD = 1 + PUBLIC_KEY_SIZE + SEAL_OVERHEAD
DEFAULT_SEAL_TO_INFO = b"fieldcase/seal-to/v1"

_ALL_ZERO = bytes(32)


@dataclass(frozen=True)
class AgreementKeyPair:
    """An X25519 key pair as raw bytes; ``private_bytes`` is kept out of repr and ``==``."""

    private_bytes: bytes = field(repr=False, compare=False)
    public_bytes: bytes

    def __post_init__(self) -> None:
        private = require_bytes(self.private_bytes, "X25519 private key", PRIVATE_KEY_SIZE)
        public = require_bytes(self.public_bytes, "X25519 public key", PUBLIC_KEY_SIZE)
        derived = _load_private(private).public_key().public_bytes_raw()
        if not hmac.compare_digest(derived, public):
            raise CryptoError("X25519 public key does not match private key")
        object.__setattr__(self, "private_bytes", private)
        object.__setattr__(self, "public_bytes", public)

    @classmethod
    def generate(cls) -> AgreementKeyPair:
        """A new key pair from the operating system's CSPRNG."""
        return cls.from_private_bytes(X25519PrivateKey.generate().private_bytes_raw())

    @classmethod
    def from_private_bytes(cls, b: bytes) -> AgreementKeyPair:
        """Rebuild the pair from the 32-byte private scalar kept in the vault."""
        private = require_bytes(b, "X25519 private key", PRIVATE_KEY_SIZE)
        public = _load_private(private).public_key().public_bytes_raw()
        return cls(private, public)

    def shared_secret(self, peer_public: bytes) -> bytes:
        """Raw X25519 output with ``peer_public`` (RFC 7748).

        An all-zero result means the peer sent a low-order point, which would
        give a "secret" everyone knows; it is refused (RFC 7748 section 6.1).
        Use the result only through a KDF such as :func:`hkdf_sha256`.
        """
        peer = require_bytes(peer_public, "X25519 public key", PUBLIC_KEY_SIZE)
        try:
            secret = _load_private(self.private_bytes).exchange(
                X25519PublicKey.from_public_bytes(peer)
            )
        except ValueError:  # OpenSSL refuses low-order points itself
            raise CryptoError("invalid X25519 public key") from None
        if hmac.compare_digest(secret, _ALL_ZERO):  # pragma: no cover - caught above today
            raise CryptoError("invalid X25519 public key")
        return secret


def seal_to_public_key(
    recipient_public: bytes,
    plaintext: bytes,
    aad: bytes = b"",
    info: bytes = DEFAULT_SEAL_TO_INFO,
) -> bytes:
    """Encrypt ``plaintext`` so that only the holder of ``recipient_public``'s private key can
    read it."""
    return _seal_to_public_key_with(
        AgreementKeyPair.generate(),
        secrets.token_bytes(NONCE_SIZE),
        recipient_public,
        plaintext,
        aad,
        info,
    )


def _seal_to_public_key_with(
    ephemeral: AgreementKeyPair,
    nonce: bytes,
    recipient_public: bytes,
    plaintext: bytes,
    aad: bytes = b"",
    info: bytes = DEFAULT_SEAL_TO_INFO,
) -> bytes:
    """:func:`seal_to_public_key` with a chosen ephemeral key and nonce: for known-answer
    tests only (reusing an ephemeral key links messages and can repeat a nonce)."""
    recipient = require_bytes(recipient_public, "X25519 public key", PUBLIC_KEY_SIZE)
    key = _derive(ephemeral.shared_secret(recipient), ephemeral.public_bytes, recipient, info)
    return (
        bytes((SEAL_TO_VERSION,))
        + ephemeral.public_bytes
        + _seal_with_nonce(key, nonce, plaintext, aad)
    )


def open_from_public_key(
    recipient: AgreementKeyPair,
    blob: bytes,
    aad: bytes = b"",
    info: bytes = DEFAULT_SEAL_TO_INFO,
) -> bytes:
    """Open a blob made by :func:`seal_to_public_key` with the recipient's key pair."""
    if not isinstance(recipient, AgreementKeyPair):
        raise CryptoError("recipient must be an AgreementKeyPair")
    blob = require_bytes(blob, "ciphertext")
    if len(blob) < SEAL_TO_OVERHEAD:
        raise CryptoError("ciphertext too short")
    if blob[0] != SEAL_TO_VERSION:
        raise CryptoError("unsupported ciphertext version")
    ephemeral_public = blob[1 : 1 + PUBLIC_KEY_SIZE]
    key = _derive(
        recipient.shared_secret(ephemeral_public), ephemeral_public, recipient.public_bytes, info
    )
    return open_(key, blob[1 + PUBLIC_KEY_SIZE :], aad)


def _derive(shared: bytes, ephemeral_public: bytes, recipient_public: bytes, info: bytes) -> bytes:
    return hkdf_sha256(shared, ephemeral_public + recipient_public, info)


def _load_private(private: bytes) -> X25519PrivateKey:
    try:
        return X25519PrivateKey.from_private_bytes(private)
    except ValueError:  # pragma: no cover - every 32-byte string is a valid scalar
        raise CryptoError("malformed X25519 private key") from None

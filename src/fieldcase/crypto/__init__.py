"""fieldcase.crypto: the only code in fieldcase that touches keys and ciphers.

A deliberately small API over the ``cryptography`` package, with one error
type (:class:`CryptoError`) for every failure, so that the layers above
(vault, sync, server) never handle a primitive, a nonce or a library
exception themselves:

- passphrases -> keys: :class:`KdfParams`, :func:`derive_key` (Argon2id, RFC 9106);
- symmetric sealing: :func:`seal` / :func:`open_` (AES-256-GCM, versioned blob),
  :func:`wrap_key` / :func:`unwrap_key` for key slots, :func:`random_key`;
- signatures: :class:`SigningKeyPair`, :func:`verify_signature` (Ed25519);
- sealing to a public key: :class:`AgreementKeyPair`, :func:`seal_to_public_key`,
  :func:`open_from_public_key` (X25519 + HKDF-SHA256 + AES-256-GCM);
- :func:`hkdf_sha256`; :func:`encode_key` / :func:`decode_key` for keys as text.

This package imports nothing else from fieldcase.
"""

from __future__ import annotations

from .aead import KEY_SIZE, open_, random_key, seal, unwrap_key, wrap_key
from .agreement import AgreementKeyPair, open_from_public_key, seal_to_public_key
from .encoding import decode_key, encode_key
from .errors import CryptoError
from .hkdf import hkdf_sha256
from .kdf import KdfParams, derive_key
from .signing import SigningKeyPair, verify_signature

__all__ = [
    "KEY_SIZE",
    "AgreementKeyPair",
    "CryptoError",
    "KdfParams",
    "SigningKeyPair",
    "decode_key",
    "derive_key",
    "encode_key",
    "hkdf_sha256",
    "open_",
    "open_from_public_key",
    "random_key",
    "seal",
    "seal_to_public_key",
    "unwrap_key",
    "verify_signature",
    "wrap_key",
]

"""Passphrase-based key derivation with Argon2id (RFC 9106).

A passphrase never encrypts anything directly: it is stretched with Argon2id
into a key-encrypting key, which unwraps the random vault key (see
``aead.wrap_key``). Argon2id is memory-hard, so guessing passphrases on a
stolen laptop's ``account.json`` costs an attacker 64 MiB and a few hundred
milliseconds per guess with the default profile.

The parameters travel with the salt (:class:`KdfParams`, serialised by
:meth:`KdfParams.to_dict` into each key slot) so that the profile can be
raised later for new slots while old slots still open. Because those stored
parameters are attacker-controllable input, :meth:`KdfParams.from_dict` is
strict and refuses values that would make the derivation trivial (tiny
memory, one-byte salt) or make the app allocate absurd amounts of memory.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InternalError, UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ._checks import require_bytes, require_int
from .aead import KEY_SIZE
from .errors import CryptoError

__all__ = ["KdfParams", "derive_key"]

ALGORITHM = "argon2id"
SALT_SIZE = 16
"""Bytes of salt :meth:`KdfParams.fresh` draws (RFC 9106 recommends 128 bits)."""

MIN_SALT_SIZE = 16
MAX_SALT_SIZE = 64
MAX_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB: more than any field laptop has
MAX_ITERATIONS = 64
MAX_LANES = 64

_FIELDS = frozenset({"alg", "m", "t", "p", "salt"})


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters and salt, stored beside each passphrase slot.

    The defaults are RFC 9106's second recommended profile (m = 64 MiB,
    t = 3, p = 4), chosen to stay usable on old 4 GB Windows laptops. The
    default ``salt`` is empty only so the class can be built field by field;
    such params are refused by :func:`derive_key`: use :meth:`fresh`.
    """

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4
    salt: bytes = b""

    @classmethod
    def fresh(cls, memory_kib: int = 65536, iterations: int = 3, lanes: int = 4) -> KdfParams:
        """New parameters with a new random 16-byte salt (one per key slot)."""
        params = cls(memory_kib, iterations, lanes, secrets.token_bytes(SALT_SIZE))
        _validate(params)
        return params

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form: ``{"alg": "argon2id", "m", "t", "p", "salt": standard base64}``.

        Refuses to serialise parameters that :meth:`from_dict` would refuse,
        so that a slot written today can always be read back.
        """
        _validate(self)
        return {
            "alg": ALGORITHM,
            "m": self.memory_kib,
            "t": self.iterations,
            "p": self.lanes,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> KdfParams:
        """Parse :meth:`to_dict` output strictly: exact keys, exact types, sane ranges."""
        if not isinstance(d, Mapping):
            raise CryptoError("KDF parameters must be a mapping")
        keys = set(d.keys())
        if keys != _FIELDS:
            raise CryptoError("KDF parameters have missing or unexpected fields")
        alg = d["alg"]
        if type(alg) is not str or alg != ALGORITHM:
            raise CryptoError("unsupported KDF algorithm")
        params = cls(
            memory_kib=require_int(d["m"], "KDF memory", 0, MAX_MEMORY_KIB),
            iterations=require_int(d["t"], "KDF iterations", 0, MAX_ITERATIONS),
            lanes=require_int(d["p"], "KDF lanes", 0, MAX_LANES),
            salt=_decode_salt(d["salt"]),
        )
        _validate(params)
        return params


def _decode_salt(value: object) -> bytes:
    """Strict standard base64 (with padding, canonical, nothing else)."""
    if type(value) is not str:
        raise CryptoError("KDF salt must be base64 text")
    try:
        salt = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise CryptoError("KDF salt is not valid base64") from None
    if base64.b64encode(salt).decode("ascii") != value:
        raise CryptoError("KDF salt is not canonical base64")
    return salt


def _validate(params: KdfParams) -> None:
    """Refuse parameters outside what fieldcase will ever compute."""
    if not isinstance(params, KdfParams):
        raise CryptoError("KDF parameters must be KdfParams")
    lanes = require_int(params.lanes, "KDF lanes", 1, MAX_LANES)
    require_int(params.iterations, "KDF iterations", 1, MAX_ITERATIONS)
    require_int(params.memory_kib, "KDF memory", 8 * lanes, MAX_MEMORY_KIB)
    salt = require_bytes(params.salt, "KDF salt")
    if not MIN_SALT_SIZE <= len(salt) <= MAX_SALT_SIZE:
        raise CryptoError("KDF salt length out of range")


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    """Derive a 32-byte key from ``passphrase`` with Argon2id under ``params``.

    The passphrase is NFC-normalised before UTF-8 encoding, so "é" typed as
    one code point on Windows and as "e" + combining accent elsewhere gives
    the same key. The passphrase is never stored, logged or put in an
    exception message (nor chained into one).
    """
    if not isinstance(passphrase, str):
        raise CryptoError("passphrase must be text")
    _validate(params)
    password = _encode_passphrase(passphrase)
    if password is None:
        # Raised outside the ``except`` so the UnicodeEncodeError (which holds
        # the passphrase) is not kept as this exception's context.
        raise CryptoError("passphrase is not valid Unicode text")
    return _argon2id(password, params)


def _encode_passphrase(passphrase: str) -> bytes | None:
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return None


def _argon2id(
    password: bytes,
    params: KdfParams,
    *,
    secret: bytes | None = None,
    ad: bytes | None = None,
    length: int = KEY_SIZE,
) -> bytes:
    """Raw Argon2id (version 0x13). ``secret``/``ad`` exist only for the RFC 9106 vector."""
    try:
        kdf = Argon2id(
            salt=params.salt,
            length=length,
            iterations=params.iterations,
            lanes=params.lanes,
            memory_cost=params.memory_kib,
            secret=secret,
            ad=ad,
        )
        return kdf.derive(password)
    except (ValueError, OverflowError, MemoryError, InternalError, UnsupportedAlgorithm):
        raise CryptoError("key derivation failed") from None

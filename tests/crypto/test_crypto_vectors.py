"""Known-answer tests: fieldcase.crypto against published vectors kept as data in tests/vectors/.

The vectors are JSON so that another implementation (a future client, an auditor's script) can
check itself against exactly the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

from fieldcase.crypto import (
    AgreementKeyPair,
    CryptoError,
    KdfParams,
    SigningKeyPair,
    derive_key,
    hkdf_sha256,
    open_,
    open_from_public_key,
    unwrap_key,
    verify_signature,
)
from fieldcase.crypto.aead import _seal_with_nonce
from fieldcase.crypto.agreement import _seal_to_public_key_with
from fieldcase.crypto.kdf import _argon2id

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


def h(value: str) -> bytes:
    return bytes.fromhex(value)


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


# --- Argon2id ---------------------------------------------------------------------------------

ARGON2 = load("argon2id.json")


@pytest.mark.parametrize("v", ARGON2["rfc9106"], ids=ids(ARGON2["rfc9106"]))
def test_argon2id_rfc9106(v: dict[str, Any]) -> None:
    params = KdfParams(memory_kib=v["m"], iterations=v["t"], lanes=v["p"], salt=h(v["salt"]))
    tag = _argon2id(
        h(v["password"]), params, secret=h(v["secret"]), ad=h(v["ad"]), length=v["tag_length"]
    )
    assert tag.hex() == v["tag"]


SMALL_ARGON2 = [v for v in ARGON2["derive_key"] if v["m"] <= 1024]
DEFAULT_ARGON2 = [v for v in ARGON2["derive_key"] if v["m"] == 65536]


@pytest.mark.parametrize("v", SMALL_ARGON2, ids=ids(SMALL_ARGON2))
def test_derive_key_vectors(v: dict[str, Any]) -> None:
    params = KdfParams(memory_kib=v["m"], iterations=v["t"], lanes=v["p"], salt=h(v["salt"]))
    assert derive_key(v["passphrase"], params).hex() == v["key"]
    # The recorded UTF-8 bytes are what derive_key hashes (NFC first).
    assert _argon2id(h(v["passphrase_nfc_utf8"]), params).hex() == v["key"]


def test_derive_key_default_profile_vector() -> None:
    """The one test that pays for the real RFC 9106 profile (64 MiB, t=3, p=4)."""
    (v,) = DEFAULT_ARGON2
    params = KdfParams(salt=h(v["salt"]))
    assert (params.memory_kib, params.iterations, params.lanes) == (v["m"], v["t"], v["p"])
    assert derive_key(v["passphrase"], params).hex() == v["key"]


# --- AES-256-GCM ------------------------------------------------------------------------------

GCM = load("aes256gcm.json")["vectors"]


@pytest.mark.parametrize("v", GCM, ids=ids(GCM))
def test_aes256gcm_vectors(v: dict[str, Any]) -> None:
    key, iv, aad, pt = h(v["key"]), h(v["iv"]), h(v["aad"]), h(v["plaintext"])
    blob = _seal_with_nonce(key, iv, pt, aad)
    assert blob == b"\x01" + iv + h(v["ciphertext"]) + h(v["tag"])
    assert open_(key, blob, aad) == pt


# --- Ed25519 ----------------------------------------------------------------------------------

ED25519 = load("ed25519.json")


@pytest.mark.parametrize("v", ED25519["rfc8032"], ids=ids(ED25519["rfc8032"]))
def test_ed25519_rfc8032(v: dict[str, Any]) -> None:
    pair = SigningKeyPair.from_private_bytes(h(v["secret_key"]))
    assert pair.public_bytes.hex() == v["public_key"]
    signature = pair.sign(h(v["message"]))
    assert signature.hex() == v["signature"]
    verify_signature(h(v["public_key"]), h(v["message"]), signature)
    with pytest.raises(CryptoError):
        verify_signature(h(v["public_key"]), h(v["message"]) + b"\x00", signature)


SMALL_ORDER = ED25519["small_order_public_keys"]


@pytest.mark.parametrize("v", SMALL_ORDER, ids=ids(SMALL_ORDER))
def test_ed25519_small_order_public_keys_are_refused(v: dict[str, Any]) -> None:
    # Many messages: with plain RFC 8032 rules some would verify under the all-zero signature.
    for i in range(16):
        with pytest.raises(CryptoError):
            verify_signature(h(v["public_key"]), bytes([i]), bytes(64))


def test_all_zero_signature_forgery_is_refused() -> None:
    """Regression: OpenSSL alone accepts this (zero key, zero signature, message b"x")."""
    with pytest.raises(CryptoError):
        verify_signature(bytes(32), b"x", bytes(64))


# --- X25519 -----------------------------------------------------------------------------------

X25519 = load("x25519.json")


@pytest.mark.parametrize("v", X25519["rfc7748"], ids=ids(X25519["rfc7748"]))
def test_x25519_rfc7748(v: dict[str, Any]) -> None:
    alice = AgreementKeyPair.from_private_bytes(h(v["alice_private"]))
    bob = AgreementKeyPair.from_private_bytes(h(v["bob_private"]))
    assert alice.public_bytes.hex() == v["alice_public"]
    assert bob.public_bytes.hex() == v["bob_public"]
    assert alice.shared_secret(bob.public_bytes).hex() == v["shared_secret"]
    assert bob.shared_secret(alice.public_bytes).hex() == v["shared_secret"]


LOW_ORDER = X25519["low_order_public_keys"]


@pytest.mark.parametrize("v", LOW_ORDER, ids=[f"{i}: {c['name']}" for i, c in enumerate(LOW_ORDER)])
def test_x25519_low_order_points_are_refused(v: dict[str, Any]) -> None:
    pair = AgreementKeyPair.generate()
    with pytest.raises(CryptoError):
        pair.shared_secret(h(v["public_key"]))


# --- HKDF -------------------------------------------------------------------------------------

HKDF = load("hkdf.json")["vectors"]


@pytest.mark.parametrize("v", HKDF, ids=ids(HKDF))
def test_hkdf_rfc5869(v: dict[str, Any]) -> None:
    ikm, salt, info = h(v["ikm"]), h(v["salt"]), h(v["info"])
    assert hkdf_sha256(ikm, salt, info, v["length"]).hex() == v["okm"]
    # The recorded PRK, recomputed with the standard library's HMAC (independent of OpenSSL).
    assert hmac.new(salt or bytes(32), ikm, hashlib.sha256).hexdigest() == v["prk"]


# --- fieldcase formats ------------------------------------------------------------------------

OURS = load("fieldcase_seal.json")


@pytest.mark.parametrize("v", OURS["seal"], ids=ids(OURS["seal"]))
def test_seal_format(v: dict[str, Any]) -> None:
    key, nonce, aad, pt, blob = (h(v[k]) for k in ("key", "nonce", "aad", "plaintext", "blob"))
    assert _seal_with_nonce(key, nonce, pt, aad) == blob
    assert blob[0] == 0x01
    assert blob[1:13] == nonce
    assert len(blob) == 1 + 12 + len(pt) + 16
    assert open_(key, blob, aad) == pt


@pytest.mark.parametrize("v", OURS["wrap_key"], ids=ids(OURS["wrap_key"]))
def test_wrap_key_format(v: dict[str, Any]) -> None:
    kek, key, nonce, aad, blob = (h(v[k]) for k in ("kek", "key", "nonce", "aad", "blob"))
    assert _seal_with_nonce(kek, nonce, key, aad) == blob
    assert len(blob) == 61
    assert unwrap_key(kek, blob, aad) == key


@pytest.mark.parametrize("v", OURS["seal_to_public_key"], ids=ids(OURS["seal_to_public_key"]))
def test_seal_to_public_key_format(v: dict[str, Any]) -> None:
    ephemeral = AgreementKeyPair.from_private_bytes(h(v["ephemeral_private"]))
    recipient = AgreementKeyPair.from_private_bytes(h(v["recipient_private"]))
    assert ephemeral.public_bytes.hex() == v["ephemeral_public"]
    assert recipient.public_bytes.hex() == v["recipient_public"]
    shared = ephemeral.shared_secret(recipient.public_bytes)
    assert shared.hex() == v["shared_secret"]
    assert hkdf_sha256(shared, h(v["hkdf_salt"]), h(v["info"])).hex() == v["derived_key"]
    blob = _seal_to_public_key_with(
        ephemeral,
        h(v["nonce"]),
        recipient.public_bytes,
        h(v["plaintext"]),
        h(v["aad"]),
        h(v["info"]),
    )
    assert blob.hex() == v["blob"]
    assert open_from_public_key(recipient, blob, h(v["aad"]), h(v["info"])) == h(v["plaintext"])

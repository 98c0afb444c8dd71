"""Ed25519: SigningKeyPair and verify_signature."""

from __future__ import annotations

import dataclasses

import pytest

from fieldcase.crypto import CryptoError, SigningKeyPair, verify_signature

MESSAGE = b"envelope header || ciphertext"


def test_generate_sign_verify() -> None:
    pair = SigningKeyPair.generate()
    assert len(pair.private_bytes) == 32
    assert len(pair.public_bytes) == 32
    signature = pair.sign(MESSAGE)
    assert len(signature) == 64
    verify_signature(pair.public_bytes, MESSAGE, signature)


def test_signatures_are_deterministic() -> None:
    pair = SigningKeyPair.generate()
    assert pair.sign(MESSAGE) == pair.sign(MESSAGE)


def test_from_private_bytes_round_trip() -> None:
    pair = SigningKeyPair.generate()
    again = SigningKeyPair.from_private_bytes(pair.private_bytes)
    assert again == pair
    assert again.public_bytes == pair.public_bytes
    assert again.private_bytes == pair.private_bytes


def test_generated_pairs_differ() -> None:
    assert SigningKeyPair.generate().public_bytes != SigningKeyPair.generate().public_bytes


def test_private_bytes_not_in_repr() -> None:
    pair = SigningKeyPair.generate()
    for text in (repr(pair), str(pair)):
        assert "private" not in text
        assert repr(pair.private_bytes) not in text
        assert pair.private_bytes.hex() not in text
    assert repr(pair.public_bytes) in repr(pair)


def test_frozen() -> None:
    pair = SigningKeyPair.generate()
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.public_bytes = bytes(32)  # type: ignore[misc]


def test_mismatched_public_key_is_refused() -> None:
    a, b = SigningKeyPair.generate(), SigningKeyPair.generate()
    with pytest.raises(CryptoError):
        SigningKeyPair(a.private_bytes, b.public_bytes)


@pytest.mark.parametrize("size", [0, 31, 33, 64])
def test_bad_private_sizes(size: int) -> None:
    with pytest.raises(CryptoError):
        SigningKeyPair.from_private_bytes(bytes(size))


def test_bad_private_type() -> None:
    with pytest.raises(CryptoError):
        SigningKeyPair.from_private_bytes("00" * 32)  # type: ignore[arg-type]


def test_every_bit_flip_of_signature_is_refused() -> None:
    pair = SigningKeyPair.generate()
    signature = pair.sign(MESSAGE)
    for i in range(len(signature)):
        for bit in range(8):
            changed = bytearray(signature)
            changed[i] ^= 1 << bit
            with pytest.raises(CryptoError):
                verify_signature(pair.public_bytes, MESSAGE, bytes(changed))


def test_every_byte_flip_of_message_is_refused() -> None:
    pair = SigningKeyPair.generate()
    signature = pair.sign(MESSAGE)
    for i in range(len(MESSAGE)):
        changed = bytearray(MESSAGE)
        changed[i] ^= 0xFF
        with pytest.raises(CryptoError):
            verify_signature(pair.public_bytes, bytes(changed), signature)


def test_wrong_public_key() -> None:
    signature = SigningKeyPair.generate().sign(MESSAGE)
    with pytest.raises(CryptoError, match="invalid signature"):
        verify_signature(SigningKeyPair.generate().public_bytes, MESSAGE, signature)


@pytest.mark.parametrize("size", [0, 63, 65, 128])
def test_malformed_signature_sizes(size: int) -> None:
    pair = SigningKeyPair.generate()
    signature = (pair.sign(MESSAGE) * 2)[:size]
    with pytest.raises(CryptoError):
        verify_signature(pair.public_bytes, MESSAGE, signature)


@pytest.mark.parametrize("size", [0, 31, 33])
def test_malformed_public_key_sizes(size: int) -> None:
    pair = SigningKeyPair.generate()
    with pytest.raises(CryptoError):
        verify_signature((pair.public_bytes * 2)[:size], MESSAGE, pair.sign(MESSAGE))


def test_truncated_and_extended_signature() -> None:
    pair = SigningKeyPair.generate()
    signature = pair.sign(MESSAGE)
    for n in range(len(signature)):
        with pytest.raises(CryptoError):
            verify_signature(pair.public_bytes, MESSAGE, signature[:n])
    with pytest.raises(CryptoError):
        verify_signature(pair.public_bytes, MESSAGE, signature + b"\x00")


def test_high_s_is_refused() -> None:
    """S + L is the classic malleated signature; RFC 8032 requires S < L."""
    order = 2**252 + 27742317777372353535851937790883648493
    pair = SigningKeyPair.generate()
    signature = pair.sign(MESSAGE)
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + order).to_bytes(32, "little")
    with pytest.raises(CryptoError):
        verify_signature(pair.public_bytes, MESSAGE, malleated)


@pytest.mark.parametrize("bad", ["text", None, 7])
def test_bad_types(bad: object) -> None:
    pair = SigningKeyPair.generate()
    signature = pair.sign(MESSAGE)
    with pytest.raises(CryptoError):
        verify_signature(bad, MESSAGE, signature)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        verify_signature(pair.public_bytes, bad, signature)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        verify_signature(pair.public_bytes, MESSAGE, bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        pair.sign(bad)  # type: ignore[arg-type]

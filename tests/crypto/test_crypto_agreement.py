"""X25519: AgreementKeyPair and sealing to a public key."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.crypto import (
    AgreementKeyPair,
    CryptoError,
    open_from_public_key,
    random_key,
    seal_to_public_key,
)

TEAM_KEY = bytes(range(0x80, 0xA0))
AAD = b"team:demo|epoch:1|account:4f2a"


def test_generate_and_agree() -> None:
    a, b = AgreementKeyPair.generate(), AgreementKeyPair.generate()
    assert len(a.private_bytes) == len(a.public_bytes) == 32
    assert a.shared_secret(b.public_bytes) == b.shared_secret(a.public_bytes)
    assert a.public_bytes != b.public_bytes


def test_from_private_bytes_round_trip() -> None:
    pair = AgreementKeyPair.generate()
    assert AgreementKeyPair.from_private_bytes(pair.private_bytes) == pair


def test_private_bytes_not_in_repr() -> None:
    pair = AgreementKeyPair.generate()
    assert "private" not in repr(pair)
    assert repr(pair.private_bytes) not in repr(pair)
    assert pair.private_bytes.hex() not in str(pair)


def test_frozen() -> None:
    pair = AgreementKeyPair.generate()
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.private_bytes = bytes(32)  # type: ignore[misc]


def test_mismatched_public_key_is_refused() -> None:
    a, b = AgreementKeyPair.generate(), AgreementKeyPair.generate()
    with pytest.raises(CryptoError):
        AgreementKeyPair(a.private_bytes, b.public_bytes)


@pytest.mark.parametrize("size", [0, 31, 33])
def test_bad_sizes(size: int) -> None:
    with pytest.raises(CryptoError):
        AgreementKeyPair.from_private_bytes(bytes(size))
    with pytest.raises(CryptoError):
        AgreementKeyPair.generate().shared_secret(bytes(size))
    with pytest.raises(CryptoError):
        seal_to_public_key(bytes(size), b"x")


def test_seal_to_round_trip() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, TEAM_KEY, AAD)
    assert len(blob) == 1 + 32 + 1 + 12 + len(TEAM_KEY) + 16
    assert blob[0] == 0x01
    assert TEAM_KEY not in blob
    assert open_from_public_key(recipient, blob, AAD) == TEAM_KEY


def test_seal_to_uses_fresh_ephemeral_keys() -> None:
    recipient = AgreementKeyPair.generate()
    blobs = [seal_to_public_key(recipient.public_bytes, TEAM_KEY) for _ in range(20)]
    assert len({b[1:33] for b in blobs}) == 20


def test_seal_to_wrong_recipient() -> None:
    blob = seal_to_public_key(AgreementKeyPair.generate().public_bytes, TEAM_KEY, AAD)
    with pytest.raises(CryptoError):
        open_from_public_key(AgreementKeyPair.generate(), blob, AAD)


def test_seal_to_wrong_aad_and_info() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, TEAM_KEY, AAD)
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, blob, AAD + b"!")
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, blob, AAD, b"fieldcase/seal-to/v2")
    other = seal_to_public_key(recipient.public_bytes, TEAM_KEY, AAD, info=b"fieldcase/recovery/v1")
    assert open_from_public_key(recipient, other, AAD, info=b"fieldcase/recovery/v1") == TEAM_KEY
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, other, AAD)


def test_seal_to_every_bit_flip_is_refused() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, b"short secret", AAD)
    for i in range(len(blob)):
        for bit in range(8):
            changed = bytearray(blob)
            changed[i] ^= 1 << bit
            with pytest.raises(CryptoError):
                open_from_public_key(recipient, bytes(changed), AAD)


def test_seal_to_every_truncation_is_refused() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, b"", AAD)
    assert len(blob) == 62
    for n in range(len(blob)):
        with pytest.raises(CryptoError):
            open_from_public_key(recipient, blob[:n], AAD)
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, blob + b"\x00", AAD)


def test_seal_to_every_wrong_version_byte() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, TEAM_KEY)
    for version in range(256):
        if version != 0x01:
            with pytest.raises(CryptoError):
                open_from_public_key(recipient, bytes([version]) + blob[1:])


def test_seal_to_low_order_ephemeral_is_refused() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, TEAM_KEY)
    forged = blob[:1] + bytes(32) + blob[33:]
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, forged)


def test_seal_to_low_order_recipient_is_refused() -> None:
    with pytest.raises(CryptoError):
        seal_to_public_key(bytes(32), TEAM_KEY)


def test_open_from_public_key_needs_a_key_pair() -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, TEAM_KEY)
    with pytest.raises(CryptoError):
        open_from_public_key(recipient.private_bytes, blob)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["text", None, 3])
def test_bad_types(bad: object) -> None:
    recipient = AgreementKeyPair.generate()
    with pytest.raises(CryptoError):
        seal_to_public_key(recipient.public_bytes, bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        seal_to_public_key(recipient.public_bytes, b"x", aad=bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        seal_to_public_key(recipient.public_bytes, b"x", info=bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        open_from_public_key(recipient, bad)  # type: ignore[arg-type]


@settings(max_examples=30)
@given(plaintext=st.binary(max_size=512), aad=st.binary(max_size=64))
def test_seal_to_round_trip_property(plaintext: bytes, aad: bytes) -> None:
    recipient = AgreementKeyPair.generate()
    blob = seal_to_public_key(recipient.public_bytes, plaintext, aad)
    assert open_from_public_key(recipient, blob, aad) == plaintext


def test_seal_to_can_carry_a_random_key() -> None:
    recipient = AgreementKeyPair.generate()
    key = random_key()
    assert open_from_public_key(recipient, seal_to_public_key(recipient.public_bytes, key)) == key

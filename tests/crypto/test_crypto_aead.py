"""seal/open_ and wrap_key/unwrap_key: round trips and every way a blob can be wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcase.crypto import (
    KEY_SIZE,
    CryptoError,
    open_,
    random_key,
    seal,
    unwrap_key,
    wrap_key,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
PLAINTEXT = b"Catatan asesmen: data latihan, bukan kasus nyata."
AAD = b"fieldcase/case/0190f3a2-7b1c-7d3e-8f00-0123456789ab"


def flips(blob: bytes) -> list[bytes]:
    """Every single-bit change of ``blob``."""
    out = []
    for i in range(len(blob)):
        for bit in range(8):
            changed = bytearray(blob)
            changed[i] ^= 1 << bit
            out.append(bytes(changed))
    return out


def test_random_key() -> None:
    keys = {random_key() for _ in range(64)}
    assert len(keys) == 64
    assert all(len(k) == KEY_SIZE == 32 for k in keys)


def test_round_trip() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    assert open_(KEY, blob, AAD) == PLAINTEXT
    assert len(blob) == len(PLAINTEXT) + 29
    assert blob[0] == 0x01


def test_round_trip_empty_and_default_aad() -> None:
    assert open_(KEY, seal(KEY, b"")) == b""
    assert open_(KEY, seal(KEY, PLAINTEXT)) == PLAINTEXT
    assert open_(KEY, seal(KEY, PLAINTEXT), b"") == PLAINTEXT


def test_accepts_bytearray_and_memoryview() -> None:
    """Typed as bytes, but other buffers are tolerated (and copied) at run time."""
    blob = seal(bytearray(KEY), memoryview(PLAINTEXT), bytearray(AAD))  # type: ignore[arg-type]
    back = open_(memoryview(KEY), bytearray(blob), memoryview(AAD))  # type: ignore[arg-type]
    assert back == PLAINTEXT


def test_nonces_are_fresh() -> None:
    blobs = {seal(KEY, PLAINTEXT, AAD) for _ in range(100)}
    assert len(blobs) == 100
    assert len({b[1:13] for b in blobs}) == 100


def test_plaintext_not_in_blob() -> None:
    assert PLAINTEXT not in seal(KEY, PLAINTEXT, AAD)


def test_every_bit_flip_is_refused() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    for changed in flips(blob):
        with pytest.raises(CryptoError):
            open_(KEY, changed, AAD)


def test_every_truncation_is_refused() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    for n in range(len(blob)):
        with pytest.raises(CryptoError):
            open_(KEY, blob[:n], AAD)


def test_extension_is_refused() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    for extra in (b"\x00", b"\x00" * 16, blob):
        with pytest.raises(CryptoError):
            open_(KEY, blob + extra, AAD)


def test_truncated_empty_plaintext_blob() -> None:
    blob = seal(KEY, b"", AAD)
    assert len(blob) == 29
    for n in range(len(blob)):
        with pytest.raises(CryptoError):
            open_(KEY, blob[:n], AAD)


@pytest.mark.parametrize("aad", [b"", AAD + b"x", AAD[:-1], b"fieldcase/case/other"])
def test_wrong_aad(aad: bytes) -> None:
    with pytest.raises(CryptoError, match="authentication failed"):
        open_(KEY, seal(KEY, PLAINTEXT, AAD), aad)


def test_aad_required_when_sealed_with_aad() -> None:
    with pytest.raises(CryptoError):
        open_(KEY, seal(KEY, PLAINTEXT, AAD))


def test_wrong_key() -> None:
    with pytest.raises(CryptoError, match="authentication failed"):
        open_(OTHER_KEY, seal(KEY, PLAINTEXT, AAD), AAD)


def test_every_wrong_version_byte() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    for version in range(256):
        if version == 0x01:
            continue
        with pytest.raises(CryptoError, match="version"):
            open_(KEY, bytes([version]) + blob[1:], AAD)


def test_wrong_key_and_tamper_give_the_same_message() -> None:
    blob = seal(KEY, PLAINTEXT, AAD)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    messages = set()
    for key, data, aad in [(OTHER_KEY, blob, AAD), (KEY, tampered, AAD), (KEY, blob, b"x")]:
        with pytest.raises(CryptoError) as info:
            open_(key, data, aad)
        messages.add(str(info.value))
    assert messages == {"authentication failed"}


@pytest.mark.parametrize("key", [b"", bytes(16), bytes(31), bytes(33), bytes(64)])
def test_bad_key_sizes(key: bytes) -> None:
    with pytest.raises(CryptoError):
        seal(key, PLAINTEXT)
    with pytest.raises(CryptoError):
        open_(key, seal(KEY, PLAINTEXT))


@pytest.mark.parametrize("bad", ["a string", 42, None, [1, 2, 3]])
def test_bad_types(bad: object) -> None:
    with pytest.raises(CryptoError):
        seal(bad, PLAINTEXT)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        seal(KEY, bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        seal(KEY, PLAINTEXT, bad)  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        open_(KEY, bad)  # type: ignore[arg-type]


@given(
    key=st.binary(min_size=32, max_size=32),
    plaintext=st.binary(max_size=2048),
    aad=st.binary(max_size=256),
)
def test_round_trip_property(key: bytes, plaintext: bytes, aad: bytes) -> None:
    blob = seal(key, plaintext, aad)
    assert len(blob) == len(plaintext) + 29
    assert open_(key, blob, aad) == plaintext


@given(plaintext=st.binary(max_size=256), aad=st.binary(max_size=64), data=st.data())
def test_any_single_byte_change_is_refused_property(
    plaintext: bytes, aad: bytes, data: st.DataObject
) -> None:
    blob = seal(KEY, plaintext, aad)
    i = data.draw(st.integers(0, len(blob) - 1))
    delta = data.draw(st.integers(1, 255))
    changed = bytearray(blob)
    changed[i] ^= delta
    with pytest.raises(CryptoError):
        open_(KEY, bytes(changed), aad)


# --- key wrapping -----------------------------------------------------------------------------


def test_wrap_round_trip() -> None:
    vault_key = random_key()
    wrapped = wrap_key(KEY, vault_key, b"slot:passphrase")
    assert len(wrapped) == 61
    assert vault_key not in wrapped
    assert unwrap_key(KEY, wrapped, b"slot:passphrase") == vault_key


def test_wrap_every_bit_flip_is_refused() -> None:
    wrapped = wrap_key(KEY, random_key(), b"slot")
    for changed in flips(wrapped):
        with pytest.raises(CryptoError):
            unwrap_key(KEY, changed, b"slot")


def test_wrap_every_truncation_is_refused() -> None:
    wrapped = wrap_key(KEY, random_key())
    for n in range(len(wrapped)):
        with pytest.raises(CryptoError):
            unwrap_key(KEY, wrapped[:n])
    with pytest.raises(CryptoError):
        unwrap_key(KEY, wrapped + b"\x00")


def test_unwrap_wrong_kek_and_aad() -> None:
    wrapped = wrap_key(KEY, random_key(), b"slot")
    with pytest.raises(CryptoError):
        unwrap_key(OTHER_KEY, wrapped, b"slot")
    with pytest.raises(CryptoError):
        unwrap_key(KEY, wrapped, b"other slot")


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_wrap_refuses_wrong_key_sizes(size: int) -> None:
    with pytest.raises(CryptoError):
        wrap_key(KEY, bytes(size))
    with pytest.raises(CryptoError):
        wrap_key(bytes(size), KEY)


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_unwrap_refuses_sealed_non_keys(size: int) -> None:
    """A validly sealed blob that does not hold exactly 32 bytes is not a wrapped key."""
    with pytest.raises(CryptoError, match="malformed wrapped key"):
        unwrap_key(KEY, seal(KEY, bytes(size)))

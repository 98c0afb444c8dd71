"""encode_key/decode_key (keys as text) and hkdf_sha256's argument checks."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcase.crypto import CryptoError, decode_key, encode_key, hkdf_sha256, random_key

KEY = bytes(range(32))


def test_encode_key_shape() -> None:
    text = encode_key(KEY)
    assert len(text) == 43
    assert "=" not in text
    assert text == base64.urlsafe_b64encode(KEY).decode().rstrip("=")
    assert encode_key(b"\xfb\xff\xfe" * 11)[:4] == "-__-"


def test_round_trip() -> None:
    for _ in range(50):
        key = random_key()
        assert decode_key(encode_key(key)) == key


@given(st.binary(min_size=1, max_size=100))
def test_round_trip_any_length(data: bytes) -> None:
    assert decode_key(encode_key(data), expected_len=len(data)) == data


BAD_TEXT = [
    ("empty", ""),
    ("padded", base64.urlsafe_b64encode(KEY).decode()),
    ("standard alphabet +", "+" + encode_key(KEY)[1:]),
    ("standard alphabet /", "/" + encode_key(KEY)[1:]),
    ("too short", encode_key(KEY)[:-1]),
    ("too long", encode_key(KEY) + "A"),
    ("31 bytes", encode_key(KEY[:31])),
    ("33 bytes", encode_key(KEY + b"\x00")),
    ("space", " " + encode_key(KEY)[1:]),
    ("trailing newline", encode_key(KEY)[:-1] + "\n"),
    ("non-ascii letter", "é" + encode_key(KEY)[1:]),
    ("non-ascii digit", "\u0661" + encode_key(KEY)[1:]),
    ("non-canonical last char", encode_key(KEY)[:-1] + "9"),
]


@pytest.mark.parametrize("text", [t for _, t in BAD_TEXT], ids=[n for n, _ in BAD_TEXT])
def test_decode_refuses(text: str) -> None:
    with pytest.raises(CryptoError):
        decode_key(text)


def test_non_canonical_case_decodes_leniently_elsewhere() -> None:
    """The 'non-canonical' case really names the same bytes; only strictness refuses it."""
    text = encode_key(KEY)
    assert text[-1] == "8"
    assert base64.urlsafe_b64decode(text[:-1] + "9=") == KEY


@pytest.mark.parametrize("bad", [None, b"AAAA", 12])
def test_decode_refuses_non_text(bad: object) -> None:
    with pytest.raises(CryptoError):
        decode_key(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("length", [0, -1, True, 32.0, 10_000])
def test_decode_refuses_bad_expected_len(length: object) -> None:
    with pytest.raises(CryptoError):
        decode_key(encode_key(KEY), expected_len=length)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [b"", "text", None])
def test_encode_refuses(bad: object) -> None:
    with pytest.raises(CryptoError):
        encode_key(bad)  # type: ignore[arg-type]


def test_hkdf_lengths() -> None:
    assert len(hkdf_sha256(KEY, b"salt", b"info")) == 32
    assert len(hkdf_sha256(KEY, b"", b"", 1)) == 1
    assert len(hkdf_sha256(KEY, b"", b"", 255 * 32)) == 255 * 32
    assert hkdf_sha256(KEY, b"s", b"i", 16) == hkdf_sha256(KEY, b"s", b"i", 64)[:16]


def test_hkdf_info_separates_purposes() -> None:
    assert hkdf_sha256(KEY, b"s", b"purpose A") != hkdf_sha256(KEY, b"s", b"purpose B")
    assert hkdf_sha256(KEY, b"s1", b"i") != hkdf_sha256(KEY, b"s2", b"i")


@pytest.mark.parametrize("length", [0, -1, 255 * 32 + 1, True, 32.0])
def test_hkdf_refuses_bad_length(length: object) -> None:
    with pytest.raises(CryptoError):
        hkdf_sha256(KEY, b"", b"", length)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["text", None, 5])
def test_hkdf_refuses_bad_types(bad: object) -> None:
    with pytest.raises(CryptoError):
        hkdf_sha256(bad, b"", b"")  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        hkdf_sha256(KEY, bad, b"")  # type: ignore[arg-type]
    with pytest.raises(CryptoError):
        hkdf_sha256(KEY, b"", bad)  # type: ignore[arg-type]

"""KdfParams (the stored Argon2id parameters) and derive_key."""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest

from fieldcase.crypto import CryptoError, KdfParams, derive_key

SALT = bytes(range(16))
FAST = KdfParams(memory_kib=256, iterations=1, lanes=1, salt=SALT)
SALT_B64 = base64.b64encode(SALT).decode()
NON_CANONICAL_SALT_B64 = SALT_B64[:-3] + "x=="  # "w" -> "x": unused low bits set
GOOD: dict[str, object] = {"alg": "argon2id", "m": 256, "t": 1, "p": 1, "salt": SALT_B64}


def with_(**changes: object) -> dict[str, object]:
    d = dict(GOOD)
    d.update(changes)
    return d


def without(key: str) -> dict[str, object]:
    d = dict(GOOD)
    del d[key]
    return d


def test_defaults_are_rfc9106_second_profile() -> None:
    params = KdfParams()
    assert (params.memory_kib, params.iterations, params.lanes) == (65536, 3, 4)


def test_fresh_draws_a_new_salt() -> None:
    a, b = KdfParams.fresh(), KdfParams.fresh()
    assert len(a.salt) == 16
    assert a.salt != b.salt
    assert (a.memory_kib, a.iterations, a.lanes) == (65536, 3, 4)
    small = KdfParams.fresh(memory_kib=256, iterations=1, lanes=1)
    assert (small.memory_kib, small.iterations, small.lanes) == (256, 1, 1)


@pytest.mark.parametrize(
    ("m", "t", "p"), [(7, 1, 1), (256, 0, 1), (256, 1, 0), (256, 65, 1), (4 * 2**20 + 1, 1, 1)]
)
def test_fresh_refuses_bad_costs(m: int, t: int, p: int) -> None:
    with pytest.raises(CryptoError):
        KdfParams.fresh(memory_kib=m, iterations=t, lanes=p)


def test_to_dict_shape() -> None:
    d = FAST.to_dict()
    assert d == GOOD
    assert list(d) == ["alg", "m", "t", "p", "salt"]


def test_dict_round_trip() -> None:
    params = KdfParams.fresh(memory_kib=1024, iterations=2, lanes=2)
    assert KdfParams.from_dict(params.to_dict()) == params


def test_from_dict_accepts_any_mapping() -> None:
    assert KdfParams.from_dict(MappingProxyType(GOOD)) == FAST


def test_from_dict_accepts_the_limits() -> None:
    params = KdfParams.from_dict(
        with_(m=4 * 1024 * 1024, t=64, p=64, salt=base64.b64encode(bytes(64)).decode())
    )
    assert (params.memory_kib, params.iterations, params.lanes) == (4 * 1024 * 1024, 64, 64)
    assert KdfParams.from_dict(with_(m=8, p=1)).memory_kib == 8
    assert KdfParams.from_dict(with_(m=32, p=4)).lanes == 4


def test_to_dict_refuses_what_from_dict_would() -> None:
    with pytest.raises(CryptoError):
        KdfParams().to_dict()  # empty salt
    with pytest.raises(CryptoError):
        KdfParams(memory_kib=8, lanes=2, salt=SALT).to_dict()


BAD: list[tuple[str, object]] = [
    ("not a mapping", [("alg", "argon2id")]),
    ("not a mapping (str)", "argon2id"),
    ("none", None),
    ("empty", {}),
    ("missing alg", without("alg")),
    ("missing m", without("m")),
    ("missing t", without("t")),
    ("missing p", without("p")),
    ("missing salt", without("salt")),
    ("extra field", with_(v=19)),
    ("extra secret", with_(secret="")),
    ("alg argon2i", with_(alg="argon2i")),
    ("alg uppercase", with_(alg="Argon2id")),
    ("alg not str", with_(alg=1)),
    ("alg bytes", with_(alg=b"argon2id")),
    ("m str", with_(m="256")),
    ("m float", with_(m=256.0)),
    ("m bool", with_(m=True)),
    ("m none", with_(m=None)),
    ("t bool", with_(t=True)),
    ("t float", with_(t=1.0)),
    ("p str", with_(p="1")),
    ("p bool", with_(p=True)),
    ("m < 8p", with_(m=31, p=4)),
    ("m < 8", with_(m=7)),
    ("m zero", with_(m=0)),
    ("m negative", with_(m=-256)),
    ("m > 4 GiB", with_(m=4 * 1024 * 1024 + 1)),
    ("m huge", with_(m=2**64)),
    ("t zero", with_(t=0)),
    ("t negative", with_(t=-1)),
    ("t > 64", with_(t=65)),
    ("p zero", with_(p=0)),
    ("p > 64", with_(p=65, m=65 * 8)),
    ("salt bytes", with_(salt=SALT)),
    ("salt int", with_(salt=0)),
    ("salt none", with_(salt=None)),
    ("salt empty", with_(salt="")),
    ("salt 15 bytes", with_(salt=base64.b64encode(bytes(15)).decode())),
    ("salt 65 bytes", with_(salt=base64.b64encode(bytes(65)).decode())),
    ("salt not base64", with_(salt="!!!!" * 6)),
    ("salt url-safe alphabet", with_(salt=base64.urlsafe_b64encode(b"\xfb\xff" * 8).decode())),
    ("salt missing padding", with_(salt=SALT_B64.rstrip("="))),
    ("salt whitespace", with_(salt=SALT_B64[:8] + " " + SALT_B64[8:])),
    ("salt newline", with_(salt=SALT_B64 + "\n")),
    ("salt non-canonical bits", with_(salt=NON_CANONICAL_SALT_B64)),
    ("salt non-ascii", with_(salt="é" * 24)),
]


@pytest.mark.parametrize("bad", [b for _, b in BAD], ids=[name for name, _ in BAD])
def test_from_dict_refuses(bad: Any) -> None:
    with pytest.raises(CryptoError):
        KdfParams.from_dict(bad)


def test_non_canonical_salt_case_is_really_non_canonical() -> None:
    assert SALT_B64.endswith("w==")
    # Decodes to the very same bytes, so only canonicality can refuse it.
    assert base64.b64decode(NON_CANONICAL_SALT_B64) == SALT


def test_from_dict_does_not_mutate_input() -> None:
    d = dict(GOOD)
    KdfParams.from_dict(d)
    assert d == GOOD


def test_derive_key_is_deterministic() -> None:
    a = derive_key("kata sandi yang panjang", FAST)
    assert len(a) == 32
    assert derive_key("kata sandi yang panjang", FAST) == a


def test_derive_key_depends_on_everything() -> None:
    base = derive_key("passphrase", FAST)
    others = {
        derive_key("Passphrase", FAST),
        derive_key("passphrase ", FAST),
        derive_key("passphrase", KdfParams(256, 1, 1, bytes(16))),
        derive_key("passphrase", KdfParams(264, 1, 1, SALT)),
        derive_key("passphrase", KdfParams(256, 2, 1, SALT)),
        derive_key("passphrase", KdfParams(256, 1, 2, SALT)),
    }
    assert base not in others
    assert len(others) == 6


@pytest.mark.parametrize(
    ("composed", "decomposed"),
    [
        ("caf\u00e9", "cafe\u0301"),
        ("Bu\u00f1uel", "Bun\u0303uel"),
        ("\u00c5ngstr\u00f6m", "A\u030angstro\u0308m"),
        ("\u1e9b\u0323", "\u017f\u0323\u0307"),
    ],
)
def test_derive_key_normalises_to_nfc(composed: str, decomposed: str) -> None:
    assert composed != decomposed
    assert unicodedata.normalize("NFC", decomposed) == unicodedata.normalize("NFC", composed)
    assert derive_key(composed, FAST) == derive_key(decomposed, FAST)


def test_derive_key_is_not_nfkc() -> None:
    """Compatibility characters stay distinct: NFC, not NFKC (which would fold ﬁ into fi)."""
    assert derive_key("\ufb01le", FAST) != derive_key("file", FAST)


def test_derive_key_refuses_invalid_params() -> None:
    for params in (
        KdfParams(),  # empty salt
        KdfParams(256, 1, 1, bytes(8)),
        KdfParams(0, 1, 1, SALT),
        KdfParams(256, 0, 1, SALT),
        KdfParams(256, 1, 0, SALT),
        KdfParams(16, 1, 4, SALT),
        KdfParams(256, 1, 1, "not bytes"),  # type: ignore[arg-type]
        KdfParams(256.0, 1, 1, SALT),  # type: ignore[arg-type]
    ):
        with pytest.raises(CryptoError):
            derive_key("passphrase", params)
    with pytest.raises(CryptoError):
        derive_key("passphrase", GOOD)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [b"bytes passphrase", None, 1234])
def test_derive_key_refuses_non_text(bad: object) -> None:
    with pytest.raises(CryptoError):
        derive_key(bad, FAST)  # type: ignore[arg-type]


SECRET_PASSPHRASE = "rahasia-sekali-\ud800-jangan-dicetak"  # lone surrogate: not encodable


def test_unencodable_passphrase_leaks_nowhere() -> None:
    with pytest.raises(CryptoError) as info:
        derive_key(SECRET_PASSPHRASE, FAST)
    err = info.value
    assert "rahasia" not in str(err)
    assert "rahasia" not in repr(err)
    assert err.__cause__ is None
    assert err.__context__ is None  # the UnicodeEncodeError holding the passphrase is not kept


def test_passphrase_in_no_repr() -> None:
    passphrase = "rahasia-sekali-jangan-dicetak"
    key = derive_key(passphrase, FAST)
    for text in (repr(FAST), str(FAST), repr(FAST.to_dict()), repr(key)):
        assert passphrase not in text
    with pytest.raises(CryptoError) as info:
        derive_key(passphrase, KdfParams())
    assert passphrase not in str(info.value)
    assert passphrase not in repr(info.value)


def test_kdfparams_is_frozen_and_hashable() -> None:
    with pytest.raises(AttributeError):
        FAST.salt = b"x" * 16  # type: ignore[misc]
    assert hash(FAST) == hash(KdfParams(256, 1, 1, SALT))


def test_to_dict_is_json_safe() -> None:
    import json

    d = KdfParams.fresh(memory_kib=256, iterations=1, lanes=1).to_dict()
    back: Mapping[str, object] = json.loads(json.dumps(d))
    assert KdfParams.from_dict(back).to_dict() == d

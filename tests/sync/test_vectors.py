"""tests/vectors/envelope_v1.json: the envelope and bundle formats pinned byte for byte."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import pytest

from fieldcase.crypto import SigningKeyPair
from fieldcase.crypto.aead import _seal_with_nonce
from fieldcase.sync import bundle, envelope, errors
from fieldcase.sync.binary import Writer

VECTORS = json.loads(
    (Path(__file__).parents[1] / "vectors" / "envelope_v1.json").read_text(encoding="utf-8")
)


def test_envelope_parses_verifies_and_decrypts() -> None:
    raw = bytes.fromhex(VECTORS["envelope"])
    env = envelope.parse(raw)
    h: dict[str, Any] = dict(VECTORS["header"])
    assert h.pop("version") == envelope.VERSION
    assert env.header == envelope.Header(**h)
    assert env.header_bytes.hex() == VECTORS["header_bytes"]
    env.verify(bytes.fromhex(VECTORS["signing_public"]))
    compressed = env.decrypt(bytes.fromhex(VECTORS["data_key"]))
    assert zlib.decompress(compressed).decode() == VECTORS["payload_json"]


def test_envelope_rebuilds_byte_for_byte() -> None:
    signer = SigningKeyPair.from_private_bytes(bytes.fromhex(VECTORS["signing_private"]))
    head = bytes.fromhex(VECTORS["header_bytes"])
    sealed = _seal_with_nonce(
        bytes.fromhex(VECTORS["data_key"]),
        bytes.fromhex(VECTORS["nonce"]),
        bytes.fromhex(VECTORS["compressed"]),
        head,
    )
    body = Writer().raw(head).blob(sealed).bytes()
    assert (body + signer.sign(body)).hex() == VECTORS["envelope"]


def test_bundle_vector() -> None:
    parsed = bundle.parse(bytes.fromhex(VECTORS["bundle"]))
    parsed.verify(bytes.fromhex(VECTORS["signing_public"]))
    assert parsed.envelopes == (bytes.fromhex(VECTORS["envelope"]),)


@pytest.mark.parametrize("case", VECTORS["invalid"], ids=lambda c: c["name"])
def test_invalid_envelopes(case: dict[str, str]) -> None:
    error = getattr(errors, case["error"])

    def check() -> None:
        env = envelope.parse(bytes.fromhex(case["envelope"]))
        env.verify(bytes.fromhex(VECTORS["signing_public"]))
        env.decrypt(bytes.fromhex(VECTORS["data_key"]))

    with pytest.raises(error):
        check()

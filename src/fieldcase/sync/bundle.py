"""The bundle file (``.fcbundle``): envelopes for a USB stick or e-mail (format v1).

Layout (docs/formats.md)::

    "FCBDL" | version u8 | team_id text | exporter text | created_hlc text
    | count u32 | count × (u32 length | envelope) | signature (64)

The exporter's Ed25519 signature covers every byte before it, so a bundle
cut short (a USB stick pulled out mid-copy), padded, reordered or with an
envelope swapped for another is refused as a whole before any envelope is
looked at; each envelope is then checked on its own as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldcase.crypto import CryptoError, SigningKeyPair, verify_signature
from fieldcase.sync.binary import Reader, Writer
from fieldcase.sync.envelope import MAX_ENVELOPE, SIGNATURE_SIZE
from fieldcase.sync.errors import FileDamaged, FormatTooNew, NotAuthentic

MAGIC = b"FCBDL"
VERSION = 1
SUFFIX = ".fcbundle"
MAX_ENVELOPES = 1_000_000


@dataclass(frozen=True)
class Bundle:
    team_id: str
    exporter: str
    created_hlc: str
    envelopes: tuple[bytes, ...]
    signed_part: bytes
    signature: bytes

    def verify(self, exporter_public: bytes) -> None:
        try:
            verify_signature(exporter_public, self.signed_part, self.signature)
        except CryptoError:
            raise NotAuthentic() from None


def build(
    team_id: str,
    exporter: str,
    created_hlc: str,
    envelopes: Sequence[bytes],
    signer: SigningKeyPair,
) -> bytes:
    w = Writer().raw(MAGIC).u8(VERSION).text(team_id).text(exporter).text(created_hlc)
    w.u32(len(envelopes))
    for env in envelopes:
        w.blob(env)
    body = w.bytes()
    return body + signer.sign(body)


def parse(data: bytes) -> Bundle:
    r = Reader(data, "bundle")
    if r.raw(len(MAGIC)) != MAGIC:
        raise FileDamaged("bundle")
    version = r.u8()
    if version != VERSION:
        if version > VERSION:
            raise FormatTooNew(version, VERSION)
        raise FileDamaged("bundle")
    team_id, exporter, created = r.text(), r.text(), r.text()
    count = r.u32()
    if count > MAX_ENVELOPES:
        raise FileDamaged("bundle")
    envelopes = tuple(r.blob(MAX_ENVELOPE) for _ in range(count))
    end = r.position
    signature = r.raw(SIGNATURE_SIZE)
    r.finish()
    return Bundle(team_id, exporter, created, envelopes, data[:end], signature)

"""The envelope: one signed, encrypted batch of changes (format v1, docs/formats.md).

Layout (all integers big-endian, ``text`` = u8 length + ASCII)::

    header    = "FCENV" | version u8 | kind u8 | envelope_id text | team_id text
                | epoch u32 | sender text | seq_first u64 | seq_last u64
                | created_hlc text | count u32
    envelope  = header | u32 length | sealed | signature (64)

``sealed = crypto.seal(team_data_key[epoch], zlib(canonical JSON), aad=header)``
and the Ed25519 signature by the sender covers every byte before it. The
order of checks is the point of this module: parse strictly (every length,
no trailing bytes) → look the sender up → verify the signature → only then
decrypt. Nothing is decompressed or parsed as JSON before it is authentic.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldcase.crypto import CryptoError, SigningKeyPair, open_, seal, verify_signature
from fieldcase.sync.binary import Reader, Writer
from fieldcase.sync.errors import FileDamaged, FormatTooNew, NotAuthentic

MAGIC = b"FCENV"
VERSION = 1
KIND_CHANGES = 1
KIND_TEAM_UPDATE = 2
KINDS = (KIND_CHANGES, KIND_TEAM_UPDATE)
SIGNATURE_SIZE = 64
#: The relay server refuses bodies over 16 MiB; so does the parser.
MAX_ENVELOPE = 16 * 1024 * 1024


@dataclass(frozen=True)
class Header:
    """The public, authenticated part of an envelope (the relay sees only this)."""

    envelope_id: str
    team_id: str
    epoch: int
    sender: str
    seq_first: int
    seq_last: int
    created_hlc: str
    count: int
    kind: int = KIND_CHANGES

    def encode(self) -> bytes:
        return (
            Writer()
            .raw(MAGIC)
            .u8(VERSION)
            .u8(self.kind)
            .text(self.envelope_id)
            .text(self.team_id)
            .u32(self.epoch)
            .text(self.sender)
            .u64(self.seq_first)
            .u64(self.seq_last)
            .text(self.created_hlc)
            .u32(self.count)
            .bytes()
        )


@dataclass(frozen=True)
class Envelope:
    """A parsed (not yet verified) envelope; ``raw`` is the exact bytes received."""

    header: Header
    header_bytes: bytes
    sealed: bytes
    signature: bytes
    raw: bytes

    @property
    def signed_part(self) -> bytes:
        return self.raw[:-SIGNATURE_SIZE]

    def verify(self, sender_public: bytes) -> None:
        """Raise :class:`NotAuthentic` unless the sender's key signed these exact bytes."""
        try:
            verify_signature(sender_public, self.signed_part, self.signature)
        except CryptoError:
            raise NotAuthentic() from None

    def decrypt(self, data_key: bytes) -> bytes:
        """The compressed payload; call only after :meth:`verify`."""
        try:
            return open_(data_key, self.sealed, self.header_bytes)
        except CryptoError:
            raise NotAuthentic() from None


def build(header: Header, data_key: bytes, payload: bytes, signer: SigningKeyPair) -> bytes:
    """Seal ``payload`` (already compressed) under ``data_key`` and sign the whole."""
    head = header.encode()
    body = Writer().raw(head).blob(seal(data_key, payload, head)).bytes()
    return body + signer.sign(body)


def parse(data: bytes) -> Envelope:
    """Strictly parse envelope bytes; nothing here is trusted yet."""
    if len(data) > MAX_ENVELOPE:
        raise FileDamaged("envelope")
    r = Reader(data, "envelope")
    if r.raw(len(MAGIC)) != MAGIC:
        raise FileDamaged("envelope")
    version = r.u8()
    if version != VERSION:
        if version > VERSION:
            raise FormatTooNew(version, VERSION)
        raise FileDamaged("envelope")
    kind = r.u8()
    if kind not in KINDS:
        raise FileDamaged("envelope")
    header = Header(
        kind=kind,
        envelope_id=r.text(),
        team_id=r.text(),
        epoch=r.u32(),
        sender=r.text(),
        seq_first=r.u64(),
        seq_last=r.u64(),
        created_hlc=r.text(),
        count=r.u32(),
    )
    header_end = r.position
    if (
        header.epoch < 1
        or header.seq_first > header.seq_last
        or len(header.envelope_id) > 64
        or "." in header.envelope_id
    ):
        raise FileDamaged("envelope")
    sealed = r.blob(MAX_ENVELOPE)
    signature = r.raw(SIGNATURE_SIZE)
    r.finish()
    return Envelope(header, data[:header_end], sealed, signature, data)

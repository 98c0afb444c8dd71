"""Signed JSON documents: rosters, certificates, enrolment requests, key updates.

A document is canonical JSON text (sorted keys, compact) with a ``type`` field,
and its Ed25519 signature over the UTF-8 bytes of exactly that text (the
relay protocol's roster upload uses the same convention). The ``type``
separates purposes: a certificate can never be replayed as a roster.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fieldcase.core.changes import encode_json
from fieldcase.crypto import CryptoError, SigningKeyPair, verify_signature
from fieldcase.sync.errors import FileDamaged, NotAuthentic


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise FileDamaged("base64")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise FileDamaged("base64") from None


def sign_doc(doc: dict[str, Any], signer: SigningKeyPair) -> tuple[str, str]:
    """(canonical text, base64url signature) of ``doc``."""
    text = encode_json(doc)
    return text, b64(signer.sign(text.encode("utf-8")))


def verify_doc(text: Any, signature: Any, public: bytes, doc_type: str) -> dict[str, Any]:
    """Check the signature, then parse; the document must have the expected type."""
    if not isinstance(text, str):
        raise FileDamaged(doc_type)
    try:
        verify_signature(public, text.encode("utf-8"), unb64(signature))
    except CryptoError:
        raise NotAuthentic() from None
    try:
        doc = json.loads(text)
    except ValueError:
        raise FileDamaged(doc_type) from None
    if not isinstance(doc, dict) or doc.get("type") != doc_type or doc.get("format") != 1:
        raise FileDamaged(doc_type)
    return doc

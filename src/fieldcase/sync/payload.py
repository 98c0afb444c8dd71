"""What an envelope carries once decrypted: changes, or a team update.

The plaintext is canonical JSON (sorted keys, compact, UTF-8) compressed
with zlib. Decoding is strict: every change must have exactly the expected
fields and types, an HLC whose account part names the change's author, and
valid field paths, so a member's buggy or hostile client cannot plant rows
that the merge or the case history would misread. Decompression is bounded
(a few kilobytes must not become gigabytes).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

from fieldcase.core.casefields import is_valid_path
from fieldcase.core.changes import Change, FieldWrite, StoredChange, encode_json
from fieldcase.core.hlc import HlcError, Timestamp
from fieldcase.sync.errors import FileDamaged

#: Largest plaintext accepted after decompression.
MAX_PLAINTEXT = 256 * 1024 * 1024
_CHANGE_KEYS = frozenset({"change_id", "account_id", "seq", "case_id", "hlc", "writes"})
_ID_CHARS = frozenset("0123456789abcdefABCDEF-")


def compress(document: Any) -> bytes:
    """Canonical JSON of ``document``, zlib-compressed (level 6)."""
    return zlib.compress(encode_json(document).encode("utf-8"), 6)


def decompress(data: bytes) -> Any:
    """Inverse of :func:`compress`, bounded and strict (trailing garbage refused)."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_PLAINTEXT)
        if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
            raise FileDamaged("payload")
        return json.loads(text.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError):
        raise FileDamaged("payload") from None


def change_to_json(change: Change) -> dict[str, Any]:
    return {
        "change_id": change.change_id,
        "account_id": change.account_id,
        "seq": change.seq,
        "case_id": change.case_id,
        "hlc": change.hlc,
        "writes": {w.path: [w.value, w.base_hlc, 1 if w.deleted else 0] for w in change.writes},
    }


def encode_changes(changes: Sequence[Change]) -> bytes:
    return compress([change_to_json(c) for c in changes])


def encode_stored_changes(changes: Sequence[StoredChange]) -> bytes:
    """The same bytes as :func:`encode_changes` of the decoded changes, built from
    the stored payload text (canonical JSON: keys in sorted order, compact)."""
    items = ",".join(
        f'{{"account_id":{encode_json(c.account_id)},"case_id":{encode_json(c.case_id)},'
        f'"change_id":{encode_json(c.change_id)},"hlc":{encode_json(c.hlc)},'
        f'"seq":{int(c.seq)},"writes":{c.payload}}}'
        for c in changes
    )
    return zlib.compress(f"[{items}]".encode(), 6)


def decode_changes(data: bytes) -> list[Change]:
    body = decompress(data)
    if not isinstance(body, list):
        raise FileDamaged("payload")
    return [change_from_json(item) for item in body]


def _id(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 64 or not set(value) <= _ID_CHARS:
        raise FileDamaged("payload")
    return value


def change_from_json(item: Any) -> Change:
    """One change, checked field by field (see the module docstring)."""
    if not isinstance(item, dict) or set(item) != _CHANGE_KEYS:
        raise FileDamaged("payload")
    seq, hlc, writes = item["seq"], item["hlc"], item["writes"]
    account = item["account_id"]
    if type(seq) is not int or not 1 <= seq < 2**63 or not isinstance(hlc, str):
        raise FileDamaged("payload")
    if not isinstance(account, str) or not isinstance(writes, dict):
        raise FileDamaged("payload")
    try:
        if Timestamp.parse(hlc).account != account:
            raise FileDamaged("payload")
    except HlcError:
        raise FileDamaged("payload") from None
    parsed: list[FieldWrite] = []
    for path, write in sorted(writes.items()):
        if not is_valid_path(path) or not isinstance(write, list) or len(write) != 3:
            raise FileDamaged("payload")
        value, base, deleted = write
        if not isinstance(base, str) or deleted not in (0, 1) or type(deleted) is not int:
            raise FileDamaged("payload")
        if base:
            try:
                Timestamp.parse(base)
            except HlcError:
                raise FileDamaged("payload") from None
        if deleted and value is not None:
            raise FileDamaged("payload")
        parsed.append(FieldWrite(path, value, base, bool(deleted)))
    if not parsed:
        raise FileDamaged("payload")
    return Change(_id(item["change_id"]), account, seq, _id(item["case_id"]), hlc, tuple(parsed))

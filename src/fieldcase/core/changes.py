"""The unit of the change log: one save of a case, carrying many field writes.

A change is what the user did in one save (a wizard page finalised, a status
change). It is immutable once written, it is what sync ships, and the
per-field current view is derived from the set of all changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

#: JSON-compatible field values (str, int, float, bool, None, lists, dicts).
JsonValue = Any


@dataclass(frozen=True)
class FieldWrite:
    """One field set by a change.

    ``base_hlc`` is the hlc of the value the author saw when editing ("" when
    the field was empty): it is how concurrent edits are told apart from
    sequential ones. ``deleted`` marks a tombstone.
    """

    path: str
    value: JsonValue
    base_hlc: str = ""
    deleted: bool = False


@dataclass(frozen=True)
class Change:
    """One row of the append-only ``changes`` log."""

    change_id: str
    account_id: str
    seq: int
    case_id: str
    hlc: str
    writes: tuple[FieldWrite, ...]

    def payload_json(self) -> str:
        """The writes as compact JSON: ``{path: [value, base_hlc, deleted]}``."""
        return encode_writes(self.writes)


#: One encoder for every payload: compact, sorted, UTF-8, no NaN (not JSON).
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
)


_encode_str = json.encoder.encode_basestring  # the C implementation when available


def encode_json(value: JsonValue) -> str:
    """Canonical compact JSON; raises ValueError/TypeError for non-JSON values.

    Plain strings, booleans and integers (most field values) skip the general
    encoder: bulk saves encode tens of thousands of values.
    """
    kind = type(value)
    if kind is str:
        return str(_encode_str(value))
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    return _ENCODER.encode(value)


def encode_writes(writes: tuple[FieldWrite, ...]) -> str:
    return encode_json({w.path: [w.value, w.base_hlc, 1 if w.deleted else 0] for w in writes})


class StoredChange(NamedTuple):
    """A change as stored, its writes still as their canonical JSON text.

    Pushing a first sync of thousands of changes only re-sends what is
    stored; keeping the payload text avoids decoding and re-encoding every
    field value (the writes are parsed again only by the receiver).
    """

    change_id: str
    account_id: str
    seq: int
    case_id: str
    hlc: str
    payload: str


def payload_from_encoded(values: dict[str, str]) -> str:
    """The payload of a first save (every base empty) from already-encoded values.

    ``values`` maps each path to its value's JSON text, in sorted path order;
    the result is byte-identical to :func:`encode_writes` of the same fields.
    """
    return "{" + ",".join(f'{_encode_str(p)}:[{v},"",0]' for p, v in values.items()) + "}"


def decode_writes(payload: str) -> tuple[FieldWrite, ...]:
    body = json.loads(payload)
    if not isinstance(body, Mapping):
        raise ValueError("change payload is not an object")
    return tuple(
        FieldWrite(path=str(path), value=item[0], base_hlc=str(item[1]), deleted=bool(item[2]))
        for path, item in body.items()
    )

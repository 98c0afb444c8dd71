"""Time-ordered unique ids (UUIDv7, RFC 9562) for cases, changes and accounts.

Time-ordered ids keep B-tree inserts local (fast bulk writes) and sort new
cases after old ones without another column.
"""

from __future__ import annotations

import os
import time
import uuid


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7 as its canonical string (48-bit ms timestamp, 74 random bits)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))

"""Strict length-prefixed binary framing shared by envelopes and bundles.

Every read checks that the bytes are there; every text field is ASCII with a
bounded length; the caller must call :meth:`Reader.finish` so trailing bytes
are refused. Any problem is one :class:`FileDamaged`: a parser that guesses
is a parser an attacker can steer.
"""

from __future__ import annotations

import re

from fieldcase.sync.errors import FileDamaged

#: Ids, account ids, team ids and HLCs: what may appear in a text field.
_TEXT = re.compile(rb"[A-Za-z0-9.\-]{1,128}")


class Writer:
    """Builds a frame; :meth:`bytes` returns what was written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def raw(self, data: bytes) -> Writer:
        self._parts.append(data)
        return self

    def u8(self, value: int) -> Writer:
        return self.raw(value.to_bytes(1, "big"))

    def u32(self, value: int) -> Writer:
        return self.raw(value.to_bytes(4, "big"))

    def u64(self, value: int) -> Writer:
        return self.raw(value.to_bytes(8, "big"))

    def text(self, value: str) -> Writer:
        data = value.encode("ascii")
        if _TEXT.fullmatch(data) is None:
            raise ValueError("text field outside the allowed alphabet or length")
        return self.u8(len(data)).raw(data)

    def blob(self, data: bytes) -> Writer:
        return self.u32(len(data)).raw(data)

    def bytes(self) -> bytes:
        return b"".join(self._parts)


class Reader:
    """Reads a frame front to back; every shortfall is :class:`FileDamaged`."""

    def __init__(self, data: bytes, what: str) -> None:
        self._data = data
        self._pos = 0
        self._what = what

    @property
    def position(self) -> int:
        return self._pos

    def raw(self, n: int) -> bytes:
        if n < 0 or self._pos + n > len(self._data):
            raise FileDamaged(self._what)
        out = self._data[self._pos : self._pos + n]
        self._pos += n
        return out

    def u8(self) -> int:
        return self.raw(1)[0]

    def u32(self) -> int:
        return int.from_bytes(self.raw(4), "big")

    def u64(self) -> int:
        return int.from_bytes(self.raw(8), "big")

    def text(self) -> str:
        data = self.raw(self.u8())
        if _TEXT.fullmatch(data) is None:
            raise FileDamaged(self._what)
        return data.decode("ascii")

    def blob(self, limit: int) -> bytes:
        size = self.u32()
        if size > limit:
            raise FileDamaged(self._what)
        return self.raw(size)

    def finish(self) -> None:
        """Refuse trailing bytes: one file has exactly one valid encoding."""
        if self._pos != len(self._data):
            raise FileDamaged(self._what)

"""Argument checks shared by the crypto modules.

Every public function validates its inputs up front and raises
:class:`CryptoError` itself, so that a wrong type or size can never surface
as a ``TypeError``/``ValueError`` from the underlying library: the rest of
the application catches exactly one exception type from this layer.
"""

from __future__ import annotations

from .errors import CryptoError

__all__ = ["require_bytes", "require_int"]


def require_bytes(value: object, what: str, length: int | None = None) -> bytes:
    """Return ``value`` as ``bytes``; raise :class:`CryptoError` on a wrong type or length.

    ``bytearray`` and ``memoryview`` are accepted and copied, so that a caller
    mutating its buffer afterwards cannot change what we hold.
    """
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, bytearray | memoryview):
        data = bytes(value)
    else:
        raise CryptoError(f"{what} must be bytes")
    if length is not None and len(data) != length:
        raise CryptoError(f"{what} must be {length} bytes")
    return data


def require_int(value: object, what: str, low: int, high: int) -> int:
    """Return ``value`` if it is a real ``int`` (not ``bool``) in ``[low, high]``."""
    if type(value) is not int:
        raise CryptoError(f"{what} must be an integer")
    if not low <= value <= high:
        raise CryptoError(f"{what} out of range")
    return value

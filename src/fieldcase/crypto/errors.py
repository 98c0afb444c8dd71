"""The single exception type of the crypto layer.

Callers (the vault, sync and server layers) need to know only that a
cryptographic operation did not succeed, never *why* in detail: telling an
attacker whether the key, the tag or the associated data was wrong would
help them, and one type keeps every ``except`` clause above this layer
honest. The message is a short English technical phrase for logs and
developers; the vault layer turns it into words a field worker understands.
"""

from __future__ import annotations

__all__ = ["CryptoError"]


class CryptoError(Exception):
    """Any failure in ``fieldcase.crypto``: bad key, tampered data, bad parameters, bad input."""

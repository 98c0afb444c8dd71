"""Passphrase strength rules, shared by the CLI and the sign-in window.

Field workers pick passphrases on shared laptops; the rules aim for what a
thief's offline guessing cannot reach (with Argon2id at ~0.3 s per guess)
while staying memorable: at least 10 characters, not a known common
password, not the person's own name, and either long (16+) or mixed.
"""

from __future__ import annotations

import re
import unicodedata

from fieldcase.core.errors import WeakPassphrase

MIN_LENGTH = 10
LONG_ENOUGH = 16

# A few of the most common passwords in Indonesia and worldwide, lower-cased.
_COMMON = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "qwertyuiop",
        "password123",
        "password1234",
        "passw0rd123",
        "bismillah123",
        "indonesia123",
        "indonesia1945",
        "iloveyou123",
        "sayangkamu123",
        "admin12345",
        "rahasia123",
        "rahasia1234",
        "katasandi123",
        "abcdefghij",
        "1q2w3e4r5t",
        "qwerty12345",
        "aaaaaaaaaa",
    }
)


def _character_classes(text: str) -> int:
    classes = 0
    classes += any(c.islower() for c in text)
    classes += any(c.isupper() for c in text)
    classes += any(c.isdigit() for c in text)
    classes += any(not c.isalnum() for c in text)
    return classes


def check_passphrase(passphrase: str, display_name: str = "") -> None:
    """Raise :class:`WeakPassphrase` with a bilingual reason, or return quietly."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_LENGTH:
        raise WeakPassphrase(
            f"Frasa sandi minimal {MIN_LENGTH} karakter (sekarang {len(text)}).",
            f"The passphrase needs at least {MIN_LENGTH} characters (now {len(text)}).",
        )
    lowered = text.lower()
    if lowered in _COMMON or len(set(lowered)) <= 3:
        raise WeakPassphrase(
            "Frasa sandi ini terlalu umum atau berulang. Gunakan beberapa kata yang mudah "
            "Anda ingat, misalnya 'kopi pagi di Lombok 7'.",
            "This passphrase is too common or repetitive. Use a few words you remember "
            "easily, for example 'morning coffee in Lombok 7'.",
        )
    # Whole words of the name, or longer name parts hidden inside a word
    # ("ani" may appear in "manis"; "pendamping" in "pendamping123" may not).
    words = set(re.findall(r"\w+", lowered))
    name_parts = [p for p in re.findall(r"\w+", display_name.lower()) if len(p) >= 3]
    if any(part in words or (len(part) >= 5 and part in lowered) for part in name_parts):
        raise WeakPassphrase(
            "Jangan gunakan nama Anda sendiri di frasa sandi.",
            "Do not use your own name in the passphrase.",
        )
    if len(text) < LONG_ENOUGH and _character_classes(text) < 3:
        raise WeakPassphrase(
            f"Frasa sandi pendek harus memakai huruf besar, huruf kecil dan angka atau "
            f"simbol; atau buat lebih panjang ({LONG_ENOUGH}+ karakter).",
            f"A short passphrase needs upper case, lower case and digits or symbols; or "
            f"make it longer ({LONG_ENOUGH}+ characters).",
        )

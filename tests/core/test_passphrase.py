"""Passphrase rules: long enough, not common, not the person's name."""

from __future__ import annotations

import pytest

from fieldcase.core.errors import WeakPassphrase
from fieldcase.core.passphrase import check_passphrase


@pytest.mark.parametrize(
    ("passphrase", "name", "reason"),
    [
        ("Ab1!", "", "10"),
        ("1234567890", "", "umum"),
        ("aaaaaaaaaaaa", "", "umum"),
        ("Bismillah123", "", "umum"),
        ("siti rahayu kopi", "Siti Rahayu", "nama"),
        ("abcdefghijk", "", "huruf besar"),
    ],
)
def test_weak_passphrases_are_refused_with_a_bilingual_reason(
    passphrase: str, name: str, reason: str
) -> None:
    with pytest.raises(WeakPassphrase) as caught:
        check_passphrase(passphrase, name)
    assert reason in caught.value.message("id")
    assert caught.value.message("en")
    assert " / " in str(caught.value)


@pytest.mark.parametrize(
    "passphrase", ["kopi pagi di Lombok 7", "Melati-Biru-2026", "tiga kata saja sudah panjang"]
)
def test_good_passphrases_pass(passphrase: str) -> None:
    check_passphrase(passphrase, "Ani Lestari")

"""Shared fixtures. Qt runs offscreen: this machine (and CI) has no display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcase import i18n
from fieldcase.core.roles import Role
from fieldcase.crypto import KdfParams
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

PASSPHRASE = "kopi pagi di Lombok 7"


def cheap_kdf() -> KdfParams:
    """Argon2id at a tiny cost: the real profile is exercised by its own tests."""
    return KdfParams.fresh(memory_kib=256, iterations=1, lanes=1)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder; FIELDCASE_DATA_DIR points at it so nothing touches real data."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("FIELDCASE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store(data_dir: Path) -> AccountStore:
    return AccountStore(data_dir, kdf_params=cheap_kdf)


@pytest.fixture
def session(store: AccountStore) -> Iterator[Session]:
    """An unlocked vault of a fresh case-worker account."""
    created = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    opened = store.unlock(created.info.id, PASSPHRASE)
    yield opened
    opened.lock()


@pytest.fixture(autouse=True)
def _bahasa_indonesia_by_default() -> Iterator[None]:
    """Every test starts in the default language; one that switches cannot leak it."""
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture(scope="session", autouse=True)
def _private_form_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the parsed-form disk cache out of the real user cache folder."""
    previous = os.environ.get("FIELDCASE_FORM_CACHE")
    os.environ["FIELDCASE_FORM_CACHE"] = str(tmp_path_factory.mktemp("form-cache"))
    yield
    if previous is None:
        os.environ.pop("FIELDCASE_FORM_CACHE", None)
    else:
        os.environ["FIELDCASE_FORM_CACHE"] = previous

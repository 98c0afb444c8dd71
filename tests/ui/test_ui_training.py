"""Training mode: the sandbox's sign-in window says so; the real one offers it."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import PASSPHRASE
from tests.ui.uikit import Person

from fieldcase.core.roles import Role
from fieldcase.ui import signin as signin_module
from fieldcase.ui import texts
from fieldcase.ui.operations import VaultWorker
from fieldcase.ui.signin import SignInWindow
from fieldcase.vault.accounts import AccountStore


def test_training_sign_in_is_marked_and_shows_the_passphrase(
    qtbot: QtBot, store: AccountStore
) -> None:
    window = SignInWindow(store, VaultWorker(), training=True)
    qtbot.addWidget(window)
    window.show()
    assert window.training_banner.isVisible()
    assert "latihan fieldcase 2026" in window.training_banner.text()
    assert texts.TRAINING in window.windowTitle()
    assert not window.training_button.isVisible()


def test_real_sign_in_offers_training_in_its_own_process(
    qtbot: QtBot, store: AccountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(signin_module.subprocess, "Popen", lambda cmd: started.append(cmd))
    store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE)
    window = SignInWindow(store, VaultWorker())
    qtbot.addWidget(window)
    window.show()
    assert not window.training_banner.isVisible()
    Person(qtbot).click(window.training_button)
    assert started == [[sys.executable, "-m", "fieldcase", "--training"]]

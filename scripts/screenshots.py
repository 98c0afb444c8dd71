"""Screenshots of the real windows, for review: ``screenshots.py OUTDIR``.

Builds a throw-away data folder with fictional accounts (one training
account with demo cases), drives the real sign-in window as a person would
(select, type, Unlock) and saves what a 1366×768 laptop would show:
``signin-first-run.png`` (no accounts yet), ``signin.png``, ``signin-error.png``
(a wrong passphrase), ``createaccount.png``, ``recoverycode.png`` and
``mainwindow.png``.

Run by ``make screenshots`` under Xvfb; nothing touches a real data folder.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.ui.controller import Controller
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.recoverycode import RecoveryCodeDialog
from fieldcase.vault.accounts import AccountStore

#: Fictional people and passphrases: screenshots only.
TRAINING_NAME = "Pelatihan Lombok"
TRAINING_PASSPHRASE = "hujan sore di Mataram 4"  # noqa: S105  (fictional, throw-away)
OTHER_ACCOUNTS = (
    ("Ani Pendamping", Role.PENDAMPING, "kopi pagi di Lombok 7"),
    ("Rina Supervisor", Role.SUPERVISOR, "teh manis sore di Medan 9"),
)
DEMO_CASES = 60
MAIN_SIZE = (1366, 720)  # a 1366×768 screen minus the taskbar


def wait_until(app: QApplication, condition: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let layouts, fonts and the window manager finish before grabbing."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def save(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"{path} ({widget.width()}×{widget.height()})")


def make_accounts(data_dir: Path) -> str:
    """The accounts a shared laptop might hold; returns the training account's id."""
    store = AccountStore(data_dir)
    for name, role, secret in OTHER_ACCOUNTS:
        store.create(name, role, secret)
    training = store.create(TRAINING_NAME, Role.PENDAMPING, TRAINING_PASSPHRASE, training=True)
    with store.unlock(training.info.id, TRAINING_PASSPHRASE) as session:
        session.cases.create_cases(list(demo_cases(DEMO_CASES)))
    return training.info.id


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: screenshots.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    # The vault logs a warning for the deliberate wrong passphrase; not news here.
    logging.getLogger("fieldcase").addHandler(logging.NullHandler())
    app = QApplication([argv[0]])
    with tempfile.TemporaryDirectory(prefix="fieldcase-screenshots-") as tmp:
        first_run = Controller(AccountStore(Path(tmp) / "empty"))
        try:
            first_run.start()
            wait_until(app, first_run.signin.isVisible)
            save(app, first_run.signin, outdir / "signin-first-run.png")
        finally:
            first_run.shutdown()

        training_id = make_accounts(Path(tmp))
        controller = Controller(AccountStore(Path(tmp)))
        try:
            controller.start()
            signin = controller.signin
            signin.select_account(training_id)
            wait_until(app, signin.isVisible)
            save(app, signin, outdir / "signin.png")

            signin.create_account()
            dialog = signin.findChild(CreateAccountDialog)
            assert dialog is not None
            dialog.name.setText("Dewi Lestari")
            dialog.passphrase.first.setText("burung camar di pantai 5")
            wait_until(app, dialog.isVisible)
            save(app, dialog, outdir / "createaccount.png")
            dialog.reject()

            code = RecoveryCodeDialog("K7QXM-3HNDP-W9RTA-CF4UZ-8BJEV", parent=signin)
            code.open()
            wait_until(app, code.isVisible)
            save(app, code, outdir / "recoverycode.png")
            code.written.setChecked(True)
            code.accept()

            signin.passphrase.setText("salah ketik di sini 1")
            signin.unlock_button.click()
            wait_until(app, lambda: signin.unlock_button.isEnabled())
            save(app, signin, outdir / "signin-error.png")

            signin.passphrase.setText(TRAINING_PASSPHRASE)
            signin.unlock_button.click()
            wait_until(app, lambda: controller.main_window is not None)
            window = controller.main_window
            assert window is not None
            window.resize(*MAIN_SIZE)
            window.table.selectRow(2)
            wait_until(app, window.isVisible)
            save(app, window, outdir / "mainwindow.png")
        finally:
            controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

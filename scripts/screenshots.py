"""Screenshots of the real windows, for review: ``screenshots.py OUTDIR``.

Builds a throw-away data folder with fictional accounts (one training
account with demo cases), drives the real sign-in window as a person would
(select, type, Unlock) and saves what a 1366×768 laptop would show:
``signin-first-run.png`` (no accounts yet), ``signin-error.png`` (a wrong
passphrase), ``createaccount.png``, ``recoverycode.png``; in both languages
(``-id``/``-en``) the sign-in window, the worklist, the case list, the case
file and the referral dialog; then every page of the intake wizard ("Kasus baru", Ctrl+N)
filled with a fictional complaint, in both languages:
``wizard-<id|en>-<nn>-<page>.png`` (the first page as it opens, with its
"still needed" footer; the identity page with the inline error a wrong age
gives; the others complete).

Run by ``make screenshots`` under Xvfb; nothing touches a real data folder.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from fieldcase import i18n
from fieldcase.core.demo_services import demo_cases_with_services
from fieldcase.core.roles import Role
from fieldcase.ui.casefile import CaseFileWindow
from fieldcase.ui.controller import Controller
from fieldcase.ui.createaccount import CreateAccountDialog
from fieldcase.ui.recoverycode import RecoveryCodeDialog
from fieldcase.ui.wizard.pages import FormPage
from fieldcase.ui.wizard.wizard import FormWizard
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
        session.cases.create_cases(list(demo_cases_with_services(DEMO_CASES)))
    return training.info.id


#: A fictional intake, page by page (form path -> answer). Nothing here is a real person.
def intake_answers(today: date) -> list[dict[str, object]]:
    return [
        {"jalur": "telepon_hotline", "wilayah": "lombok"},
        {
            "pelapor_anonim": "tidak",
            "pelapor_nama": "Ibu Wati (fiktif)",
            "pelapor_hubungan": "guru_sekolah",
            "pelapor_kontak": "0812-0000-0000",
        },
        {
            "nama": "Anak A (fiktif)",
            "nama_panggilan": "Bunga",
            "umur": 14,
            "jenis_kelamin": "perempuan",
            "pendidikan": "smp",
            "alamat": "Jl. Contoh No. 1, Mataram (fiktif)",
            "disabilitas": "tidak",
        },
        {
            "jenis_kasus": "kta",
            "jenis_kekerasan": ["seksual", "eksploitasi"],
            "bentuk_esa": ["eksploitasi_prostitusi", "grooming_daring"],
        },
        {
            "kronologi": (
                "Contoh fiktif untuk pelatihan: anak dihubungi lewat aplikasi pesan oleh orang "
                "yang mengaku teman, lalu diminta bertemu."
            ),
            "tanggal_kejadian": (today - timedelta(days=2)).isoformat(),
            "tempat_kejadian": "daring",
            "lokasi_kejadian": "Mataram",
            "platform_daring": "Aplikasi pesan (fiktif)",
        },
        {"hubungan_pelaku": ["pacar_teman", "tidak_diketahui"], "pelaku_anak": "tidak"},
        {"faktor_risiko": ["kontak_daring_berlanjut", "konten_beredar"]},
        {},
        {"kewenangan": "kabupaten_kota"},
        {
            "asentimen_anak": "diberikan",
            "persetujuan_pengasuh": "diberikan",
            "pemberi_persetujuan": "orang_tua",
            "nama_pemberi_persetujuan": "Ibu A (fiktif)",
            "bentuk_persetujuan": "tertulis",
        },
        {"catatan": "Hubungi lewat guru kelas; jangan telepon ke rumah."},
    ]


PERPETRATORS = (
    {
        "alias_pelaku": "Om B (fiktif)",
        "umur_pelaku": 35,
        "jenis_kelamin_pelaku": "laki_laki",
        "hubungan_dengan_anak": "pacar_teman",
        "jaringan_pelaku": "ya",
    },
    {"alias_pelaku": "Akun @contoh (fiktif)", "jenis_kelamin_pelaku": "tidak_diketahui"},
)


def fill(wizard: FormWizard, answers: dict[str, object]) -> None:
    for path, value in answers.items():
        wizard.answer(path, None, value)


def shoot_wizard(app: QApplication, window_wizard: FormWizard, language: str, outdir: Path) -> None:
    """Every page of the intake wizard in ``language``, walked as a worker would."""
    wizard = window_wizard
    wizard.set_language(language)
    wait_until(app, wizard.isVisible)
    pages = intake_answers(date.today())
    shot = 1
    while True:
        page = wizard.currentPage()
        settle(app, 0.2)
        if isinstance(page, FormPage):
            index = page.index
            name = wizard.form.pages[index].name.removeprefix("hal_")
            if index == 2:  # a wrong age first: the inline error a worker would see
                fill(wizard, {**pages[index], "umur": 19})
                page.questions[("umur", None)].reveal()
            elif index != 0:
                fill(wizard, pages[index])
            if index == 5:
                for row, answers in enumerate(PERPETRATORS, 1):
                    wizard.add_row("pelaku")
                    for path, value in answers.items():
                        wizard.answer(path, row, value)
            page.scroller.verticalScrollBar().setValue(0)
            save(app, wizard, outdir / f"wizard-{language}-{shot:02d}-{name}.png")
            fill(wizard, pages[index])
            shot += 1
            wizard.next()
        else:
            save(app, wizard, outdir / f"wizard-{language}-{shot:02d}-periksa.png")
            break
    wizard.close_keeping_draft()


def shoot_referral(app: QApplication, case_file: CaseFileWindow, path: Path) -> None:
    """The referral dialog as a worker fills it: a Puskesmas, a purpose, consent missing."""
    case_file.tabs.setCurrentIndex(0)
    referral = case_file.open_referral()
    assert referral is not None
    wait_until(app, lambda: referral.snapshot is not None)
    referral.select(referral.region.currentData(), "puskesmas")
    referral.check_purpose("pemeriksaan_forensik")
    save(app, referral, path)
    referral.close()


def shoot_workspace(
    app: QApplication, controller: Controller, training_id: str, language: str, outdir: Path
) -> None:
    """Sign-in, worklist, case list, case file and referral dialog in ``language``."""
    i18n.set_language(language)
    signin = controller.signin
    signin.select_account(training_id)
    wait_until(app, signin.isVisible)
    save(app, signin, outdir / f"signin-{language}.png")
    signin.passphrase.setText(TRAINING_PASSPHRASE)
    signin.unlock_button.click()
    wait_until(app, lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    window.resize(*MAIN_SIZE)
    wait_until(app, window.isVisible)
    worklist = getattr(window, "worklist", None)
    if worklist is not None:
        window.tabs.setCurrentWidget(worklist)
        settle(app, 1.5)  # computed on the vault thread
        save(app, window, outdir / f"worklist-{language}.png")
    window.tabs.setCurrentWidget(window.cases_pane)
    window.table.selectRow(2)
    save(app, window, outdir / f"caselist-{language}.png")

    case_file = window.open_case()
    assert case_file is not None
    case_file.resize(*MAIN_SIZE)
    wait_until(app, lambda: case_file.data is not None)
    save(app, case_file, outdir / f"casefile-{language}.png")
    shoot_referral(app, case_file, outdir / f"referral-{language}.png")
    case_file.close()
    controller.lock()
    settle(app)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: screenshots.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    # A laptop in Jakarta (WIB), whatever the machine rendering the screenshots uses.
    os.environ["TZ"] = "Asia/Jakarta"
    if hasattr(time, "tzset"):
        time.tzset()
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
            signin.passphrase.clear()

            for language in ("id", "en"):
                shoot_workspace(app, controller, training_id, language, outdir)

            i18n.set_language("id")
            signin.passphrase.setText(TRAINING_PASSPHRASE)
            signin.unlock_button.click()
            wait_until(app, lambda: controller.main_window is not None)
            window = controller.main_window
            assert window is not None
            window.resize(*MAIN_SIZE)
            for language in ("id", "en"):
                wizard = window.wizards.new_case()
                assert wizard is not None
                shoot_wizard(app, wizard, language, outdir)
                settle(app)
        finally:
            controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

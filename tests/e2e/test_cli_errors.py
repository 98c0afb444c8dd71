"""Every error a user can cause reaches the terminal as one clean bilingual line.

The real ``fieldcase`` command runs as a subprocess. For each mistake: a
non-zero exit code, nothing on stdout, no traceback, and one stderr line that
carries both the Indonesian and the English message (joined by " / ").
Accounts are made in-process with a cheap KDF so each run stays quick (a slot
keeps its own KDF parameters, so the CLI unlocks them the same way).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.core.roles import Role
from fieldcase.vault.accounts import AccountStore

PAGE = 4096


@dataclass
class Setup:
    data_dir: Path
    store: AccountStore
    account_id: str
    files: Path
    tmp: Path

    @property
    def vault(self) -> Path:
        return self.store.folder(self.account_id) / "vault.db"

    def run(
        self, *args: str, passphrase: str | None = PASSPHRASE
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDCASE_")}
        env["TMPDIR"] = str(self.tmp)
        if passphrase is not None:
            env["FIELDCASE_PASSPHRASE"] = passphrase
        return subprocess.run(
            [sys.executable, "-m", "fieldcase", "--data-dir", str(self.data_dir), *args],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    data_dir, files, tmp = tmp_path / "data", tmp_path / "files", tmp_path / "tmp"
    for folder in (files, tmp):
        folder.mkdir()
    store = AccountStore(data_dir, kdf_params=cheap_kdf)
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    with store.unlock(account_id, PASSPHRASE) as session:
        session.cases.create_case({"nama": "Anak", "wilayah": "NTB"})
    return Setup(data_dir, store, account_id, files, tmp)


def assert_one_clean_line(
    done: subprocess.CompletedProcess[str], indonesian: str, english: str
) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("Galat / Error: ")
    message = line.removeprefix("Galat / Error: ")
    assert " / " in message
    id_part, en_part = message.split(" / ", 1)
    assert indonesian in id_part, line
    assert english in en_part, line
    for raw in ("sqlite", "sqlcipher", "DatabaseError", "Exception", "errno"):
        assert raw.lower() not in line.lower()


def _write(setup: Setup, name: str, content: str | bytes) -> str:
    path = setup.files / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


Mistake = Callable[[Setup], subprocess.CompletedProcess[str]]

MISTAKES: dict[str, tuple[Mistake, str, str]] = {
    "wrong-passphrase": (
        lambda s: s.run("case", "list", passphrase="salah sekali 123"),
        "Frasa sandi salah",
        "Wrong passphrase",
    ),
    "no-passphrase-and-no-terminal": (
        lambda s: s.run("case", "list", passphrase=None),
        "FIELDCASE_PASSPHRASE",
        "No terminal",
    ),
    "unknown-account": (
        lambda s: s.run("--account", "Tidak Ada", "case", "list"),
        "tidak ditemukan",
        "No account 'Tidak Ada'",
    ),
    "bad-json-file": (
        lambda s: s.run("case", "new", "--json", _write(s, "rusak.json", '{"nama": "An')),
        "rusak.json tidak dapat dibaca",
        "rusak.json cannot be read as JSON",
    ),
    "json-not-an-object": (
        lambda s: s.run("case", "new", "--json", _write(s, "daftar.json", '["Anak"]')),
        "JSON harus berupa objek",
        "must be a non-empty object",
    ),
    "json-not-utf8": (
        lambda s: s.run("case", "new", "--json", _write(s, "latin.json", b'{"nama": "\xe9"}')),
        "tidak dapat dibaca",
        "cannot be read as JSON",
    ),
    "json-bad-field-name": (
        lambda s: s.run("case", "new", "--json", _write(s, "isian.json", '{"1 nama": "x"}')),
        "Nama isian tidak sah",
        "Invalid field name",
    ),
    "json-nan-value": (
        lambda s: s.run("case", "new", "--json", _write(s, "nan.json", '{"umur": NaN}')),
        "Nilai isian",
        "Field values must be",
    ),
    "missing-file": (
        lambda s: s.run("case", "new", "--json", str(s.files / "tidak-ada.json")),
        "tidak-ada.json tidak dapat dibaca",
        "tidak-ada.json cannot be read",
    ),
    "unknown-case": (
        lambda s: s.run("case", "show", "01900000-0000-7000-8000-00000000abcd"),
        "tidak ada di brankas",
        "is not in this vault",
    ),
    "weak-passphrase-on-create": (
        lambda s: s.run("account", "create", "--name", "Budi Baru", passphrase="pendek"),
        "minimal 10 karakter",
        "at least 10 characters",
    ),
    "duplicate-account-name": (
        lambda s: s.run("account", "create", "--name", "ani pendamping"),
        "Sudah ada akun",
        "already exists",
    ),
}


@pytest.mark.parametrize(
    ("mistake", "indonesian", "english"), MISTAKES.values(), ids=MISTAKES.keys()
)
def test_user_mistake_is_one_clean_bilingual_line(
    setup: Setup, mistake: Mistake, indonesian: str, english: str
) -> None:
    assert_one_clean_line(mistake(setup), indonesian, english)


USAGE_ERRORS_ARE_CLICK_TEXT = (
    "src bug: fieldcase/cli.py main() handles click.ClickException with error.show() "
    "(the 'except click.ClickException' branch), so usage mistakes print Click's English-only "
    "multi-line 'Usage: ... Error: ...' text and exit 2, against the module's promise of one "
    "line in Bahasa Indonesia and English (e.g. 'Galat / Error: Pilihan tidak sah ... / "
    "Invalid option ...')."
)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("case", "new", "--json", "."), id="folder-instead-of-json-file"),
        pytest.param(("case", "new"), id="missing-required-option"),
        pytest.param(("case", "hapus"), id="unknown-command"),
        pytest.param(("account", "create", "--name", "Budi", "--role", "bos"), id="bad-choice"),
    ],
)
def test_usage_mistake_is_one_clean_bilingual_line(setup: Setup, args: tuple[str, ...]) -> None:
    done = setup.run(*args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert " / " in done.stderr


def test_nothing_is_written_by_a_refused_case(setup: Setup) -> None:
    before = setup.run("case", "list").stdout
    setup.run("case", "new", "--json", _write(setup, "nan.json", '{"nama": "X", "umur": NaN}'))
    assert setup.run("case", "list").stdout == before


def test_too_many_attempts(setup: Setup) -> None:
    for _ in range(3):
        setup.run("case", "list", passphrase="salah sekali 123")
    done = setup.run("case", "list")  # even the right passphrase waits
    assert_one_clean_line(done, "Terlalu banyak percobaan", "Too many failed attempts")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: random.Random(1).randbytes(len(data)), id="random-bytes"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-to-half"),
        pytest.param(lambda data: bytes(PAGE) + data[PAGE:], id="first-page-zeroed"),
    ],
)
def test_damaged_vault(setup: Setup, damage: Callable[[bytes], bytes]) -> None:
    damaged = damage(setup.vault.read_bytes())
    setup.vault.write_bytes(damaged)
    assert_one_clean_line(setup.run("case", "list"), "rusak", "is damaged")
    assert setup.vault.read_bytes() == damaged


def test_damaged_vault_in_a_page_read_after_opening(setup: Setup) -> None:
    with setup.store.unlock(setup.account_id, PASSPHRASE) as session:
        meta_page = session.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'meta'"
        ).fetchone()[0]
    data = bytearray(setup.vault.read_bytes())
    data[(meta_page - 1) * PAGE + 2000] ^= 0x01
    setup.vault.write_bytes(bytes(data))
    assert_one_clean_line(setup.run("case", "list"), "rusak", "is damaged")


def test_vault_too_new(setup: Setup) -> None:
    with setup.store.unlock(setup.account_id, PASSPHRASE) as session:
        session.db.execute("PRAGMA user_version = 2000")
    before = setup.vault.read_bytes()
    assert_one_clean_line(setup.run("case", "list"), "versi fieldcase yang lebih baru", "newer")
    assert setup.vault.read_bytes() == before


def test_damaged_account_file(setup: Setup) -> None:
    path = setup.store.folder(setup.account_id) / "account.json"
    path.write_bytes(path.read_bytes()[:100])
    done = setup.run("--account", setup.account_id, "case", "list")
    assert_one_clean_line(done, "Berkas akun (account.json) rusak", "account file")

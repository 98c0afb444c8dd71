"""The ``fieldcase`` command: the desktop app by default, subcommands for admin work.

Secrets never come from argv (visible to every user of the laptop through
the process list): passphrases are read from the terminal, or from
``FIELDCASE_PASSPHRASE`` (and ``FIELDCASE_NEW_PASSPHRASE``,
``FIELDCASE_RECOVERY_CODE``) for scripts. Every error a user can cause prints
one line in Bahasa Indonesia and English and exits non-zero; no traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from fieldcase import applog
from fieldcase.core.errors import FieldcaseError, InvalidInput, VaultDamaged
from fieldcase.core.roles import Role
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.datadir import resolve_data_dir

if TYPE_CHECKING:
    from fieldcase.vault.session import Session

log = logging.getLogger("fieldcase.cli")

EXIT_USER_ERROR = 1
EXIT_BUG = 70


class Context:
    """What every subcommand needs: the data folder and the chosen account."""

    def __init__(self, data_dir: Path, account: str | None) -> None:
        self.data_dir = data_dir
        self.account = account
        self.store = AccountStore(data_dir)

    def account_name(self) -> str:
        if self.account:
            return self.account
        accounts = self.store.list()
        if len(accounts) == 1:
            return accounts[0].id
        raise InvalidInput(
            "Pilih akun dengan --account NAMA (lihat 'fieldcase account list').",
            "Choose an account with --account NAME (see 'fieldcase account list').",
        )

    def unlock(self) -> Session:
        name = self.account_name()
        info = self.store.find(name)
        session = self.store.unlock(
            info.id, read_secret("FIELDCASE_PASSPHRASE", "Frasa sandi / Passphrase")
        )
        if session.must_change_passphrase:
            session.lock()
            raise InvalidInput(
                "Akun ini dipulihkan dan harus diberi frasa sandi baru: "
                "'fieldcase account recover'.",
                "This account was recovered and needs a new passphrase: "
                "'fieldcase account recover'.",
            )
        return session


def read_secret(env_var: str, prompt: str, confirm: bool = False) -> str:
    """A secret from the environment (scripts) or the terminal, never from argv."""
    value = os.environ.get(env_var)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"Tidak ada terminal untuk menanyakan rahasia; setel {env_var}.",
            f"No terminal to ask for the secret; set {env_var}.",
        )
    answer: str = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return answer


def fail(error: FieldcaseError) -> NoReturn:
    click.echo(f"Galat / Error: {error}", err=True)
    sys.exit(EXIT_USER_ERROR)


pass_ctx = click.make_pass_decorator(Context)


@click.group(invoke_without_command=True)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="FIELDCASE_DATA_DIR",
    help="Folder data (bawaan: folder data pengguna) / data folder (default: user data folder).",
)
@click.option("--account", help="Nama atau id akun / account name or id.")
@click.option("--selftest", is_flag=True, help="Uji mandiri lalu keluar / self-test and exit.")
@click.option(
    "--training",
    is_flag=True,
    help="Mode pelatihan: folder terpisah berisi kasus fiktif / "
    "training mode: a separate folder of fictional cases.",
)
@click.version_option(package_name="fieldcase")
@click.pass_context
def cli(
    ctx: click.Context,
    data_dir: Path | None,
    account: str | None,
    selftest: bool,
    training: bool,
) -> None:
    """fieldcase — pengelolaan kasus terenkripsi / encrypted case management."""
    if selftest:
        from fieldcase.selftest import run_selftest

        sys.exit(run_selftest())
    folder = resolve_data_dir(data_dir)
    if training:
        from fieldcase.vault.training import prepare_sandbox

        folder = prepare_sandbox(folder)
    applog.configure(folder)
    ctx.obj = Context(folder, account)
    if ctx.invoked_subcommand is None:
        from fieldcase.ui.app import run_gui

        sys.exit(run_gui(folder, training=training))


# ---------------------------------------------------------------- accounts


@cli.group()
def account() -> None:
    """Akun di laptop ini / accounts on this laptop."""


@account.command("create")
@click.option("--name", required=True, help="Nama tampilan / display name.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.PENDAMPING.value,
    show_default=True,
)
@pass_ctx
def account_create(c: Context, name: str, role: str) -> None:
    """Buat akun dan brankasnya / create an account and its vault."""
    passphrase = read_secret("FIELDCASE_PASSPHRASE", "Frasa sandi baru / New passphrase", True)
    created = c.store.create(name, Role(role), passphrase)
    click.echo(f"Akun dibuat / account created: {created.info.display_name} ({created.info.id})")
    click.echo("KODE PEMULIHAN / RECOVERY CODE (ditampilkan sekali / shown once):")
    click.echo(f"  {created.recovery_code}")
    click.echo("Tulis di kertas dan simpan di tempat aman / write it down and keep it safe.")


@account.command("list")
@pass_ctx
def account_list(c: Context) -> None:
    """Nama dan peran saja / names and roles only."""
    accounts = c.store.list()
    if not accounts:
        click.echo("Belum ada akun / no accounts yet.")
    for info in accounts:
        mark = " [PELATIHAN / TRAINING]" if info.training else ""
        click.echo(f"{info.display_name}\t{info.role.label('id')} / {info.role.label('en')}{mark}")


@account.command("passwd")
@pass_ctx
def account_passwd(c: Context) -> None:
    """Ganti frasa sandi / change the passphrase."""
    with c.unlock() as session:
        new = read_secret("FIELDCASE_NEW_PASSPHRASE", "Frasa sandi baru / New passphrase", True)
        session.change_passphrase(new)
    click.echo("Frasa sandi diganti / passphrase changed.")


@account.command("recover")
@pass_ctx
def account_recover(c: Context) -> None:
    """Buka dengan kode pemulihan lalu tetapkan frasa sandi baru / recover an account."""
    info = c.store.find(c.account_name())
    code = read_secret("FIELDCASE_RECOVERY_CODE", "Kode pemulihan / Recovery code")
    with c.store.unlock_with_recovery(info.id, code) as session:
        new = read_secret("FIELDCASE_NEW_PASSPHRASE", "Frasa sandi baru / New passphrase", True)
        new_code = session.change_passphrase(new)
    click.echo("Frasa sandi baru disimpan / new passphrase saved.")
    if new_code:
        click.echo("KODE PEMULIHAN BARU / NEW RECOVERY CODE (ditampilkan sekali / shown once):")
        click.echo(f"  {new_code}")


# ------------------------------------------------------------------- cases


@cli.group()
def case() -> None:
    """Kasus / cases."""


@case.command("new")
@click.option("--json", "json_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def case_new(c: Context, json_file: Path) -> None:
    """Kasus baru dari berkas JSON {isian: nilai} / new case from a JSON file."""
    try:
        fields = json.loads(json_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput(
            f"Berkas {json_file.name} tidak dapat dibaca sebagai JSON.",
            f"File {json_file.name} cannot be read as JSON.",
        ) from None
    if not isinstance(fields, dict) or not fields:
        raise InvalidInput(
            "JSON harus berupa objek {nama_isian: nilai} yang tidak kosong.",
            "The JSON must be a non-empty object {field_name: value}.",
        )
    with c.unlock() as session:
        case_id = session.cases.create_case(fields)
    click.echo(case_id)


@case.command("show")
@click.argument("case_id")
@pass_ctx
def case_show(c: Context, case_id: str) -> None:
    """Tampilkan satu kasus (dicatat) / show one case (logged as a view)."""
    with c.unlock() as session:
        fields = session.view_case(case_id)
    click.echo(json.dumps(fields, ensure_ascii=False, indent=2, sort_keys=True))


@case.command("list")
@click.option("--limit", default=50, show_default=True)
@pass_ctx
def case_list(c: Context, limit: int) -> None:
    """Daftar kasus (tanpa identitas) / list cases (no identities)."""
    with c.unlock() as session:
        rows = session.cases.page(0, limit)
        total = session.cases.count()
    for r in rows:
        mark = "\t[PELATIHAN]" if r.training else ""
        click.echo(
            f"{r.id}\t{r.stage or '-'}\t{r.status or '-'}\t{r.region or '-'}\t{r.risk or '-'}{mark}"
        )
    click.echo(f"{len(rows)} / {total} kasus / cases")


@case.command("search")
@click.argument("text")
@pass_ctx
def case_search(c: Context, text: str) -> None:
    """Cari nama, alias, catatan, kronologi / search names, aliases, notes, narratives.

    TEXT "-" reads the search text from standard input, so a child's name need
    not appear on the command line (visible to other users in the process list).
    """
    if text == "-":
        text = sys.stdin.readline().strip()
    with c.unlock() as session:
        ids = session.cases.search(text)
        rows = session.cases.summaries(ids)
    for r in rows:
        click.echo(f"{r.id}\t{r.stage or '-'}\t{r.region or '-'}")
    click.echo(f"{len(rows)} kasus ditemukan / cases found")


# ------------------------------------------------------------ audit, vault


@cli.group()
def audit() -> None:
    """Log audit / audit log."""


@audit.command("verify")
@pass_ctx
def audit_verify(c: Context) -> None:
    """Periksa rantai hash / check the hash chain."""
    with c.unlock() as session:
        report = session.verify_audit()
    if report.ok:
        click.echo(f"OK: {report.entries} entri utuh / entries intact")
        return
    click.echo(
        f"RUSAK / BROKEN: entri pertama yang rusak / first broken entry: #{report.first_broken_seq}"
        f" ({report.reason})",
        err=True,
    )
    sys.exit(2)


@cli.group()
def vault() -> None:
    """Pemeliharaan brankas / vault maintenance."""


@vault.command("check")
@pass_ctx
def vault_check(c: Context) -> None:
    """Periksa setiap halaman brankas / check every page of the vault."""
    try:
        with c.unlock() as session:
            problems = session.check_integrity()
    except VaultDamaged:
        problems = ["unreadable"]
    if not problems:
        click.echo("OK: brankas utuh / vault intact")
        return
    click.echo(
        f"RUSAK / DAMAGED: {len(problems)} masalah ditemukan; jangan hapus berkasnya, hubungi "
        f"admin tim. / {len(problems)} problems found; do not delete the file, contact your "
        "team admin.",
        err=True,
    )
    sys.exit(2)


@vault.command("rebuild")
@pass_ctx
def vault_rebuild(c: Context) -> None:
    """Hitung ulang tampilan dari log perubahan / recompute the view from the change log."""
    with c.unlock() as session:
        before = session.cases.derived_snapshot()
        count = session.cases.rebuild()
        same = before == session.cases.derived_snapshot()
    click.echo(f"{count} perubahan diproses / changes replayed")
    click.echo(
        "Tampilan sama dengan sebelumnya / view unchanged"
        if same
        else "Tampilan diperbaiki / view repaired"
    )


# ------------------------------------------------------------------- forms
# Laptop-level admin commands: custom forms are not case data (no vault, no
# passphrase); docs/cli.md says an admin runs them.


@cli.group()
def form() -> None:
    """Formulir khusus laptop ini (admin) / this laptop's custom forms (admin)."""


@form.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stage", required=True, help="Id tahap / stage id ('fieldcase form list').")
@pass_ctx
def form_add(c: Context, file: Path, stage: str) -> None:
    """Periksa lalu pakai formulir .xlsx untuk satu tahap / check and use an .xlsx form."""
    from fieldcase.forms.custom import CustomForms

    entry = CustomForms(c.data_dir).add(file, stage)
    kind = (
        f"menggantikan / replaces '{entry.replaces}'"
        if entry.replaces
        else "formulir tambahan / added form"
    )
    click.echo(
        f"Formulir diterima / form accepted: {entry.form_id} v{entry.version} "
        f"({entry.stage}; {kind})"
    )


@form.command("list")
@pass_ctx
def form_list(c: Context) -> None:
    """Formulir setiap tahap, bawaan atau khusus / each stage's forms, built-in or custom."""
    from fieldcase.forms.custom import CustomForms

    registry = CustomForms(c.data_dir)
    for stage in registry.procedure.stages:
        for form_id in registry.stage_form_ids(stage.id):
            entry = registry.get(form_id)
            if entry is None:
                click.echo(f"{stage.id}\t{form_id}\tbawaan / built-in")
            else:
                click.echo(
                    f"{stage.id}\t{form_id}\tkhusus / custom v{entry.version} "
                    f"({entry.source_name}, {entry.added_at})"
                )


@form.command("remove")
@click.argument("form_id")
@pass_ctx
def form_remove(c: Context, form_id: str) -> None:
    """Berhenti memakai formulir khusus / stop using a custom form."""
    from fieldcase.forms.custom import CustomForms

    entry = CustomForms(c.data_dir).remove(form_id)
    if entry.replaces:
        click.echo(
            f"Formulir khusus dihapus; tahap {entry.stage} memakai formulir bawaan lagi. / "
            f"Custom form removed; stage {entry.stage} uses the built-in form again."
        )
    else:
        click.echo(
            f"Formulir khusus dihapus dari tahap {entry.stage}; data kasus yang sudah diisi "
            f"tetap tersimpan. / Custom form removed from stage {entry.stage}; case data "
            "already filled in is kept."
        )


# -------------------------------------------------------------------- demo


@cli.command("demo")
@click.option("--cases", "count", default=200, show_default=True, type=click.IntRange(0, 200_000))
@click.option("--name", default="Pelatihan", show_default=True, help="Nama akun / account name.")
@pass_ctx
def demo(c: Context, count: int, name: str) -> None:
    """Akun pelatihan dengan kasus fiktif / a training account with fictional cases."""
    from fieldcase.core.demo import demo_cases

    passphrase = read_secret("FIELDCASE_PASSPHRASE", "Frasa sandi baru / New passphrase", True)
    created = c.store.create(name, Role.PENDAMPING, passphrase, training=True)
    with c.store.unlock(created.info.id, passphrase) as session:
        batch: list[dict[str, Any]] = []
        for fields in demo_cases(count):
            batch.append(fields)
            if len(batch) == 1000:
                session.cases.create_cases(batch)
                batch = []
        if batch:
            session.cases.create_cases(batch)
    click.echo(
        f"Akun pelatihan / training account '{name}': {count} kasus fiktif / fictional cases"
    )
    click.echo(f"Kode pemulihan / recovery code: {created.recovery_code}")


def _register_subcommands() -> None:
    """Command groups that live in their own modules (sync, reports)."""
    from fieldcase.cli_reports import register as register_reports
    from fieldcase.cli_sync import register as register_sync

    if "team" not in cli.commands:
        register_sync(cli)
    if "report" not in cli.commands:
        register_reports(cli)


_register_subcommands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and turns every error into one clear line."""
    run: Callable[..., Any] = cli.main
    try:
        run(args=argv, prog_name="fieldcase", standalone_mode=False)
    except FieldcaseError as error:
        fail(error)
    except click.exceptions.Abort:
        click.echo("Dibatalkan / cancelled.", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.UsageError as error:
        # Click's own text is English and several lines: one bilingual line instead.
        detail = " ".join(error.format_message().split())
        click.echo(
            f"Galat / Error: Perintah tidak sah ({detail}); lihat 'fieldcase --help'. / "
            f"Invalid command ({detail}); see 'fieldcase --help'.",
            err=True,
        )
        sys.exit(2)
    except click.ClickException as error:
        detail = " ".join(error.format_message().split())
        click.echo(f"Galat / Error: perintah gagal / command failed: {detail}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug: never print its text (it might hold case data)
        log.error("unexpected error type=%s", type(error).__name__)
        click.echo(
            f"Galat tak terduga ({type(error).__name__}); rincian ada di log. "
            "Data tersimpan aman. / "
            f"Unexpected error ({type(error).__name__}); details are in the log. "
            "Saved data is safe.",
            err=True,
        )
        sys.exit(EXIT_BUG)
    sys.exit(0)

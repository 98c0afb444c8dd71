"""``fieldcase team …`` and ``fieldcase sync …``: teams, enrolment files and the transports.

Wired into the main command with :func:`register`. Like every command,
secrets come from the terminal or the environment, errors are one bilingual
line (the main entry point prints :class:`FieldcaseError`), and output
carries ids and counts only, never case content.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from fieldcase.core.errors import InvalidInput
from fieldcase.sync import bundlefile, team
from fieldcase.sync.folder import ExchangeFolder, write_atomic
from fieldcase.sync.relay import RelayClient
from fieldcase.sync.transport import SyncReport, sync

_FILE = click.Path(dir_okay=False, path_type=Path)


def _report(report: SyncReport) -> None:
    click.echo(
        f"Terkirim / sent: {report.sent_changes} perubahan / changes; "
        f"diterapkan / applied: {report.applied}; ditolak / rejected: {report.rejected}"
    )
    for item in report.imports:
        for name, error in item.rejected:
            click.echo(f"  {name}: {error.message('id')} / {error.message('en')}", err=True)
        if item.quarantined:
            click.echo(
                f"  Karantina / quarantined (jam terlalu maju / clock too far ahead): "
                f"{item.quarantined}"
            )


def register(cli: click.Group) -> None:
    """Add the ``team`` and ``sync`` groups to the main command."""

    @cli.group("team")
    def team_group() -> None:
        """Tim, pendaftaran, pencabutan / teams, enrolment, revocation."""

    @team_group.command("create")
    @click.option("--name", required=True, help="Nama tim / team name.")
    @click.option("--region", required=True, help="Wilayah / region.")
    @click.option(
        "--recovery-out",
        required=True,
        type=_FILE,
        help="Berkas kunci pemulihan untuk kantor / recovery key file for the office.",
    )
    @click.pass_obj
    def team_create(c: Any, name: str, region: str, recovery_out: Path) -> None:
        """Buat tim (supervisor) / create a team (supervisor)."""
        with c.unlock() as session:
            created = team.create_team(session, name, region)
            fp = team.fingerprint(team.load(session).team.team_public)
        write_atomic(recovery_out, (created.recovery_private + "\n").encode())
        click.echo(f"Tim dibuat / team created: {created.team_id}")
        click.echo(f"Sidik kunci tim / team key fingerprint: {fp}")
        click.echo(
            f"Kunci pemulihan ditulis SEKALI ke / recovery key written ONCE to: {recovery_out}"
        )

    @team_group.command("enrol-request")
    @click.option("--out", required=True, type=_FILE)
    @click.pass_obj
    def team_enrol_request(c: Any, out: Path) -> None:
        """Berkas permintaan pendaftaran / write an enrolment request file."""
        with c.unlock() as session:
            write_atomic(out, team.make_request(session))
        click.echo(f"Permintaan ditulis / request written: {out}")

    @team_group.command("enrol-answer")
    @click.argument("request", type=_FILE)
    @click.option("--out", required=True, type=_FILE)
    @click.pass_obj
    def team_enrol_answer(c: Any, request: Path, out: Path) -> None:
        """Jawab permintaan (supervisor) / answer a request (supervisor)."""
        with c.unlock() as session:
            write_atomic(out, team.answer_request(session, bundlefile.read_file(request)))
        click.echo(f"Jawaban ditulis / answer written: {out}")

    @team_group.command("enrol-accept")
    @click.argument("answer", type=_FILE)
    @click.pass_obj
    def team_enrol_accept(c: Any, answer: Path) -> None:
        """Terima jawaban pendaftaran / accept an enrolment answer."""
        with c.unlock() as session:
            team_id = team.accept_answer(session, bundlefile.read_file(answer))
            fp = team.fingerprint(team.load(session).team.team_public)
        click.echo(f"Bergabung dengan tim / joined team {team_id}")
        click.echo(f"Cocokkan sidik kunci dengan supervisor / check the fingerprint: {fp}")

    @team_group.command("revoke")
    @click.argument("account_id")
    @click.pass_obj
    def team_revoke(c: Any, account_id: str) -> None:
        """Cabut anggota, kunci baru untuk yang lain / revoke a member, rotate the key."""
        with c.unlock() as session:
            epoch = team.revoke(session, account_id)
        click.echo(f"Dicabut / revoked: {account_id}; periode kunci baru / new epoch {epoch}")

    @team_group.command("show")
    @click.pass_obj
    def team_show(c: Any) -> None:
        """Tim, periode kunci dan anggota / team, key epoch and members."""
        with c.unlock() as session:
            ctx = team.load(session)
        t = ctx.team
        click.echo(f"{t.name} ({t.region}) {t.team_id}")
        click.echo(f"periode / epoch {t.epoch}; daftar / roster v{ctx.roster.version}")
        click.echo(f"sidik / fingerprint: {team.fingerprint(t.team_public)}")
        for m in ctx.roster.members:
            state = f"DICABUT / REVOKED {m.revoked_at}" if m.revoked else "aktif / active"
            click.echo(f"  {m.account_id}\t{m.role}\t{state}")

    @cli.group("sync")
    def sync_group() -> None:
        """Sinkronisasi / sync: berkas, folder, server."""

    @sync_group.command("export")
    @click.option("--out", required=True, type=_FILE)
    @click.option("--since", help="Sejak tanggal / since date (YYYY-MM-DD, UTC).")
    @click.option("--case", "case_ids", multiple=True, help="Id kasus / case id (repeatable).")
    @click.pass_obj
    def sync_export(c: Any, out: Path, since: str | None, case_ids: tuple[str, ...]) -> None:
        """Ekspor bundel .fcbundle / export a bundle."""
        since_hlc = ""
        if since:
            try:
                day = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=UTC)
            except ValueError:
                raise InvalidInput(
                    "Tanggal harus YYYY-MM-DD.", "The date must be YYYY-MM-DD."
                ) from None
            since_hlc = bundlefile.since_date_hlc(int(day.timestamp() * 1000))
        with c.unlock() as session:
            data, count = bundlefile.export_bundle(
                session, since_hlc=since_hlc, case_ids=list(case_ids) or None
            )
        write_atomic(out, data)
        click.echo(f"Diekspor / exported: {count} perubahan / changes -> {out}")

    @sync_group.command("import")
    @click.argument("file", type=_FILE)
    @click.pass_obj
    def sync_import(c: Any, file: Path) -> None:
        """Impor bundel (semua atau tidak sama sekali) / import a bundle (all or nothing)."""
        with c.unlock() as session:
            report = bundlefile.import_bundle(session, bundlefile.read_file(file))
        _report(SyncReport(imports=[report]))

    @sync_group.command("folder")
    @click.argument("path", type=click.Path(file_okay=False, path_type=Path))
    @click.pass_obj
    def sync_folder(c: Any, path: Path) -> None:
        """Sinkron lewat folder pertukaran / sync through an exchange folder."""
        with c.unlock() as session:
            ctx = team.load(session)
            report = sync(session, ExchangeFolder(path, ctx.team.team_id, session.account_id))
        _report(report)

    @sync_group.command("server")
    @click.argument("url")
    @click.pass_obj
    def sync_server(c: Any, url: str) -> None:
        """Sinkron lewat server relay / sync through the relay server."""
        with c.unlock() as session:
            ctx = team.load(session)
            signing, _ = session.identity_keys()
            client = RelayClient(url, ctx.team.team_id, session.account_id, signing)
            try:
                upload_roster(session, client)
                report = sync(session, client)
            finally:
                client.close()
        _report(report)


def upload_roster(session: Any, client: RelayClient) -> None:
    """Supervisors holding the team key publish the roster before syncing.

    The server's roster (docs/sync-protocol.md) has exactly the protocol's
    fields, so it is its own document, signed by the team key at upload time
    from the vault's full roster (same version, same members).
    """
    ctx = team.load(session)
    if ctx.team.team_private is None:
        return
    text, signature = team.server_roster(ctx)
    client.put_roster(text, signature)

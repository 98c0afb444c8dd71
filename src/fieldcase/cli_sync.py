"""``fieldcase team …`` and ``fieldcase sync …``: teams, enrolment files and the transports.

Wired into the main command with :func:`register`. Like every command,
secrets come from the terminal or the environment, errors are one bilingual
line (the main entry point prints :class:`FieldcaseError`), and output
carries ids and counts only, never case content.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from fieldcase.core.errors import InvalidInput
from fieldcase.crypto import encode_key
from fieldcase.sync.enrolterms import DEFAULT_OPEN_DAYS, MAX_OPEN_DAYS

# The sync machinery is imported by the commands that use it: `fieldcase` with no
# command starts the desktop app, whose sign-in window must appear fast.
if TYPE_CHECKING:
    from fieldcase.sync.relay import RelayClient
    from fieldcase.sync.transport import SyncReport

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
        from fieldcase.sync import team
        from fieldcase.sync.folder import write_atomic

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
    @click.option("--out", type=_FILE, help="Berkas permintaan / request file (USB).")
    @click.option("--server", help="URL server relay / relay server URL.")
    @click.option("--team", "team_id", help="Id tim (dengan --server) / team id (with --server).")
    @click.pass_obj
    def team_enrol_request(
        c: Any, out: Path | None, server: str | None, team_id: str | None
    ) -> None:
        """Minta bergabung: berkas atau server / ask to join: a file or the server."""
        from fieldcase.sync import enrolserver, team
        from fieldcase.sync.folder import write_atomic

        if (out is None) == (server is None) or (server is not None) != (team_id is not None):
            raise InvalidInput(
                "Pakai --out BERKAS, atau --server URL dengan --team ID_TIM.",
                "Use --out FILE, or --server URL with --team TEAM_ID.",
            )
        with c.unlock() as session:
            if out is not None:
                request = team.make_request(session)
                write_atomic(out, request)
                fp = team.read_request(request).fingerprint
                click.echo(f"Permintaan ditulis / request written: {out}")
                click.echo(f"Sidik permintaan / request fingerprint: {fp}")
                return
            assert server is not None and team_id is not None
            client = enrolserver.client_for(session, server, team_id)
            try:
                posted = enrolserver.post_request(session, client)
            finally:
                client.close()
        click.echo(f"Permintaan dikirim ke server / request posted for team {posted.team_id}")
        click.echo(f"Sidik kunci tim / team key fingerprint: {posted.team_fingerprint}")
        click.echo(f"Sidik permintaan / request fingerprint: {posted.request_fingerprint}")
        click.echo(
            "Bacakan kedua sidik ke supervisor lewat telepon / read both fingerprints to "
            "your supervisor by phone."
        )

    @team_group.command("enrol-open")
    @click.option("--server", required=True, help="URL server relay / relay server URL.")
    @click.option(
        "--days",
        type=click.IntRange(1, MAX_OPEN_DAYS),
        default=DEFAULT_OPEN_DAYS,
        show_default=True,
        help="Berapa hari dibuka / days open.",
    )
    @click.pass_obj
    def team_enrol_open(c: Any, server: str, days: int) -> None:
        """Buka pendaftaran lewat server (supervisor) / open enrolment on the server."""
        from fieldcase.sync import enrolserver, team

        with c.unlock() as session:
            client = enrolserver.client_for(session, server)
            try:
                until = enrolserver.open_enrolment(session, client, days)
            finally:
                client.close()
            ctx = team.load(session)
        click.echo(f"Pendaftaran dibuka sampai / enrolment open until {until}")
        click.echo(f"Id tim / team id: {ctx.team.team_id}")
        fp = team.fingerprint(ctx.team.team_public)
        click.echo(f"Sidik kunci tim / team key fingerprint: {fp}")

    @team_group.command("enrol-pending")
    @click.option("--server", required=True, help="URL server relay / relay server URL.")
    @click.pass_obj
    def team_enrol_pending(c: Any, server: str) -> None:
        """Permintaan yang menunggu (supervisor) / waiting requests (supervisor)."""
        from fieldcase.sync import enrolserver

        with c.unlock() as session:
            client = enrolserver.client_for(session, server)
            try:
                items = enrolserver.pending(session, client)
            finally:
                client.close()
        if not items:
            click.echo("Tidak ada permintaan / no requests waiting.")
        for item in items:
            if item.request is None:
                click.echo(f"  {item.account_id}\tRUSAK / DAMAGED (tolak / reject)")
                continue
            state = "dijawab / answered" if item.answered else "menunggu / waiting"
            click.echo(
                f"  {item.account_id}\t{item.request.display_name}\t{item.request.role}\t"
                f"{item.fingerprint}\t{state}"
            )

    @team_group.command("enrol-approve")
    @click.argument("account_id")
    @click.option("--server", required=True, help="URL server relay / relay server URL.")
    @click.option(
        "--fingerprint",
        required=True,
        help="Sidik yang dibacakan pemohon / the fingerprint the applicant read out.",
    )
    @click.pass_obj
    def team_enrol_approve(c: Any, account_id: str, server: str, fingerprint: str) -> None:
        """Setujui permintaan dari server (supervisor) / approve a request on the server."""
        from fieldcase.sync import enrolserver

        with c.unlock() as session:
            client = enrolserver.client_for(session, server)
            try:
                enrolserver.approve(session, client, account_id, fingerprint)
            finally:
                client.close()
        click.echo(f"Disetujui / approved: {account_id}")

    @team_group.command("enrol-reject")
    @click.argument("account_id")
    @click.option("--server", required=True, help="URL server relay / relay server URL.")
    @click.pass_obj
    def team_enrol_reject(c: Any, account_id: str, server: str) -> None:
        """Tolak permintaan di server (supervisor) / reject a request on the server."""
        from fieldcase.sync import enrolserver

        with c.unlock() as session:
            client = enrolserver.client_for(session, server)
            try:
                enrolserver.reject(session, client, account_id)
            finally:
                client.close()
        click.echo(f"Ditolak / rejected: {account_id}")

    @team_group.command("enrol-fetch")
    @click.option("--server", required=True, help="URL server relay / relay server URL.")
    @click.option("--team", "team_id", required=True, help="Id tim / team id.")
    @click.pass_obj
    def team_enrol_fetch(c: Any, server: str, team_id: str) -> None:
        """Ambil dan terima jawaban dari server / fetch and accept the answer."""
        from fieldcase.sync import enrolserver, team

        with c.unlock() as session:
            client = enrolserver.client_for(session, server, team_id)
            try:
                joined = enrolserver.fetch_answer(session, client)
            finally:
                client.close()
            fp = team.fingerprint(team.load(session).team.team_public)
        click.echo(f"Bergabung dengan tim / joined team {joined}")
        click.echo(f"Cocokkan sidik kunci dengan supervisor / check the fingerprint: {fp}")

    @team_group.command("enrol-answer")
    @click.argument("request", type=_FILE)
    @click.option("--out", required=True, type=_FILE)
    @click.pass_obj
    def team_enrol_answer(c: Any, request: Path, out: Path) -> None:
        """Jawab permintaan (supervisor) / answer a request (supervisor)."""
        from fieldcase.sync import bundlefile, team
        from fieldcase.sync.folder import write_atomic

        with c.unlock() as session:
            write_atomic(out, team.answer_request(session, bundlefile.read_file(request)))
        click.echo(f"Jawaban ditulis / answer written: {out}")

    @team_group.command("enrol-accept")
    @click.argument("answer", type=_FILE)
    @click.pass_obj
    def team_enrol_accept(c: Any, answer: Path) -> None:
        """Terima jawaban pendaftaran / accept an enrolment answer."""
        from fieldcase.sync import bundlefile, team

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
        from fieldcase.sync import team

        with c.unlock() as session:
            epoch = team.revoke(session, account_id)
        click.echo(f"Dicabut / revoked: {account_id}; periode kunci baru / new epoch {epoch}")

    @team_group.command("show")
    @click.pass_obj
    def team_show(c: Any) -> None:
        """Tim, periode kunci dan anggota / team, key epoch and members."""
        from fieldcase.sync import team

        with c.unlock() as session:
            ctx = team.load(session)
        t = ctx.team
        click.echo(f"{t.name} ({t.region}) {t.team_id}")
        click.echo(f"periode / epoch {t.epoch}; daftar / roster v{ctx.roster.version}")
        click.echo(f"sidik / fingerprint: {team.fingerprint(t.team_public)}")
        # For the relay admin: fieldcase-server team add TEAM_ID TEAM_PUBLIC_KEY.
        click.echo(f"kunci publik tim / team public key: {encode_key(t.team_public)}")
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
        from fieldcase.sync import bundlefile
        from fieldcase.sync.folder import write_atomic

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
        from fieldcase.sync import bundlefile
        from fieldcase.sync.transport import SyncReport

        with c.unlock() as session:
            report = bundlefile.import_bundle(session, bundlefile.read_file(file))
        _report(SyncReport(imports=[report]))

    @sync_group.command("folder")
    @click.argument("path", type=click.Path(file_okay=False, path_type=Path))
    @click.pass_obj
    def sync_folder(c: Any, path: Path) -> None:
        """Sinkron lewat folder pertukaran / sync through an exchange folder."""
        from fieldcase.sync import team
        from fieldcase.sync.folder import ExchangeFolder
        from fieldcase.sync.transport import sync

        with c.unlock() as session:
            ctx = team.load(session)
            report = sync(session, ExchangeFolder(path, ctx.team.team_id, session.account_id))
        _report(report)

    @sync_group.command("server")
    @click.argument("url")
    @click.pass_obj
    def sync_server(c: Any, url: str) -> None:
        """Sinkron lewat server relay / sync through the relay server."""
        from fieldcase.sync import team
        from fieldcase.sync.relay import RelayClient
        from fieldcase.sync.transport import sync

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
    from fieldcase.sync import enrolserver

    enrolserver.publish_roster(session, client)

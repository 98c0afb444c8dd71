"""Bundle files as a transport and as the supervisor's export/import commands.

Import of a bundle is strict: the exporter's signature over the whole file
is checked first (truncation, padding and swapped envelopes fail there),
then every envelope; one bad envelope rejects the whole file, nothing
applied. Importing the same bundle again changes nothing (seen envelope ids,
and changes are idempotent by id).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from pathlib import Path

from fieldcase.sync import bundle, exporter, team
from fieldcase.sync.errors import FileDamaged, SignerNotMember, SignerRevoked, WrongTeam
from fieldcase.sync.folder import write_atomic
from fieldcase.sync.gcpause import without_gc
from fieldcase.sync.importer import ImportReport, Incoming, import_envelopes
from fieldcase.sync.transport import Fetched
from fieldcase.vault.session import Session


def check_bundle(session: Session, data: bytes) -> bundle.Bundle:
    """Parse and authenticate a bundle as a whole (not yet its envelopes)."""
    ctx = team.load(session)
    parsed = bundle.parse(data)
    if parsed.team_id != ctx.team.team_id:
        raise WrongTeam()
    exporter_member = ctx.roster.member(parsed.exporter)
    if exporter_member is None:
        raise SignerNotMember()
    parsed.verify(exporter_member.signing_public)
    if exporter_member.revoked:
        raise SignerRevoked()
    return parsed


@without_gc
def import_bundle(session: Session, data: bytes, now_ms: int | None = None) -> ImportReport:
    parsed = check_bundle(session, data)
    return import_envelopes(
        session,
        [Incoming(e) for e in parsed.envelopes],
        transport=f"bundle:{parsed.exporter}",
        strict=True,
        now_ms=now_ms,
    )


@without_gc
def export_bundle(
    session: Session, *, since_hlc: str = "", case_ids: Iterable[str] | None = None
) -> tuple[bytes, int]:
    return exporter.export_bundle(
        session, team.load(session), since_hlc=since_hlc, case_ids=case_ids
    )


def since_date_hlc(day_ms: int) -> str:
    """The smallest HLC at or after ``day_ms``: exports "since a date" compare HLC strings."""
    return f"{day_ms:013d}"


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise FileDamaged(path.name) from None


class BundleFile:
    """A :class:`Transport` over one bundle file (write on put, read on get)."""

    def __init__(self, path: Path, session: Session) -> None:
        self.path = Path(path)
        self._session = session
        self.key = f"bundle:{self.path.name}"

    def put(self, envelopes: Sequence[tuple[str, bytes]]) -> None:
        ctx = team.load(self._session)
        signing, _ = self._session.identity_keys()
        data = bundle.build(
            ctx.team.team_id,
            self._session.account_id,
            self._session.cases.clock.now(),
            [body for _, body in envelopes],
            signing,
        )
        write_atomic(self.path, data)

    def get(self, after: str, known: Container[str]) -> Fetched:
        parsed = check_bundle(self._session, read_file(self.path))
        return Fetched([Incoming(e) for e in parsed.envelopes], after)

"""Who may take data out of a vault, checked before any case is read.

The issue and PROCEDURE.md ("Consent, assent, confidentiality") make exports a
supervisor's act: the supervisor / case manager answers for what leaves the
team. The team admin is deliberately *not* allowed: that role manages
accounts and forms and has no need for case content, and every extra role
that can export widens the ways data can leak. A case-conference summary
(identifying) is also open to the workers assigned to that case, because they
present it at the conference.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldcase.core.errors import PermissionDenied
from fieldcase.core.roles import Role
from fieldcase.vault.session import Session

#: Roles that may produce de-identified exports, statistics, SIMFONI and budget files.
EXPORT_ROLES: frozenset[Role] = frozenset({Role.SUPERVISOR})


def require_export(session: Session) -> None:
    """Raise :class:`PermissionDenied` unless the signed-in account may export."""
    if session.role not in EXPORT_ROLES:
        raise PermissionDenied(
            "Hanya supervisor yang boleh membuat laporan atau ekspor data. "
            "Minta supervisor tim Anda untuk membuatnya.",
            "Only a supervisor may produce reports or data exports. "
            "Ask your team's supervisor to produce it.",
        )


def assigned_names(fields: Mapping[str, object]) -> set[str]:
    """The workers named in the case's ``petugas`` field (comma or semicolon separated).

    Until teams give cases account ids (sync), assignment is by display name,
    which is what the intake form's ``petugas`` defaults to.
    """
    value = fields.get("petugas")
    if not isinstance(value, str):
        return set()
    return {part.strip().casefold() for part in value.replace(";", ",").split(",") if part.strip()}


def require_conference(session: Session, fields: Mapping[str, object]) -> None:
    """A supervisor, or a worker assigned to this case, may produce its conference summary."""
    if session.role in EXPORT_ROLES:
        return
    if session.account.display_name.strip().casefold() in assigned_names(fields):
        return
    raise PermissionDenied(
        "Ringkasan konferensi kasus hanya untuk supervisor dan pendamping yang ditugaskan "
        "pada kasus ini.",
        "A case-conference summary is only for the supervisor and the workers assigned "
        "to this case.",
    )

"""The roles an account can have (PROCEDURE.md, "Who does what")."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PENDAMPING = "pendamping"
    STAF_RUMAH_AMAN = "staf_rumah_aman"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    def label(self, language: str = "id") -> str:
        """A human label for lists and the sign-in window."""
        return _LABELS[self][1 if language == "en" else 0]


_LABELS: dict[Role, tuple[str, str]] = {
    Role.PENDAMPING: ("Pendamping / penjangkau", "Outreach / case worker"),
    Role.STAF_RUMAH_AMAN: ("Staf rumah aman", "Shelter staff"),
    Role.SUPERVISOR: ("Supervisor / manajer kasus", "Supervisor / case manager"),
    Role.ADMIN: ("Admin tim", "Team administrator"),
}

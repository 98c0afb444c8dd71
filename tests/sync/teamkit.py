"""Building teams of unlocked vaults for sync tests (cheap KDF, one data dir each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import PASSPHRASE, cheap_kdf

from fieldcase.core.roles import Role
from fieldcase.sync import bundlefile, team
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session


@dataclass
class Team:
    sessions: list[Session]
    team_id: str
    recovery_private: str
    stores: list[AccountStore] = field(default_factory=list)

    @property
    def supervisor(self) -> Session:
        return self.sessions[0]

    def close(self) -> None:
        for s in self.sessions:
            if not s.locked:
                s.lock()


def new_account(store: AccountStore, name: str, role: Role) -> Session:
    created = store.create(name, role, PASSPHRASE)
    return store.unlock(created.info.id, PASSPHRASE)


def enrol(supervisor: Session, member: Session) -> None:
    answer = team.answer_request(supervisor, team.make_request(member))
    team.accept_answer(member, answer)


def make_team(
    root: Path, members: int, *, one_laptop: bool = False, distribute: bool = True
) -> Team:
    """A supervisor plus ``members`` case workers, each in its own data dir
    ("laptop") unless ``one_laptop``."""
    stores: list[AccountStore] = []

    def store_for(i: int) -> AccountStore:
        folder = root / ("laptop" if one_laptop else f"laptop{i}")
        folder.mkdir(parents=True, exist_ok=True)
        s = AccountStore(folder, kdf_params=cheap_kdf)
        stores.append(s)
        return s

    boss = new_account(store_for(0), "Sri Supervisor", Role.SUPERVISOR)
    created = team.create_team(boss, "UPTD PPA Mataram", "NTB")
    sessions = [boss]
    for i in range(1, members + 1):
        worker = new_account(store_for(i), f"Pendamping {i}", Role.PENDAMPING)
        enrol(boss, worker)
        sessions.append(worker)
    if distribute:
        # The supervisor hands the final roster to everyone (as on enrolment day).
        roster_bundle, _ = bundlefile.export_bundle(boss, case_ids=[])
        for worker in sessions[1:]:
            bundlefile.import_bundle(worker, roster_bundle)
    return Team(sessions, created.team_id, created.recovery_private, stores)

"""The training sandbox: a separate data folder full of fictional cases.

New staff practise on the real app without touching real vaults: the
sandbox lives in its own folder (``<data dir>/training``), holds a case
worker's and a supervisor's training account with one published passphrase
(the cases are fiction, so the passphrase protects nothing) and is marked
*PELATIHAN / TRAINING* on every window.
"""

from __future__ import annotations

from pathlib import Path

from fieldcase.core.demo_services import demo_cases_with_services
from fieldcase.core.roles import Role
from fieldcase.vault.accounts import AccountStore

TRAINING_FOLDER = "training"
TRAINING_ACCOUNT = "Pelatihan"
#: A supervisor in the sandbox too, to practise approvals, the dashboard and exports.
TRAINING_SUPERVISOR = "Pelatihan Supervisor"
#: Printed on the sign-in window of the sandbox; protects only fiction.
TRAINING_PASSPHRASE = "latihan fieldcase 2026"  # noqa: S105
TRAINING_CASES = 200


def training_dir(data_dir: Path) -> Path:
    return data_dir / TRAINING_FOLDER


def prepare_sandbox(data_dir: Path, cases: int = TRAINING_CASES) -> Path:
    """The sandbox folder, created and filled on first use; returns its path."""
    folder = training_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    store = AccountStore(folder)
    if store.list():
        return folder
    # Fictional cases with referral records, so the sandbox shows services,
    # deadlines met and missed, and medians (not only intake data).
    batch = list(demo_cases_with_services(cases))
    for name, role in (
        (TRAINING_ACCOUNT, Role.PENDAMPING),
        (TRAINING_SUPERVISOR, Role.SUPERVISOR),
    ):
        created = store.create(name, role, TRAINING_PASSPHRASE, training=True)
        with store.unlock(created.info.id, TRAINING_PASSPHRASE) as session:
            for start in range(0, len(batch), 1000):
                session.cases.create_cases(batch[start : start + 1000])
    return folder

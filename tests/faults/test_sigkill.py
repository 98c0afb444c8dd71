"""SIGKILL at random moments while a real process writes: the vault stays consistent.

A child process (forked by ``sigkill_worker.py``, which imports fieldcase once;
the real AccountStore with a cheap KDF) keeps writing; the test kills it with
SIGKILL after a seeded random delay, checks what it left, and the next child
carries on in the same vault. After every
kill: SQLite's integrity check passes, every case is whole or absent (its
fields, its changes and its audit entries all agree), the audit chain
verifies, the account's change sequence is gap-free, and ``rebuild()``
reproduces the stored view exactly.

Account creation and passphrase changes are killed too: afterwards the account
is either not there (its name free again) or fully usable, with the old or the
new passphrase.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.faults.sigkill_worker import case_fields, edit_fields

from fieldcase.core.errors import WrongPassphrase
from fieldcase.core.roles import Role
from fieldcase.vault import accountfile
from fieldcase.vault.accounts import AccountStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]

WORKER = Path(__file__).with_name("sigkill_worker.py")
WRITE_RUNS = 50
MAX_DELAY_S = 0.1
OTHER_PASSPHRASE = "hujan sore di Ambon 42"
TIMEOUT_S = 30.0
CREATE_RUNS = 10
PASSWD_RUNS = 10


class Workers:
    """The worker server (one subprocess) and the one child it runs at a time."""

    def __init__(self, stderr_path: Path) -> None:
        self._stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._buffer = b""
        self._pending: list[str] = []
        self._wait_for("loaded")

    def _fail(self, message: str) -> None:
        self.close()
        stderr = self._stderr_path.read_text(errors="replace")
        pytest.fail(f"{message}; worker stderr:\n{stderr}")

    def _read_line(self, deadline: float) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            readable, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not readable:
                self._fail(f"no answer from the worker within {TIMEOUT_S} s")
            chunk = os.read(fd, 4096)
            if not chunk:
                self._fail("the worker server ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def _wait_for(self, wanted: str) -> str:
        """The next line equal to ``wanted``, or starting with it if it ends in a space."""

        def matches(line: str) -> bool:
            return line.startswith(wanted) if wanted.endswith(" ") else line == wanted

        for i, line in enumerate(self._pending):
            if matches(line):
                return self._pending.pop(i)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            line = self._read_line(deadline)
            if matches(line):
                return line
            self._pending.append(line)

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def start(self, wait_until_ready: bool = True, **job: Any) -> int:
        """Fork a child for ``job``; returns its pid (once it is ready, if asked)."""
        self._send(json.dumps(job))
        pid = int(self._wait_for("forked ").split()[1])
        if wait_until_ready:
            self._wait_for(f"{pid} ready")
        return pid

    def _exited(self, pid: int) -> int:
        status = int(self._wait_for(f"exited {pid} ").split()[2])
        self._pending = [line for line in self._pending if not line.startswith(f"{pid} ")]
        return status

    def kill(self, pid: int) -> int:
        """SIGKILL the child (sent by its parent, the server); returns its wait status."""
        self._send("kill")
        return self._exited(pid)

    def finish(self, pid: int) -> float:
        """Let the child's job complete; returns how long that took after ``ready``."""
        start = time.monotonic()
        self._wait_for(f"{pid} done")
        elapsed = time.monotonic() - start
        self._send("wait")
        status = self._exited(pid)
        if os.waitstatus_to_exitcode(status) != 0:
            self._fail(f"child {pid} failed with status {status}")
        return elapsed

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()  # the server ends when its input does
            try:
                self.proc.wait(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()
        self._stderr.close()


def _killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    server = Workers(tmp_path / "worker-stderr.txt")
    yield server
    server.close()


# ------------------------------------------------------------------- checks


def _check_vault(store: AccountStore, account_id: str) -> int:
    """Everything a crash must not break; returns the number of cases."""
    with store.unlock(account_id, PASSPHRASE) as session:
        db = session.db
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        report = session.verify_audit()
        assert report.ok, report

        live: dict[str, dict[str, Any]] = defaultdict(dict)
        tombstones: dict[str, set[str]] = defaultdict(set)
        for case_id, path, value, deleted in db.execute(
            "SELECT case_id, path, value, deleted FROM field_state"
        ):
            if deleted:
                tombstones[case_id].add(path)
            else:
                live[case_id][path] = json.loads(value)
        case_ids = [row[0] for row in db.execute("SELECT id FROM cases")]
        assert set(live) == set(case_ids)
        # Batches are all or nothing: the numbers are exactly 0..n-1.
        assert sorted(fields["nomor"] for fields in live.values()) == list(range(len(case_ids)))

        changes = dict(db.execute("SELECT case_id, count(*) FROM changes GROUP BY case_id"))
        audited = Counter(
            {
                (action, case_id): count
                for action, case_id, count in db.execute(
                    "SELECT action, case_id, count(*) FROM audit"
                    " WHERE action IN ('create', 'edit') GROUP BY action, case_id"
                )
            }
        )
        for case_id in case_ids:
            fields = live[case_id]
            n, k = fields["nomor"], fields.get("jumlah_edit", 0)
            expected = case_fields(n)
            if k:
                del expected["sementara"]
                expected.update(edit_fields(n, k))
            assert fields == expected, f"case {n} is not whole"
            assert tombstones[case_id] == ({"sementara"} if k else set())
            assert changes[case_id] == 1 + k
            assert audited[("create", case_id)] == 1
            assert audited[("edit", case_id)] == k
        assert set(changes) == set(case_ids)

        seqs = [
            row[0]
            for row in db.execute(
                "SELECT seq FROM changes WHERE account_id = ? ORDER BY seq", [account_id]
            )
        ]
        assert seqs == list(range(1, len(seqs) + 1))
        last_seq = db.execute(
            "SELECT last_seq FROM sequences WHERE account_id = ?", [account_id]
        ).fetchone()
        assert (last_seq[0] if last_seq else 0) == len(seqs)

        before = session.cases.derived_snapshot()
        assert session.cases.rebuild() == len(seqs)
        assert session.cases.derived_snapshot() == before
        return len(case_ids)


# ------------------------------------------------------------------- writes


def test_sigkill_during_writes_leaves_a_consistent_vault(
    store: AccountStore, data_dir: Path, workers: Workers
) -> None:
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    rng = random.Random(20260611)
    counts = []
    for run in range(WRITE_RUNS):
        during_unlock = run % 10 == 9  # now and then: killed while it opens the vault
        pid = workers.start(
            wait_until_ready=not during_unlock,
            mode="write",
            data_dir=str(data_dir),
            account_id=account_id,
            seed=rng.randrange(2**32),
            passphrase=PASSPHRASE,
        )
        time.sleep(rng.uniform(0, 0.01 if during_unlock else MAX_DELAY_S))
        status = workers.kill(pid)
        assert _killed(status), f"the writer had stopped on its own: status {status}"
        counts.append(_check_vault(store, account_id))
    assert counts == sorted(counts)  # nothing committed is ever lost
    assert counts[-1] >= WRITE_RUNS  # and the children really did write


# --------------------------------------------------------- account creation


def test_sigkill_during_account_creation(data_dir: Path, workers: Workers) -> None:
    store = AccountStore(data_dir, kdf_params=cheap_kdf)
    rng = random.Random(424242)

    def create(name: str) -> int:
        return workers.start(
            mode="create", data_dir=str(data_dir), name=name, passphrase=PASSPHRASE
        )

    duration = max(workers.finish(create(f"Pengukur Waktu {i}")) for i in range(3))
    outcomes: Counter[str] = Counter()
    for run in range(CREATE_RUNS):
        name = f"Akun Uji {run}"
        pid = create(name)
        time.sleep(rng.uniform(0.2, 1.5) * duration)  # account.json is written last
        workers.kill(pid)

        for folder in store.root.iterdir():  # no half-written account file anywhere
            if (folder / accountfile.FILE_NAME).exists():
                accountfile.load(folder / accountfile.FILE_NAME)
        listed = {info.display_name: info.id for info in store.list()}
        if name in listed:
            outcomes["created"] += 1
            with store.unlock(listed[name], PASSPHRASE) as session:
                assert session.verify_audit().ok
                assert session.identity_keys()  # the keys made at creation are there
                actions = [e.action for e in reversed(session.audit.entries())]
                assert actions == ["account_created", "unlock"]
        else:
            outcomes["absent"] += 1
            # Not there, and nothing stands in the way of creating it again.
            created = store.create(name, Role.PENDAMPING, PASSPHRASE)
            with store.unlock(created.info.id, PASSPHRASE) as session:
                assert session.verify_audit().ok
    assert sum(outcomes.values()) == CREATE_RUNS


# --------------------------------------------------------- passphrase change


def test_sigkill_during_passphrase_change(data_dir: Path, workers: Workers) -> None:
    # A clock that jumps an hour per reading: the test's own wrong guesses never
    # start a delay.
    hours = itertools.count(1_780_000_000, 3600)
    store = AccountStore(data_dir, kdf_params=cheap_kdf, clock=lambda: float(next(hours)))
    account_id = store.create("Ani Pendamping", Role.PENDAMPING, PASSPHRASE).info.id
    with store.unlock(account_id, PASSPHRASE) as session:
        case_id = session.cases.create_case({"nama": "Anak", "catatan": "tetap"})
    rng = random.Random(777)

    def change(old: str, new: str) -> int:
        return workers.start(
            mode="passwd",
            data_dir=str(data_dir),
            account_id=account_id,
            passphrase=old,
            new_passphrase=new,
        )

    duration = workers.finish(change(PASSPHRASE, OTHER_PASSPHRASE))
    current = OTHER_PASSPHRASE
    outcomes: Counter[str] = Counter()
    for _ in range(PASSWD_RUNS):
        new = PASSPHRASE if current == OTHER_PASSPHRASE else OTHER_PASSPHRASE
        pid = change(current, new)
        time.sleep(rng.uniform(0.2, 1.3) * duration)  # the new slot is written near the end
        workers.kill(pid)

        opened_with = None
        for candidate in (new, current):
            try:
                session = store.unlock(account_id, candidate)
            except WrongPassphrase:
                continue
            with session:
                assert session.cases.read(case_id) == {"nama": "Anak", "catatan": "tetap"}
                assert session.verify_audit().ok
                assert session.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            opened_with = candidate
            break
        assert opened_with is not None, "neither the old nor the new passphrase opens it"
        other = current if opened_with == new else new
        with pytest.raises(WrongPassphrase):
            store.unlock(account_id, other)
        outcomes["new" if opened_with == new else "old"] += 1
        current = opened_with
    assert sum(outcomes.values()) == PASSWD_RUNS

"""Worker process for test_sigkill.py: writes to a real vault until it is killed.

Run as ``python sigkill_worker.py`` (POSIX only). It imports fieldcase once,
prints ``loaded``, then serves commands read from stdin, one per line, so that
each killed writer starts in milliseconds instead of re-importing everything:

- a JSON job: fork one child that runs it; print ``forked PID``. The child
  prints ``PID ready`` once the vault is open (for ``create`` and ``passwd``:
  right before the operation) and ``PID done`` if it ever finishes.
- ``kill``: SIGKILL the current child, reap it, print ``exited PID STATUS``.
- ``wait``: reap the current child when it ends, print ``exited PID STATUS``.
- end of input: SIGKILL and reap the current child, if any, then exit.

This process is the children's parent, so it only ever signals a child it has
not reaped yet (its pid cannot have been reused). Secrets come in the job
line, never in argv.

Jobs (``mode`` plus ``data_dir`` and ``passphrase``):
- ``write`` (``account_id``, ``seed``): unlock, then forever a seeded mix of
  create_case, create_cases (batches), save() edits and audited views, with
  an occasional lock and re-unlock. Case ``n`` (its ``nomor``) always has
  the fields :func:`case_fields` gives; its k-th edit writes
  :func:`edit_fields`.
- ``create`` (``name``): create an account with that passphrase.
- ``passwd`` (``account_id``, ``new_passphrase``): change the passphrase.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

from fieldcase.core.roles import Role
from fieldcase.crypto import KdfParams
from fieldcase.vault.accounts import AccountStore

REGIONS = ("NTB", "NTT", "Papua", "Bali")


def case_fields(n: int) -> dict[str, Any]:
    """The fields case number ``n`` is created with: 5 to 11 of them."""
    fields: dict[str, Any] = {
        "nomor": n,
        "nama": f"Anak nomor {n}",
        "wilayah": REGIONS[n % len(REGIONS)],
        "sementara": f"hapus {n}",
    }
    for i in range(n % 7 + 1):
        fields[f"isian_{i}"] = f"nilai-{n}-{i}"
    return fields


def edit_fields(n: int, k: int) -> dict[str, Any]:
    """What the k-th edit (k >= 1) of case ``n`` writes (it also deletes ``sementara``)."""
    return {"catatan": f"edit-{n}-{k}", "jumlah_edit": k, "kronologi": "x" * (k * 37 % 500)}


def _cheap_kdf() -> KdfParams:
    return KdfParams.fresh(memory_kib=256, iterations=1, lanes=1)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _write_forever(store: AccountStore, account_id: str, seed: int, passphrase: str) -> None:
    rng = random.Random(seed)
    session = store.unlock(account_id, passphrase)
    nomor: dict[str, int] = {
        case_id: int(value)
        for case_id, value in session.db.execute(
            "SELECT case_id, value FROM field_state WHERE path = 'nomor'"
        )
    }
    ids = sorted(nomor)
    next_n = len(ids)  # the parent checks that the numbers are exactly 0..len-1
    _say(f"{os.getpid()} ready")
    while True:
        roll = rng.random()
        if roll < 0.25 or not ids:
            case_id = session.cases.create_case(case_fields(next_n))
            ids.append(case_id)
            nomor[case_id] = next_n
            next_n += 1
        elif roll < 0.40:
            batch = [case_fields(next_n + i) for i in range(rng.randint(2, 5))]
            for i, case_id in enumerate(session.cases.create_cases(batch)):
                ids.append(case_id)
                nomor[case_id] = next_n + i
            next_n += len(batch)
        elif roll < 0.75:
            case_id = rng.choice(ids)
            k = int(session.cases.read(case_id).get("jumlah_edit", 0)) + 1
            session.cases.save(case_id, edit_fields(nomor[case_id], k), deletes=["sementara"])
        elif roll < 0.97:
            session.view_case(rng.choice(ids))  # a read that writes its audit entry
        else:
            session.lock()
            session = store.unlock(account_id, passphrase)


def run_job(job: dict[str, Any]) -> None:
    store = AccountStore(Path(job["data_dir"]), kdf_params=_cheap_kdf)
    if job["mode"] == "write":
        _write_forever(store, job["account_id"], job["seed"], job["passphrase"])
    _say(f"{os.getpid()} ready")
    if job["mode"] == "create":
        store.create(job["name"], Role.PENDAMPING, job["passphrase"])
    elif job["mode"] == "passwd":
        store.change_passphrase(job["account_id"], job["passphrase"], job["new_passphrase"])
    else:
        raise ValueError(f"unknown mode {job['mode']!r}")
    _say(f"{os.getpid()} done")


def _fork(job: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:  # the child: run the job, never return into the server loop
        code = 1
        try:
            run_job(job)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid


def serve() -> None:
    _say("loaded")
    child: int | None = None
    for line in sys.stdin:
        command = line.strip()
        if command in ("kill", "wait"):
            if child is None:
                raise SystemExit("no child to " + command)
            if command == "kill":
                os.kill(child, signal.SIGKILL)  # not reaped yet: still our child's pid
            _, status = os.waitpid(child, 0)
            _say(f"exited {child} {status}")
            child = None
        else:
            if child is not None:
                raise SystemExit("one child at a time")
            child = _fork(json.loads(command))
            _say(f"forked {child}")
    if child is not None:  # input closed (the test ended early): leave no writer behind
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


if __name__ == "__main__":
    serve()

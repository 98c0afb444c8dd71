"""Relay replication vs PouchDB: N demo cases from one data dir to another over 127.0.0.1.

Figures:

- fieldcase: data dir A (supervisor) holds N ``demo`` cases (~40 fields each);
  a worker in data dir B was enrolled through the file flow (request, answer,
  accept). The real ``fieldcase-server`` runs as a subprocess on 127.0.0.1 (a
  free port, a temporary SQLite db, the team registered with
  ``fieldcase-server team add``). Timed: A ``push`` through ``RelayClient``
  (seal envelopes + PUT), then B ``pull`` (GET pages, verify, decrypt, import).
  B is then checked to hold N cases with a ``field_state`` identical to A's.
- PouchDB: the same N cases as plain, unencrypted documents (one per case, the
  same fields) in a local PouchDB (LevelDB), replicated with default options
  to ``pouchdb-server`` (LevelDB in a temp dir) on 127.0.0.1
  (``replicate.to``), then into a second fresh local PouchDB
  (``replicate.from``). See benchmarks/pouchdb/replicate.js.
- ratio PouchDB total / fieldcase total; PASS when >= 2.

The npm packages live in benchmarks/pouchdb (``npm install`` there first, or
pass ``--npm-install``); without node or them the PouchDB half is skipped.

Run: .venv/bin/python benchmarks/bench_relay.py [--cases 20000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from fieldcase.cli_sync import upload_roster
from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.crypto import KdfParams, encode_key
from fieldcase.sync import team
from fieldcase.sync.relay import RelayClient
from fieldcase.sync.transport import pull, push
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

PASSPHRASE = "kata sandi latihan yang cukup panjang"  # noqa: S105 - public sample input
HERE = Path(__file__).resolve().parent
POUCH_DIR = HERE / "pouchdb"
HOST = "127.0.0.1"
TARGET_RATIO = 2.0


class Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout("overall timeout")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Procs:
    """Every subprocess this benchmark starts, each in its own process group,
    ended by its own id at the end."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, cmd: list[str], **kw: object) -> subprocess.Popen[bytes]:
        proc: subprocess.Popen[bytes] = subprocess.Popen(  # type: ignore[call-overload]
            cmd, start_new_session=True, **kw
        )
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def wait_http(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url}: not up after {seconds} s")


@contextmanager
def profiled(enabled: bool, label: str, out: list[str]) -> Iterator[None]:
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
        out.append(f"===== cProfile: {label} =====\n{buf.getvalue()}")


def field_state_rows(s: Session) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in s.db.execute(
            "SELECT case_id, path, value, hlc, deleted FROM field_state ORDER BY case_id, path"
        )
    ]


def cheap_store(folder: Path) -> AccountStore:
    folder.mkdir(parents=True, exist_ok=True)
    return AccountStore(folder, kdf_params=lambda: KdfParams.fresh(256, 1, 1))


def run_fieldcase(
    root: Path, n: int, procs: Procs, profile: bool, prof_out: list[str], jsonl: Path
) -> dict[str, float]:
    store_a, store_b = cheap_store(root / "a"), cheap_store(root / "b")
    boss = store_a.unlock(store_a.create("Sri", Role.SUPERVISOR, PASSPHRASE).info.id, PASSPHRASE)
    peer = store_b.unlock(store_b.create("Ani", Role.PENDAMPING, PASSPHRASE).info.id, PASSPHRASE)
    try:
        created = team.create_team(boss, "Bench", "NTB")
        # The file flow: request file -> supervisor's answer file -> accepted.
        request_file, answer_file = root / "ani.fcrequest", root / "ani.fcanswer"
        request_file.write_bytes(team.make_request(peer))
        answer_file.write_bytes(team.answer_request(boss, request_file.read_bytes()))
        team.accept_answer(peer, answer_file.read_bytes())

        t0 = time.perf_counter()
        cases = list(demo_cases(n))
        ids: list[str] = []
        for start in range(0, n, 1000):
            ids += boss.cases.create_cases(cases[start : start + 1000])
        t_fill = time.perf_counter() - t0
        with jsonl.open("w", encoding="utf-8") as f:
            for case_id in ids:
                doc = {"_id": case_id, **boss.cases.read(case_id)}
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")

        # The real server, as a subprocess.
        db = root / "relay.db"
        server = [str(Path(sys.executable).with_name("fieldcase-server"))]
        ctx = team.load(boss)
        subprocess.run(
            [*server, "team", "add", created.team_id, encode_key(ctx.team.team_public),
             "--db", str(db)],
            check=True, timeout=60, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        port = free_port()
        url = f"http://{HOST}:{port}"
        proc = procs.start(
            [*server, "--host", HOST, "--port", str(port), "--db", str(db),
             "--log-level", "warning"],
        )  # fmt: skip
        wait_http(f"{url}/v1/health", proc)

        def client(s: Session) -> RelayClient:
            signing, _ = s.identity_keys()
            return RelayClient(url, team.load(s).team.team_id, s.account_id, signing)

        c_boss, c_peer = client(boss), client(peer)
        upload_roster(boss, c_boss)

        t0 = time.perf_counter()
        with profiled(profile, "fieldcase push (A)", prof_out):
            sent_changes, sent_envelopes = push(boss, c_boss)
        t_push = time.perf_counter() - t0
        t0 = time.perf_counter()
        with profiled(profile, "fieldcase pull+import (B)", prof_out):
            reports = pull(peer, c_peer)
        t_pull = time.perf_counter() - t0
        applied = sum(r.applied for r in reports)
        rejected = sum(len(r.rejected) for r in reports)
        c_boss.close()
        c_peer.close()

        relay_bytes = db.stat().st_size + sum(
            p.stat().st_size for p in root.glob("relay.db-*") if p.is_file()
        )
        assert peer.cases.count() == n, (peer.cases.count(), n)
        assert rejected == 0, rejected
        assert field_state_rows(peer) == field_state_rows(boss), "field_state differs"
        return {
            "fill_s": t_fill,
            "push_s": t_push,
            "pull_s": t_pull,
            "changes": float(sent_changes),
            "envelopes": float(sent_envelopes),
            "applied": float(applied),
            "relay_db_mb": relay_bytes / 1e6,
        }
    finally:
        boss.lock()
        peer.lock()


def run_pouchdb(root: Path, jsonl: Path, procs: Procs, budget: float) -> dict[str, float]:
    node = shutil.which("node")
    bin_server = POUCH_DIR / "node_modules" / ".bin" / "pouchdb-server"
    if (
        node is None
        or not bin_server.exists()
        or not (POUCH_DIR / "node_modules/pouchdb-node").exists()
    ):
        raise RuntimeError(
            "node or the npm packages are missing: run `npm install` in benchmarks/pouchdb"
        )
    work = root / "pouch"
    (work / "server").mkdir(parents=True)
    port = free_port()
    url = f"http://{HOST}:{port}"
    log = (work / "server.log").open("wb")
    proc = procs.start(
        [str(bin_server), "--host", HOST, "--port", str(port), "--dir", str(work / "server"),
         "--no-color"],
        cwd=work / "server", stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_http(f"{url}/", proc)
    out = subprocess.run(
        [node, str(POUCH_DIR / "replicate.js"), str(jsonl), f"{url}/bench", str(work)],
        capture_output=True, text=True, timeout=budget, cwd=work, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"replicate.js failed ({out.returncode}): {out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def npm_install() -> None:
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund"], cwd=POUCH_DIR, check=True, timeout=600
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--timeout", type=float, default=1800, help="overall limit, seconds")
    parser.add_argument("--profile", action="store_true", help="cProfile push and pull")
    parser.add_argument("--skip-pouchdb", action="store_true")
    parser.add_argument("--npm-install", action="store_true", help="npm install first")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(args.timeout))
    started = time.monotonic()
    procs = Procs()
    prof_out: list[str] = []
    n = args.cases
    try:
        if args.npm_install:
            npm_install()
        with tempfile.TemporaryDirectory(prefix="bench_relay_") as tmp:
            root = Path(tmp)
            jsonl = root / "cases.jsonl"
            fc = run_fieldcase(root, n, procs, args.profile, prof_out, jsonl)
            pouch = None
            if not args.skip_pouchdb:
                budget = max(30.0, args.timeout - (time.monotonic() - started) - 10)
                pouch = run_pouchdb(root, jsonl, procs, budget)
            jsonl_mb = jsonl.stat().st_size / 1e6
            procs.stop_all()
    except Timeout:
        print(f"TIMEOUT after {args.timeout:.0f} s", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        procs.stop_all()

    for block in prof_out:
        print(block)
    fc_total = fc["push_s"] + fc["pull_s"]
    print(f"cases: {n} (plain JSON lines {jsonl_mb:.1f} MB; fill A {fc['fill_s']:.1f} s)")
    print(
        f"fieldcase relay: push {fc['push_s']:.2f} s ({int(fc['envelopes'])} envelopes,"
        f" {int(fc['changes'])} changes)  pull+import {fc['pull_s']:.2f} s"
        f" ({int(fc['applied'])} applied)  total {fc_total:.2f} s"
        f" ({n / fc_total:,.0f} cases/s); relay db {fc['relay_db_mb']:.1f} MB;"
        " B field_state == A field_state"
    )
    if pouch is None:
        print("pouchdb: skipped")
        return 0
    p_total = pouch["push_s"] + pouch["pull_s"]
    print(
        f"pouchdb -> pouchdb-server: push {pouch['push_s']:.2f} s"
        f" ({pouch['push_docs_written']} docs)  pull {pouch['pull_s']:.2f} s"
        f" ({pouch['pull_docs_written']} docs, doc_count {pouch['b_doc_count']})"
        f"  total {p_total:.2f} s ({n / p_total:,.0f} docs/s)"
    )
    ratio = p_total / fc_total
    verdict = "PASS" if ratio >= TARGET_RATIO else "FAIL"
    print(
        f"ratio pouchdb/fieldcase: push {pouch['push_s'] / fc['push_s']:.2f}x"
        f"  pull {pouch['pull_s'] / fc['pull_s']:.2f}x  total {ratio:.2f}x"
        f" (target >= {TARGET_RATIO:.0f}x): {verdict}"
    )
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

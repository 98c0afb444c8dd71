"""Relay server under load: fieldcase-server next to a bare FastAPI/uvicorn app, same run.

Scenario (defaults): one team with 50 member accounts, 50 concurrent clients
on 127.0.0.1, each its own HTTP connection and its own account.

1. **push** — every client PUTs 2,000 envelopes (1-2 KB of random bytes), one
   after another, each request signed with its account's Ed25519 key;
2. **pull** — once all are pushed, every client GETs 2,000 envelopes in pages of
   100 (``after``/``limit``/``more``): the team log is cut into 50 consecutive
   slices of 2,000 cursors and client *i* pulls slice *i*, so every client
   pushes and pulls 2,000 envelopes and the union of the pulls is the log.

Checked afterwards: every PUT created its envelope (no duplicates, no 409),
cursors are distinct, every envelope id was received exactly once in the
union of the pulls, with the cursor its PUT got, the account that pushed it and
a body whose SHA-256 matches what was sent; the log ends where expected.

Baseline: the same clients send the same requests (same bodies, same URLs,
signed the same way) to a bare FastAPI app on uvicorn that reads the body and
answers 200 with a payload of the same size — for a GET, the very bytes the
real server answered (saved to files during the real run). Both servers run
as subprocesses with the same uvicorn settings (h11, asyncio loop, no access
log); the real one is the ``fieldcase-server`` command itself with SQLite in a
temporary folder (``synchronous=FULL``, group commit). The client is one
asyncio process with ``httpx.AsyncClient``; latency is measured per request
from sending to the last byte of the answer (signing excluded). The figures
say how much the relay's checks, signatures, storage and fsyncs cost on top
of the HTTP stack — not what a real network would add.

Bounded: loopback only, a fixed number of requests, a deadline (``--deadline``,
default 600 s) after which everything is stopped; the servers are stopped with
SIGTERM at the end, and the temporary folder is removed. The default scenario
(101,000 requests per server) takes about 6 minutes on a 2-vCPU VM;
``--envelopes 500`` gives the same picture in about 1.5 minutes.

Run: .venv/bin/python benchmarks/bench_server.py [--clients 50] [--envelopes 2000]
     [--page 100] [--min-size 1024] [--max-size 2048] [--client raw|httpx] [--deadline 600]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request, Response

from fieldcase.crypto import SigningKeyPair, encode_key
from fieldcase.server.auth import signed_headers

# httpcore tries ``import sniffio`` on every request; sniffio is not installed (anyio no
# longer needs it), so each try searched the whole sys.path again: ~0.5 ms of client CPU,
# several times per request. A None entry makes that import fail at once. Both runs gain
# alike; it only keeps the load generator from being the bottleneck.
sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

HOST = "127.0.0.1"
TEAM_ID = "0190f5c2-7a3b-7c00-8000-00000000be01"
PUT_ANSWER = b'{"cursor":100000,"created":true}'


# ----------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Plan:
    clients: int
    envelopes: int
    page: int
    min_size: int
    max_size: int
    seed: int
    client: str = "raw"

    def body(self, client: int, index: int) -> bytes:
        """The same pseudo-random envelope for a (client, index) in both runs."""
        rng = random.Random(self.seed * 1_000_003 + client * 100_003 + index)
        return rng.randbytes(rng.randint(self.min_size, self.max_size))

    @staticmethod
    def envelope_id(client: int, index: int) -> str:
        return f"c{client:03d}-e{index:05d}"


@dataclass
class Member:
    account_id: str
    keys: SigningKeyPair


@dataclass
class Timings:
    """Latencies (seconds) and wall time of one phase of one run."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def progress(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (Linux /proc), read just before it is stopped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------- servers


class Server:
    """A server subprocess on 127.0.0.1, its output in a file, stopped with SIGTERM."""

    def __init__(self, args: list[str], port: int, log_path: Path) -> None:
        self.url = f"http://{HOST}:{port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        self.cpu: float | None = None

    def wait_ready(self, deadline: float) -> None:
        with httpx.Client(base_url=self.url, trust_env=False) as http:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    raise TimeoutError("server did not start")
                try:
                    if http.get("/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.cpu = cpu_seconds(self.proc.pid)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def baseline_app(pages_dir: Path) -> FastAPI:
    """The bare app: reads each body, answers 200 with a payload of the real size."""
    index: dict[str, str] = json.loads((pages_dir / "index.json").read_text())
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/v1/health")
    async def health() -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    @app.put("/v1/teams/{team_id}/envelopes/{envelope_id}")
    async def put(request: Request, team_id: str, envelope_id: str) -> Response:
        await request.body()
        return Response(PUT_ANSWER, media_type="application/json")

    @app.get("/v1/teams/{team_id}/envelopes")
    async def get(request: Request, team_id: str) -> Response:
        await request.body()
        key = f"{request.url.path}?{request.url.query}"
        return Response((pages_dir / index[key]).read_bytes(), media_type="application/json")

    return app


def serve_baseline(port: int, pages_dir: Path) -> int:
    config = uvicorn.Config(
        baseline_app(pages_dir),
        host=HOST,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
    signal.signal(signal.SIGTERM, _exit_quietly)  # uvicorn re-raises it after shutting down
    with suppress(SystemExit):
        uvicorn.Server(config).run()
    return 0


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


# ----------------------------------------------------------------- clients


@dataclass
class RunResult:
    push: Timings
    pull: Timings
    cursors: dict[str, int] = field(default_factory=dict)
    received: list[tuple[int, str, str, bytes]] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # GET path -> file with the answer
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    status_code: int
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


class HttpxConnection:
    """One client's connection through httpx.AsyncClient (what the sync client uses).

    TCP_NODELAY is set: httpx writes a request's headers and body separately,
    and without it the body waits for the ACK of the headers, which the server
    delays by up to 40 ms (Nagle meets delayed ACK): every PUT would take that long.
    """

    def __init__(self, url: str) -> None:
        transport = httpx.AsyncHTTPTransport(
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        self._http = httpx.AsyncClient(
            base_url=url, trust_env=False, timeout=60, transport=transport
        )

    async def __aenter__(self) -> HttpxConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        response = await self._http.request(method, path, content=body, headers=headers)
        return Reply(response.status_code, response.content)


class RawConnection:
    """One client's keep-alive HTTP/1.1 connection over asyncio streams, nothing more.

    httpx costs the client more CPU per request than uvicorn costs the server,
    so with httpx one client process saturates its core first and both servers
    look alike; this minimal client lets the server be the bottleneck. It
    writes each request in one piece and reads answers by Content-Length (all
    that these two servers send).
    """

    def __init__(self, url: str) -> None:
        self._host, port = url.removeprefix("http://").split(":")
        self._port = int(port)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> RawConnection:
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.close()
            with suppress(ConnectionError):
                await self._writer.wait_closed()

    async def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        assert self._reader is not None and self._writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self._host}:{self._port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body)
        await self._writer.drain()
        status = int((await self._reader.readline()).split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"transfer-encoding":
                raise RuntimeError("chunked answers are not expected here")
        return Reply(status, await self._reader.readexactly(length))


Connection = HttpxConnection | RawConnection
CLIENTS: dict[str, type[HttpxConnection] | type[RawConnection]] = {
    "raw": RawConnection,
    "httpx": HttpxConnection,
}


class Clock:
    """Strictly increasing millisecond timestamps per account (never two the same)."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def next(self, account: str) -> int:
        now = max(int(time.time() * 1000), self.last.get(account, 0) + 1)
        self.last[account] = now
        return now


async def push_client(
    url: str, plan: Plan, n: int, member: Member, clock: Clock, result: RunResult, real: bool
) -> None:
    async with CLIENTS[plan.client](url) as http:
        for i in range(plan.envelopes):
            envelope_id = plan.envelope_id(n, i)
            body = plan.body(n, i)
            path = f"/v1/teams/{TEAM_ID}/envelopes/{envelope_id}"
            headers = signed_headers(
                member.keys, member.account_id, "PUT", path, body, clock.next(member.account_id)
            )
            headers["Content-Type"] = "application/octet-stream"
            start = time.perf_counter()
            response = await http.request("PUT", path, body, headers)
            result.push.latencies.append(time.perf_counter() - start)
            if real:
                if response.status_code != 201 or not response.json()["created"]:
                    result.failures.append(f"PUT {envelope_id}: {response.status_code}")
                    continue
                result.cursors[envelope_id] = response.json()["cursor"]
            elif response.status_code != 200:
                result.failures.append(f"baseline PUT {envelope_id}: {response.status_code}")


async def pull_client(
    url: str,
    plan: Plan,
    member: Member,
    first: int,
    count: int,
    clock: Clock,
    result: RunResult,
    pages_dir: Path,
    record: bool,
) -> None:
    """Pull ``count`` envelopes after cursor ``first``, page by page."""
    after = first
    remaining = count
    async with CLIENTS[plan.client](url) as http:
        while remaining > 0:
            path = f"/v1/teams/{TEAM_ID}/envelopes?after={after}&limit={min(plan.page, remaining)}"
            headers = signed_headers(
                member.keys, member.account_id, "GET", path, b"", clock.next(member.account_id)
            )
            start = time.perf_counter()
            response = await http.request("GET", path, b"", headers)
            result.pull.latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                result.failures.append(f"GET {path}: {response.status_code}")
                return
            if record:
                result.pages[path] = name = f"page-{after}.json"
                (pages_dir / name).write_bytes(response.content)
            page = response.json()
            for e in page["envelopes"]:
                digest = hashlib.sha256(base64.b64decode(e["body"])).digest()
                result.received.append((e["cursor"], e["id"], e["sender"], digest))
            if not page["envelopes"]:
                result.failures.append(f"GET {path}: empty page before the slice ended")
                return
            remaining -= len(page["envelopes"])
            after = page["next"]


async def run(
    url: str,
    plan: Plan,
    members: list[Member],
    slices: list[tuple[int, int]] | None,
    pages_dir: Path,
    real: bool,
) -> tuple[RunResult, list[tuple[int, int]]]:
    """Push phase, barrier, pull phase; the real run also works out the slices and records."""
    result = RunResult(Timings(), Timings())
    clock = Clock()
    start = time.perf_counter()
    await asyncio.gather(
        *(
            push_client(url, plan, n, member, clock, result, real)
            for n, member in enumerate(members)
        )
    )
    result.push.seconds = time.perf_counter() - start
    if slices is None:
        ordered = sorted(result.cursors.values())
        slices = []
        for n in range(len(members)):
            chunk = ordered[n * plan.envelopes : (n + 1) * plan.envelopes]
            before = ordered[n * plan.envelopes - 1] if n else 0
            slices.append((before, len(chunk)))
    start = time.perf_counter()
    await asyncio.gather(
        *(
            pull_client(url, plan, member, first, count, clock, result, pages_dir, real)
            for member, (first, count) in zip(members, slices, strict=True)
        )
    )
    result.pull.seconds = time.perf_counter() - start
    if real:
        (pages_dir / "index.json").write_text(json.dumps(result.pages))
    return result, slices


# ----------------------------------------------------------------- checks


def verify(plan: Plan, members: list[Member], result: RunResult) -> list[str]:
    """Every envelope delivered exactly once, with the right cursor, sender and bytes."""
    problems = list(result.failures[:10])
    total = plan.clients * plan.envelopes
    if len(result.cursors) != total:
        problems.append(f"{len(result.cursors)} envelopes created, expected {total}")
    if len(set(result.cursors.values())) != len(result.cursors):
        problems.append("two envelopes share a cursor")
    ids = [envelope_id for _, envelope_id, _, _ in result.received]
    if len(ids) != total or len(set(ids)) != total:
        problems.append(f"pulled {len(ids)} envelopes, {len(set(ids))} distinct, expected {total}")
    for cursor, envelope_id, sender, digest in result.received:
        client, index = (int(part[1:]) for part in envelope_id.split("-"))
        if result.cursors.get(envelope_id) != cursor:
            problems.append(
                f"{envelope_id}: cursor {cursor}, PUT said {result.cursors.get(envelope_id)}"
            )
        elif sender != members[client].account_id:
            problems.append(f"{envelope_id}: sender {sender}")
        elif digest != hashlib.sha256(plan.body(client, index)).digest():
            problems.append(f"{envelope_id}: body differs")
        if len(problems) > 10:
            break
    return problems


def check_log_end(url: str, member: Member, last: int) -> str | None:
    """After the last cursor there is nothing, and the server says so."""
    path = f"/v1/teams/{TEAM_ID}/envelopes?after={last}"
    headers = signed_headers(
        member.keys, member.account_id, "GET", path, b"", int(time.time() * 1000)
    )
    with httpx.Client(base_url=url, trust_env=False) as http:
        page = http.get(path, headers=headers).json()
    if page != {"envelopes": [], "next": last, "more": False}:
        return f"log does not end at {last}: {str(page)[:200]}"
    return None


# ----------------------------------------------------------------- setup


def setup_team(folder: Path, plan: Plan) -> tuple[SigningKeyPair, list[Member], bytes]:
    """Team key, one account per client (the first a supervisor) and the roster upload."""
    team = SigningKeyPair.generate()
    members = [
        Member(f"0190f5c2-7a3b-7c00-8000-{n:012d}", SigningKeyPair.generate())
        for n in range(plan.clients)
    ]
    roster = json.dumps(
        {
            "format": 1,
            "team_id": TEAM_ID,
            "version": 1,
            "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "members": [
                {
                    "account_id": m.account_id,
                    "signing_public": encode_key(m.keys.public_bytes),
                    "role": "supervisor" if n == 0 else "pendamping",
                    "revoked_at": None,
                }
                for n, m in enumerate(members)
            ],
        }
    )
    upload = json.dumps({"roster": roster, "signature": encode_key(team.sign(roster.encode()))})
    return team, members, upload.encode()


def start_relay(folder: Path, team: SigningKeyPair, upload: bytes, deadline: float) -> Server:
    db = folder / "relay.db"
    command = [sys.executable, "-m", "fieldcase.server.main"]
    subprocess.run(
        [*command, "team", "add", TEAM_ID, encode_key(team.public_bytes), "--db", str(db)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    server = Server(
        [*command, "--host", HOST, "--port", str(port), "--db", str(db)],
        port,
        folder / "relay.log",
    )
    server.wait_ready(deadline)
    with httpx.Client(base_url=server.url, trust_env=False) as http:
        response = http.put(
            f"/v1/teams/{TEAM_ID}/roster",
            content=upload,
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
    return server


def start_baseline(folder: Path, pages_dir: Path, deadline: float) -> Server:
    port = free_port()
    args = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--serve-baseline",
        str(port),
        "--pages",
        str(pages_dir),
    ]
    server = Server(args, port, folder / "baseline.log")
    server.wait_ready(deadline)
    return server


# ----------------------------------------------------------------- report


def report(plan: Plan, real: RunResult, base: RunResult, servers: dict[str, Server]) -> None:
    print(
        f"\nfieldcase-server vs bare FastAPI/uvicorn: {plan.clients} clients x "
        f"{plan.envelopes} envelopes ({plan.min_size}-{plan.max_size} B random), "
        f"pages of {plan.page}, {HOST}, {os.cpu_count()} CPUs, {plan.client} client"
    )
    header = f"{'':22}{'requests':>9}{'s':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    print(header)
    rows: dict[str, tuple[float, float]] = {}
    for phase in ("push", "pull", "all"):
        for name, result in (("fieldcase", real), ("baseline", base)):
            if phase == "all":
                t = Timings(
                    result.push.latencies + result.pull.latencies,
                    result.push.seconds + result.pull.seconds,
                )
            else:
                t = getattr(result, phase)
            p50 = percentile(t.latencies, 50) * 1000
            p99 = percentile(t.latencies, 99) * 1000
            rows[f"{phase}/{name}"] = (t.rate(), p99)
            label = (
                f"{phase:4} {'PUT' if phase == 'push' else 'GET' if phase == 'pull' else 'both'}"
            )
            print(
                f"{label + ' ' + name:22}{len(t.latencies):>9}{t.seconds:>8.1f}"
                f"{t.rate():>9.0f}{p50:>9.1f}{p99:>9.1f}"
            )
    for phase in ("push", "pull", "all"):
        (rate, p99), (base_rate, base_p99) = rows[f"{phase}/fieldcase"], rows[f"{phase}/baseline"]
        print(
            f"ratio {phase:4} fieldcase/baseline: throughput {rate / base_rate:.2f}x, "
            f"p99 latency {p99 / base_p99:.2f}x"
        )
    envelopes = plan.clients * plan.envelopes
    print(
        f"envelopes/s: push {envelopes / real.push.seconds:.0f}, "
        f"pull {envelopes / real.pull.seconds:.0f} (fieldcase)"
    )
    requests = len(real.push.latencies) + len(real.pull.latencies)
    cpu = ", ".join(
        f"{name} {server.cpu:.1f} s ({server.cpu / requests * 1000:.2f} ms/request)"
        for name, server in servers.items()
        if server.cpu is not None
    )
    if cpu:
        print(f"server CPU (user+system): {cpu}")


# ----------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--envelopes", type=int, default=2000, help="per client")
    parser.add_argument("--page", type=int, default=100, help="GET limit (1-1000)")
    parser.add_argument("--min-size", type=int, default=1024)
    parser.add_argument("--max-size", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--client",
        choices=sorted(CLIENTS),
        default="raw",
        help="load generator: minimal HTTP/1.1 (default) or httpx.AsyncClient",
    )
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds for everything")
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_baseline is not None:
        return serve_baseline(args.serve_baseline, args.pages)
    if not (1 <= args.clients <= 500 and 1 <= args.envelopes <= 100_000 and 1 <= args.page <= 1000):
        parser.error("--clients 1-500, --envelopes 1-100000, --page 1-1000")
    if not 1 <= args.min_size <= args.max_size <= 16 * 1024 * 1024:
        parser.error("need 1 <= --min-size <= --max-size <= 16 MiB")
    plan = Plan(
        args.clients,
        args.envelopes,
        args.page,
        args.min_size,
        args.max_size,
        args.seed,
        args.client,
    )
    deadline: float = time.monotonic() + args.deadline
    folder = Path(tempfile.mkdtemp(prefix="fieldcase-bench-server-"))
    pages_dir = folder / "pages"
    pages_dir.mkdir()
    servers: dict[str, Server] = {}
    try:
        team, members, upload = setup_team(folder, plan)

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return left

        progress("fieldcase-server: push then pull")
        servers["fieldcase-server"] = relay = start_relay(folder, team, upload, deadline)
        real, slices = asyncio.run(
            asyncio.wait_for(run(relay.url, plan, members, None, pages_dir, True), remaining())
        )
        problems = verify(plan, members, real)
        if real.cursors:
            problem = check_log_end(relay.url, members[0], max(real.cursors.values()))
            if problem:
                problems.append(problem)
        relay.stop()

        progress("baseline: the same requests")
        servers["baseline"] = bare = start_baseline(folder, pages_dir, deadline)
        base, _ = asyncio.run(
            asyncio.wait_for(run(bare.url, plan, members, slices, pages_dir, False), remaining())
        )
        problems += [f"baseline: {p}" for p in base.failures[:5]]
        bare.stop()

        report(plan, real, base, servers)
        total = plan.clients * plan.envelopes
        if problems:
            print("DELIVERY: FAIL")
            for problem in problems[:20]:
                print(f"  {problem}")
            return 1
        print(
            f"delivery: OK — {total} envelopes pushed (each created once, distinct cursors), "
            f"{total} pulled, every id exactly once with its cursor, sender and bytes"
        )
        return 0
    except TimeoutError:
        print(f"TIMEOUT: the benchmark did not finish within {args.deadline:.0f} s")
        return 1
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Vault speed: SQLCipher (encrypted) next to plain SQLite, same code, same run.

The baseline is the very same fieldcase code (``CaseStore`` over sqlite-utils)
opened with ``database.connect(path, None)`` (standard-library sqlite3, no
encryption); the figure under test opens it with ``connect(path, key)`` and a
random 32-byte raw key (SQLCipher 4, no SQLCipher KDF). Measurements of the two
are interleaved so that machine noise falls on both alike. Medians are quoted.

Figures and their targets (encrypted vault):

- bulk create of N demo cases (~2 KB, 40 fields) in batches of 1000: >= 2,000 cases/s;
- unlock without the KDF (connect with the key, check/migrate the schema) plus
  the first page of 50 cases, on a fresh connection each time: < 150 ms;
- FTS search over N cases (names, aliases, narrative words, prefixes): p95 < 30 ms;
- saving one case (one change with 40 field values + its audit entry,
  synchronous=FULL commit): p95 < 15 ms;
- encrypted / plain ratio of each: <= 1.5x;
- Argon2id ``derive_key`` with the default ``KdfParams.fresh()``: 0.2-1 s.

Run: .venv/bin/python benchmarks/bench_vault.py [--cases 20000] [--repeat 5]
(``--strict`` makes a FAIL exit 1; ``--dir`` picks the folder for the temporary vaults,
which should be on the same kind of disk as real vaults: fsync matters for saves.)
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from fieldcase.core.demo import demo_cases
from fieldcase.crypto import KdfParams, derive_key
from fieldcase.vault import database, schema
from fieldcase.vault.audit import AuditLog
from fieldcase.vault.casestore import CaseStore

ACCOUNT = "bench-account-0001"
BATCH = 1000
PAGE = 50
KDF_RUNS = 5
PASSPHRASE = "kata sandi latihan yang cukup panjang"  # noqa: S105 - public sample input

TARGET_CREATE_RATE = 2000.0  # cases/s, encrypted
TARGET_UNLOCK_MS = 150.0
TARGET_SEARCH_P95_MS = 30.0
TARGET_SAVE_P95_MS = 15.0
TARGET_RATIO = 1.5
TARGET_KDF_S = (0.2, 1.0)

MODES = ("plain", "sqlcipher")


# ----------------------------------------------------------------- helpers


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def remove_vault(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def vault_size(path: Path) -> int:
    return sum(
        Path(f"{path}{s}").stat().st_size
        for s in ("", "-wal", "-shm")
        if Path(f"{path}{s}").exists()
    )


@dataclass
class Vault:
    """One benchmark vault: its file, its key (None = plain SQLite) and an open store."""

    mode: str
    path: Path
    key: bytes | None
    db: sqlite_utils.Database | None = None
    store: CaseStore | None = None

    def open(self) -> CaseStore:
        """What an unlock does once the key is unwrapped: connect, check schema, build stores."""
        self.db = database.connect(self.path, self.key)
        schema.migrate(self.db)
        self.store = CaseStore(self.db, ACCOUNT, AuditLog(self.db, ACCOUNT))
        return self.store

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
        self.db = None
        self.store = None


def new_vault(folder: Path, mode: str, tag: str) -> Vault:
    key = None if mode == "plain" else secrets.token_bytes(32)
    path = folder / f"{mode}-{tag}.db"
    remove_vault(path)
    return Vault(mode, path, key)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def progress(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------- measures


def bulk_create(vault: Vault, cases: list[dict[str, Any]]) -> float:
    """Seconds to create every case through create_cases, BATCH per transaction."""
    store = vault.open()
    gc.collect()
    start = time.perf_counter()
    for i in range(0, len(cases), BATCH):
        store.create_cases(cases[i : i + BATCH])
    elapsed = time.perf_counter() - start
    vault.close()
    return elapsed


def unlock_and_first_page(vault: Vault) -> float:
    """Seconds for connect + schema check + stores + page(0, 50) on a fresh connection."""
    start = time.perf_counter()
    store = vault.open()
    rows = store.page(0, PAGE)
    elapsed = time.perf_counter() - start
    if len(rows) != PAGE:
        raise RuntimeError(f"first page has {len(rows)} rows")
    vault.close()
    return elapsed


_WORD = re.compile(r"[A-Za-z]+")


def search_queries(cases: list[dict[str, Any]], count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, query) pairs built from words that really occur in the demo cases."""
    rng = random.Random(seed)
    given, family, full, aliases, narrative = set(), set(), set(), set(), set()
    for fields in cases:
        name = str(fields["nama"])
        first, last = name.split(" ", 1)
        given.add(first)
        family.add(last)
        full.add(name)
        aliases.add(str(fields["nama_panggilan"]))
        narrative.update(w.lower() for w in _WORD.findall(str(fields["kronologi"])) if len(w) >= 4)
    pools: dict[str, list[str]] = {
        "name": sorted(given | family),
        "full name": sorted(full),
        "name prefix": sorted({w[:3] for w in given | family}),
        "alias": sorted(aliases),
        "narrative word": sorted(narrative),
        "narrative prefix": sorted({w[:4] for w in narrative}),
        "name + word": [],
    }
    queries = []
    kinds = list(pools)
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "name + word":
            query = f"{rng.choice(pools['name'])} {rng.choice(pools['narrative word'])}"
        else:
            query = rng.choice(pools[kind])
        queries.append((kind, query))
    rng.shuffle(queries)
    return queries


@dataclass
class Results:
    create_s: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in MODES})
    unlock_s: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in MODES})
    search_s: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in MODES})
    search_kind: list[str] = field(default_factory=list)
    search_hits: dict[str, list[int]] = field(default_factory=lambda: {m: [] for m in MODES})
    save_s: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in MODES})
    kdf_s: list[float] = field(default_factory=list)
    kdf_cold_s: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)


def run(args: argparse.Namespace, folder: Path) -> Results:
    res = Results()
    progress(f"generating {args.cases} demo cases")
    cases = list(demo_cases(args.cases))

    # 1. bulk create: a new vault per repetition, both modes interleaved (order alternates).
    kept: dict[str, Vault] = {}
    for rep in range(args.repeat):
        order = MODES if rep % 2 == 0 else MODES[::-1]
        for mode in order:
            vault = new_vault(folder, mode, f"r{rep}")
            seconds = bulk_create(vault, cases)
            res.create_s[mode].append(seconds)
            progress(f"create {mode} rep {rep + 1}: {len(cases) / seconds:,.0f} cases/s")
            if mode in kept:
                remove_vault(kept[mode].path)
            kept[mode] = vault
    for mode, vault in kept.items():
        res.sizes[mode] = vault_size(vault.path)

    # 2. unlock (no KDF) + first page, fresh connection each time.
    for vault in kept.values():  # one untimed open: first touch of the file after creation
        unlock_and_first_page(vault)
    for i in range(args.unlock_runs):
        order = MODES if i % 2 == 0 else MODES[::-1]
        for mode in order:
            res.unlock_s[mode].append(unlock_and_first_page(kept[mode]))
    progress("unlock done")

    # 3. search, one open session per mode, same queries interleaved.
    stores = {mode: kept[mode].open() for mode in MODES}
    queries = search_queries(cases, args.queries, seed=7)
    for _, query in queries[:10]:  # warm-up: FTS structure records, statement cache
        for mode in MODES:
            stores[mode].search(query)
    for kind, query in queries:
        res.search_kind.append(kind)
        for mode in MODES:
            hits: list[str] = []
            res.search_s[mode].append(
                timed(lambda m=mode, q=query, h=hits: h.extend(stores[m].search(q)))
            )
            res.search_hits[mode].append(len(hits))
    progress("search done")

    # 4. saves: one change of 40 field values on an existing case, plus its audit entry.
    rng = random.Random(11)
    ids = {mode: stores[mode].case_ids() for mode in MODES}
    picks = [rng.randrange(args.cases) for _ in range(args.saves)]
    edits = list(demo_cases(args.saves, seed=99))
    for i, (pick, fields) in enumerate(zip(picks, edits, strict=True)):
        order = MODES if i % 2 == 0 else MODES[::-1]
        for mode in order:
            case_id = ids[mode][pick]
            res.save_s[mode].append(timed(lambda m=mode, c=case_id, f=fields: stores[m].save(c, f)))
    progress("save done")
    for vault in kept.values():
        vault.close()

    # 5. KDF (no plain baseline: the plain vault has no passphrase).
    params = KdfParams.fresh()
    res.kdf_cold_s = timed(lambda: derive_key(PASSPHRASE, params))
    for _ in range(KDF_RUNS):
        params = KdfParams.fresh()
        res.kdf_s.append(timed(lambda p=params: derive_key(PASSPHRASE, p)))
    progress("kdf done")
    return res


# ----------------------------------------------------------------- report


@dataclass
class Row:
    figure: str
    plain: str
    enc: str
    ratio: float | None
    target: str
    target_ok: bool | None
    ratio_ok: bool | None = None

    def __post_init__(self) -> None:
        if self.ratio is not None and self.ratio_ok is None:
            self.ratio_ok = self.ratio <= TARGET_RATIO


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "FAIL")


def report(args: argparse.Namespace, res: Results) -> bool:
    med = statistics.median
    n = args.cases

    create_rate = {m: n / med(res.create_s[m]) for m in MODES}
    unlock_ms = {m: med(res.unlock_s[m]) * 1e3 for m in MODES}
    s50 = {m: percentile(res.search_s[m], 50) * 1e3 for m in MODES}
    s95 = {m: percentile(res.search_s[m], 95) * 1e3 for m in MODES}
    v50 = {m: percentile(res.save_s[m], 50) * 1e3 for m in MODES}
    v95 = {m: percentile(res.save_s[m], 95) * 1e3 for m in MODES}
    kdf = med(res.kdf_s)

    def ms(v: float) -> str:
        return f"{v:.2f} ms"

    rows = [
        Row(
            f"bulk create {n:,} cases (batches of {BATCH}), median of {args.repeat}",
            f"{create_rate['plain']:,.0f} /s",
            f"{create_rate['sqlcipher']:,.0f} /s",
            create_rate["plain"] / create_rate["sqlcipher"],
            f">= {TARGET_CREATE_RATE:,.0f} /s",
            create_rate["sqlcipher"] >= TARGET_CREATE_RATE,
        ),
        Row(
            f"unlock (no KDF) + first page of {PAGE}, median of {args.unlock_runs}",
            ms(unlock_ms["plain"]),
            ms(unlock_ms["sqlcipher"]),
            unlock_ms["sqlcipher"] / unlock_ms["plain"],
            f"< {TARGET_UNLOCK_MS:.0f} ms",
            unlock_ms["sqlcipher"] < TARGET_UNLOCK_MS,
        ),
        Row(
            f"FTS search p50 ({len(res.search_kind)} queries)",
            ms(s50["plain"]),
            ms(s50["sqlcipher"]),
            s50["sqlcipher"] / s50["plain"],
            "",
            None,
        ),
        Row(
            f"FTS search p95 ({len(res.search_kind)} queries)",
            ms(s95["plain"]),
            ms(s95["sqlcipher"]),
            s95["sqlcipher"] / s95["plain"],
            f"< {TARGET_SEARCH_P95_MS:.0f} ms",
            s95["sqlcipher"] < TARGET_SEARCH_P95_MS,
        ),
        Row(
            f"save 1 case, 40 fields + audit, p50 ({args.saves} saves)",
            ms(v50["plain"]),
            ms(v50["sqlcipher"]),
            v50["sqlcipher"] / v50["plain"],
            "",
            None,
        ),
        Row(
            f"save 1 case, 40 fields + audit, p95 ({args.saves} saves)",
            ms(v95["plain"]),
            ms(v95["sqlcipher"]),
            v95["sqlcipher"] / v95["plain"],
            f"< {TARGET_SAVE_P95_MS:.0f} ms",
            v95["sqlcipher"] < TARGET_SAVE_P95_MS,
        ),
        Row(
            f"derive_key argon2id (KdfParams.fresh()), median of {KDF_RUNS}",
            "n/a",
            f"{kdf:.3f} s",
            None,
            f"{TARGET_KDF_S[0]}-{TARGET_KDF_S[1]} s",
            TARGET_KDF_S[0] <= kdf <= TARGET_KDF_S[1],
        ),
    ]

    headers = ("figure", "plain SQLite", "SQLCipher", "enc/plain", "target", "abs", "<=1.5x")
    table = [
        (
            r.figure,
            r.plain,
            r.enc,
            "" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            verdict(r.target_ok),
            verdict(r.ratio_ok),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    right = {1, 2, 3}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print()
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for t in table:
        print(line(t))

    # Detail: search by query kind (where the time goes), spread, sizes.
    print()
    print("search by query kind (ms; median hits per query):")
    kinds = sorted(set(res.search_kind), key=res.search_kind.index)
    for kind in kinds:
        idx = [i for i, k in enumerate(res.search_kind) if k == kind]
        cells = []
        for m in MODES:
            times = [res.search_s[m][i] * 1e3 for i in idx]
            cells.append(f"{m} p50 {percentile(times, 50):6.2f} p95 {percentile(times, 95):6.2f}")
        hits = statistics.median(res.search_hits["sqlcipher"][i] for i in idx)
        print(f"  {kind:<17} n={len(idx):<4} {cells[0]} | {cells[1]} | hits {hits:.0f}")
    if res.search_hits["plain"] != res.search_hits["sqlcipher"]:
        print("  WARNING: plain and encrypted searches returned different hit counts")
    print()
    print("spread:")
    for m in MODES:
        rates = ", ".join(f"{n / s:,.0f}" for s in res.create_s[m])
        print(f"  create {m:<9} cases/s per repetition: {rates}")
    for m in MODES:
        u = [s * 1e3 for s in res.unlock_s[m]]
        print(
            f"  unlock {m:<9} ms: min {min(u):.2f}"
            f" median {statistics.median(u):.2f} max {max(u):.2f}"
        )
    for m in MODES:
        v = [s * 1e3 for s in res.save_s[m]]
        print(f"  save   {m:<9} ms: p99 {percentile(v, 99):.2f} max {max(v):.2f}")
    kdf_runs = ", ".join(f"{s:.3f}" for s in res.kdf_s)
    print(f"  derive_key s: {kdf_runs} (first, cold call {res.kdf_cold_s:.3f})")
    sizes = ", ".join(f"{m} {res.sizes[m] / 2**20:.1f} MiB" for m in MODES)
    print(f"  vault file after create: {sizes}")

    print(f"  load average at end: {load_average()}")

    ok = all(r.target_ok is not False and r.ratio_ok is not False for r in rows)
    print()
    print("all targets met" if ok else "SOME TARGETS FAILED (see FAIL above)")
    return ok


def describe_environment(folder: Path) -> None:
    plain = database.connect(folder / "probe-plain.db", None)
    enc = database.connect(folder / "probe-enc.db", secrets.token_bytes(32))
    try:
        p_ver = plain.execute("select sqlite_version()").fetchone()[0]
        e_ver = enc.execute("select sqlite_version()").fetchone()[0]
        cipher = enc.execute("PRAGMA cipher_version").fetchone()[0]
        provider = enc.execute("PRAGMA cipher_provider").fetchone()
        p_cache = plain.execute("PRAGMA cache_size").fetchone()[0]
        e_cache = enc.execute("PRAGMA cache_size").fetchone()[0]
    finally:
        plain.close()
        enc.close()
    remove_vault(folder / "probe-plain.db")
    remove_vault(folder / "probe-enc.db")
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cpu")
    print(f"plain:     stdlib sqlite3, SQLite {p_ver}, cache_size {p_cache}")
    print(
        f"sqlcipher: sqlcipher3, SQLite {e_ver}, SQLCipher {cipher}"
        f" ({provider[0] if provider else '?'}), cache_size {e_cache}"
    )
    print(f"vault folder: {folder} (journal WAL, synchronous FULL)")
    print(f"load average at start: {load_average()}")


def load_average() -> str:
    """Other work on the machine skews the absolute figures (ratios are interleaved)."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return " ".join(f"{v:.2f}" for v in os.getloadavg()) + f" (1/5/15 min, {os.cpu_count()} cpu)"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=20_000, help="cases per vault")
    parser.add_argument("--repeat", type=int, default=5, help="bulk-create repetitions")
    parser.add_argument("--unlock-runs", type=int, default=21, help="fresh-connection unlocks")
    parser.add_argument("--queries", type=int, default=400, help="search queries (>= 200)")
    parser.add_argument("--saves", type=int, default=300, help="single-case saves (>= 200)")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temp vaults")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    if args.cases < PAGE:
        parser.error(f"--cases must be at least {PAGE}")
    if min(args.repeat, args.unlock_runs, args.queries, args.saves) < 1:
        parser.error("counts must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="fieldcase-bench-", dir=args.dir))
    try:
        describe_environment(folder)
        res = run(args, folder)
        ok = report(args, res)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())

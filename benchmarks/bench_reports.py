"""Report speed and memory over demo vaults, each figure next to a plain baseline.

Figures and their targets (encrypted vault, demo cases):

- statistics over 20,000 cases: < 1 s. ``stats_projected`` is what
  ``fieldcase report stats`` costs: GROUP BYs over the vault's per-case report
  projection (reports/projection.py), freshness check included. Next to it:
  the plain baselines ``counter_baseline`` (a ``collections.Counter`` pass over
  two columns of already-loaded dicts) and ``groupby_baseline`` (one SQL
  ``GROUP BY`` on the vault's ``cases`` list table), and the row-by-row path
  it replaced (``stats_row_by_row`` = read every case's fields + de-identify +
  full deadline engine per case; ``load`` and ``stats_compute`` are its parts);
- XLSX export of 20,000 cases: < 5 s, next to ``csv.writer`` of the same
  de-identified rows (baseline) and the full CSV export;
- memory that does not grow with the number of cases: tracemalloc peak of the
  XLSX export at 5,000 and at 20,000 cases (ratio should be ~1, not ~4);
- what the projection costs where it is paid: ``create_per_case_us`` with and
  without the projection registered (bulk create of up to 5,000 demo cases,
  two vaults fed alternately so both see the same machine load), and
  ``project_all`` (re-projecting every case: the one-off after a vault from
  an older version is migrated, or ``vault rebuild``).

Run: .venv/bin/python benchmarks/bench_reports.py [--cases 5000 20000] [--repeat 5] [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.crypto import KdfParams
from fieldcase.reports import projection
from fieldcase.reports.deidentify import EXPORT_COLUMNS, deidentify, report_secret
from fieldcase.reports.export import export_cases
from fieldcase.reports.source import iter_cases
from fieldcase.reports.stats import compute
from fieldcase.vault import derived
from fieldcase.vault.accounts import AccountStore
from fieldcase.vault.session import Session

NOW = datetime(2026, 12, 1, tzinfo=UTC)
PASS = "bench passphrase 2026 ok"  # noqa: S105  (a throwaway benchmark vault)


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def vault(folder: Path, n: int) -> tuple[Session, float]:
    """A supervisor's vault of ``n`` demo cases; returns it and the create time per case."""
    store = AccountStore(folder, kdf_params=lambda: KdfParams.fresh(256, 1, 1))
    created = store.create(f"Sup{n}", Role.SUPERVISOR, PASS)
    session = store.unlock(created.info.id, PASS)
    batch = []
    spent = 0.0
    for fields in demo_cases(n):
        batch.append(fields)
        if len(batch) == 1000:
            start = time.perf_counter()
            session.cases.create_cases(batch)
            spent += time.perf_counter() - start
            batch = []
    if batch:
        start = time.perf_counter()
        session.cases.create_cases(batch)
        spent += time.perf_counter() - start
    return session, spent / n


def create_cost(folder: Path, n: int) -> tuple[float, float]:
    """Create time per case with and without the projection registered.

    Two vaults fed alternately, 1,000 cases a batch, so both see the same load
    from whatever else runs on the machine; returns (with, without).
    """
    (folder / "with").mkdir()
    (folder / "without").mkdir()
    hooked, _ = vault(folder / "with", 1)
    plain, _ = vault(folder / "without", 1)
    spent = {True: 0.0, False: 0.0}
    cases = list(demo_cases(n))
    try:
        for start in range(0, n, 1000):
            batch = cases[start : start + 1000]
            for with_projection, session in ((True, hooked), (False, plain)):
                if not with_projection:
                    derived.unregister(projection.PROJECTION)
                began = time.perf_counter()
                session.cases.create_cases(batch)
                spent[with_projection] += time.perf_counter() - began
                derived.register(projection.PROJECTION)
    finally:
        hooked.lock()
        plain.lock()
    return spent[True] / n, spent[False] / n


def bench(session: Session, n: int, out: Path, repeat: int) -> dict[str, float]:
    cases = list(iter_cases(session))
    secret = report_secret(session)
    rows = [deidentify(cid, f, secret) for cid, f in cases]
    db = session.db

    res = {
        "stats_projected": timed(lambda: projection.statistics(db, now=NOW), repeat),
        "stats_projected_region": timed(
            lambda: projection.statistics(db, now=NOW, region="Bali"), repeat
        ),
        "stats_proj_no_deadlines": timed(
            lambda: projection.statistics(db, now=NOW, with_deadlines=False), repeat
        ),
        "counter_baseline": timed(
            lambda: [Counter(str(f.get(k)) for _, f in cases) for k in ("wilayah", "tahap")],
            repeat,
        ),
        "groupby_baseline": timed(
            lambda: db.execute("SELECT region, count(*) FROM cases GROUP BY region").fetchall(),
            repeat,
        ),
        "load": timed(lambda: list(iter_cases(session)), repeat),
        "stats_compute": timed(lambda: compute(cases, now=NOW), repeat),
        "stats_row_by_row": timed(lambda: compute(iter_cases(session), now=NOW), repeat),
        "xlsx_export": timed(lambda: export_cases(session, out / "k.xlsx", "xlsx"), repeat),
        "csv_export": timed(lambda: export_cases(session, out / "k.csv", "csv"), repeat),
        "project_all": timed(lambda: projection.reproject_all(db), 1),
    }

    def plain_csv() -> None:
        with (out / "plain.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows([r[c] for c in EXPORT_COLUMNS] for r in rows)

    res["csv_writer_baseline"] = timed(plain_csv, repeat)
    return res


def peak_memory(session: Session, out: Path) -> dict[str, float]:
    """Run first, before anything holds the cases in memory."""
    gc.collect()
    tracemalloc.start()
    export_cases(session, out / "m.xlsx", "xlsx")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"xlsx_peak_mib": peak, "maxrss_so_far_mib": rss}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--cases", "--sizes", dest="sizes", type=int, nargs="+", default=[5000, 20000]
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            session, _ = vault(folder, n)
            try:
                memory = peak_memory(session, folder)
                results[n] = {**bench(session, n, folder, args.repeat), **memory}
            finally:
                session.lock()
            pair = Path(tmp) / f"{n}-create"
            pair.mkdir()
            with_proj, without = create_cost(pair, min(n, 5000))
            results[n]["create_per_case_us"] = with_proj * 1e6
            results[n]["create_no_proj_per_case_us"] = without * 1e6
            r = results[n]
            print(f"\n== {n} cases (medians of {args.repeat}; project_all: 1 run)")
            for key, value in r.items():
                unit = "MiB" if key.endswith("mib") else "us" if key.endswith("_us") else "s"
                print(f"  {key:<27} {value:9.3f} {unit}")
            for label, top, bottom in (
                ("xlsx / csv.writer", "xlsx_export", "csv_writer_baseline"),
                ("stats_projected / Counter", "stats_projected", "counter_baseline"),
                ("stats_projected / GROUP BY", "stats_projected", "groupby_baseline"),
                ("row-by-row / projected", "stats_row_by_row", "stats_projected"),
                ("create with / without proj", "create_per_case_us", "create_no_proj_per_case_us"),
            ):
                print(f"  {label:<27} {r[top] / r[bottom]:9.2f} x")
    if len(results) >= 2:
        small, big = min(results), max(results)
        ratio = results[big]["xlsx_peak_mib"] / results[small]["xlsx_peak_mib"]
        print(f"\nxlsx tracemalloc peak {big}/{small}: {ratio:.2f} (flat = ~1)")
    big = max(results)
    for key, target in (("stats_projected", 1.0), ("xlsx_export", 5.0)):
        value = results[big][key]
        print(f"{key} at {big}: {value:.2f} s  target < {target} s  "
              f"{'PASS' if value < target else 'FAIL'}")  # fmt: skip


if __name__ == "__main__":
    main()

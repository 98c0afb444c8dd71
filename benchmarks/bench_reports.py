"""Report speed and memory over demo vaults, each figure next to a plain baseline.

Figures and their targets (encrypted vault, demo cases):

- statistics over 20,000 cases: < 1 s. Reported as (a) reading the report
  fields from the vault (``source.iter_cases``), (b) computing the statistics
  on the loaded cases, with and without deadline evaluation, next to a plain
  ``collections.Counter`` pass over the same dicts (baseline), and (c) both
  together (what ``fieldcase report stats`` costs);
- XLSX export of 20,000 cases: < 5 s, next to ``csv.writer`` of the same
  de-identified rows (baseline) and the full CSV export;
- memory that does not grow with the number of cases: tracemalloc peak of the
  XLSX export at 5,000 and at 20,000 cases (ratio should be ~1, not ~4).

Run: .venv/bin/python benchmarks/bench_reports.py [--sizes 5000 20000] [--dir DIR]
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
from fieldcase.reports.deidentify import EXPORT_COLUMNS, deidentify, report_secret
from fieldcase.reports.export import export_cases
from fieldcase.reports.source import iter_cases
from fieldcase.reports.stats import compute
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


def vault(folder: Path, n: int) -> Session:
    store = AccountStore(folder, kdf_params=lambda: KdfParams.fresh(256, 1, 1))
    created = store.create(f"Sup{n}", Role.SUPERVISOR, PASS)
    session = store.unlock(created.info.id, PASS)
    batch = []
    for fields in demo_cases(n):
        batch.append(fields)
        if len(batch) == 1000:
            session.cases.create_cases(batch)
            batch = []
    if batch:
        session.cases.create_cases(batch)
    return session


def bench(session: Session, n: int, out: Path, repeat: int) -> dict[str, float]:
    cases = list(iter_cases(session))
    secret = report_secret(session)
    rows = [deidentify(cid, f, secret) for cid, f in cases]
    res = {
        "load": timed(lambda: list(iter_cases(session)), repeat),
        "stats_compute": timed(lambda: compute(cases, now=NOW), repeat),
        "stats_no_deadlines": timed(lambda: compute(cases, now=NOW, with_deadlines=False), repeat),
        "counter_baseline": timed(
            lambda: [Counter(str(f.get(k)) for _, f in cases) for k in ("wilayah", "tahap")],
            repeat,
        ),
        "stats_end_to_end": timed(lambda: compute(iter_cases(session), now=NOW), repeat),
        "xlsx_export": timed(lambda: export_cases(session, out / "k.xlsx", "xlsx"), repeat),
        "csv_export": timed(lambda: export_cases(session, out / "k.csv", "csv"), repeat),
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
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            session = vault(folder, n)
            try:
                memory = peak_memory(session, folder)
                results[n] = {**bench(session, n, folder, args.repeat), **memory}
            finally:
                session.lock()
            r = results[n]
            print(f"\n== {n} cases (medians of {args.repeat})")
            for key, value in r.items():
                unit = "MiB" if key.endswith("mib") else "s"
                print(f"  {key:<22} {value:8.3f} {unit}")
            print(f"  xlsx / csv.writer     {r['xlsx_export'] / r['csv_writer_baseline']:8.1f} x")
            print(f"  stats / Counter       {r['stats_compute'] / r['counter_baseline']:8.1f} x")
    if len(results) >= 2:
        small, big = min(results), max(results)
        ratio = results[big]["xlsx_peak_mib"] / results[small]["xlsx_peak_mib"]
        print(f"\nxlsx tracemalloc peak {big}/{small}: {ratio:.2f} (flat = ~1)")
        for key, target in (
            ("stats_end_to_end", 1.0),
            ("stats_compute", 1.0),
            ("xlsx_export", 5.0),
        ):
            value = results[big][key]
            print(f"{key} at {big}: {value:.2f} s  target < {target} s  "
                  f"{'PASS' if value < target else 'FAIL'}")  # fmt: skip


if __name__ == "__main__":
    main()

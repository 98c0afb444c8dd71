"""Loading the whole built-in form set (resources/forms): cold and warm, next to a baseline.

The baseline is reading the same files' bytes (what no loader can beat). The
figures, each as median and p95 over ``--repeat`` runs, interleaved with the
baseline so machine noise falls on both:

- start-up: a fresh Python process imports the catalog and loads every form,
  with the disk cache filled (what the app does at every start). Target < 300 ms;
- cold parse: in a running process with pyxform already imported, no memory
  or disk cache: every form parsed and checked by pyxform and fieldcase;
- disk cache: in a running process, memory cache empty, disk cache filled;
- warm: the memory cache answers (what every later wizard page costs). Target < 300 ms;
- first start ever (info): a fresh process with an empty disk cache, which
  pays pyxform's import once after an install or upgrade.

Run: .venv/bin/python benchmarks/bench_forms.py [--repeat 15] [--strict]
(``--strict`` makes a FAIL exit 1.)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from fieldcase.forms import catalog
from fieldcase.forms.catalog import builtin_forms, clear_memory_cache, forms_dir

TARGET_MS = 300.0
REPO = Path(__file__).resolve().parents[1]

CHILD = """
import time
start = time.perf_counter()
from fieldcase.forms.catalog import builtin_forms
forms = builtin_forms()
print((time.perf_counter() - start) * 1000, len(forms))
"""


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def read_bytes() -> int:
    return sum(len(p.read_bytes()) for p in sorted(forms_dir().glob("*.md")))


def child_ms(cache: Path | None) -> float:
    """Milliseconds a fresh process spends importing the catalog and loading every form."""
    env = {**os.environ, catalog.CACHE_ENV_VAR: str(cache) if cache else ""}
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[0])


def line(
    name: str, values: Sequence[float], baseline: Sequence[float], target: float | None
) -> bool:
    median, p95 = statistics.median(values), percentile(values, 95)
    base = statistics.median(baseline)
    ratio = median / base if base else float("inf")
    verdict = "info" if target is None else ("PASS" if p95 < target else "FAIL")
    goal = f"< {target:.0f} ms" if target is not None else ""
    print(
        f"  {name:<34} median {median:8.1f} ms  p95 {p95:8.1f} ms  "
        f"x{ratio:8.0f} baseline  {goal:<9} {verdict}"
    )
    return verdict != "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)

    files = sorted(forms_dir().glob("*.md"))
    print(
        f"{len(files)} forms, {read_bytes() / 1024:.0f} KB; Python {platform.python_version()} "
        f"on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    folder = Path(tempfile.mkdtemp(prefix="fieldcase-bench-forms-"))
    try:
        filled = folder / "filled"
        builtin_forms(cache_dir=filled)  # fill the disk cache; imports pyxform here
        baseline: list[float] = []
        startup: list[float] = []
        parse: list[float] = []
        disk: list[float] = []
        warm: list[float] = []
        first: list[float] = []
        for i in range(args.repeat):
            baseline.append(timed_ms(read_bytes))
            startup.append(child_ms(filled))
            clear_memory_cache()
            parse.append(timed_ms(lambda: builtin_forms(disk_cache=False)))
            clear_memory_cache()
            disk.append(timed_ms(lambda: builtin_forms(cache_dir=filled)))
            warm.append(timed_ms(lambda: builtin_forms(cache_dir=filled)))
            if i < max(3, args.repeat // 5):  # slow: a few runs are enough to show it
                first.append(child_ms(folder / f"empty-{i}"))
        print(f"  {'baseline: read the files':<34} median {statistics.median(baseline):8.2f} ms")
        ok = line("start-up (fresh process, cache)", startup, baseline, TARGET_MS)
        ok &= line("warm (memory cache)", warm, baseline, TARGET_MS)
        line("disk cache, in process", disk, baseline, None)
        line("cold parse (pyxform + checks)", parse, baseline, None)
        line("first start ever (no cache)", first, baseline, None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("all targets met" if ok else "SOME TARGETS FAILED (see FAIL above)")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())

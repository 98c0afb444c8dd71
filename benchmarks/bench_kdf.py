"""How long unlocking a vault takes here: derive_key with the default RFC 9106 profile.

Argon2id with m = 64 MiB, t = 3, p = 4 should cost between 0.2 s and 1 s on the machine that
runs it: much less and passphrase guessing gets cheap, much more and signing in on an old field
laptop feels broken. The figure is printed next to a baseline (one SHA-256 of the same
passphrase) so the ratio shows what the memory-hard function buys.

Run: .venv/bin/python benchmarks/bench_kdf.py
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time

from fieldcase.crypto import KdfParams, derive_key

RUNS = 5
BASELINE_RUNS = 10_001
TARGET = (0.2, 1.0)
PASSPHRASE = "kata sandi latihan yang cukup panjang"  # noqa: S105 - public sample input


def time_derive(params: KdfParams) -> tuple[float, list[float]]:
    """Seconds of the first (cold) derivation, then of each of ``RUNS`` warm ones.

    The cold figure is what a sign-in right after start-up costs: the process has not yet
    touched 64 MiB of memory.
    """
    start = time.perf_counter()
    derive_key(PASSPHRASE, params)
    cold = time.perf_counter() - start
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        derive_key(PASSPHRASE, params)
        times.append(time.perf_counter() - start)
    return cold, times


def time_baseline() -> float:
    """Median seconds of one SHA-256 of the UTF-8 passphrase."""
    data = PASSPHRASE.encode("utf-8")
    times = []
    for _ in range(BASELINE_RUNS):
        start = time.perf_counter()
        hashlib.sha256(data).digest()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    params = KdfParams.fresh()
    cold, times = time_derive(params)
    median = statistics.median(times)
    baseline = time_baseline()
    inside = TARGET[0] <= median <= TARGET[1]
    print(
        f"derive_key argon2id m={params.memory_kib} KiB t={params.iterations} p={params.lanes}: "
        f"median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s ({RUNS} runs; "
        f"first cold call {cold:.3f} s)"
    )
    print(
        f"baseline sha256 of the same passphrase: median {baseline * 1e6:.2f} us "
        f"(argon2id is {median / baseline:,.0f}x slower)"
    )
    print(
        f"target {TARGET[0]}-{TARGET[1]} s: "
        + ("inside" if inside else ("below (too cheap)" if median < TARGET[0] else "above (slow)"))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Sync throughput: N cases through a bundle file vs a plain insert of the same rows.

Figures:

- export N cases (one account's changes) to a ``.fcbundle``, then import it into an
  empty vault (verify, decrypt, apply in one transaction), both SQLCipher vaults;
  against a plain ``sqlite_utils`` ``insert_all`` of the same change rows into
  plain SQLite (the floor: no crypto, no merge, no derived tables);
- bundle size against the plaintext JSON of the same cases (compression gain).

Run: .venv/bin/python benchmarks/bench_sync.py [--cases 20000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from fieldcase.core.demo import demo_cases
from fieldcase.core.roles import Role
from fieldcase.crypto import KdfParams
from fieldcase.sync import bundlefile, team
from fieldcase.vault.accounts import AccountStore

PASSPHRASE = "kata sandi latihan yang cukup panjang"  # noqa: S105 - public sample input


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args(argv)
    cases = list(demo_cases(args.cases))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = AccountStore(root / "a", kdf_params=lambda: KdfParams.fresh(256, 1, 1))
        boss = store.unlock(store.create("Sri", Role.SUPERVISOR, PASSPHRASE).info.id, PASSPHRASE)
        team.create_team(boss, "Bench", "NTB")
        other = AccountStore(root / "b", kdf_params=lambda: KdfParams.fresh(256, 1, 1))
        peer = other.unlock(other.create("Ani", Role.PENDAMPING, PASSPHRASE).info.id, PASSPHRASE)
        team.accept_answer(peer, team.answer_request(boss, team.make_request(peer)))
        for start in range(0, len(cases), 1000):
            boss.cases.create_cases(cases[start : start + 1000])

        t0 = time.perf_counter()
        data, count = bundlefile.export_bundle(boss)
        t_export = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = bundlefile.import_bundle(peer, data)
        t_import = time.perf_counter() - t0
        assert report.applied == count == len(cases), (report, count)

        rows = [
            {
                "change_id": c.change_id,
                "account_id": c.account_id,
                "seq": c.seq,
                "case_id": c.case_id,
                "hlc": c.hlc,
                "payload": c.payload_json(),
            }
            for c in boss.cases.changes_after_hlc("")
        ]
        plain_json = json.dumps(
            [{"case_id": r["case_id"], "fields": json.loads(r["payload"])} for r in rows],
            ensure_ascii=False,
        ).encode()
        db = sqlite_utils.Database(sqlite3.connect(str(root / "plain.db")))
        t0 = time.perf_counter()
        with db.atomic():
            db["changes"].insert_all(rows, pk="change_id", batch_size=1000)
        t_plain = time.perf_counter() - t0
        boss.lock()
        peer.lock()

    total = t_export + t_import
    print(f"cases: {len(cases)}")
    print(f"bundle export: {t_export:.2f} s   import into empty vault: {t_import:.2f} s")
    print(f"export+import: {total:.2f} s ({len(cases) / total:,.0f} cases/s)")
    print(f"plain insert_all into plain SQLite: {t_plain:.2f} s; ratio {total / t_plain:.1f}x")
    print(
        f"bundle size: {len(data) / 1e6:.2f} MB; plaintext JSON: {len(plain_json) / 1e6:.2f} MB;"
        f" ratio {len(data) / len(plain_json):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

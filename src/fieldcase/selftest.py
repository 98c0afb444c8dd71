"""``fieldcase --selftest``: prove a build can open, write, search and read a vault.

Run on the packaged app in CI, it catches a missing hidden import or data
file (sqlcipher3, FTS5, pyxform, resources/) that the source tree hides.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path

from fieldcase.core.roles import Role
from fieldcase.resources import resources_dir
from fieldcase.vault.accounts import AccountStore


def run_selftest() -> int:
    """Prints ``OK`` and returns 0, or prints the failing step and returns 1."""
    step = "start"
    try:
        step = "resources"
        if not (resources_dir() / "README.md").is_file():
            raise RuntimeError("resources folder missing")
        step = "forms"
        from fieldcase.forms.catalog import builtin_forms

        # Parse every built-in form with pyxform (no disk cache): proves pyxform,
        # its data files and resources/forms made it into the build.
        if len(builtin_forms(disk_cache=False)) < 15:
            raise RuntimeError("built-in forms missing")

        step = "service directory"
        from fieldcase.referrals.directory import load_directory

        if not load_directory().find("lombok", "puskesmas"):
            raise RuntimeError("service directory missing")
        step = "windows and PDF printing"
        from fieldcase.ui.selfcheck import check_qt

        check_qt()

        with tempfile.TemporaryDirectory(prefix="fieldcase-selftest-") as tmp:
            store = AccountStore(Path(tmp))
            passphrase = "kopi pagi di Lombok " + secrets.token_hex(8)
            step = "create account"
            created = store.create("Uji Mandiri", Role.PENDAMPING, passphrase)
            step = "unlock"
            with store.unlock(created.info.id, passphrase) as session:
                step = "write"
                marker = "selftest" + secrets.token_hex(6)
                case_id = session.cases.create_case({"nama": marker, "wilayah": "Lombok"})
                step = "search"
                if session.cases.search(marker) != [case_id]:
                    raise RuntimeError("search did not find the case")
                step = "read"
                if session.cases.read(case_id).get("nama") != marker:
                    raise RuntimeError("read-back differs")
                step = "audit"
                if not session.verify_audit().ok:
                    raise RuntimeError("audit chain broken")
            step = "encrypted at rest"
            vault = next(Path(tmp).glob("accounts/*/vault.db")).read_bytes()
            if marker.encode() in vault or vault.startswith(b"SQLite format 3"):
                raise RuntimeError("vault is not encrypted")
    except Exception as exc:  # report the step only: no data to leak here, but keep the habit
        print(f"FAIL at {step}: {type(exc).__name__}", file=sys.stderr)
        return 1
    print("OK")
    return 0

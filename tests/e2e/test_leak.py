"""Leak test: a case's content never appears outside the encrypted vault.

The real CLI runs as subprocesses over one data folder, with ``TMPDIR`` and
``HOME`` pointing at private folders, on a case whose name, alias, notes and
narrative carry a unique canary. Afterwards every file under the data folder,
the private temp folder and the private home, and everything each command
printed, is searched for the canary as UTF-8, UTF-16 (LE and BE), hex and
base64 (standard and URL-safe, in all three alignments). ``case show`` prints
the case on purpose, so only its stdout is left out of the search.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

PASSPHRASE = "kopi pagi di Lombok 7"


def needles(secret: str) -> dict[str, bytes]:
    """Every byte pattern under which ``secret`` would be found in a file."""
    found: dict[str, bytes] = {}
    for label, data in (("utf-8", secret.encode()), ("utf-8-lower", secret.lower().encode())):
        found[label] = data
        found[f"{label}/hex"] = data.hex().encode()
        for alignment in range(3):
            # base64 of data starting ``alignment`` bytes into a 3-byte group: only the
            # characters that depend on ``data`` alone (none of the neighbours' bits).
            start = (8 * alignment + 5) // 6
            end = (8 * (alignment + len(data))) // 6
            for variant, encode in (
                ("b64", base64.b64encode),
                ("b64url", base64.urlsafe_b64encode),
            ):
                encoded = encode(bytes(alignment) + data)
                found[f"{label}/{variant}+{alignment}"] = encoded[start:end]
    for codec in ("utf-16-le", "utf-16-be"):
        found[codec] = secret.encode(codec)
    return found


def find_leaks(data: bytes, secrets: list[str]) -> list[str]:
    return [
        f"{secret[:12]}… as {label}"
        for secret in secrets
        for label, pattern in needles(secret).items()
        if pattern in data
    ]


def test_the_scanner_finds_every_encoding() -> None:
    """The search below is only worth something if it finds what it looks for."""
    secret = "CANARY-" + uuid.uuid4().hex
    rng = random.Random(3)
    for prefix_len in range(6):
        prefix, suffix = rng.randbytes(prefix_len), rng.randbytes(5)
        raw = prefix + secret.encode() + suffix
        for blob in (
            raw,
            base64.b64encode(raw),
            base64.urlsafe_b64encode(raw),
            raw.hex().encode(),
            prefix + secret.encode("utf-16-le") + suffix,
            prefix + secret.encode("utf-16-be") + suffix,
            prefix + secret.lower().encode() + suffix,
        ):
            assert find_leaks(blob, [secret]), (prefix_len, blob[:40])
    assert find_leaks(rng.randbytes(100_000), [secret]) == []


@dataclass
class Cli:
    data_dir: Path
    env: dict[str, str]
    outputs: list[tuple[str, bytes]] = field(default_factory=list)

    def run(
        self, *args: str, ok: bool = True, scan_stdout: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            [sys.executable, "-m", "fieldcase", "--data-dir", str(self.data_dir), *args],
            env=self.env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
        name = " ".join(args[:2])
        if scan_stdout:
            self.outputs.append((f"stdout of '{name}'", done.stdout))
        self.outputs.append((f"stderr of '{name}'", done.stderr))
        assert b"Traceback" not in done.stderr
        if ok:
            assert done.returncode == 0, done.stderr.decode(errors="replace")
        else:
            assert done.returncode == 1, done.stderr.decode(errors="replace")
        return done


def _files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*") if p.is_file())


def test_case_content_never_leaves_the_vault(tmp_path: Path) -> None:
    canary = "CANARY-" + uuid.uuid4().hex
    token = canary.split("-", 1)[1]  # what a tokenizer (FTS) would keep on its own
    secrets = [canary, token]

    data_dir, private_tmp, home, inputs = (
        tmp_path / name for name in ("data", "tmp", "home", "inputs")
    )
    for folder in (private_tmp, home, inputs):
        folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDCASE_")}
    env.update(
        FIELDCASE_PASSPHRASE=PASSPHRASE,
        TMPDIR=str(private_tmp),
        TEMP=str(private_tmp),
        TMP=str(private_tmp),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    cli = Cli(data_dir, env)

    # The case file is the user's own input: kept outside every scanned folder.
    case_file = inputs / "kasus.json"
    case_file.write_text(
        json.dumps(
            {
                "nama": f"Siti {canary}",
                "nama_panggilan": canary,
                "catatan": f"Ditemui di pelabuhan. {canary}",
                "kronologi": f"Pada malam itu {canary} dibawa ke kota lain.",
                "wilayah": "NTB",
                "tahap": "penjangkauan",
            }
        ),
        encoding="utf-8",
    )
    broken_file = inputs / "rusak.json"
    broken_file.write_text('{"nama": "' + canary + '", "catatan": ', encoding="utf-8")
    not_json_value = inputs / "nan.json"
    not_json_value.write_text(f'{{"nama": "{canary}", "umur": NaN}}', encoding="utf-8")

    cli.run("account", "create", "--name", "Ani Pendamping")
    case_id = cli.run("case", "new", "--json", str(case_file)).stdout.decode().strip()
    listed = cli.run("case", "list").stdout.decode()
    assert case_id in listed
    found = cli.run("case", "search", canary).stdout.decode()
    assert case_id in found
    assert "1 kasus ditemukan" in found
    shown = cli.run("case", "show", case_id, scan_stdout=False).stdout.decode()
    assert canary in shown  # the one place it may appear: shown to the worker on purpose
    assert "OK" in cli.run("audit", "verify").stdout.decode()
    assert "view unchanged" in cli.run("vault", "rebuild").stdout.decode()
    cli.run("case", "new", "--json", str(broken_file), ok=False)
    cli.run("case", "new", "--json", str(not_json_value), ok=False)
    cli.run("case", "search", canary + "x", ok=True)
    env_wrong = {**env, "FIELDCASE_PASSPHRASE": "salah sekali 123"}
    Cli(data_dir, env_wrong, cli.outputs).run("case", "search", canary, ok=False)

    # The vault is encrypted from its first byte.
    vaults = list(data_dir.glob("accounts/*/vault.db"))
    assert len(vaults) == 1
    assert not vaults[0].read_bytes().startswith(b"SQLite format 3")
    # The app log exists (so it was scanned) and is about ids only.
    assert (data_dir / "logs" / "fieldcase.log").stat().st_size > 0

    leaks = []
    files = _files(data_dir, private_tmp, home)
    assert len(files) >= 4
    for path in files:
        leaks += [
            f"{path.relative_to(tmp_path)}: {hit}" for hit in find_leaks(path.read_bytes(), secrets)
        ]
    for label, output in cli.outputs:
        leaks += [f"{label}: {hit}" for hit in find_leaks(output, secrets)]
    assert leaks == []

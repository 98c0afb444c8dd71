"""The ``fieldcase-server`` command: serve the relay, or register a team.

    fieldcase-server [--host 127.0.0.1] [--port 8765] [--db PATH] [--allow-new-teams]
                     [--log-level debug|info|warning|error]
    fieldcase-server team add TEAM_ID TEAM_PUBLIC_KEY [--db PATH]

It listens on 127.0.0.1 unless told otherwise: an organisation exposes it
through a TLS reverse proxy (docs/server.md), never as plain HTTP. Errors a
person can cause print one line in Bahasa Indonesia and English and exit 1;
anything else exits 70 with only the exception's type in the log.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import platformdirs
import uvicorn

from fieldcase.core.errors import FieldcaseError, InvalidInput
from fieldcase.crypto import CryptoError, decode_key

from .app import create_app
from .checks import is_valid_id
from .records import TeamKeyMismatch
from .storage import SqliteStorage

__all__ = ["default_db_path", "main"]

log = logging.getLogger("fieldcase.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
EXIT_USER_ERROR = 1
EXIT_BUG = 70
LOG_LEVELS = ("debug", "info", "warning", "error")


def default_db_path() -> Path:
    """``relay.db`` in the per-user data folder of ``fieldcase-server`` (not the app's)."""
    return Path(platformdirs.user_data_dir("fieldcase-server", appauthor=False)) / "relay.db"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcase-server",
        usage=(
            "fieldcase-server [--host HOST] [--port PORT] [--db PATH] [--allow-new-teams]\n"
            "                        [--log-level LEVEL]\n"
            "       fieldcase-server team add TEAM_ID TEAM_PUBLIC_KEY [--db PATH]"
        ),
        description="fieldcase relay server: a blind store-and-forward log per team.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port")
    parser.add_argument("--db", type=Path, default=None, help="SQLite database file")
    parser.add_argument(
        "--allow-new-teams",
        action="store_true",
        help="register an unknown team on its first roster upload (trust on first use)",
    )
    parser.add_argument("--log-level", choices=LOG_LEVELS, default="info")
    commands = parser.add_subparsers(dest="command", metavar="team")
    team = commands.add_parser("team", help="manage registered teams")
    team_commands = team.add_subparsers(dest="team_command", metavar="add", required=True)
    add = team_commands.add_parser("add", help="register a team and its signing public key")
    add.add_argument("team_id", metavar="TEAM_ID")
    add.add_argument("team_public_key", metavar="TEAM_PUBLIC_KEY")
    add.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="SQLite database file")
    return parser


def _configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("fieldcase")
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    root.propagate = False


def _open(db: Path | None) -> SqliteStorage:
    path = db if db is not None else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(path)


def _team_add(db: Path | None, team_id: str, team_public_key: str) -> int:
    if not is_valid_id(team_id):
        raise InvalidInput(
            "TEAM_ID harus 1–64 karakter A-Z, a-z, 0-9, '-'.",
            "TEAM_ID must be 1–64 characters A-Z, a-z, 0-9, '-'.",
        )
    try:
        key = decode_key(team_public_key, 32)
    except CryptoError:
        raise InvalidInput(
            "TEAM_PUBLIC_KEY harus kunci publik Ed25519 (base64url tanpa padding, 43 karakter).",
            "TEAM_PUBLIC_KEY must be an Ed25519 public key (unpadded base64url, 43 characters).",
        ) from None
    storage = _open(db)
    try:
        added = storage.add_team(team_id, key, int(time.time() * 1000))
    except TeamKeyMismatch:
        raise InvalidInput(
            f"Tim {team_id} sudah terdaftar dengan kunci lain; tidak diubah.",
            f"Team {team_id} is already registered with another key; nothing was changed.",
        ) from None
    finally:
        storage.close()
    if added:
        print(f"Tim {team_id} terdaftar. / Team {team_id} registered.")
    else:
        print(f"Tim {team_id} sudah terdaftar. / Team {team_id} was already registered.")
    return 0


class _Stopped(Exception):
    """SIGTERM or SIGINT arrived: uvicorn has shut down gracefully and re-raised it to us."""


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


def _serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise InvalidInput("--port harus 0–65535.", "--port must be 0–65535.")
    if not _is_loopback(args.host):
        log.warning(
            "listening on %s: expose the server only through a TLS reverse proxy", args.host
        )
    storage = _open(args.db)
    try:
        app = create_app(storage, allow_new_teams=args.allow_new_teams)
        config = uvicorn.Config(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=False,  # our own log lines carry ids and counts; see handlers.py
            server_header=False,
            proxy_headers=False,
        )
        log.info("serving on %s:%d", args.host, args.port)
        # uvicorn finishes the requests in flight on SIGTERM/SIGINT, then raises the
        # signal again; these handlers turn that into a clean return, so the storage
        # is closed (WAL checkpointed) and the exit code is 0.
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        uvicorn.Server(config).run()
    except _Stopped:
        log.info("stopped")
    finally:
        storage.close()
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _keys_are_positional(argv: Sequence[str]) -> list[str]:
    """``team add TEAM_ID KEY``: a base64url key may begin with "-" (1 in 64 keys),
    which argparse would read as an option; everything after ``team add`` that is
    not ``--db``/``-h`` is passed after ``--``."""
    words = list(argv)
    try:
        start = next(i for i in range(len(words) - 1) if words[i : i + 2] == ["team", "add"])
    except StopIteration:
        return words
    head, rest = words[: start + 2], words[start + 2 :]
    options: list[str] = []
    positionals: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--db" and index + 1 < len(rest):
            options += rest[index : index + 2]
            index += 2
            continue
        if word.startswith("--db=") or word in ("-h", "--help"):
            options.append(word)
        elif word != "--":
            positionals.append(word)
        index += 1
    return [*head, *options, "--", *positionals]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``fieldcase-server``; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(_keys_are_positional(words))
    _configure_logging(args.log_level)
    try:
        if args.command == "team":
            return _team_add(args.db, args.team_id, args.team_public_key)
        return _serve(args)
    except FieldcaseError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:
        log.error("unexpected %s", type(exc).__name__)
        print(
            "Kesalahan tak terduga; lihat log server. / Unexpected error; see the server log.",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())

"""PyInstaller entry point of the one-folder build: the same command as ``fieldcase``.

Kept outside ``src/`` so the frozen program starts exactly where the installed
console script starts: :func:`fieldcase.cli.main` (GUI by default, subcommands,
``--selftest``).
"""

from __future__ import annotations

import multiprocessing

from fieldcase.cli import main

if __name__ == "__main__":
    # A frozen Windows/macOS program that ever starts a child process (background
    # operations) must call this first, or the child re-runs the whole app.
    multiprocessing.freeze_support()
    main()

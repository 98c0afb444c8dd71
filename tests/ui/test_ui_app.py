"""Starting the app: without a display it says so in one line instead of aborting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcase.ui import texts
from fieldcase.ui.app import EXIT_NO_DISPLAY, display_problem

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux check")

RUN_GUI = (
    "import sys; from pathlib import Path; from fieldcase.ui.app import run_gui; "
    "sys.exit(run_gui(Path(sys.argv[1])))"
)


def headless_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


@pytest.mark.parametrize(
    ("env", "platform", "problem"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_display_problem(env: dict[str, str], platform: str, problem: bool) -> None:
    assert (display_problem(env, platform) is not None) == problem


@linux_only
def test_run_gui_without_display_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_GUI, str(tmp_path)],
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_NO_DISPLAY
    assert result.stdout == ""
    assert result.stderr == texts.NO_DISPLAY + "\n"
    assert result.stderr.startswith("Tidak ada layar")  # Bahasa Indonesia first
    assert "xvfb-run -a fieldcase" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


@linux_only
def test_fieldcase_command_without_display_exits_2(tmp_path: Path) -> None:
    """The same through the real entry point that `make run` uses."""
    result = subprocess.run(
        [sys.executable, "-m", "fieldcase", "--data-dir", str(tmp_path)],
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_NO_DISPLAY
    assert result.stderr.splitlines() == [texts.NO_DISPLAY]

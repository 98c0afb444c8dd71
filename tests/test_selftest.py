"""`fieldcase --selftest` passes from source (CI runs it on the packaged app too)."""

from __future__ import annotations

import pytest

from fieldcase.selftest import run_selftest


def test_selftest_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_selftest() == 0
    assert capsys.readouterr().out.strip() == "OK"

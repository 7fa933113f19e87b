"""Crash during import, short version of bench/crash_import.py: a few SIGKILLs at random
moments of a real import; the hub holds the whole packet or none of it."""

from __future__ import annotations

import sys

import pytest

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")]


def test_killed_import_is_whole_or_nothing() -> None:
    from bench.crash_import import run_trials

    tally = run_trials(trials=3, ops=500, seed=7, verbose=False)
    assert tally["PARTIAL"] == 0, tally
    assert tally["none"] + tally["whole"] == 3

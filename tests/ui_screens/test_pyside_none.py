"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every call returning nothing, and
a long session then aborts ("none_dealloc"); pyproject.toml keeps PySide6 below 6.12. This
guards the pin: a long run of widget calls must leave None's and True's reference counts where
they were (a subprocess, since a failure kills the interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(100_000):
    label.setText("x")
    label.isVisible()
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_widget_calls_do_not_leak_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    drift_none, drift_true = (int(x) for x in out.stdout.split())
    assert abs(drift_none) < 100 and abs(drift_true) < 100

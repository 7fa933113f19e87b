"""Nothing typed is lost: kill the app mid-meeting (SIGKILL, no chance to save on exit) and a
new page on the same passphrase-protected profile brings the meeting back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tafapp.ui import ops
from tafapp.ui.meeting import MeetingPage
from tests.conftest import FAST_KDF
from tests.ui_screens.builders import seed

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    return out[0].strip() if out else ""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_mid_meeting_comes_back(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(tmp_path / "profile")
    store = create_profile(profile, "practitioner", PASSPHRASE, FAST_KDF)
    demo = seed(store, with_plan=True)
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.ui_screens.meeting_child", str(profile.root), PASSPHRASE,
         str(demo.family_id)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        line = _read_line(proc, 60)
        assert line == "TYPED", proc.stderr.read() if proc.poll() is not None else line  # type: ignore[union-attr]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    store = open_profile(profile, PASSPHRASE)
    ops.set_store(store)
    ops.set_inline(True)
    try:
        page = MeetingPage()
        qtbot.addWidget(page)
        page.start(demo.family_id, "review")  # resumes the draft, does not start another
        assert page.binder.editors["family_update"].toPlainText() == \
            "Kerry said the mornings are calmer"
        assert page.binder.editors["child_voice"].toPlainText() == "Jayden drew a happy face"
        assert not page.view.meeting.is_final  # type: ignore[union-attr]
    finally:
        ops.set_inline(False)
        ops.set_store(None)
        store.close()

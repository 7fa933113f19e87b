"""Nothing typed is lost: kill the app (SIGKILL) while someone types without a pause, and the
restarted app reopens the meeting at the step it was on, says what it recovered, and has all
but at most the last second of what was typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tafapp.ui import ops
from tafapp.ui.app import app
from tests.conftest import FAST_KDF
from tests.ui_screens.builders import seed
from tests.ui_screens.typing_child import STEP, TEXT

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]


class Reader:
    """Reads the child's `n COUNT` lines as they come, noting when each arrived."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.seen: list[tuple[float, int]] = []
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("n "):
                self.seen.append((time.monotonic(), int(line.split()[1])))

    def typed_by(self, moment: float) -> int:
        return max((n for t, n in self.seen if t <= moment), default=0)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("typing_for", [4.0, 10.5])
def test_killed_while_typing_loses_at_most_a_second(qtbot, tmp_path, typing_for: float
                                                    ) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(tmp_path / "profile")
    store = create_profile(profile, "practitioner", PASSPHRASE, FAST_KDF)
    demo = seed(store, with_plan=True)
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.ui_screens.typing_child", str(profile.root), PASSPHRASE,
         str(demo.family_id)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True)
    reader = Reader(proc)
    try:
        deadline = time.monotonic() + 60
        while not reader.seen and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert reader.seen, "the child never started typing"
        time.sleep(max(0.0, reader.seen[0][0] + typing_for - time.monotonic()))
    finally:
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    reader.thread.join(5)
    assert proc.returncode == -signal.SIGKILL
    at_least = reader.typed_by(killed_at - 1.0)
    at_most = reader.typed_by(killed_at + 1.0)
    assert at_least > 0

    store = open_profile(profile, PASSPHRASE)
    ops.set_store(store)
    ops.set_inline(True)
    try:
        shell = app.build_shell(store)
        window = shell.window
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.current_key() == "meeting")
        page = window.page("meeting")
        qtbot.waitUntil(lambda: page.view is not None and not page.recovered.isHidden())
        text = page.binder.editors["family_update"].toPlainText()
        assert TEXT.startswith(text)
        assert at_least <= len(text) <= at_most, (at_least, len(text), at_most)
        assert page.current_step() == STEP
        assert "Recovered what was typed" in page.recovered.text()
        assert "own words" in page.recovered.text()
        # And it is saved to the meeting itself now, not only shown.
        assert page.saver.idle
        assert page.view.meeting.family_update == text or page.saver._saved["family_update"] \
            == text
    finally:
        ops.set_inline(False)
        ops.set_store(None)
        store.close()

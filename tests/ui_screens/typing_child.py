"""Run by test_typing_killed in a subprocess: the real meeting page on a passphrase-protected
profile, someone typing into the family's views without a pause (one key every 25 ms), with
real background jobs. Prints `n COUNT` after every key, until it is killed."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEXT = ("Kerry said the mornings are calmer now that Jayden goes to breakfast club, and "
        "the school says he has been on time every day this half term. ") * 20
KEY_MS = 25
STEP = 2  # What each family member says


def main(profile_dir: str, passphrase: str, family_id: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.ui import ops
    from tafapp.ui.meeting import MeetingPage

    store = open_profile(Profile(Path(profile_dir)), passphrase)
    ops.set_store(store)
    page = MeetingPage()
    page.resize(1366, 768)
    page.show()
    page.start(uuid.UUID(family_id), "review")
    while page.view is None:
        QTest.qWait(20)
    page.go_to(STEP)
    editor = page.binder.editors["family_update"]
    typed = [0]

    def key() -> None:
        QTest.keyClicks(editor, TEXT[typed[0]])
        typed[0] += 1
        print(f"n {typed[0]}", flush=True)

    timer = QTimer()
    timer.setInterval(KEY_MS)
    timer.timeout.connect(key)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])

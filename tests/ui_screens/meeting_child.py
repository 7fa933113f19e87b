"""Run by test_recovery in a subprocess: the meeting page on a passphrase-protected profile,
typing as a note taker would, with real background jobs. Prints TYPED once the drafts are on
disk, then keeps running until it is killed."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(profile_dir: str, passphrase: str, family_id: str) -> None:
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
    QTest.keyClicks(page.binder.editors["family_update"], "Kerry said the mornings are calmer")
    page.go_to(3)
    QTest.keyClicks(page.binder.editors["child_voice"], "Jayden drew a happy face")
    while not page.saver.idle or page.draft_label.text() != "All changes saved":
        QTest.qWait(20)
    print("TYPED", flush=True)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])

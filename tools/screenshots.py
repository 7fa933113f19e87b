"""Screenshots of each main screen at 1366×768 with demo data, for the README and user guide:

    python -m tools.screenshots docs/screenshots            (make screenshots: under Xvfb)
    QT_QPA_PLATFORM=offscreen python -m tools.screenshots docs/screenshots

A temporary profile (passphrase-protected, cheap KDF: it is thrown away) gets demo families;
the real main window is shown and grabbed on each screen. Settings are kept in the temporary
folder, so a developer's own window state and text size never leak into the pictures.
Screens another part of the team has not built yet are skipped with a note. The dashboard
picture (hub) is made by the reports' own script, not here.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget

SIZE = (1366, 768)
DEMO_FAMILIES = 150
PASSPHRASE = "screenshots only"


def _settle(ms: int = 150) -> None:
    """Let layouts, fonts and queued callbacks finish before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait_for(signal: object, start: Callable[[], None], timeout_ms: int = 15000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    loop.exec()


def _save(widget: QWidget, out: Path, name: str) -> Path:
    _settle()
    path = out / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")
    return path


def _make_store(root: Path) -> object:
    from tafapp.demo import generate
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams
    from tafapp.sync.identity import setup_identity

    store = create_profile(Profile(root / "profile"), "practitioner", PASSPHRASE,
                           KdfParams(memory_kib=8192, iterations=1, lanes=1))
    setup_identity(store, "practitioner", "Priya Shah", "Hartburn Primary Academy", "school")
    with store.begin() as s:
        generate(s, families=DEMO_FAMILIES, seed=2026)
    return store


def _busiest_family(store: object) -> uuid.UUID | None:
    from sqlalchemy import func, select

    from tafapp.models import Action, Family, FamilyStatus

    with store.read() as s:  # type: ignore[attr-defined]
        return s.scalar(
            select(Family.id).join(Action, Action.family_id == Family.id)
            .where(Family.status == FamilyStatus.OPEN, Family.deleted_hlc.is_(None),
                   Action.deleted_hlc.is_(None))
            .group_by(Family.id).order_by(func.count(Action.id).desc()).limit(1))


def take(out: Path) -> list[Path]:
    from tafapp.ui import ops
    from tafapp.ui.app import app as app_mod

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="tafapp-shots-") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        qapp = app_mod.application()
        ops.set_inline(True)  # deterministic: every page is loaded before it is grabbed
        store = _make_store(Path(tmp))
        try:
            shell = app_mod.build_shell(store)  # type: ignore[arg-type]
            window = shell.window
            window.resize(*SIZE)
            window.show()
            _settle(300)
            written.append(_save(window, out, "caseload.png"))
            family_id = _busiest_family(store)
            written += _family_and_meeting(window, family_id, out)
            window.show_page("caseload")
            window.caseload.filter_edit.setText("wright")
            written.append(_save(window, out, "caseload-filtered.png"))
            window.caseload.filter_edit.clear()
            shell.lock.lock()
            written.append(_save(window, out, "lock.png"))
            shell.lock.unlock()
            window.close()
            qapp.processEvents()
        finally:
            ops.set_store(None)
            store.close()  # type: ignore[attr-defined]
    return written


def _family_and_meeting(window: object, family_id: uuid.UUID | None,
                        out: Path) -> list[Path]:
    written: list[Path] = []
    if family_id is None:
        print("note: no open family with actions in the demo data; family screens skipped")
        return written
    family = window.page("family")  # type: ignore[attr-defined]
    if family is None:
        print("note: the family record screen is not in this build yet; skipped")
    else:
        window.open_family(family_id)  # type: ignore[attr-defined]
        if hasattr(family, "tabs") and hasattr(family, "plan"):
            family.tabs.setCurrentWidget(family.plan)
        written.append(_save(window, out, "family.png"))  # type: ignore[arg-type]
    meeting = window.page("meeting")  # type: ignore[attr-defined]
    if meeting is None or not hasattr(meeting, "start"):
        print("note: the meeting screen is not in this build yet; skipped")
        return written
    window.show_page("meeting")  # type: ignore[attr-defined]
    # Demo data only: starting (or resuming) a draft review meeting writes a draft.
    meeting.start(family_id, "review")
    if hasattr(meeting, "go_to"):
        meeting.go_to(6)  # the scaling step: this meeting's scores beside the last one's
    written.append(_save(window, out, "meeting.png"))  # type: ignore[arg-type]
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("docs/screenshots")
    take(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
            written += _family_and_meeting(window, store, family_id, out)
            written += _new_family(window, out)
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


def _new_family(window: object, out: Path) -> list[Path]:
    """The New family form filled in, and the record it opens with its next steps."""
    from datetime import date, timedelta

    window.show_page("caseload")  # type: ignore[attr-defined]
    window.new_family()  # type: ignore[attr-defined]
    dialog = window.new_family_dialog  # type: ignore[attr-defined]
    requested = (date.today() - timedelta(days=3)).strftime("%d/%m/%Y")
    dialog.form.set_values({"household_name": "Nowak household", "postcode": "TS18 2AB",
                            "address": "14 Elm Row\nStockton-on-Tees", "request_on": requested})
    written = [_save(dialog, out, "new-family.png")]
    dialog.submit()
    written.append(_save(window, out, "family-new.png"))  # type: ignore[arg-type]
    return written


def _family_and_meeting(window: object, store: object, family_id: uuid.UUID | None,
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
    from tafapp.services import draft_journal
    from tafapp.services.ui_support_meeting import resume_or_start

    # Demo data only: a draft review meeting set up from the record, and a journal as a laptop
    # killed mid-sentence leaves it, so the page shows what it recovers.
    with store.begin() as s:  # type: ignore[attr-defined]
        mid = resume_or_start(s, family_id, "review")
        draft_journal.write(s, mid, 3, {"child_voice": "Said she likes the new bedtime story "
                                                       "and wants Nan to come to the next one"})
    window.open_meeting(mid)  # type: ignore[attr-defined]
    written.append(_save(window, out, "meeting-recovered.png"))  # type: ignore[arg-type]
    meeting.go_to(0)  # who is here: the team and the chair, pre-filled (the notice goes)
    written.append(_save(window, out, "meeting-who.png"))  # type: ignore[arg-type]
    meeting.go_to(6)  # the scaling step: this meeting's scores beside the last one's
    written.append(_save(window, out, "meeting.png"))  # type: ignore[arg-type]
    written += _large_text_review(window, meeting, out)
    written.append(_saved_message(window, out))
    from tafapp.ui.family.forms import find_data

    meeting.go_to(9)  # a decision and the next review, then Ctrl+Enter: what is not done
    decision = meeting.binder.editors["decision"]
    decision.setCurrentIndex(find_data(decision, "continue"))
    meeting.binder.editors["decision_reason"].setPlainText("Progress on school attendance")
    meeting.decision.use_suggested()
    meeting.finalise()
    written.append(_save(meeting.finalise_dialog, out, "meeting-finalise.png"))
    meeting.finalise_dialog.reject()
    return written


def _large_text_review(window: object, meeting: object, out: Path) -> list[Path]:
    """The review step in large text (Ctrl+Shift+L): what each action is, whole."""
    from tafapp.ui import settings

    if not hasattr(meeting, "go_to"):
        return []
    meeting.go_to(7)  # type: ignore[attr-defined]
    review = meeting.steps[7]  # type: ignore[attr-defined]
    settings.set_large_text(True)
    try:
        _settle(300)
        if review.model.rowCount():
            review.table.selectRow(0)
            review.table.setFocus()
        return [_save(window, out, "meeting-review-large.png")]  # type: ignore[arg-type]
    finally:
        settings.set_large_text(False)
        _settle(300)


def _saved_message(window: QWidget, out: Path) -> Path:
    """What a person sees after exporting a document: where it went, and buttons to open it."""
    from tafapp.ui.files import SavedMessage

    path = Path("/home/priya.shah/Documents/TAF-2026-NTN-0018_family-plan_family_2026-12-04.docx")
    box = SavedMessage(window, path, "Document saved",
                       f"Saved {path.name} in {path.parent.name}.")
    box.show()
    try:
        return _save(box, out, "export-saved.png")
    finally:
        box.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("docs/screenshots")
    take(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

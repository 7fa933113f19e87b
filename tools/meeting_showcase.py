"""Put the family and meeting pages in a populated state, for screenshots and demos:

    family_page, meeting_page = showcase.pages()   # after ops.set_store(store)

The family shown is the open family with the most actions (from `tafapp demo` data); its
draft meeting is resumed or one is started (demo data only: this writes a draft meeting).
Both functions wait until the page has loaded, whether ops runs jobs inline or on its thread.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.models import Action, Family, FamilyStatus
from tafapp.ui import ops
from tafapp.ui.family import FamilyPage
from tafapp.ui.meeting.page import MeetingPage


def busiest_family(session: Session) -> uuid.UUID | None:
    return session.scalar(
        select(Family.id).join(Action, Action.family_id == Family.id)
        .where(Family.status == FamilyStatus.OPEN, Family.deleted_hlc.is_(None),
               Action.deleted_hlc.is_(None))
        .group_by(Family.id).order_by(func.count(Action.id).desc()).limit(1))


def _wait(page: QWidget, loaded: bool) -> None:
    if loaded:
        return
    loop = QEventLoop()
    page.sig_loaded.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(10000, loop.quit)
    loop.exec()


def _family_id() -> uuid.UUID:
    found: list[uuid.UUID | None] = []
    ops.run_query(None, busiest_family, on_done=found.append)
    ops.wait_idle()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    while not found:
        loop.processEvents()
    if found[0] is None:
        raise LookupError("no open family with actions: run `tafapp demo` first")
    return found[0]


def family_page(family_id: uuid.UUID | None = None, tab: str = "plan",
                parent: QWidget | None = None) -> FamilyPage:
    page = FamilyPage(parent)
    page.resize(1366, 768)
    page.load(family_id or _family_id())
    _wait(page, page.view is not None)
    page.tabs.setCurrentWidget(getattr(page, tab))
    return page


def meeting_page(family_id: uuid.UUID | None = None, step: int = 5,
                 parent: QWidget | None = None) -> MeetingPage:
    page = MeetingPage(parent)
    page.resize(1366, 768)
    page.start(family_id or _family_id(), "review")
    _wait(page, page.view is not None)
    page.go_to(step)
    return page


def pages() -> tuple[FamilyPage, MeetingPage]:
    fid = _family_id()
    return family_page(fid), meeting_page(fid)

"""Coming back after tafapp stopped mid-meeting: what the draft journal kept is put back on
screen and saved, the meeting returns to the step it was on, and the page says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from tafapp.services.draft_journal import Journal
from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui.family.rows_model import words
from tafapp.ui.meeting.drafts import plain

if TYPE_CHECKING:
    from tafapp.ui.meeting.page import MeetingPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingPage", text)


def opened(page: MeetingPage, view: MeetingView, journal: Journal | None) -> None:
    """A meeting newly on screen: a final one says why it is shown (not started again); a
    draft is recovered from its journal, or its place starts being noted."""
    if view.meeting.is_final:
        page.say(_tr("This {0} meeting of {1} is final and locked, so it is shown rather than "
                     "started again. To correct or add to it, write an addendum in step {2}."
                     ).format(words(view.meeting.kind).lower(),
                              view.meeting.held_on.strftime("%d/%m/%Y"), len(page.steps)))
    elif journal is None:
        page.saver.note_step(0)
    else:
        recover(page, view, journal)


def recover(page: MeetingPage, view: MeetingView, journal: Journal) -> None:
    """Put back what the journal kept (typed but not saved when tafapp stopped), save it,
    return to the step it was on, and say so."""
    saved = page._saved_values(view)
    back = [k for k, v in journal.fields.items()
            if k in page.saver.keys() and plain(saved.get(k)) != v]
    for key in back:
        page._apply(key, journal.fields[key])
        page.saver.schedule(key, journal.fields[key])
    step = min(max(journal.step, 0), len(page.steps) - 1)
    page.go_to(step)
    where = _tr("Reopened at step {0}, {1}.").format(step + 1, _tr(page.steps[step].title))
    if back:
        names = ", ".join(page.saver.label_of(k) for k in back)
        text = _tr("Recovered what was typed before tafapp closed: {0}. {1}").format(
            names, where)
    else:
        text = _tr("This meeting was still open when tafapp closed; nothing typed was "
                   "lost. {0}").format(where)
    page.say(text)
    page.saver.flush()

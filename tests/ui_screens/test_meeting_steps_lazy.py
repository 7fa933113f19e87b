"""Opening a meeting fills only the step on screen; the others are filled when first shown.
Choice lists follow the family, drafts save from steps never shown, and a meeting shown and
then loaded is read once."""

from __future__ import annotations

import uuid
from datetime import date

from tafapp.services import families, meetings, people
from tafapp.services.ui_support_meeting import meeting_view
from tafapp.ui.family.forms import find_data
from tafapp.ui.meeting import MeetingPage
from tafapp.ui.meeting import page as page_module
from tests.ui_screens.builders import seed


def _other_family(store) -> tuple[uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    with store.begin() as s:
        f = families.open_family(s, "Jones household", opened_on=date.today())
        mia = people.add_person(s, f.id, "Mia", last_name="Jones", role="child")
        return f.id, mia.id


def _page(qtbot) -> MeetingPage:  # type: ignore[no-untyped-def]
    page = MeetingPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def test_hidden_steps_fill_when_shown_and_lists_follow_the_family(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    other_id, mia_id = _other_family(ui_store)
    page = _page(qtbot)
    page.start(demo.family_id, "review")
    who, new = page.steps[0], page.steps[8]
    assert find_data(who.who, ("person", demo.mum_id)) > 0
    assert find_data(who.who, ("practitioner", demo.teacher_id)) > 0
    assert new.who.count() == 0  # not shown yet, so not filled yet
    page.go_to(8)
    assert find_data(new.who, ("person", demo.mum_id)) > 0
    assert find_data(new.who, ("practitioner", demo.teacher_id)) > 0
    assert find_data(new.agency, demo.school_id) > 0

    page.start(other_id, "review")  # another family: its people, the same directory
    assert page.current_step() == 0
    assert find_data(who.who, ("person", mia_id)) > 0
    assert find_data(who.who, ("person", demo.mum_id)) == -1
    assert find_data(who.who, ("practitioner", demo.teacher_id)) > 0
    assert who.who.itemText(0) == ""  # the blank choice stays first
    page.go_to(8)
    assert find_data(new.who, ("person", mia_id)) > 0
    assert find_data(new.who, ("person", demo.mum_id)) == -1
    assert find_data(new.who, ("practitioner", demo.teacher_id)) > 0


def test_a_step_never_shown_still_saves_what_is_typed(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    page = _page(qtbot)
    page.start(demo.family_id, "review")
    assert page.current_step() == 0
    page.binder.editors["worried_about"].setPlainText("Mondays are hard")  # step 6's field
    page.saver.flush()
    qtbot.waitUntil(lambda: page.saver.idle, timeout=3000)
    with ui_store.read() as s:
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None and draft.worried_about == "Mondays are hard"
    page.reload()
    assert page.binder.editors["worried_about"].toPlainText() == "Mondays are hard"


def test_an_older_load_arriving_late_is_ignored(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    other_id, _mia = _other_family(ui_store)
    page = _page(qtbot)
    page.start(demo.family_id, "review")
    first = page.view
    assert first is not None
    page.start(other_id, "review")
    second = page.view
    assert second is not None and second.meeting.family_id == other_id
    with ui_store.read() as s:
        late = meeting_view(s, first.meeting.id)
    page._on_loaded(late)  # what the worker thread delivers when the first read was slow
    assert page.view is second
    assert "Jones household" in page.title.text()


def test_show_then_load_reads_only_the_meeting_asked_for(qtbot, ui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    other_id, _mia = _other_family(ui_store)
    page = _page(qtbot)
    page.start(demo.family_id, "review")
    first = page.view
    page.start(other_id, "review")
    second = page.view
    assert first is not None and second is not None
    read: list[uuid.UUID] = []
    real = page_module.meeting_view
    monkeypatch.setattr(page_module, "meeting_view",
                        lambda s, mid, **kw: read.append(mid) or real(s, mid, **kw))
    page.show()  # as the main window opens a meeting: show the page, then load
    page.load(first.meeting.id)
    qtbot.wait(20)
    assert read == [first.meeting.id]
    page.hide()
    page.show()  # shown again with nothing loaded: it reloads what it shows
    qtbot.waitUntil(lambda: len(read) == 2, timeout=2000)
    assert read == [first.meeting.id, first.meeting.id]

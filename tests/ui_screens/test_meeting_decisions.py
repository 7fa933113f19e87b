"""A meeting set up from the record, finalising as a decision, and no second meeting of the
same kind on the same day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tafapp.core.errors import InputRejected
from tafapp.models import AuditEvent
from tafapp.services import meetings, plans
from tafapp.services.ui_support_meeting import (
    finalise_decided,
    gaps,
    meeting_view,
    resume_or_start,
)
from tafapp.ui.family import FamilyPage
from tafapp.ui.family.forms import find_data
from tafapp.ui.meeting import MeetingPage
from tests.ui_screens.builders import seed


def test_setup_from_plan_with_two_needs(ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    with ui_store.begin() as s:
        plans.add_need(s, demo.family_id, worried_about="Rent arrears",
                       working_well="Kerry asks for help", needs_to_happen="")
        mid = resume_or_start(s, demo.family_id, "review")
        v = meeting_view(s, mid)
    assert v.meeting.worried_about == "• Jayden misses school on Mondays\n• Rent arrears"
    assert v.meeting.needs_to_happen == "Jayden gets to school every day"  # one need only
    assert v.meeting.chair == "Amy Patel"
    assert sorted((a.name, a.agency) for a in v.attendance) == [
        ("Amy Patel", "Hillside Primary School"), ("Ben Okafor", "Tees Health Visiting")]
    assert {a.status for a in v.attendance} == {"present"}


def test_finalise_needs_a_reason_only_when_something_is_missing(ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    with ui_store.begin() as s:
        mid = resume_or_start(s, demo.family_id, "review")
        meetings.set_decision(s, mid, "continue", "Going well")
        meetings.set_next_review(s, mid, "01/03/2099")
        found = gaps(meeting_view(s, mid))
        assert [g.code for g in found] == ["actions_not_reviewed", "no_child_voice",
                                           "no_scaling"]
        assert found[0].text == "3 of 3 actions not reviewed"
        with pytest.raises(InputRejected) as exc:
            finalise_decided(s, mid, "  ")
        assert exc.value.field == "finalise_reason"
    with ui_store.begin() as s:
        assert not meeting_view(s, mid).meeting.is_final
        finalise_decided(s, mid, "Family had to leave early")
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.what == "finalised with things not done")).one()
        assert event.detail["reason"] == "Family had to leave early"
        assert event.detail["not_done"] == [g.code for g in found]


def _meeting_page(qtbot, demo):  # type: ignore[no-untyped-def]
    page = MeetingPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.start(demo.family_id, "review")
    return page


def test_nothing_missing_finalises_without_a_reason(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)  # no plan: nothing to review
    page = _meeting_page(qtbot, demo)
    b = page.binder
    page.go_to(3)
    qtbot.keyClicks(b.editors["child_voice"], "Jayden says school is better")
    page.go_to(6)
    page.scaling.family.spin.setValue(7)
    page.go_to(9)
    b.editors["decision"].setCurrentIndex(find_data(b.editors["decision"], "continue"))
    qtbot.keyClicks(b.editors["decision_reason"], "Steady progress")
    page.decision.use_suggested()
    page.finalise()
    dialog = page.finalise_dialog
    assert "Everything on the agenda has been covered" in dialog.gap_label.text()
    assert dialog.reason.isHidden() and dialog.finalise_button.text() == "&Finalise"
    dialog.finalise_button.click()
    assert page.view.meeting.is_final and page.view.addenda == ()


def test_start_after_finalising_shows_the_final_meeting(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    with ui_store.begin() as s:
        mid = meetings.start_meeting(s, demo.family_id, held_on=date.today(), kind="review")
        meetings.set_decision(s, mid.id, "close", "Goals met")
        meetings.finalise(s, mid.id)
        final_id = mid.id
    family = FamilyPage()
    qtbot.addWidget(family)
    family.load(demo.family_id)
    opened: list[object] = []
    family.sig_open_meeting.connect(opened.append)
    family.history.kind_combo.setCurrentIndex(find_data(family.history.kind_combo, "review"))
    family.history.start_button.click()
    assert opened == [final_id]
    with ui_store.read() as s:
        assert len(meetings.meetings(s, demo.family_id)) == 1
    page = MeetingPage()
    qtbot.addWidget(page)
    page.load(final_id)
    assert page.view.meeting.is_final
    assert "final and locked" in page.recovered.text() and not page.recovered.isHidden()
    # Another kind of meeting on the same day is still a new meeting.
    with ui_store.begin() as s:
        assert resume_or_start(s, demo.family_id, "closure") != final_id

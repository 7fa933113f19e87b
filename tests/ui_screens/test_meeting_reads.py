"""The meeting screen's read, merged into fewer statements, gives what the one-at-a-time
service calls give: scores now and last time, the previous meeting, the directory stamp."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tafapp.core.errors import NotFound
from tafapp.services import meetings
from tafapp.services import ui_support as ui
from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support_meeting import meeting_view, resume_or_start
from tests.ui_screens.builders import seed


def _final(s, family_id, held_on, family_score, professional_score):  # type: ignore[no-untyped-def]
    m = meetings.start_meeting(s, family_id, held_on=held_on, kind="review")
    meetings.record_scaling(s, m.id, "family", family_score)
    meetings.record_scaling(s, m.id, "professional", professional_score)
    meetings.set_decision(s, m.id, "continue", "Going well")
    meetings.set_next_review(s, m.id, held_on + timedelta(days=42))
    meetings.finalise(s, m.id)
    return m


def test_scores_now_and_last_time_match_the_services(store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(store, with_plan=True, with_meeting=True)  # initial meeting: scores 4 and 5
    today = date.today()
    with store.begin() as s:
        later = _final(s, demo.family_id, today - timedelta(days=20), 6, 7)
        latest = _final(s, demo.family_id, today - timedelta(days=10), 9, 9)
        discarded = meetings.start_meeting(s, demo.family_id, held_on=today - timedelta(days=5))
        meetings.record_scaling(s, discarded.id, "family", 1)
        meetings.discard_draft(s, discarded.id)  # a tombstoned meeting is never "last time"
        draft_id = resume_or_start(s, demo.family_id, "review", today)
        meetings.record_scaling(s, draft_id, "family", 8, note="Calmer mornings")
    with store.read() as s:
        view = meeting_view(s, draft_id)
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None
        prev = meetings.previous_meeting(s, draft)
        everything = meetings.meetings(s, demo.family_id)
        earlier = [m for m in everything if m.id != draft.id and m.held_on <= draft.held_on]
        assert prev is not None and prev.id == earlier[-1].id == latest.id
        assert view.previous_held_on == prev.held_on
        assert view.previous_scores == {k.value: v for k, v in
                                        meetings.scores(s, prev.id).items()} == {
            "family": 9, "professional": 9}
        assert view.scores == {"family": (8, "Calmer mornings")} == {
            by: st for by in ("family", "professional")
            if (st := ui_edits.scaling_state(s, draft_id, by)) is not None}
        earlier_view = meeting_view(s, later.id)
        assert earlier_view.previous_scores == {"family": 4, "professional": 5}
        assert earlier_view.scores == {"family": (6, ""), "professional": (7, "")}


def test_first_meeting_has_no_previous_and_unknown_meetings_are_not_found(store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(store)
    with store.begin() as s:
        mid = resume_or_start(s, demo.family_id, "initial", date.today())
    with store.read() as s:
        view = meeting_view(s, mid)
        assert view.previous_scores == {} and view.previous_held_on is None
        assert view.scores == {}
        with pytest.raises(NotFound):
            meeting_view(s, uuid.uuid4())
    with store.begin() as s:
        meetings.discard_draft(s, mid)
    with store.read() as s, pytest.raises(NotFound):
        meeting_view(s, mid)


def test_directory_stamp_is_one_row_of_counts_and_latest_edits(store) -> None:  # type: ignore[no-untyped-def]
    seed(store)
    with store.read() as s:
        stamp = ui.directory_stamp(s)
        directory = ui.directory(s)
    assert len(stamp) == 4
    assert stamp[0] == len(directory.agencies) and stamp[2] == len(directory.practitioners)

"""TAF meetings: a draft recorded in agenda order, finalised once the next review is agreed,
then locked (corrections are addenda)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import (
    Action,
    ActionReview,
    ActionStatus,
    Agency,
    Attendance,
    AttendanceStatus,
    Decision,
    Family,
    Meeting,
    MeetingAddendum,
    MeetingKind,
    MeetingStatus,
    Need,
    Person,
    Practitioner,
    Scaling,
    ScoredBy,
)
from tafapp.services import draft_journal, plans
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage import audit
from tafapp.storage.capture import tombstone

# A meeting that ends the TAF (closing, stepping up to social care, stepping down to
# universal or single-agency support) needs no next review.
NO_REVIEW_DECISIONS = (Decision.CLOSE, Decision.STEP_UP, Decision.STEP_DOWN)


def _draft(session: Session, meeting_id: uuid.UUID) -> Meeting:
    meeting = v.get_live(session, Meeting, meeting_id, "meeting_id")
    if meeting.is_final:
        raise InputRejected("status", "this meeting is finalised and locked; add an addendum "
                                      "to correct it")
    return meeting


def _meeting_rules() -> dict[str, Any]:
    def t(field: str, limit: int = 20000) -> Any:
        return lambda x: v.text(field, x, max_len=limit)

    return {
        "kind": lambda x: v.enum_value("kind", MeetingKind, x),
        "held_on": lambda x: v.require_date("held_on", x),
        "venue": t("venue", 200), "remote": bool, "chair": t("chair", 200),
        "note_taker": t("note_taker", 200), "consent_confirmed": bool,
        "family_update": t("family_update"), "child_voice": t("child_voice"),
        "child_voice_how": t("child_voice_how"),
        "practitioner_updates": t("practitioner_updates"),
        "worried_about": t("worried_about"), "working_well": t("working_well"),
        "needs_to_happen": t("needs_to_happen"),
        "decision": lambda x: None if x in (None, "") else v.enum_value("decision", Decision, x),
        "decision_reason": t("decision_reason"),
        "next_review_on": lambda x: v.parse_date("next_review_on", x),
        "confidential_notes": t("confidential_notes"),
    }


def _check_dates(meeting: Meeting) -> None:
    if meeting.next_review_on is not None and meeting.next_review_on <= meeting.held_on:
        raise InputRejected("next_review_on", "must be after the meeting date")


def start_meeting(session: Session, family_id: uuid.UUID, *, held_on: date | str,
                  kind: str = MeetingKind.REVIEW, **fields: Any) -> Meeting:
    family = v.get_live(session, Family, family_id, "family_id")
    meeting = Meeting(family_id=family.id, status=MeetingStatus.DRAFT)
    apply_changes(meeting, {"held_on": held_on, "kind": kind, **fields}, _meeting_rules())
    _check_dates(meeting)
    session.add(meeting)
    session.flush()
    return meeting


def draft_for(session: Session, family_id: uuid.UUID) -> Meeting | None:
    """The family's meeting still in draft (the one to resume after a crash), if any."""
    return session.scalar(select(Meeting).where(
        Meeting.family_id == family_id, Meeting.status == MeetingStatus.DRAFT,
        Meeting.deleted_hlc.is_(None)).order_by(Meeting.created_hlc.desc()).limit(1))


def update_meeting(session: Session, meeting_id: uuid.UUID, **changes: Any) -> Meeting:
    meeting = _draft(session, meeting_id)
    apply_changes(meeting, changes, _meeting_rules())
    _check_dates(meeting)
    session.flush()
    return meeting


def discard_draft(session: Session, meeting_id: uuid.UUID) -> None:
    tombstone(session, _draft(session, meeting_id))
    draft_journal.forget(session, meeting_id)
    session.flush()


def add_attendance(session: Session, meeting_id: uuid.UUID, *, name: str = "",
                   practitioner_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None,
                   agency_id: uuid.UUID | None = None, role: str = "",
                   status: str = AttendanceStatus.PRESENT, written_update: str = "") -> Attendance:
    meeting = _draft(session, meeting_id)
    row = Attendance(
        meeting_id=meeting.id,
        practitioner_id=v.optional_ref(session, Practitioner, practitioner_id, "practitioner_id"),
        person_id=v.optional_ref(session, Person, person_id, "person_id"),
        agency_id=v.optional_ref(session, Agency, agency_id, "agency_id"),
        name=v.text("name", name, max_len=200), role=v.text("role", role, max_len=200),
        status=v.enum_value("status", AttendanceStatus, status),
        written_update=v.text("written_update", written_update))
    if row.practitioner_id is not None:
        p = session.get(Practitioner, row.practitioner_id)
        assert p is not None
        row.name = row.name or p.name
        row.role = row.role or p.role
        row.agency_id = row.agency_id or p.agency_id
    if row.person_id is not None and not row.name:
        row.name = session.get(Person, row.person_id).full_name  # type: ignore[union-attr]
    if not row.name:
        raise InputRejected("name", "say who attended or sent apologies")
    session.add(row)
    session.flush()
    return row


def update_attendance(session: Session, attendance_id: uuid.UUID, **changes: Any) -> Attendance:
    row = v.get_live(session, Attendance, attendance_id)
    _draft(session, row.meeting_id)
    apply_changes(row, changes, {
        "name": lambda x: v.text("name", x, required=True, max_len=200),
        "role": lambda x: v.text("role", x, max_len=200),
        "status": lambda x: v.enum_value("status", AttendanceStatus, x),
        "written_update": lambda x: v.text("written_update", x),
    })
    session.flush()
    return row


def remove_attendance(session: Session, attendance_id: uuid.UUID) -> None:
    row = v.get_live(session, Attendance, attendance_id)
    _draft(session, row.meeting_id)
    tombstone(session, row)
    session.flush()


def record_scaling(session: Session, meeting_id: uuid.UUID, scored_by: str, score: int, *,
                   need_id: uuid.UUID | None = None, note: str = "") -> Scaling:
    """A 0–10 score by the family or by professionals; scoring again replaces the score."""
    meeting = _draft(session, meeting_id)
    who = v.enum_value("scored_by", ScoredBy, scored_by)
    nid = v.optional_ref(session, Need, need_id, "need_id")
    row = session.scalar(select(Scaling).where(
        Scaling.meeting_id == meeting.id, Scaling.scored_by == who, Scaling.deleted_hlc.is_(None),
        Scaling.need_id.is_(None) if nid is None else Scaling.need_id == nid))
    if row is None:
        row = Scaling(meeting_id=meeting.id, scored_by=who, need_id=nid, score=0)
        session.add(row)
    row.score = v.score(score)
    row.note = v.text("note", note)
    session.flush()
    return row


def review_action(session: Session, meeting_id: uuid.UUID, action_id: uuid.UUID, status: str,
                  note: str = "") -> ActionReview:
    """Record an action's status at this meeting (its history) and update the action."""
    meeting = _draft(session, meeting_id)
    action = v.get_live(session, Action, action_id, "action_id")
    if action.family_id != meeting.family_id:
        raise InputRejected("action_id", "that action belongs to another family")
    st = v.enum_value("status", ActionStatus, status)
    row = session.scalar(select(ActionReview).where(
        ActionReview.meeting_id == meeting.id, ActionReview.action_id == action.id,
        ActionReview.deleted_hlc.is_(None)))
    if row is None:
        row = ActionReview(meeting_id=meeting.id, action_id=action.id, status=st)
        session.add(row)
    row.status, row.note = st, v.text("note", note)
    plans.set_action_status(session, action.id, st, meeting.held_on)
    session.flush()
    return row


def set_decision(session: Session, meeting_id: uuid.UUID, decision: str, reason: str) -> Meeting:
    return update_meeting(session, meeting_id, decision=decision,
                          decision_reason=v.text("decision_reason", reason, required=True))


def set_next_review(session: Session, meeting_id: uuid.UUID, on: date | str) -> Meeting:
    return update_meeting(session, meeting_id, next_review_on=v.require_date("next_review_on", on))


def ready_to_finalise(session: Session, meeting_id: uuid.UUID) -> Meeting:
    """The draft meeting, if it can be finalised; otherwise InputRejected naming what is
    missing (the decision, or the next review date unless the work ends)."""
    meeting = _draft(session, meeting_id)
    if meeting.decision is None:
        raise InputRejected("decision", "record the decision before finalising")
    if meeting.next_review_on is None and meeting.decision not in NO_REVIEW_DECISIONS:
        raise InputRejected("next_review_on", "agree the next review date before finalising")
    return meeting


def finalise(session: Session, meeting_id: uuid.UUID, *, on: date | None = None,
             who: str = "") -> Meeting:
    """Lock the meeting. The decision must be made and — unless the work is ending — the next
    review date agreed before anyone leaves the room."""
    meeting = ready_to_finalise(session, meeting_id)
    meeting.status = MeetingStatus.FINAL
    meeting.finalised_on = on or date.today()
    draft_journal.forget(session, meeting.id)
    session.flush()
    audit.record(session, "meeting", meeting.id, "finalised", who=who)
    return meeting


def add_addendum(session: Session, meeting_id: uuid.UUID, text: str, *, author: str = "",
                 written_on: date | str | None = None) -> MeetingAddendum:
    meeting = v.get_live(session, Meeting, meeting_id, "meeting_id")
    if not meeting.is_final:
        raise InputRejected("meeting_id", "this meeting is still a draft; edit it directly")
    row = MeetingAddendum(meeting_id=meeting.id, text=v.text("text", text, required=True),
                          author=v.text("author", author, max_len=200),
                          written_on=v.parse_date("written_on", written_on) or date.today())
    session.add(row)
    session.flush()
    return row


# Built once: these run each time a family or a meeting is opened, and building a statement
# costs more than running it.
_FAMILY_MEETINGS = (select(Meeting)
                    .where(Meeting.family_id == bindparam("family_id"),
                           Meeting.deleted_hlc.is_(None))
                    .order_by(Meeting.held_on, Meeting.created_hlc))
_PREVIOUS = (_FAMILY_MEETINGS
             .where(Meeting.id != bindparam("meeting_id"), Meeting.held_on <= bindparam("held_on"))
             .order_by(None).order_by(Meeting.held_on.desc(), Meeting.created_hlc.desc())
             .limit(1))


def meetings(session: Session, family_id: uuid.UUID) -> list[Meeting]:
    return list(session.scalars(_FAMILY_MEETINGS, {"family_id": family_id}))


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The last meeting held before this one (for 'last time' scores and actions): the last,
    in `meetings` order, of the family's other meetings held on or before its day."""
    return session.scalar(_PREVIOUS, {"family_id": meeting.family_id, "meeting_id": meeting.id,
                                      "held_on": meeting.held_on})


def scores(session: Session, meeting_id: uuid.UUID) -> dict[ScoredBy, int]:
    """The meeting's overall scores (not per need) by who scored them."""
    rows = session.scalars(select(Scaling).where(
        Scaling.meeting_id == meeting_id, Scaling.need_id.is_(None),
        Scaling.deleted_hlc.is_(None)))
    return {r.scored_by: r.score for r in rows}

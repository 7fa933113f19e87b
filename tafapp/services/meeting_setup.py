"""A new meeting set up from what the record already knows: the team as attendees, the lead
professional in the chair and among them, and the three columns from the plan's open needs.
Only the live meeting screen's start uses it; a meeting made through `meetings.start_meeting`
(the demo, imports, scripts) starts empty."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import (
    Agency,
    Family,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Need,
    NeedStatus,
    Practitioner,
    TeamMember,
)
from tafapp.services import meetings
from tafapp.services import validation as v

COLUMNS = ("worried_about", "working_well", "needs_to_happen")


def _live(session: Session, model: type, **where: object) -> list:  # type: ignore[type-arg]
    q = select(model).where(model.deleted_hlc.is_(None))  # type: ignore[attr-defined]
    for column, value in where.items():
        q = q.where(getattr(model, column) == value)
    return list(session.scalars(q.order_by(model.created_hlc)))  # type: ignore[attr-defined]


def plan_columns(session: Session, family: Family) -> dict[str, str]:
    """Each column's text from the family's open needs, one bullet per need when there are
    several (the meeting then edits its own copy; the plan is unchanged)."""
    needs = [n for n in _live(session, Need, family_id=family.id) if n.status == NeedStatus.OPEN]
    out = {}
    for column in COLUMNS:
        texts = [t for t in (getattr(n, column).strip() for n in needs) if t]
        out[column] = texts[0] if len(texts) == 1 else "\n".join(f"• {t}" for t in texts)
    return out


def set_up(session: Session, meeting: Meeting) -> None:
    """Fill a just-started meeting from the record (attendees, chair, the three columns)."""
    family = session.get(Family, meeting.family_id)
    assert family is not None
    lead = session.get(Practitioner, family.lead_practitioner_id) \
        if family.lead_practitioner_id else None
    changes: dict[str, str] = {k: v for k, v in plan_columns(session, family).items() if v}
    if lead is not None:
        changes["chair"] = lead.name
    if changes:
        meetings.update_meeting(session, meeting.id, **changes)
    team = [t for t in _live(session, TeamMember, family_id=family.id) if t.left_on is None]
    seen = set()
    for t in team:
        if t.practitioner_id is not None:
            if t.practitioner_id in seen:
                continue
            seen.add(t.practitioner_id)
            meetings.add_attendance(session, meeting.id, practitioner_id=t.practitioner_id,
                                    agency_id=t.agency_id, role=t.role_in_taf)
        else:
            agency = session.get(Agency, t.agency_id)
            meetings.add_attendance(session, meeting.id, agency_id=t.agency_id,
                                    name=agency.name if agency else "", role=t.role_in_taf)
    if lead is not None and lead.id not in seen:
        meetings.add_attendance(session, meeting.id, practitioner_id=lead.id,
                                role="Lead professional (chair)")


def final_held_on(session: Session, family_id: object, kind: str, held_on: date
                  ) -> Meeting | None:
    """A finalised meeting of this kind held that day: starting another would duplicate it."""
    return session.scalar(select(Meeting).where(
        Meeting.family_id == family_id, Meeting.kind == v.enum_value("kind", MeetingKind, kind),
        Meeting.held_on == held_on, Meeting.status == MeetingStatus.FINAL,
        Meeting.deleted_hlc.is_(None)).limit(1))

"""TAF meetings and what is recorded at them."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, Syncable, str_enum
from tafapp.models.enums import (
    ActionStatus,
    AttendanceStatus,
    Decision,
    MeetingKind,
    MeetingStatus,
    ScoredBy,
)


class Meeting(Syncable, Base):
    __tablename__ = "meeting"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind), default=MeetingKind.REVIEW)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    chair: Mapped[str] = mapped_column(String(200), default="")
    note_taker: Mapped[str] = mapped_column(String(200), default="")
    consent_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    family_update: Mapped[str] = mapped_column(Text, default="")
    child_voice: Mapped[str] = mapped_column(Text, default="")
    child_voice_how: Mapped[str] = mapped_column(Text, default="")
    practitioner_updates: Mapped[str] = mapped_column(Text, default="")
    worried_about: Mapped[str] = mapped_column(Text, default="")
    working_well: Mapped[str] = mapped_column(Text, default="")
    needs_to_happen: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[Decision | None] = mapped_column(str_enum(Decision))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.DRAFT
    )
    finalised_on: Mapped[date | None] = mapped_column(Date)
    confidential_notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def is_final(self) -> bool:
        return self.status == MeetingStatus.FINAL


class Attendance(Syncable, Base):
    """One attendee or apology. Either a practitioner or a family member, or a name as written."""

    __tablename__ = "attendance"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    practitioner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("practitioner.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[AttendanceStatus] = mapped_column(
        str_enum(AttendanceStatus), default=AttendanceStatus.PRESENT
    )
    written_update: Mapped[str] = mapped_column(Text, default="")


class Scaling(Syncable, Base):
    """A 0–10 score: 10 the child's wellbeing is secure, 0 a referral to social care is needed."""

    __tablename__ = "scaling"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    need_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("need.id"))
    scored_by: Mapped[ScoredBy] = mapped_column(str_enum(ScoredBy))
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class ActionReview(Syncable, Base):
    """An action's status as reviewed at one meeting: the action's history."""

    __tablename__ = "action_review"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    action_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action.id"), index=True)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus))
    note: Mapped[str] = mapped_column(Text, default="")


class MeetingAddendum(Syncable, Base):
    """A correction to a finalised meeting; the meeting itself stays locked."""

    __tablename__ = "meeting_addendum"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    written_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)

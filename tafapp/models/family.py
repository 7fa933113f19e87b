"""The family record: household, people, consent, the team, step changes, referrals, notes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, Syncable, str_enum
from tafapp.models.enums import FamilyStatus, PersonRole, Send, StepDirection


class Family(Syncable, Base):
    __tablename__ = "family"

    # Indexed, not unique: two offline devices can never coordinate a counter, so a reference
    # carries the issuing device's code (services.families.next_reference).
    reference: Mapped[str] = mapped_column(String(40), index=True)
    household_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(12), default="", index=True)
    language: Mapped[str] = mapped_column(String(60), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    level_of_need: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[FamilyStatus] = mapped_column(
        str_enum(FamilyStatus), default=FamilyStatus.OPEN, index=True
    )
    lead_practitioner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("practitioner.id"), index=True
    )
    lead_agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    request_on: Mapped[date | None] = mapped_column(Date)
    first_contact_on: Mapped[date | None] = mapped_column(Date)
    opened_on: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[str | None] = mapped_column(String(40))
    closure_note: Mapped[str] = mapped_column(Text, default="")
    confidential_notes: Mapped[str] = mapped_column(Text, default="")
    conflicted: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(Syncable, Base):
    __tablename__ = "person"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    role: Mapped[PersonRole] = mapped_column(str_enum(PersonRole), default=PersonRole.CHILD)
    in_household: Mapped[bool] = mapped_column(Boolean, default=True)
    send: Mapped[Send] = mapped_column(str_enum(Send), default=Send.NONE)
    school_or_setting: Mapped[str] = mapped_column(String(200), default="")
    communication_needs: Mapped[str] = mapped_column(Text, default="")
    # Consent can keep one member's information back from the copy handed to the family.
    share_with_family: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Consent(Syncable, Base):
    __tablename__ = "consent"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    given_by_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    given_on: Mapped[date] = mapped_column(Date)
    scope_agency_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    scope_purposes: Mapped[str] = mapped_column(Text, default="")
    privacy_notice_version: Mapped[str] = mapped_column(String(40), default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    # Sharing without consent is possible only on safeguarding grounds, with the reason kept.
    safeguarding_override: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")

    def is_active(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class TeamMember(Syncable, Base):
    __tablename__ = "team_member"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency.id"), index=True)
    practitioner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("practitioner.id"))
    role_in_taf: Mapped[str] = mapped_column(String(200), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class StepChange(Syncable, Base):
    """A step up to children's social care or a step down from it."""

    __tablename__ = "step_change"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    direction: Mapped[StepDirection] = mapped_column(str_enum(StepDirection))
    on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)


class Referral(Syncable, Base):
    __tablename__ = "referral"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    from_agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    to_service: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    made_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    outcome_on: Mapped[date | None] = mapped_column(Date)


class CaseNote(Syncable, Base):
    """Append-only case notes; `confidential` ones never reach a shared document."""

    __tablename__ = "case_note"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    written_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(Boolean, default=True)


class Reading(Syncable, Base):
    """A score from a licensed measure (e.g. Outcomes Star): only the reading is kept."""

    __tablename__ = "reading"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    tool: Mapped[str] = mapped_column(String(100))
    scale: Mapped[str] = mapped_column(String(100), default="")
    score: Mapped[int] = mapped_column(Integer)
    taken_on: Mapped[date] = mapped_column(Date)

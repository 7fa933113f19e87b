"""The team around the family, referrals (and their outcomes), case notes and readings."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import (
    Agency,
    CaseNote,
    Family,
    Person,
    Practitioner,
    Reading,
    Referral,
    TeamMember,
)
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage.capture import tombstone


def add_team_member(session: Session, family_id: uuid.UUID, *, agency_id: uuid.UUID,
                    practitioner_id: uuid.UUID | None = None, role_in_taf: str = "",
                    joined_on: date | str | None = None) -> TeamMember:
    family = v.get_live(session, Family, family_id, "family_id")
    agency = v.get_live(session, Agency, agency_id, "agency_id")
    member = TeamMember(
        family_id=family.id, agency_id=agency.id,
        practitioner_id=v.optional_ref(session, Practitioner, practitioner_id, "practitioner_id"),
        role_in_taf=v.text("role_in_taf", role_in_taf, max_len=200),
        joined_on=v.parse_date("joined_on", joined_on))
    session.add(member)
    session.flush()
    return member


def update_team_member(session: Session, member_id: uuid.UUID, **changes: Any) -> TeamMember:
    member = v.get_live(session, TeamMember, member_id)
    apply_changes(member, changes, {
        "role_in_taf": lambda x: v.text("role_in_taf", x, max_len=200),
        "practitioner_id": lambda x: v.optional_ref(session, Practitioner, x, "practitioner_id"),
        "joined_on": lambda x: v.parse_date("joined_on", x),
        "left_on": lambda x: v.parse_date("left_on", x),
    })
    if member.left_on and member.joined_on and member.left_on < member.joined_on:
        raise InputRejected("left_on", "cannot be before the member joined")
    session.flush()
    return member


def end_team_member(session: Session, member_id: uuid.UUID, left_on: date | str) -> TeamMember:
    return update_team_member(session, member_id, left_on=v.require_date("left_on", left_on))


def add_referral(session: Session, family_id: uuid.UUID, *, to_service: str,
                 made_on: date | str, from_agency_id: uuid.UUID | None = None,
                 reason: str = "") -> Referral:
    family = v.get_live(session, Family, family_id, "family_id")
    referral = Referral(
        family_id=family.id, to_service=v.text("to_service", to_service, required=True,
                                               max_len=200),
        made_on=v.require_date("made_on", made_on),
        from_agency_id=v.optional_ref(session, Agency, from_agency_id, "from_agency_id"),
        reason=v.text("reason", reason))
    session.add(referral)
    session.flush()
    return referral


def record_referral_outcome(session: Session, referral_id: uuid.UUID, outcome: str,
                            outcome_on: date | str) -> Referral:
    """Close the loop partners asked for: what happened to the referral, and when."""
    referral = v.get_live(session, Referral, referral_id)
    day = v.require_date("outcome_on", outcome_on)
    if day < referral.made_on:
        raise InputRejected("outcome_on", "cannot be before the referral was made")
    referral.outcome = v.text("outcome", outcome, required=True)
    referral.outcome_on = day
    session.flush()
    return referral


def add_case_note(session: Session, family_id: uuid.UUID, text: str, *,
                  written_on: date | str, author: str = "", confidential: bool = True) -> CaseNote:
    family = v.get_live(session, Family, family_id, "family_id")
    note = CaseNote(family_id=family.id, text=v.text("text", text, required=True),
                    written_on=v.require_date("written_on", written_on),
                    author=v.text("author", author, max_len=200), confidential=confidential)
    session.add(note)
    session.flush()
    return note


def add_reading(session: Session, family_id: uuid.UUID, *, tool: str, score: int,
                taken_on: date | str, scale: str = "",
                person_id: uuid.UUID | None = None) -> Reading:
    """A score from a licensed measure (tool, scale, score, date) — never the tool's content."""
    family = v.get_live(session, Family, family_id, "family_id")
    if isinstance(score, bool) or not isinstance(score, int):
        raise InputRejected("score", "must be a whole number")
    reading = Reading(family_id=family.id, tool=v.text("tool", tool, required=True, max_len=100),
                      scale=v.text("scale", scale, max_len=100), score=score,
                      taken_on=v.require_date("taken_on", taken_on),
                      person_id=v.optional_ref(session, Person, person_id, "person_id"))
    session.add(reading)
    session.flush()
    return reading


def remove_team_member(session: Session, member_id: uuid.UUID) -> None:
    tombstone(session, v.get_live(session, TeamMember, member_id))
    session.flush()

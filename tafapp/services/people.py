"""The household's people and the family's consent to share information."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import Agency, Consent, Family, Person, PersonRole, Send
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage import audit
from tafapp.storage.capture import tombstone


def _person_rules() -> dict[str, Any]:
    return {
        "first_name": lambda x: v.text("first_name", x, required=True, max_len=100),
        "last_name": lambda x: v.text("last_name", x, max_len=100),
        "date_of_birth": lambda x: _dob(x),
        "role": lambda x: v.enum_value("role", PersonRole, x),
        "in_household": bool,
        "send": lambda x: v.enum_value("send", Send, x),
        "school_or_setting": lambda x: v.text("school_or_setting", x, max_len=200),
        "communication_needs": lambda x: v.text("communication_needs", x),
        "share_with_family": bool,
    }


def _dob(value: Any) -> date | None:
    dob = v.parse_date("date_of_birth", value)
    if dob is not None and dob > date.today():
        raise InputRejected("date_of_birth", "cannot be in the future")
    return dob


def add_person(session: Session, family_id: uuid.UUID, first_name: str, **fields: Any) -> Person:
    family = v.get_live(session, Family, family_id, "family_id")
    person = Person(family_id=family.id, first_name="")
    apply_changes(person, {"first_name": first_name, **fields}, _person_rules())
    session.add(person)
    session.flush()
    return person


def update_person(session: Session, person_id: uuid.UUID, **changes: Any) -> Person:
    person = v.get_live(session, Person, person_id)
    apply_changes(person, changes, _person_rules())
    session.flush()
    return person


def remove_person(session: Session, person_id: uuid.UUID) -> None:
    tombstone(session, v.get_live(session, Person, person_id))
    session.flush()


def _agency_ids(session: Session, ids: Any) -> list[str]:
    if not isinstance(ids, list | tuple):
        raise InputRejected("scope_agency_ids", "must be a list of agencies")
    return [str(v.get_live(session, Agency, i, "scope_agency_ids").id) for i in ids]


def record_consent(session: Session, family_id: uuid.UUID, *, given_on: date | str,
                   given_by_person_id: uuid.UUID | None, scope_agency_ids: list[Any],
                   scope_purposes: str, privacy_notice_version: str = "",
                   who: str = "") -> Consent:
    """Explicit consent from an adult or a competent young person to share with the named
    agencies, for the stated purposes."""
    family = v.get_live(session, Family, family_id, "family_id")
    by = v.optional_ref(session, Person, given_by_person_id, "given_by_person_id")
    if by is None:
        raise InputRejected("given_by_person_id", "say who gave consent")
    consent = Consent(
        family_id=family.id, given_by_person_id=by,
        given_on=v.require_date("given_on", given_on),
        scope_agency_ids=_agency_ids(session, scope_agency_ids),
        scope_purposes=v.text("scope_purposes", scope_purposes, required=True),
        privacy_notice_version=v.text("privacy_notice_version", privacy_notice_version,
                                      max_len=40))
    session.add(consent)
    session.flush()
    audit.record(session, "consent", consent.id, "consent recorded", who=who)
    return consent


def update_consent(session: Session, consent_id: uuid.UUID, **changes: Any) -> Consent:
    consent = v.get_live(session, Consent, consent_id)
    apply_changes(consent, changes, {
        "scope_agency_ids": lambda x: _agency_ids(session, x),
        "scope_purposes": lambda x: v.text("scope_purposes", x, required=True),
        "privacy_notice_version": lambda x: v.text("privacy_notice_version", x, max_len=40),
        "given_on": lambda x: v.require_date("given_on", x),
    })
    session.flush()
    return consent


def withdraw_consent(session: Session, consent_id: uuid.UUID, on: date | str,
                     who: str = "") -> Consent:
    consent = v.get_live(session, Consent, consent_id)
    if consent.withdrawn_on is not None:
        raise InputRejected("withdrawn_on", "consent was already withdrawn")
    day = v.require_date("withdrawn_on", on)
    if day < consent.given_on:
        raise InputRejected("withdrawn_on", "cannot be before consent was given")
    consent.withdrawn_on = day
    session.flush()
    audit.record(session, "consent", consent.id, "consent withdrawn", who=who)
    return consent


def record_safeguarding_override(session: Session, consent_id: uuid.UUID, reason: str,
                                 who: str = "") -> Consent:
    """Share without consent on safeguarding grounds; the decision and its reason are kept."""
    consent = v.get_live(session, Consent, consent_id)
    consent.safeguarding_override = True
    consent.override_reason = v.text("override_reason", reason, required=True)
    session.flush()
    audit.record(session, "consent", consent.id, "shared without consent (safeguarding)",
                 who=who, detail={"reason": consent.override_reason})
    return consent

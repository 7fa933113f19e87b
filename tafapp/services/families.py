"""A family's lifecycle: open, edit, lead professional, level of need, step up / step down,
close with a reason, reopen."""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import (
    Agency,
    Family,
    FamilyStatus,
    Practitioner,
    StepChange,
    StepDirection,
    SyncState,
)
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage import audit
from tafapp.storage.capture import CAPTURE_KEY


def device_code(session: Session) -> str:
    """Three characters naming this device inside references, so two offline laptops never
    issue the same reference."""
    device = getattr(session.info.get(CAPTURE_KEY), "device_id", "") or "local"
    digest = hashlib.sha256(device.encode()).digest()
    return base64.b32encode(digest).decode()[:3]


def next_reference(session: Session, year: int) -> str:
    prefix = f"TAF-{year}-{device_code(session)}-"
    count = session.scalar(select(func.count()).select_from(Family)
                           .where(Family.reference.startswith(prefix))) or 0
    return f"{prefix}{count + 1:04d}"


def _lead(session: Session, practitioner_id: Any) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    pid = v.optional_ref(session, Practitioner, practitioner_id, "lead_practitioner_id")
    if pid is None:
        return None, None
    return pid, session.get(Practitioner, pid).agency_id  # type: ignore[union-attr]


def _rules(session: Session) -> dict[str, Any]:
    return {
        "household_name": lambda x: v.text("household_name", x, required=True, max_len=200),
        "address": lambda x: v.text("address", x, max_len=1000),
        "postcode": v.postcode,
        "language": lambda x: v.text("language", x, max_len=60) or "English",
        "interpreter_needed": bool,
        "level_of_need": v.level_of_need,
        "request_on": lambda x: v.parse_date("request_on", x),
        "first_contact_on": lambda x: v.parse_date("first_contact_on", x),
        "opened_on": lambda x: v.parse_date("opened_on", x),
        "lead_agency_id": lambda x: v.optional_ref(session, Agency, x, "lead_agency_id"),
        "confidential_notes": lambda x: v.text("confidential_notes", x),
    }


def _check_dates(f: Family) -> None:
    if f.request_on and f.opened_on and f.opened_on < f.request_on:
        raise InputRejected("opened_on", "cannot be before the date help was requested")
    if f.request_on and f.first_contact_on and f.first_contact_on < f.request_on:
        raise InputRejected("first_contact_on", "cannot be before the date help was requested")
    if f.closed_on and f.opened_on and f.closed_on < f.opened_on:
        raise InputRejected("closed_on", "cannot be before the family's plan was opened")


def open_family(session: Session, household_name: str, *, opened_on: date | str,
                lead_practitioner_id: uuid.UUID | None = None, reference: str | None = None,
                **fields: Any) -> Family:
    """Open a family's Early Help episode. `fields` are any of the editable family fields."""
    family = Family(household_name="", status=FamilyStatus.OPEN)
    apply_changes(family, {"household_name": household_name, "opened_on": opened_on, **fields},
                  _rules(session))
    lead_id, agency_id = _lead(session, lead_practitioner_id)
    family.lead_practitioner_id = lead_id
    if family.lead_agency_id is None:
        family.lead_agency_id = agency_id
    _check_dates(family)
    assert family.opened_on is not None
    family.reference = v.text("reference", reference, max_len=40) if reference else \
        next_reference(session, family.opened_on.year)
    session.add(family)
    session.flush()
    return family


PRACTITIONER_KEY = "practitioner_id"
"""SyncState key naming this laptop's own practitioner (written when the profile is made)."""
NEW_FAMILY_LEVEL = 3  # a Team Around the Family is targeted early help


@dataclass(frozen=True)
class SameFamily:
    id: uuid.UUID
    reference: str
    household_name: str
    postcode: str
    status: str


def my_practitioner_id(session: Session) -> uuid.UUID | None:
    """The practitioner this laptop belongs to, if the profile recorded one and it is live."""
    row = session.get(SyncState, PRACTITIONER_KEY)
    try:
        pid = uuid.UUID(row.value) if row is not None and row.value else None
    except ValueError:
        return None
    p = session.get(Practitioner, pid) if pid is not None else None
    return pid if p is not None and p.deleted_hlc is None else None


def same_families(session: Session, household_name: str, postcode: str) -> list[SameFamily]:
    """Families on this store with the same household name (ignoring case and spacing) and the
    same postcode: most likely the family about to be opened twice."""
    name = " ".join(str(household_name or "").split()).lower()
    try:
        pc = v.postcode(postcode)
    except InputRejected:
        return []
    if not name or not pc:
        return []
    rows = session.execute(select(Family.id, Family.reference, Family.household_name,
                                  Family.postcode, Family.status)
                           .where(Family.deleted_hlc.is_(None), Family.postcode == pc))
    return [SameFamily(fid, ref, hn, p, st.value) for fid, ref, hn, p, st in rows
            if " ".join(hn.split()).lower() == name]


def new_family(session: Session, household_name: str, *, postcode: str, address: str = "",
               request_on: date | str | None = None, level_of_need: int = NEW_FAMILY_LEVEL,
               lead_practitioner_id: uuid.UUID | None = None, today: date | None = None,
               ) -> Family:
    """A family a practitioner starts on this laptop (the New family form and `tafapp family
    new`): opened today, help requested on `request_on` (today if not given), led by
    `lead_practitioner_id` or else by this laptop's own practitioner."""
    today = today or date.today()
    requested = v.parse_date("request_on", request_on) or today
    if requested > today:
        raise InputRejected("request_on", "cannot be in the future; write the day the family "
                                          "or a professional asked for help")
    if not v.postcode(postcode):
        raise InputRejected("postcode", "cannot be empty; it tells two families of the same "
                                        "name apart")
    lead = lead_practitioner_id or my_practitioner_id(session)
    return open_family(session, household_name, opened_on=today, request_on=requested,
                       lead_practitioner_id=lead, postcode=postcode, address=address,
                       level_of_need=level_of_need)


def update_family(session: Session, family_id: uuid.UUID, **changes: Any) -> Family:
    family = v.get_live(session, Family, family_id)
    apply_changes(family, changes, _rules(session))
    _check_dates(family)
    session.flush()
    return family


def set_lead(session: Session, family_id: uuid.UUID, practitioner_id: uuid.UUID) -> Family:
    """Make a practitioner the lead professional; the lead agency follows their agency."""
    family = v.get_live(session, Family, family_id)
    lead_id, agency_id = _lead(session, practitioner_id)
    if lead_id is None:
        raise InputRejected("lead_practitioner_id", "choose the new lead professional")
    family.lead_practitioner_id, family.lead_agency_id = lead_id, agency_id
    session.flush()
    return family


def close_family(session: Session, family_id: uuid.UUID, reason: str, closed_on: date | str,
                 note: str = "", who: str = "") -> Family:
    family = v.get_live(session, Family, family_id)
    if family.status == FamilyStatus.CLOSED:
        raise InputRejected("status", "this family's plan is already closed")
    family.closure_reason = v.closure_reason(reason)
    family.closed_on = v.require_date("closed_on", closed_on)
    family.closure_note = v.text("closure_note", note)
    family.status = FamilyStatus.CLOSED
    _check_dates(family)
    session.flush()
    audit.record(session, "family", family.id, "closed", who=who, detail={"reason": reason})
    return family


def reopen_family(session: Session, family_id: uuid.UUID, reopened_on: date | str,
                  who: str = "") -> Family:
    family = v.get_live(session, Family, family_id)
    if family.status != FamilyStatus.CLOSED:
        raise InputRejected("status", "this family's plan is open already")
    previous = {"closed_on": str(family.closed_on), "reason": family.closure_reason}
    family.status = FamilyStatus.OPEN
    family.opened_on = v.require_date("opened_on", reopened_on)
    family.closed_on = None
    family.closure_reason = None
    family.closure_note = ""
    session.flush()
    audit.record(session, "family", family.id, "reopened", who=who, detail=previous)
    return family


def step_change(session: Session, family_id: uuid.UUID, direction: str, on: date | str,
                reason: str, consent_given: bool, who: str = "") -> StepChange:
    """Record a step up to children's social care or a step down from it. A step up ends the
    Early Help episode (social care takes the lead): the family closes as `stepped_up`."""
    family = v.get_live(session, Family, family_id)
    step = StepChange(family_id=family.id,
                      direction=v.enum_value("direction", StepDirection, direction),
                      on=v.require_date("on", on),
                      reason=v.text("reason", reason, required=True),
                      consent_given=bool(consent_given))
    session.add(step)
    session.flush()
    if step.direction == StepDirection.UP and family.status == FamilyStatus.OPEN:
        close_family(session, family.id, "stepped_up", step.on, note=step.reason, who=who)
    audit.record(session, "family", family.id, f"stepped {step.direction.value}", who=who,
                 detail={"consent_given": step.consent_given})
    return step

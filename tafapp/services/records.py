"""A family's whole record as plain data (for `tafapp show` and anything that needs all of it).

Keys follow DESIGN section 6 (`show --json`); more keys may be added, none renamed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import (
    Action,
    Agency,
    Consent,
    Family,
    Meeting,
    Need,
    Person,
    Practitioner,
    Referral,
    StepChange,
    TeamMember,
)
from tafapp.services import validation as v
from tafapp.services.caseload import next_reviews
from tafapp.storage.codec import encode


def _live(session: Session, model: type[Any], family_id: uuid.UUID) -> list[Any]:
    order = model.created_hlc
    return list(session.scalars(select(model).where(model.family_id == family_id,
                                                    model.deleted_hlc.is_(None)).order_by(order)))


def _names(session: Session, model: type[Any], ids: set[Any]) -> dict[Any, Any]:
    ids.discard(None)
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids)))}


def family_record(session: Session, family_id: uuid.UUID | str) -> dict[str, Any]:
    f: Family = v.get_live(session, Family, family_id)
    people = _live(session, Person, f.id)
    team = _live(session, TeamMember, f.id)
    actions = _live(session, Action, f.id)
    agencies = _names(session, Agency, {f.lead_agency_id, *(t.agency_id for t in team),
                                        *(a.owner_agency_id for a in actions)})
    practitioners = _names(session, Practitioner, {f.lead_practitioner_id,
                                                   *(t.practitioner_id for t in team),
                                                   *(a.owner_practitioner_id for a in actions)})
    person_by_id = {p.id: p for p in people}

    def agency_name(aid: Any) -> str:
        return agencies[aid].name if aid in agencies else ""

    def owner(a: Action) -> str:
        if a.owner_practitioner_id in practitioners:
            return practitioners[a.owner_practitioner_id].name
        if a.owner_person_id in person_by_id:
            return person_by_id[a.owner_person_id].full_name
        return a.owner_name or agency_name(a.owner_agency_id)

    lead_agency = agencies.get(f.lead_agency_id) if f.lead_agency_id else None
    return {
        "id": str(f.id), "reference": f.reference, "status": f.status.value,
        "household_name": f.household_name, "address": f.address, "postcode": f.postcode,
        "language": f.language, "interpreter_needed": f.interpreter_needed,
        "level_of_need": f.level_of_need,
        "lead_practitioner": practitioners[f.lead_practitioner_id].name
        if f.lead_practitioner_id in practitioners else "",
        "lead_agency": lead_agency.name if lead_agency else "",
        "lead_sector": lead_agency.sector if lead_agency else "",
        "request_on": encode(f.request_on), "first_contact_on": encode(f.first_contact_on),
        "opened_on": encode(f.opened_on), "closed_on": encode(f.closed_on),
        "closure_reason": f.closure_reason, "conflicted": f.conflicted,
        "next_review": encode(next_reviews(session, [f.id]).get(f.id)),
        "people": [{"id": str(p.id), "first_name": p.first_name, "last_name": p.last_name,
                    "date_of_birth": encode(p.date_of_birth), "role": p.role.value,
                    "in_household": p.in_household, "send": p.send.value,
                    "school_or_setting": p.school_or_setting,
                    "communication_needs": p.communication_needs} for p in people],
        "consents": [{"id": str(c.id), "given_on": encode(c.given_on),
                      "given_by": person_by_id[c.given_by_person_id].full_name
                      if c.given_by_person_id in person_by_id else "",
                      "scope_agencies": [agency_name(uuid.UUID(a)) or a
                                         for a in c.scope_agency_ids],
                      "scope_purposes": c.scope_purposes,
                      "withdrawn_on": encode(c.withdrawn_on)}
                     for c in _live(session, Consent, f.id)],
        "team": [{"id": str(t.id), "agency": agency_name(t.agency_id),
                  "practitioner": practitioners[t.practitioner_id].name
                  if t.practitioner_id in practitioners else "",
                  "role_in_taf": t.role_in_taf, "joined_on": encode(t.joined_on),
                  "left_on": encode(t.left_on)} for t in team],
        "needs": [{"id": str(n.id), "outcome_code": n.outcome_code,
                   "worried_about": n.worried_about, "working_well": n.working_well,
                   "needs_to_happen": n.needs_to_happen, "family_words": n.family_words,
                   "status": n.status.value} for n in _live(session, Need, f.id)],
        "actions": [{"id": str(a.id), "kind": a.kind.value, "description": a.description,
                     "need_id": encode(a.need_id), "owner": owner(a),
                     "owner_agency": agency_name(a.owner_agency_id), "due_on": encode(a.due_on),
                     "status": a.status.value, "evidence": a.evidence} for a in actions],
        "meetings": [{"id": str(m.id), "kind": m.kind.value, "held_on": encode(m.held_on),
                      "status": m.status.value, "decision": encode(m.decision),
                      "next_review_on": encode(m.next_review_on)}
                     for m in sorted(_live(session, Meeting, f.id), key=lambda m: m.held_on)],
        "referrals": [{"id": str(r.id), "to_service": r.to_service, "made_on": encode(r.made_on),
                       "outcome": r.outcome, "outcome_on": encode(r.outcome_on)}
                      for r in _live(session, Referral, f.id)],
        "step_changes": [{"direction": s.direction.value, "on": encode(s.on), "reason": s.reason}
                         for s in _live(session, StepChange, f.id)],
    }

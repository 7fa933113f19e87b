"""A small hand-built hub whose right answers are worked out by hand in the tests.

Period under test: 2026 Q1 (2026-01-01..2026-03-31), today 2026-04-15. Families (lead sector):
  F1  school  opened 01-12, open         request 01-05, contact 01-09, initial TAF 02-02
  F2  LA      opened 01-20, closed 03-10 needs_met; request 01-05, contact 01-19, no TAF
  F3  LA      opened 2025-06-01, open (request 2025, outside the cohort); stepped down 03-01
  F4  vol.    opened 2025-09-01, closed 02-15 stepped_up (step up 02-15)
  F5  LA      Smith TS1 1AA, opened 2025-10-01, closed 2025-12-20 needs_met
  F6  school  smith TS1 1AA, opened 02-01, open; request 01-26, no contact, initial 03-02
  F7  tombstoned agency -> no lead; TS1 1AA "Other", opened 03-01, open
  F8  tombstoned family (school), opened 01-10, open: left out everywhere
  F9  no lead, status closed without a closure date, opened 2025-01-01: left out
  F10 health  reference TAF-4 (as F4), opened 03-31, open; request 03-20, contact 03-27
  F11 school  Jones, opened 2025-03-01, closed 2025-08-01 needs_met (2 outcomes met)
  F12 health  Brown TS3 3CC, opened 2025-05-01, closed 2025-09-15 needs_met (1 outcome)
  F13 LA      brown TS3 3CC, opened 2025-12-01, closed 2025-12-31 moved_away
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tafapp.models import (
    Action,
    ActionStatus,
    Agency,
    Family,
    FamilyStatus,
    Meeting,
    MeetingKind,
    Need,
    NeedStatus,
    Person,
    PersonRole,
    Referral,
    Scaling,
    ScoredBy,
    Send,
    StepChange,
    StepDirection,
)
from tafapp.storage.capture import tombstone

D = date


def _agencies(s: Session) -> dict[str, Agency]:
    a = {
        "LA": Agency(name="Stockton Family Help", sector="local_authority"),
        "SCH": Agency(name="Northfield Primary", sector="school"),
        "HV": Agency(name="Hillside Health Visiting", sector="health"),
        "VCS": Agency(name="Tees Family Charity", sector="voluntary"),
        "DEAD": Agency(name="Old School", sector="school"),
    }
    s.add_all(a.values())
    return a


def _family(s: Session, ref: str, lead: Agency | None, opened: date, *, closed: date | None = None,
            reason: str | None = None, status: FamilyStatus | None = None, request: date | None
            = None, contact: date | None = None, name: str = "", postcode: str = "") -> Family:
    f = Family(reference=ref, household_name=name or f"Household {ref}", postcode=postcode,
               lead_agency_id=lead.id if lead else None, opened_on=opened, closed_on=closed,
               closure_reason=reason, request_on=request, first_contact_on=contact,
               status=status or (FamilyStatus.CLOSED if closed else FamilyStatus.OPEN))
    s.add(f)
    return f


def _families(s: Session, a: dict[str, Agency]) -> dict[str, Family]:
    f = {
        "F1": _family(s, "TAF-1", a["SCH"], D(2026, 1, 12), request=D(2026, 1, 5),
                      contact=D(2026, 1, 9)),
        "F2": _family(s, "TAF-2", a["LA"], D(2026, 1, 20), closed=D(2026, 3, 10),
                      reason="needs_met", request=D(2026, 1, 5), contact=D(2026, 1, 19)),
        "F3": _family(s, "TAF-3", a["LA"], D(2025, 6, 1), request=D(2025, 5, 20)),
        "F4": _family(s, "TAF-4", a["VCS"], D(2025, 9, 1), closed=D(2026, 2, 15),
                      reason="stepped_up"),
        "F5": _family(s, "TAF-5", a["LA"], D(2025, 10, 1), closed=D(2025, 12, 20),
                      reason="needs_met", name="Smith", postcode="TS1 1AA"),
        "F6": _family(s, "TAF-6", a["SCH"], D(2026, 2, 1), request=D(2026, 1, 26),
                      name="smith", postcode="TS1 1AA"),
        "F7": _family(s, "TAF-7", a["DEAD"], D(2026, 3, 1), name="Other", postcode="TS1 1AA"),
        "F8": _family(s, "TAF-8", a["SCH"], D(2026, 1, 10)),
        "F9": _family(s, "TAF-9", None, D(2025, 1, 1), status=FamilyStatus.CLOSED),
        "F10": _family(s, "TAF-4", a["HV"], D(2026, 3, 31), request=D(2026, 3, 20),
                       contact=D(2026, 3, 27)),
        "F11": _family(s, "TAF-11", a["SCH"], D(2025, 3, 1), closed=D(2025, 8, 1),
                       reason="needs_met", name="Jones", postcode="TS2 2BB"),
        "F12": _family(s, "TAF-12", a["HV"], D(2025, 5, 1), closed=D(2025, 9, 15),
                       reason="needs_met", name="Brown", postcode="TS3 3CC"),
        "F13": _family(s, "TAF-13", a["LA"], D(2025, 12, 1), closed=D(2025, 12, 31),
                       reason="moved_away", name="brown", postcode="TS3 3CC"),
    }
    return f


def _meeting(s: Session, fam: Family, kind: MeetingKind, held: date,
             next_review: date | None = None) -> Meeting:
    m = Meeting(family_id=fam.id, kind=kind, held_on=held, next_review_on=next_review)
    s.add(m)
    return m


def _meetings(s: Session, f: dict[str, Family]) -> dict[str, Meeting]:
    init, rev, close = MeetingKind.INITIAL, MeetingKind.REVIEW, MeetingKind.CLOSURE
    return {
        "M1": _meeting(s, f["F1"], init, D(2026, 2, 2), D(2026, 3, 16)),
        "M2": _meeting(s, f["F1"], rev, D(2026, 3, 13), D(2026, 5, 1)),
        "M3": _meeting(s, f["F3"], rev, D(2025, 12, 1), D(2026, 1, 20)),
        "M4": _meeting(s, f["F3"], rev, D(2026, 1, 27), D(2026, 3, 20)),
        "M5": _meeting(s, f["F2"], init, D(2026, 1, 25), D(2026, 2, 20)),  # tombstoned
        "M6": _meeting(s, f["F2"], rev, D(2026, 1, 28), D(2026, 3, 15)),
        "M12": _meeting(s, f["F2"], close, D(2026, 3, 5)),
        "M7": _meeting(s, f["F6"], init, D(2026, 3, 2), D(2026, 4, 20)),
        "M9": _meeting(s, f["F4"], init, D(2025, 10, 1), D(2026, 2, 10)),
        "M10": _meeting(s, f["F4"], close, D(2026, 2, 12), D(2026, 3, 1)),
        "M11": _meeting(s, f["F8"], init, D(2026, 1, 15), D(2026, 2, 15)),
    }


def _scores(s: Session, m: dict[str, Meeting]) -> list[Scaling]:
    fam, pro = ScoredBy.FAMILY, ScoredBy.PROFESSIONAL
    rows = [("M9", fam, 3), ("M9", fam, 5), ("M9", pro, 4), ("M10", fam, 7), ("M10", pro, 6),
            ("M10", pro, 8), ("M6", fam, 6), ("M6", pro, 5), ("M12", fam, 5), ("M12", pro, 5),
            ("M12", fam, 10)]  # the last is tombstoned
    out = [Scaling(meeting_id=m[k].id, scored_by=who, score=n) for k, who, n in rows]
    s.add_all(out)
    return out


def _action(s: Session, fam: Family, owner: Agency | None, due: date, status: ActionStatus,
            completed: date | None = None) -> Action:
    a = Action(family_id=fam.id, description="an action", owner_agency_id=owner.id if owner
               else None, due_on=due, status=status, completed_on=completed)
    s.add(a)
    return a


def _actions(s: Session, f: dict[str, Family], a: dict[str, Agency]) -> dict[str, Action]:
    st = ActionStatus
    return {
        "A1": _action(s, f["F1"], a["SCH"], D(2026, 3, 1), st.IN_PROGRESS),
        "A2": _action(s, f["F1"], a["SCH"], D(2026, 4, 30), st.NOT_STARTED),
        "A3": _action(s, f["F1"], a["HV"], D(2026, 2, 1), st.ACHIEVED, D(2026, 2, 1)),
        "A4": _action(s, f["F1"], a["HV"], D(2026, 3, 10), st.ACHIEVED, D(2026, 4, 5)),
        "A5": _action(s, f["F1"], None, D(2026, 3, 20), st.NOT_STARTED),
        "A6": _action(s, f["F1"], a["SCH"], D(2026, 1, 1), st.CANCELLED),
        "A7": _action(s, f["F1"], a["SCH"], D(2026, 1, 1), st.IN_PROGRESS),  # tombstoned
        "A8": _action(s, f["F2"], a["LA"], D(2026, 2, 1), st.NOT_STARTED),
        "A9": _action(s, f["F3"], a["LA"], D(2026, 3, 31), st.NOT_STARTED),
        "A10": _action(s, f["F3"], a["DEAD"], D(2026, 3, 1), st.IN_PROGRESS),
    }


def _needs(s: Session, f: dict[str, Family]) -> dict[str, Need]:
    met, op = NeedStatus.MET, NeedStatus.OPEN
    rows = {
        "N1": ("F2", "education", met, D(2026, 3, 1)), "N2": ("F2", "health", met, D(2026, 3, 5)),
        "N3": ("F2", "housing", op, None), "N4": ("F1", "education", met, D(2026, 2, 20)),
        "N5": ("F1", None, met, D(2026, 2, 20)), "N6": ("F1", "health", met, D(2025, 12, 1)),
        "N7": ("F1", "financial", met, D(2026, 2, 1)),  # tombstoned
        "N8": ("F11", "relationships", met, D(2025, 7, 1)),
        "N9": ("F11", "housing", met, D(2025, 7, 20)), "N10": ("F12", "crime", met, D(2025, 9, 1)),
    }
    out = {k: Need(family_id=f[fk].id, outcome_code=code, status=stat, met_on=on)
           for k, (fk, code, stat, on) in rows.items()}
    s.add_all(out.values())
    return out


def _people(s: Session, f: dict[str, Family]) -> list[Person]:
    rows = [("F1", Send.EHCP), ("F1", Send.SEN_SUPPORT), ("F3", Send.SEN_SUPPORT),
            ("F6", Send.EHCP), ("F5", Send.EHCP), ("F7", Send.NONE)]
    out = [Person(family_id=f[k].id, first_name="Child", send=send, role=PersonRole.CHILD)
           for k, send in rows]
    s.add_all(out)
    return out


def _referrals(s: Session, f: dict[str, Family], a: dict[str, Agency]) -> list[Referral]:
    rows = [("F1", D(2026, 1, 15), "Accepted: speech and language assessment", D(2026, 2, 1)),
            ("F1", D(2026, 2, 1), "", None), ("F3", D(2026, 3, 1), "", D(2026, 3, 10)),
            ("F2", D(2025, 12, 1), "Declined", D(2025, 12, 5)),
            ("F1", D(2026, 1, 20), "", None),  # tombstoned
            ("F8", D(2026, 1, 20), "", None)]  # family tombstoned
    out = [Referral(family_id=f[k].id, from_agency_id=a["SCH"].id, to_service="SALT",
                    made_on=on, outcome=outcome, outcome_on=back) for k, on, outcome, back in rows]
    s.add_all(out)
    return out


def build(s: Session) -> dict[str, Any]:
    """Write the dataset; returns the rows by their names above."""
    a = _agencies(s)
    s.flush()
    f = _families(s, a)
    s.flush()
    m = _meetings(s, f)
    s.flush()
    scores = _scores(s, m)
    acts = _actions(s, f, a)
    needs = _needs(s, f)
    people = _people(s, f)
    refs = _referrals(s, f, a)
    steps = [StepChange(family_id=f["F4"].id, direction=StepDirection.UP, on=D(2026, 2, 15)),
             StepChange(family_id=f["F3"].id, direction=StepDirection.DOWN, on=D(2026, 3, 1)),
             StepChange(family_id=f["F1"].id, direction=StepDirection.UP, on=D(2026, 3, 1)),
             StepChange(family_id=f["F5"].id, direction=StepDirection.DOWN, on=D(2025, 10, 1))]
    s.add_all(steps)
    s.flush()
    for row in (a["DEAD"], f["F8"], m["M5"], scores[-1], acts["A7"], needs["N7"], people[3],
                refs[4], steps[2]):
        tombstone(s, row)
    s.flush()
    ids: dict[str, Any] = {**a, **f, **m, **acts, **needs}
    return {k: v.id for k, v in ids.items() if isinstance(v.id, uuid.UUID)}

"""One synthetic household: the family row, its people, the episode's dates and its lead.

Rows are plain dicts keyed by model field names, appended to a `Batch` that the generator
writes with `capture.bulk_insert`, one executemany per table.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from tafapp.core.timescales import add_working_days, is_working_day
from tafapp.demo import names as nm
from tafapp.demo.directory import LEAD_WEIGHTS, Agency, Directory, Practitioner
from tafapp.models import Family, FamilyStatus, Person, PersonRole, Send, new_id

Batch = defaultdict[type, list[dict[str, Any]]]

# Closed families by reason; needs met or single agency together near the 65-70% that
# boroughs such as Lincolnshire report.
CLOSURE_WEIGHTS = {"needs_met": 46, "single_agency": 21, "stepped_down": 12, "stepped_up": 9,
                   "consent_withdrawn": 6, "moved_away": 6}

# Where a child of a given age is usually known (agency kind), by school stage.
_STAGE = ((0, 1, ""), (2, 3, "early_years"), (4, 10, "primary"), (11, 15, "secondary"),
          (16, 17, "college"))
# Which children an agency kind works with, for choosing a plausible lead.
_LEAD_NEEDS_AGE = {"primary": (4, 10), "secondary": (11, 16), "college": (16, 17),
                   "early_years": (2, 4), "health_visiting": (0, 4), "school_nursing": (5, 17),
                   "midwifery": (0, 0), "camhs": (8, 17)}


@dataclass
class Member:
    id: uuid.UUID
    first: str
    last: str
    role: PersonRole
    age: int

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Household:
    """What later parts of a family (plan, meetings) need to know about it."""

    id: uuid.UUID
    members: list[Member]
    agencies: dict[str, Agency]  # kind -> the agency this family uses
    lead: Practitioner
    request_on: date
    opened_on: date
    first_meeting_on: date
    end_on: date | None  # when the episode closes; None while it is still open
    reason: str | None
    from_social_care: bool
    trend: float  # scaling change per meeting
    team: list[Practitioner] = field(default_factory=list)

    @cached_property
    def parents(self) -> list[Member]:
        return [m for m in self.members if m.role == PersonRole.PARENT_CARER]

    @cached_property
    def children(self) -> list[Member]:
        return [m for m in self.members if m.role == PersonRole.CHILD]


def working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _dob(rng: random.Random, age: int, on: date) -> date:
    return on - timedelta(days=age * 365 + rng.randint(0, 364))


def _people(rng: random.Random, bg: nm.Background) -> list[Member]:
    surname = rng.choice(bg.surnames)
    mum_age = rng.randint(19, 48)
    out = [Member(new_id(), rng.choice(bg.women), surname, PersonRole.PARENT_CARER, mum_age)]
    if rng.random() < 0.55:
        other = surname if rng.random() < 0.7 else rng.choice(bg.surnames)
        out.append(Member(new_id(), rng.choice(bg.men), other, PersonRole.PARENT_CARER,
                          mum_age + rng.randint(-3, 8)))
    count = rng.choices((1, 2, 3, 4, 5), weights=(30, 35, 22, 9, 4))[0]
    oldest = max(0, min(17, mum_age - 17))
    for _ in range(count):
        boy = rng.random() < 0.5
        first = rng.choice(bg.boys if boy else bg.girls)
        out.append(Member(new_id(), first, surname, PersonRole.CHILD, rng.randint(0, oldest)))
    if rng.random() < 0.12:
        out.append(Member(new_id(), rng.choice(bg.women + bg.men), rng.choice(bg.surnames),
                          PersonRole.OTHER_ADULT, rng.randint(19, 72)))
    return out


def _send(rng: random.Random, age: int) -> Send:
    # Early Help families carry more SEND than the national pupil figures (about 13% SEN
    # support, 5% EHCP); under-twos are rarely identified.
    if age < 2:
        return Send.NONE
    ehcp, support = (0.02, 0.08) if age < 5 else (0.08, 0.19)
    x = rng.random()
    return Send.EHCP if x < ehcp else Send.SEN_SUPPORT if x < ehcp + support else Send.NONE


def _stage_kind(age: int) -> str:
    return next(kind for lo, hi, kind in _STAGE if lo <= age <= hi)


def _agencies(rng: random.Random, d: Directory) -> dict[str, Agency]:
    """The family's own school, nursery, GP, health visiting team... one of each kind."""
    return {kind: d.pick(rng, kind) for kind in d.by_kind}


def _lead(rng: random.Random, d: Directory, hh_agencies: dict[str, Agency],
          kids: list[Member]) -> Practitioner:
    kinds, weights = [], []
    for kind, weight in LEAD_WEIGHTS.items():
        span = _LEAD_NEEDS_AGE.get(kind)
        if weight and (span is None or any(span[0] <= c.age <= span[1] for c in kids)):
            kinds.append(kind)
            weights.append(weight)
    kind = rng.choices(kinds, weights=weights)[0]
    return rng.choice(hh_agencies[kind].practitioners)


def _episode(rng: random.Random, today: date, force_reason: str | None
             ) -> tuple[date, date, date, date, date | None, str | None]:
    # At least ~9 weeks back: every demo family has had its first meeting by `today`.
    request = working_day(today - timedelta(days=rng.randint(66, 780)))
    if force_reason:
        request = working_day(today - timedelta(days=rng.randint(420, 700)))
    contact = add_working_days(request, rng.randint(1, 6))
    opened = add_working_days(request, rng.randint(5, 14))
    first_meeting = add_working_days(opened, rng.randint(10, 30))
    end = first_meeting + timedelta(days=rng.randint(70, 380))
    if force_reason or end < today - timedelta(days=7):
        reason = force_reason or rng.choices(list(CLOSURE_WEIGHTS),
                                             weights=list(CLOSURE_WEIGHTS.values()))[0]
        if reason in ("consent_withdrawn", "moved_away", "stepped_up"):
            end = first_meeting + timedelta(days=rng.randint(20, 200))
        end = min(end, today - timedelta(days=7))
        return request, contact, opened, first_meeting, working_day(end), reason
    return request, contact, opened, first_meeting, None, None


def _postcode(rng: random.Random) -> str:
    inward = "".join(rng.choice(nm.INWARD_LETTERS) for _ in range(2))
    return f"{rng.choice(nm.POSTCODE_DISTRICTS)} {rng.randint(1, 9)}{inward}"


def _address(rng: random.Random) -> str:
    flat = f"Flat {rng.randint(1, 24)}, " if rng.random() < 0.25 else ""
    street = f"{rng.choice(nm.STREET_STEMS)} {rng.choice(nm.STREET_KINDS)}"
    return f"{flat}{rng.randint(1, 140)} {street}, {rng.choice(nm.AREAS)}"


def build(rng: random.Random, d: Directory, today: date, reference: Callable[[int], str],
          batch: Batch, force_reason: str | None = None) -> Household:
    """A household and its episode; `reference(year)` issues the family reference."""
    request, contact, opened, first_meeting, end, reason = _episode(rng, today, force_reason)
    bg = rng.choices(nm.BACKGROUNDS, weights=[b.weight for b in nm.BACKGROUNDS])[0]
    members = _people(rng, bg)
    kids = [m for m in members if m.role == PersonRole.CHILD]
    hh_agencies = _agencies(rng, d)
    lead = _lead(rng, d, hh_agencies, kids)
    trend = rng.choice((1.0, 0.8, 0.6, 0.5, 0.3, 0.0, -0.3))
    if reason == "stepped_up":
        trend = -0.8
    elif reason in ("needs_met", "stepped_down"):
        trend = max(trend, 0.6)
    hh = Household(new_id(), members, hh_agencies, lead, request, opened, first_meeting, end,
                   reason, rng.random() < 0.12, trend)
    interpreter = bg.interpreter_rate > 0 and rng.random() < bg.interpreter_rate
    batch[Family].append({
        "id": hh.id, "reference": reference(opened.year),
        "household_name": f"{members[0].last} family",
        "address": _address(rng), "postcode": _postcode(rng), "language": bg.language,
        "interpreter_needed": interpreter,
        "level_of_need": 2 if rng.random() < 0.18 else 3,
        "status": FamilyStatus.CLOSED if end else FamilyStatus.OPEN,
        "lead_practitioner_id": lead.id, "lead_agency_id": lead.agency.id,
        "request_on": request, "first_contact_on": contact, "opened_on": opened,
        "closed_on": end, "closure_reason": reason,
        "closure_note": _closure_note(reason),
        "confidential_notes": "Previous involvement with children's social care (2021)"
        if hh.from_social_care else "",
    })
    _person_rows(rng, hh, bg, interpreter, batch)
    return hh


def _closure_note(reason: str | None) -> str:
    return {
        None: "", "needs_met": "The plan's outcomes were met and the family agreed to close.",
        "single_agency": "School will carry on supporting the family on its own.",
        "stepped_up": "Concerns escalated; children's social care now lead.",
        "stepped_down": "The family are managing with universal services and know how to "
                        "come back.",
        "consent_withdrawn": "The family withdrew consent; told how to ask for help again.",
        "moved_away": "The family moved out of the area; the new council was told with "
                      "consent.",
    }[reason]


def _person_rows(rng: random.Random, hh: Household, bg: nm.Background, interpreter: bool,
                 batch: Batch) -> None:
    """Ages are as at the request for help, so a closed family's baby is older today."""
    rows = batch[Person]
    for m in hh.members:
        send = _send(rng, m.age) if m.role == PersonRole.CHILD else Send.NONE
        setting, comm = "", ""
        if m.role == PersonRole.CHILD:
            kind = _stage_kind(m.age)
            if kind and (kind != "early_years" or rng.random() < 0.7):
                setting = hh.agencies[kind].name
            if send != Send.NONE and rng.random() < 0.35:
                comm = rng.choice(nm.CHILD_COMMUNICATION)
        elif interpreter and m.role == PersonRole.PARENT_CARER:
            comm = f"Needs a {bg.language} interpreter for meetings and letters"
        elif rng.random() < 0.06:
            comm = rng.choice(nm.ADULT_COMMUNICATION)
        rows.append({
            "id": m.id, "family_id": hh.id, "first_name": m.first, "last_name": m.last,
            "date_of_birth": _dob(rng, m.age, hh.request_on), "role": m.role,
            "in_household": m.role != PersonRole.OTHER_ADULT or rng.random() < 0.5,
            "send": send, "school_or_setting": setting, "communication_needs": comm,
            "share_with_family": m.role != PersonRole.OTHER_ADULT or rng.random() < 0.8,
        })

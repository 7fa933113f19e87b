"""The family's needs (chosen), its team around the family, consent, referrals, step changes,
case notes and measure readings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tafapp.demo import phrases as ph
from tafapp.demo.directory import Agency, Practitioner
from tafapp.demo.household import Batch, Household, Member
from tafapp.models import (
    CaseNote,
    Consent,
    Reading,
    Referral,
    StepChange,
    StepDirection,
    TeamMember,
)

_NEED_WEIGHTS = {"education": 18, "early_years": 9, "health": 18, "substance_use": 5,
                 "relationships": 16, "safe_from_abuse": 5, "crime": 4, "domestic_abuse": 9,
                 "housing": 8, "financial": 12}
MAX_TEAM = 5  # the lead and up to four agencies around a table
_BY_CODE = {n.code: n for n in ph.NEEDS}
_SCHOOL_KINDS = {"primary": (4, 10), "secondary": (11, 15), "college": (16, 17),
                 "early_years": (2, 4)}
_REFERRAL_OUTCOMES = (
    "Accepted; first appointment offered", "Accepted; on the waiting list (about 16 weeks)",
    "Declined: did not meet the criteria; family signposted to online support",
    "Family did not attend; service closed the referral", "Seen; support finished and "
    "a report was sent to the lead professional",
)


@dataclass
class ChosenNeed:
    text: ph.NeedText
    child: Member | None


def choose_needs(rng: random.Random, hh: Household) -> list[ChosenNeed]:
    """Usually three or more needs (as DOMAIN says a TAF family normally has), each about a
    child of a fitting age where the need is about one child."""
    count = rng.choices((2, 3, 4, 5), weights=(10, 50, 30, 10))[0]
    pool = dict(_NEED_WEIGHTS)
    out: list[ChosenNeed] = []
    while pool and len(out) < count:
        code = rng.choices(list(pool), weights=list(pool.values()))[0]
        del pool[code]
        text = _BY_CODE[code]
        if text.ages is None:
            kids = hh.children
        else:
            lo, hi = text.ages
            kids = [c for c in hh.children if lo <= c.age <= hi]
            if not kids:
                continue
        out.append(ChosenNeed(text, rng.choice(kids) if kids else None))
    return out


def _agency_for(hh: Household, kind: str, child: Member | None) -> Agency | None:
    if kind in _SCHOOL_KINDS:
        lo, hi = _SCHOOL_KINDS[kind]
        people = [child] if child else hh.children
        if not any(lo <= c.age <= hi for c in people if c):
            return None
    return hh.agencies.get(kind)


def build_team(rng: random.Random, hh: Household, needs: list[ChosenNeed],
               batch: Batch) -> None:
    """The lead first, then the agencies the needs call for, up to five in all; some leave before
    the end and a closed family's team left when it closed."""
    chosen: dict[object, Practitioner] = {hh.lead.agency.id: hh.lead}
    wanted: list[Agency] = []
    for need in needs:
        for kind in need.text.helpers:
            agency = _agency_for(hh, kind, need.child)
            if agency is not None:
                wanted.append(agency)
                break
    if any(c.age <= 4 for c in hh.children) and rng.random() < 0.6:
        wanted.append(hh.agencies["health_visiting"])
    for agency in wanted:
        if agency.id not in chosen and len(chosen) < MAX_TEAM:
            chosen[agency.id] = rng.choice(agency.practitioners)
    hh.team = list(chosen.values())
    rows = batch[TeamMember]
    for i, p in enumerate(hh.team):
        joined = hh.opened_on if i == 0 else hh.first_meeting_on - timedelta(days=rng.randint(0, 9))
        left = hh.end_on
        if i and left is None and rng.random() < 0.08:
            left = hh.first_meeting_on + timedelta(days=rng.randint(40, 120))
        rows.append({"family_id": hh.id, "agency_id": p.agency.id, "practitioner_id": p.id,
                     "role_in_taf": "Lead professional" if i == 0 else p.role,
                     "joined_on": joined, "left_on": left})


def consent(rng: random.Random, hh: Household, today: date, batch: Batch) -> None:
    givers = list(hh.parents)
    givers += [c for c in hh.children if c.age >= 13 and rng.random() < 0.4]
    scope = [str(p.agency.id) for p in hh.team]
    for i, person in enumerate(givers):
        withdrawn = None
        if hh.reason == "consent_withdrawn":
            withdrawn = hh.end_on
        elif i == 1 and rng.random() < 0.05:
            withdrawn = min(today, hh.first_meeting_on + timedelta(days=rng.randint(20, 90)))
        batch[Consent].append({
            "family_id": hh.id, "given_by_person_id": person.id, "given_on": hh.opened_on,
            "scope_agency_ids": scope,
            "scope_purposes": "Share information with the team around the family to plan, "
                              "review and record support",
            "privacy_notice_version": "EH-PN 2025.2", "withdrawn_on": withdrawn})


def referrals(rng: random.Random, hh: Household, needs: list[ChosenNeed], today: date,
              batch: Batch) -> None:
    last = min(today, hh.end_on or today)
    for need in rng.sample(needs, k=min(len(needs), rng.choice((0, 1, 1, 2, 2, 3)))):
        made = hh.first_meeting_on + timedelta(days=rng.randint(0, 30))
        if made > last:
            continue
        outcome, outcome_on = "", None
        if made < today - timedelta(days=45) and rng.random() < 0.72:
            outcome = rng.choice(_REFERRAL_OUTCOMES)
            outcome_on = min(today, made + timedelta(days=rng.randint(10, 70)))
        batch[Referral].append({
            "family_id": hh.id, "from_agency_id": hh.lead.agency.id,
            "to_service": rng.choice(need.text.referrals),
            "reason": fill(rng.choice(need.text.worried), hh, need.child),
            "made_on": made, "outcome": outcome, "outcome_on": outcome_on})


def steps(rng: random.Random, hh: Household, batch: Batch) -> None:
    if hh.from_social_care:
        batch[StepChange].append({
            "family_id": hh.id, "direction": StepDirection.DOWN, "on": hh.request_on,
            "reason": "Child in need plan ended; stepped down to Early Help with a transfer "
                      "meeting", "consent_given": True})
    if hh.reason == "stepped_up" and hh.end_on:
        batch[StepChange].append({
            "family_id": hh.id, "direction": StepDirection.UP, "on": hh.end_on,
            "reason": "Concerns increased despite the plan; referred to children's social "
                      "care", "consent_given": rng.random() < 0.7})


def notes_and_readings(rng: random.Random, hh: Household, today: date, batch: Batch) -> None:
    last = min(today, hh.end_on or today)
    span = max(1, (last - hh.opened_on).days)
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        text = fill(rng.choice(ph.CASE_NOTES), hh, None)
        batch[CaseNote].append({
            "family_id": hh.id, "written_on": hh.opened_on + timedelta(days=rng.randint(0, span)),
            "author": hh.lead.name, "text": text,
            "confidential": "confidential" in text or rng.random() < 0.3})
    if rng.random() < 0.2:
        start = rng.randint(2, 6)
        for day, score in ((hh.opened_on, start),
                           (last, max(1, min(10, start + round(hh.trend * 3))))):
            batch[Reading].append({"family_id": hh.id, "person_id": hh.parents[0].id,
                                   "tool": "Family Star Plus", "scale": "Overall",
                                   "score": score, "taken_on": day})


def fill(template: str, hh: Household, child: Member | None) -> str:
    """A phrase with the family's names in it."""
    kid = child or (hh.children[0] if hh.children else None)
    parent = hh.parents[0] if hh.parents else hh.members[0]
    return template.format(child=kid.first if kid else "the children", parent=parent.first)

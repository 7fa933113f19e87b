"""A family's plan over time: needs, actions and the meetings that review them.

Meetings follow DOMAIN: the first within 3–6 weeks of the assessment (an initial meeting, or
a step-down transfer meeting for a family coming from social care), reviews every 6–12 weeks
(some held late, so review timeliness has something to measure), each reviewing every open
action, scaling by the family and by professionals drifting with the family's trend, and a
closure meeting where the work ends by decision. Open families keep overdue actions and some
overdue reviews; their most recent meeting may still be a draft.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tafapp.demo import phrases as ph
from tafapp.demo.household import Batch, Household, Member, working_day
from tafapp.demo.team import ChosenNeed, fill
from tafapp.models import (
    Action,
    ActionKind,
    ActionReview,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingAddendum,
    MeetingKind,
    MeetingStatus,
    Need,
    NeedStatus,
    Scaling,
    ScoredBy,
    new_id,
)

CLOSING_MEETING = ("needs_met", "single_agency", "stepped_down", "stepped_up")
MAX_OPEN_FAMILY_ACTIONS = 8  # Essex: at most eight actions in a plan


@dataclass
class Plan:
    hh: Household
    needs: list[ChosenNeed]
    need_rows: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


def meeting_dates(rng: random.Random, hh: Household, today: date) -> list[tuple[date, date]]:
    """(held_on, next review agreed there) for each meeting; the last pair's review date is
    the family's next review (in the past when the review is overdue)."""
    out: list[tuple[date, date]] = []
    held = hh.first_meeting_on
    while True:
        agreed = working_day(held + timedelta(days=rng.randint(42, 84)))
        late = 0 if rng.random() < 0.78 else rng.randint(1, 30)
        actual = working_day(agreed + timedelta(days=late))
        out.append((held, agreed))
        limit = hh.end_on if hh.end_on else today
        if actual > limit or (hh.end_on and actual >= hh.end_on):
            if hh.end_on and hh.reason in CLOSING_MEETING and hh.end_on > held:
                out.append((hh.end_on, hh.end_on))
            return out
        held = actual


def build(rng: random.Random, hh: Household, needs: list[ChosenNeed], today: date,
          batch: Batch) -> None:
    plan = Plan(hh, needs)
    _need_rows(rng, plan)
    dates = meeting_dates(rng, hh, today)
    fam_score = rng.randint(2, 5)
    pro_score = max(1, fam_score + rng.choice((-1, 0, 0, 1)))
    for i, (held, agreed) in enumerate(dates):
        final = bool(hh.end_on) and i == len(dates) - 1 and hh.reason in CLOSING_MEETING
        meeting = _meeting_row(rng, plan, i, held, agreed, final, today, len(dates))
        batch[Meeting].append(meeting)
        if i:
            _review_actions(rng, plan, meeting["id"], held, final, batch)
        if not final:
            _new_actions(rng, plan, held, first=i == 0)
        _scaling(rng, plan, meeting["id"], i, fam_score, pro_score, batch)
        _attendance(rng, hh, meeting["id"], batch)
        if meeting["status"] == MeetingStatus.FINAL and rng.random() < 0.02:
            batch[MeetingAddendum].append({
                "meeting_id": meeting["id"], "written_on": meeting["finalised_on"],
                "author": hh.lead.name,
                "text": "Correction: the next review will be at the family hub, not school."})
    _settle(rng, plan)
    batch[Need].extend(plan.need_rows)
    batch[Action].extend(plan.actions)


def _need_rows(rng: random.Random, plan: Plan) -> None:
    for need in plan.needs:
        t, c = need.text, need.child
        plan.need_rows.append({
            "id": new_id(), "family_id": plan.hh.id, "person_id": c.id if c else None,
            "outcome_code": t.code, "worried_about": fill(rng.choice(t.worried), plan.hh, c),
            "working_well": fill(rng.choice(t.working), plan.hh, c),
            "needs_to_happen": fill(rng.choice(t.happen), plan.hh, c),
            "family_words": fill(rng.choice(t.words), plan.hh, c),
            "status": NeedStatus.OPEN, "met_on": None})


def _meeting_row(rng: random.Random, plan: Plan, i: int, held: date, agreed: date,
                 final: bool, today: date, count: int) -> dict[str, Any]:
    hh = plan.hh
    kind = MeetingKind.REVIEW
    if i == 0:
        kind = MeetingKind.STEP_DOWN_TRANSFER if hh.from_social_care else MeetingKind.INITIAL
    nxt: date | None
    decision, reason, nxt = Decision.CONTINUE, "Progress is being made; keep the plan going", agreed
    if final:
        nxt = None
        if hh.reason == "stepped_up":
            decision, reason = Decision.STEP_UP, "Concerns have grown despite the plan"
        else:
            kind = MeetingKind.CLOSURE
            decision, reason = Decision.CLOSE, hh.reason.replace("_", " ").capitalize() \
                if hh.reason else ""
    draft = hh.end_on is None and i == count - 1 and (today - held).days <= 10 \
        and rng.random() < 0.4
    others = [p for p in hh.team if p is not hh.lead]
    child = rng.choice(hh.children) if hh.children else None
    school = next((p.agency.name for p in hh.team if p.agency.sector == "school"),
                  "Family Hub North")
    venue = rng.choice(ph.MEETING_VENUES).format(school=school)
    open_needs = [n for n in plan.need_rows if n["status"] == NeedStatus.OPEN] or plan.need_rows
    return {
        "id": new_id(), "family_id": hh.id, "kind": kind, "held_on": held, "venue": venue,
        "remote": venue.startswith("Remote"), "chair": hh.lead.name,
        "note_taker": rng.choice(others).name if others else "",
        "consent_confirmed": True, "family_update": fill(rng.choice(ph.FAMILY_UPDATE), hh, child),
        "child_voice": fill(rng.choice(ph.CHILD_VOICE), hh, child) if child else "",
        "child_voice_how": rng.choice(ph.CHILD_VOICE_HOW) if child else "",
        "practitioner_updates": "; ".join(
            f"{p.agency.name}: {rng.choice(ph.PRACTITIONER_UPDATE)}" for p in hh.team[:3]),
        "worried_about": "\n".join(n["worried_about"] for n in open_needs[:3]),
        "working_well": "\n".join(n["working_well"] for n in open_needs[:3]),
        "needs_to_happen": "\n".join(n["needs_to_happen"] for n in open_needs[:3]),
        "decision": decision, "decision_reason": reason, "next_review_on": nxt,
        "status": MeetingStatus.DRAFT if draft else MeetingStatus.FINAL,
        "finalised_on": None if draft else min(today, held + timedelta(days=rng.randint(0, 3))),
    }


def _owner(rng: random.Random, plan: Plan, need: ChosenNeed, who: str) -> dict[str, Any]:
    hh = plan.hh
    if who == "child" and need.child is not None and need.child.age >= 8:
        return {"owner_person_id": need.child.id}
    if who in ("parent", "child") and hh.parents:
        return {"owner_person_id": rng.choice(hh.parents).id}
    helpers = [p for p in hh.team if p.agency.kind in need.text.helpers] or [hh.lead]
    p = rng.choice(helpers)
    return {"owner_practitioner_id": p.id, "owner_agency_id": p.agency.id}


def _new_actions(rng: random.Random, plan: Plan, held: date, first: bool) -> None:
    open_family = sum(1 for a in plan.actions if a["kind"] == ActionKind.FAMILY
                      and a["status"].is_open)
    for idx, need in enumerate(plan.needs):
        if plan.need_rows[idx]["status"] != NeedStatus.OPEN:
            continue
        if not first and rng.random() > 0.35:
            continue
        picks = rng.sample(need.text.family_actions, k=rng.choice((1, 1, 2)) if first else 1)
        for text, who in picks:
            if open_family >= MAX_OPEN_FAMILY_ACTIONS:
                break
            open_family += 1
            _add_action(rng, plan, idx, ActionKind.FAMILY, fill(text, plan.hh, need.child),
                        held, _owner(rng, plan, need, who))
        if rng.random() < (0.55 if first else 0.15):
            owner = plan.hh.lead if rng.random() < 0.7 else rng.choice(plan.hh.team)
            _add_action(rng, plan, idx, ActionKind.PROFESSIONAL,
                        fill(rng.choice(need.text.tasks), plan.hh, need.child), held,
                        {"owner_practitioner_id": owner.id, "owner_agency_id": owner.agency.id})


def _add_action(rng: random.Random, plan: Plan, idx: int, kind: ActionKind, text: str,
                held: date, owner: dict[str, Any]) -> None:
    due = held + timedelta(days=rng.randint(7, 28) if kind == ActionKind.PROFESSIONAL
                           else rng.randint(14, 70))
    plan.actions.append({
        "id": new_id(), "family_id": plan.hh.id, "need_id": plan.need_rows[idx]["id"],
        "kind": kind, "description": text, "due_on": due, "status": ActionStatus.NOT_STARTED,
        "completed_on": None, "evidence": "", "owner_agency_id": None,
        "owner_practitioner_id": None, "owner_person_id": None, "owner_name": "", **owner})


def _next_status(rng: random.Random, trend: float, overdue: bool, final: bool) -> ActionStatus:
    if final:
        return rng.choices((ActionStatus.ACHIEVED, ActionStatus.PARTLY, ActionStatus.CANCELLED),
                           weights=(70, 20, 10))[0]
    good = max(0.1, min(0.8, (0.45 if overdue else 0.2) + 0.2 * trend))
    return rng.choices(
        (ActionStatus.ACHIEVED, ActionStatus.PARTLY, ActionStatus.IN_PROGRESS,
         ActionStatus.NOT_STARTED, ActionStatus.NOT_ACHIEVED, ActionStatus.CANCELLED),
        weights=(good, 0.1, 0.55 - good / 2, 0.1, 0.05, 0.03))[0]


def _review_actions(rng: random.Random, plan: Plan, meeting_id: Any, held: date, final: bool,
                    batch: Batch) -> None:
    rows = batch[ActionReview]
    for a in plan.actions:
        if not a["status"].is_open:
            continue
        status = _next_status(rng, plan.hh.trend, a["due_on"] <= held, final)
        a["status"] = status
        if not status.is_open:
            a["completed_on"] = held
            if status == ActionStatus.ACHIEVED:
                a["evidence"] = rng.choice(("Seen by the lead professional",
                                            "Confirmed by the family", "Letter from service"))
        rows.append({"meeting_id": meeting_id, "action_id": a["id"], "status": status,
                     "note": rng.choice(ph.REVIEW_NOTES[status.value])})
    _update_needs(rng, plan, held, final)


def _update_needs(rng: random.Random, plan: Plan, held: date, final: bool) -> None:
    for need in plan.need_rows:
        if need["status"] != NeedStatus.OPEN:
            continue
        mine = [a for a in plan.actions if a["need_id"] == need["id"]]
        done = mine and all(a["status"] == ActionStatus.ACHIEVED for a in mine)
        if (done and rng.random() < 0.6) or (final and plan.hh.reason == "needs_met"):
            need["status"], need["met_on"] = NeedStatus.MET, held


def _settle(rng: random.Random, plan: Plan) -> None:
    """A closed family leaves nothing open: remaining actions cancelled, needs closed."""
    end = plan.hh.end_on
    if end is None:
        return
    for a in plan.actions:
        if a["status"].is_open:
            a["status"], a["completed_on"] = ActionStatus.CANCELLED, end
    for need in plan.need_rows:
        if need["status"] == NeedStatus.OPEN:
            need["status"] = NeedStatus.CLOSED


def _scaling(rng: random.Random, plan: Plan, meeting_id: Any, i: int, fam: int, pro: int,
             batch: Batch) -> None:
    trend = plan.hh.trend
    for who, start in ((ScoredBy.FAMILY, fam), (ScoredBy.PROFESSIONAL, pro)):
        score = max(0, min(10, round(start + trend * i + rng.choice((-1, 0, 0, 0, 1)))))
        batch[Scaling].append({"meeting_id": meeting_id, "need_id": None, "scored_by": who,
                               "score": score, "note": ""})


def _attendance(rng: random.Random, hh: Household, meeting_id: Any, batch: Batch) -> None:
    rows = batch[Attendance]
    people: list[tuple[Member, str]] = [(p, "Parent/carer") for p in hh.parents]
    people += [(c, "Young person") for c in hh.children if c.age >= 11 and rng.random() < 0.35]
    for person, role in people:
        status = rng.choices(list(AttendanceStatus), weights=(85, 8, 7))[0]
        rows.append({"meeting_id": meeting_id, "person_id": person.id, "name": person.name,
                     "role": role, "status": status, "written_update": ""})
    for p in hh.team:
        status = AttendanceStatus.PRESENT if p is hh.lead else \
            rng.choices(list(AttendanceStatus), weights=(65, 27, 8))[0]
        update = fill(rng.choice(ph.APOLOGY_UPDATE), hh, None) \
            if status == AttendanceStatus.APOLOGIES else ""
        rows.append({"meeting_id": meeting_id, "practitioner_id": p.id,
                     "agency_id": p.agency.id, "name": p.name, "role": p.role,
                     "status": status, "written_update": update})

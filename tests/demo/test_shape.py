"""The demo borough looks like Early Help: mix of ages, SEND, leads, closures, timelines."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from tafapp.core import reference
from tafapp.models import (
    Action,
    ActionReview,
    Agency,
    Attendance,
    AttendanceStatus,
    Consent,
    Family,
    FamilyStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Need,
    Person,
    PersonRole,
    Referral,
    Scaling,
    Send,
    StepChange,
    StepDirection,
)
from tests.demo.conftest import SHAPE_FAMILIES, TODAY


def _all(store: Any, model: type) -> list[Any]:
    with store.read() as s:
        rows = list(s.scalars(select(model)))
        s.expunge_all()  # keep the loaded values past read()'s rollback
        return rows


def test_counts_match_summary(demo_store: Any) -> None:
    store, summary = demo_store
    assert summary.families == SHAPE_FAMILIES
    assert len(_all(store, Family)) == SHAPE_FAMILIES
    for model in (Person, Need, Action, Meeting, Attendance, Scaling, ActionReview):
        assert len(_all(store, model)) == summary.rows[model.__tablename__] > 0


def test_every_closure_reason_and_open_families(demo_store: Any) -> None:
    families = _all(demo_store[0], Family)
    closed = [f for f in families if f.status == FamilyStatus.CLOSED]
    reasons = Counter(f.closure_reason for f in closed)
    assert set(reasons) == set(reference.closure_reasons())
    assert all(f.closed_on and f.closed_on >= f.opened_on >= f.request_on for f in closed)
    still_open = [f for f in families if f.status == FamilyStatus.OPEN]
    assert 0.2 < len(still_open) / len(families) < 0.7
    assert all(f.closure_reason is None and f.closed_on is None for f in still_open)
    good = reasons["needs_met"] + reasons["single_agency"]
    assert 0.5 < good / len(closed) < 0.85


def test_children_of_all_ages_and_send(demo_store: Any) -> None:
    store = demo_store[0]
    families = {f.id: f for f in _all(store, Family)}
    children = [p for p in _all(store, Person) if p.role == PersonRole.CHILD]
    ages = [p.age_on(families[p.family_id].request_on) for p in children]
    assert min(ages) == 0 and max(ages) == 17
    stages = Counter(0 if a < 2 else 1 if a < 5 else 2 if a < 11 else 3 for a in ages)
    assert all(stages[s] >= 0.08 * len(ages) for s in range(4))
    send = Counter(p.send for p in children)
    assert send[Send.NONE] > send[Send.SEN_SUPPORT] > send[Send.EHCP] > 0
    adults = [p for p in _all(store, Person) if p.role != PersonRole.CHILD]
    assert all(p.send == Send.NONE for p in adults)
    assert {p.role for p in adults} == {PersonRole.PARENT_CARER, PersonRole.OTHER_ADULT}
    assert any(f.interpreter_needed for f in families.values())
    assert len({f.language for f in families.values()}) >= 5


def test_leads_mostly_partners_across_sectors(demo_store: Any) -> None:
    store = demo_store[0]
    agencies = {a.id: a for a in _all(store, Agency)}
    leads = [agencies[f.lead_agency_id].sector for f in _all(store, Family)]
    partner = sum(1 for s in leads if s in reference.partner_sectors())
    assert 0.60 <= partner / len(leads) <= 0.75
    assert len(set(leads)) >= 5
    directory = Counter(a.sector for a in agencies.values())
    for sector in ("local_authority", "school", "early_years", "health", "police",
                   "voluntary", "housing"):
        assert directory[sector] >= 1, sector


def test_meetings_run_in_order_with_reviews_six_to_twelve_weeks(demo_store: Any) -> None:
    store = demo_store[0]
    by_family: dict[Any, list[Meeting]] = defaultdict(list)
    for m in _all(store, Meeting):
        by_family[m.family_id].append(m)
    families = {f.id: f for f in _all(store, Family)}
    assert len(by_family) == SHAPE_FAMILIES
    for fid, meetings in by_family.items():
        meetings.sort(key=lambda m: m.created_hlc)
        held = [m.held_on for m in meetings]
        assert held == sorted(held) and len(set(held)) == len(held)
        assert meetings[0].kind in (MeetingKind.INITIAL, MeetingKind.STEP_DOWN_TRANSFER)
        assert held[-1] <= TODAY
        assert held[0] >= families[fid].opened_on
        for m in meetings:
            if m.next_review_on is not None:
                assert 40 <= (m.next_review_on - m.held_on).days <= 90
        for m in meetings[:-1]:
            assert m.status == MeetingStatus.FINAL and m.decision is not None
    kinds = Counter(m.kind for ms in by_family.values() for m in ms)
    assert set(kinds) == set(MeetingKind)
    assert sum(len(ms) for ms in by_family.values()) / SHAPE_FAMILIES >= 2.5


def test_scaling_moves_over_time(demo_store: Any) -> None:
    store = demo_store[0]
    meetings = {m.id: m for m in _all(store, Meeting)}
    series: dict[tuple[Any, Any], list[tuple[Any, int]]] = defaultdict(list)
    for sc in _all(store, Scaling):
        assert 0 <= sc.score <= 10
        m = meetings[sc.meeting_id]
        series[(m.family_id, sc.scored_by)].append((m.held_on, sc.score))
    changes = [s[-1][1] - s[0][1] for s in (sorted(v) for v in series.values()) if len(s) > 2]
    assert sum(1 for c in changes if c > 0) > len(changes) / 2
    assert any(c <= 0 for c in changes)


def test_attendance_apologies_carry_updates(demo_store: Any) -> None:
    rows = _all(demo_store[0], Attendance)
    status = Counter(r.status for r in rows)
    assert set(status) == set(AttendanceStatus)
    apologies = [r for r in rows if r.status == AttendanceStatus.APOLOGIES
                 and r.practitioner_id is not None]
    assert apologies and all(r.written_update for r in apologies)
    assert any(r.person_id is not None for r in rows)


def test_actions_have_owners_dates_and_some_are_overdue(demo_store: Any) -> None:
    store = demo_store[0]
    families = {f.id: f for f in _all(store, Family)}
    actions = _all(store, Action)
    kinds = Counter(a.kind.value for a in actions)
    assert kinds["family"] > kinds["professional"] > 0
    for a in actions:
        assert a.owner_person_id or a.owner_practitioner_id, a.description
        assert a.due_on is not None and a.description
    overdue = [a for a in actions if a.is_overdue(TODAY)]
    assert overdue
    assert all(families[a.family_id].status == FamilyStatus.OPEN for a in overdue)
    assert any(a.owner_person_id for a in actions)
    reviews = _all(store, ActionReview)
    assert len({r.status for r in reviews}) >= 5


def test_needs_consent_referrals_and_steps(demo_store: Any) -> None:
    store = demo_store[0]
    needs = _all(store, Need)
    per_family = Counter(n.family_id for n in needs)
    assert sum(per_family.values()) / len(per_family) >= 2.8
    assert len({n.outcome_code for n in needs}) == len(reference.outcomes())
    assert all(n.worried_about and n.working_well and n.needs_to_happen for n in needs)
    consents = _all(store, Consent)
    assert any(c.withdrawn_on for c in consents) and any(not c.withdrawn_on for c in consents)
    referrals = _all(store, Referral)
    assert any(r.outcome and r.outcome_on for r in referrals)
    assert any(not r.outcome for r in referrals)
    steps = Counter(s.direction for s in _all(store, StepChange))
    assert steps[StepDirection.UP] and steps[StepDirection.DOWN]

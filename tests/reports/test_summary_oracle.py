"""Randomized: on any hub, the reports and drill-downs read from the summary give exactly the
answers of the old computation straight from the raw tables (tests/reports/legacy), for
months, quarters, years and odd custom periods, after the record was built and then edited."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
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
    Referral,
    Scaling,
    ScoredBy,
    Send,
    StepChange,
    StepDirection,
)
from tafapp.services import reports
from tafapp.services.reports import Period
from tafapp.services.reports.drilldown import drill
from tafapp.services.reports.partnership import partnership
from tafapp.storage.capture import tombstone
from tests.reports.legacy import drilldown as old_drill
from tests.reports.legacy import outcomes as old_outcomes
from tests.reports.legacy import timeliness as old_timeliness
from tests.reports.summary_check import assert_summary_current
from tests.sync_merge.harness import sqlite_store

START = date(2024, 6, 1)
SPAN = 760  # days: mid 2024 to mid 2026
TODAY = date(2026, 4, 15)
PERIODS = (Period.quarter(date(2026, 2, 1)), Period.year(date(2025, 6, 1)),
           Period.month(date(2025, 11, 1)), Period(date(2025, 3, 9), date(2026, 1, 20)),
           Period.month(date(2026, 4, 1)))
DRILLS = (("reviews", "late"), ("reviews", "overdue"), ("reviews", "on_time"),
          ("re_referral", "*"), ("send", "*"), ("referral_no_feedback", "*"),
          ("overdue_actions", "*"), ("overdue_actions", ""), ("outcome_achieved", "*"),
          ("outcome_achieved", "health"), ("first_taf_late", "*"), ("first_taf_waiting", "*"),
          ("first_contact_late", "*"))


class Maker:
    def __init__(self, rnd: random.Random) -> None:
        self.r = rnd

    def day(self, none: float = 0.0) -> date | None:
        if self.r.random() < none:
            return None
        return START + timedelta(days=self.r.randrange(SPAN))

    def after(self, d: date | None, most: int, none: float = 0.0) -> date | None:
        if d is None or self.r.random() < none:
            return None
        return d + timedelta(days=self.r.randrange(-5, most))

    def pick(self, items: Any) -> Any:
        return self.r.choice(list(items))


def _build(s: Session, m: Maker) -> None:
    agencies = [Agency(name=f"A{i}", sector=m.pick(["school", "health", "local_authority",
                                                    "voluntary"])) for i in range(4)]
    s.add_all(agencies)
    s.flush()
    tombstone(s, agencies[3])
    for i in range(m.r.randrange(6, 22)):
        opened = m.day()
        closed = m.after(opened, 300, none=0.4)
        status = FamilyStatus.CLOSED if closed or m.r.random() < 0.1 else FamilyStatus.OPEN
        request = m.after(opened, 1, none=0.2)
        request = request - timedelta(days=m.r.randrange(0, 30)) if request else None
        f = Family(reference=f"TAF-{m.r.randrange(6)}", household_name=m.pick(
            ["Smith", "smith", "Brown", f"H{i}"]), postcode=m.pick(["", "TS1 1AA", "TS2 2BB"]),
            lead_agency_id=m.pick([*agencies, None]) and m.pick(agencies).id, status=status,
            opened_on=opened, closed_on=closed, closure_reason=m.pick(
                [None, "needs_met", "moved_away"]) if closed else None,
            request_on=request, first_contact_on=m.after(request, 20, none=0.3))
        s.add(f)
        s.flush()
        _family_rows(s, m, f, agencies)
        if m.r.random() < 0.1:
            tombstone(s, f)


def _family_rows(s: Session, m: Maker, f: Family, agencies: list[Agency]) -> None:
    rows: list[Any] = []
    for _ in range(m.r.randrange(0, 5)):
        held = m.after(f.opened_on, 200) or m.day()
        mt = Meeting(family_id=f.id, kind=m.pick(list(MeetingKind)), held_on=held,
                     next_review_on=m.after(held, 90, none=0.3))
        s.add(mt)
        s.flush()
        for _ in range(m.r.randrange(0, 4)):
            rows.append(Scaling(meeting_id=mt.id, scored_by=m.pick(list(ScoredBy)),
                                score=m.r.randrange(11)))
    for _ in range(m.r.randrange(0, 4)):
        rows.append(Need(family_id=f.id, outcome_code=m.pick(["education", "health", "", None]),
                         status=m.pick(list(NeedStatus)), met_on=m.day(none=0.3)))
    for _ in range(m.r.randrange(0, 5)):
        rows.append(Action(family_id=f.id, description="x", status=m.pick(list(ActionStatus)),
                           owner_agency_id=m.pick([*[a.id for a in agencies], None]),
                           due_on=m.day(none=0.2), completed_on=m.day(none=0.4)))
    for _ in range(m.r.randrange(0, 3)):
        rows.append(Referral(family_id=f.id, to_service="SALT", made_on=m.day(),
                             outcome=m.pick(["", "Accepted"]), outcome_on=m.day(none=0.7)))
    for _ in range(m.r.randrange(0, 3)):
        rows.append(Person(family_id=f.id, first_name="P", send=m.pick(list(Send))))
    if m.r.random() < 0.3:
        rows.append(StepChange(family_id=f.id, direction=m.pick(list(StepDirection)),
                               on=m.day()))
    s.add_all(rows)
    s.flush()
    for row in rows:
        if m.r.random() < 0.1:
            tombstone(s, row)


def _edit(s: Session, m: Maker) -> None:
    """A second transaction: move dates, rescore, close, reopen, delete."""
    for model, field, value in ((Meeting, "held_on", m.day), (Scaling, "score",
                                                              lambda: m.r.randrange(11)),
                                (Family, "closed_on", lambda: m.day(none=0.5)),
                                (Family, "reference", lambda: f"TAF-{m.r.randrange(6)}"),
                                (Need, "met_on", m.day), (Action, "completed_on", m.day),
                                (Referral, "outcome", lambda: m.pick(["", "Seen"]))):
        rows = s.scalars(select(model)).all()
        for row in m.r.sample(rows, min(len(rows), 3)):
            setattr(row, field, value())
    rows = s.scalars(select(Meeting).where(Meeting.deleted_hlc.is_(None))).all()
    for row in m.r.sample(rows, min(len(rows), 2)):
        tombstone(s, row)


def _old(s: Session, p: Period) -> dict[str, Any]:
    return {"period": p.as_dict(), "partnership": partnership(s, p).as_dict(),
            "timeliness": old_timeliness.timeliness(s, p, TODAY).as_dict(),
            "outcomes": old_outcomes.outcomes(s, p).as_dict()}


def _drill_key(d: Any) -> tuple[Any, ...]:
    return (d.total, [(r.family_id, r.reference, r.lead_sector) for r in d.rows])


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32))
def test_summary_reports_equal_raw_reports(seed: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tafapp-oracle-"))
    hub = sqlite_store(tmp / "hub", "hub")
    try:
        m = Maker(random.Random(seed))
        with hub.begin() as s:
            _build(s, m)
        with hub.begin() as s:
            _edit(s, m)
        assert_summary_current(hub)
        with hub.read() as s:
            for p in PERIODS:
                assert reports.run(s, "all", p, TODAY) == _old(s, p), p.label
                for measure, key in DRILLS:
                    assert _drill_key(drill(s, measure, p, TODAY, key)) == \
                        _drill_key(old_drill.drill(s, measure, p, TODAY, key)), (measure, key)
    finally:
        hub.close()
        shutil.rmtree(tmp, ignore_errors=True)


def test_oracle_dataset_is_not_empty() -> None:
    """The generator makes families with reviews, scores and needs met (a guard against a
    random test that compares empty reports)."""
    tmp = Path(tempfile.mkdtemp(prefix="tafapp-oracle-"))
    hub = sqlite_store(tmp / "hub", "hub")
    seen = {"reviews": 0, "achieved": 0, "scaling": 0, "re_referred": 0}
    try:
        with hub.begin() as s:
            for seed in range(4):
                _build(s, Maker(random.Random(seed)))
        with hub.read() as s:
            for p in PERIODS:
                out = reports.run(s, "all", p, TODAY)
                seen["reviews"] += out["timeliness"]["reviews"]["due"]
                seen["achieved"] += out["outcomes"]["outcomes_achieved"]["total"]
                seen["scaling"] += sum(x["families"] for x in out["outcomes"]["scaling"])
                seen["re_referred"] += out["outcomes"]["re_referrals"]["re_referred"]
        assert all(seen.values()), seen
    finally:
        hub.close()
        shutil.rmtree(tmp, ignore_errors=True)


def test_stray_far_date_falls_back_to_date_pairs() -> None:
    """A first contact recorded decades away (a typing error) makes the calendar too long to
    send: the waits are then mapped date pair by date pair, with the same answers."""
    tmp = Path(tempfile.mkdtemp(prefix="tafapp-oracle-"))
    hub = sqlite_store(tmp / "hub", "hub")
    try:
        with hub.begin() as s:
            _build(s, Maker(random.Random(11)))
            s.add(Family(reference="TAF-X", household_name="Far", request_on=date(2026, 1, 5),
                         first_contact_on=date(2046, 1, 5), opened_on=date(2026, 1, 9),
                         status=FamilyStatus.OPEN))
        with hub.read() as s:
            p = PERIODS[0]
            assert reports.run(s, "all", p, TODAY) == _old(s, p)
            assert reports.run(s, "timeliness", p, TODAY)["timeliness"]["first_contact"][
                "measured"] > 0
    finally:
        hub.close()
        shutil.rmtree(tmp, ignore_errors=True)

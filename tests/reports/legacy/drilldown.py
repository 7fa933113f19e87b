"""The families behind a number on the dashboard: the same conditions as the measure, returning
references (never names). `MEASURES` lists what can be drilled into and what `key` means."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.core.reference import partner_sectors
from tafapp.models import (
    Action,
    Agency,
    Family,
    Need,
    NeedStatus,
    Person,
    Referral,
    Send,
    StepChange,
)
from tafapp.services.caseload import OPEN_STATUSES
from tafapp.services.reports.drilldown import (  # unchanged by the summary
    LATE,
    Cond,
    Drill,
    DrillRow,
    _fam,
    _sector,
)
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.timeliness import first_contact_target, first_taf_target
from tafapp.services.reports.workdays import WorkdayIndex
from tafapp.storage.reports.conditions import fed_back
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, open_at, worked_in
from tests.reports.legacy.episodes import re_referred_ids
from tests.reports.legacy.reviews import review_outcomes
from tests.reports.legacy.timeliness import first_taf_subquery


def _overdue(p: Period, today: date, key: str) -> Any:
    as_at = min(p.end, today)
    q = (select(Action.family_id).join(Family, Family.id == Action.family_id)
         .where(Action.deleted_hlc.is_(None), live_family(), open_at(as_at),
                Action.due_on < as_at, Action.status.not_in(("cancelled",)),
                (Action.status.in_(OPEN_STATUSES)) | (Action.completed_on > as_at)))
    if key == "":
        live_owner = select(Agency.id).where(Agency.deleted_hlc.is_(None))
        return q.where(Action.owner_agency_id.is_(None) | Action.owner_agency_id.not_in(live_owner))
    if key != "*":
        q = q.where(Action.owner_agency_id == uuid.UUID(key))
    return q


def _reviews(p: Period, today: date, key: str) -> Any:
    rows = review_outcomes(p, today).subquery()
    return select(rows.c.family_id).where(rows.c.category == key)


def _needs_met(p: Period, _t: date, key: str) -> Any:
    q = select(Need.family_id).where(Need.deleted_hlc.is_(None), Need.status == NeedStatus.MET,
                                     Need.outcome_code.is_not(None), Need.outcome_code != "",
                                     Need.met_on.between(p.start, p.end))
    return q.where(Need.outcome_code == key) if key != "*" else q


def _steps(direction: str) -> Cond:
    def cond(p: Period, _t: date, _k: str) -> Any:
        return select(StepChange.family_id).where(
            StepChange.deleted_hlc.is_(None), StepChange.direction == direction,
            StepChange.on.between(p.start, p.end))
    return cond


MEASURES: dict[str, Cond] = {
    "open_at_end": lambda p, _t, k: _fam(open_at(p.end), *_sector(k)),
    "opened": lambda p, _t, k: _fam(Family.opened_on.between(p.start, p.end), *_sector(k)),
    "closed": lambda p, _t, k: _fam(Family.closed_on.between(p.start, p.end), *_sector(k)),
    "worked_with": lambda p, _t, k: _fam(worked_in(p.start, p.end), *_sector(k)),
    "partner_led": lambda p, _t, k: _fam(open_at(p.end), lead_sector().in_(partner_sectors()),
                                         *_sector(k)),
    "closure_reason": lambda p, _t, k: _fam(
        Family.closed_on.between(p.start, p.end),
        func.coalesce(Family.closure_reason, "not_recorded") == k),
    "re_referral": lambda p, _t, _k: re_referred_ids(p),
    "send": lambda p, _t, _k: _fam(worked_in(p.start, p.end), Family.id.in_(
        select(Person.family_id).where(Person.deleted_hlc.is_(None), Person.send != Send.NONE))),
    "referral_no_feedback": lambda p, _t, _k: select(Referral.family_id).where(
        Referral.deleted_hlc.is_(None), Referral.made_on.between(p.start, p.end), ~fed_back()),
    "step_up": _steps("up"),
    "step_down": _steps("down"),
    "overdue_actions": _overdue,
    "reviews": _reviews,
    "outcome_achieved": _needs_met,
}


def _late_ids(session: Session, measure: str, p: Period) -> list[uuid.UUID]:
    """Per-family working days: only the cohort's date pairs are mapped."""
    event = "first_contact" if measure.startswith("first_contact") else "first_taf"
    if event == "first_contact":
        col, target = Family.first_contact_on, first_contact_target()
        q = select(Family.id, Family.request_on, col)
    else:
        taf = first_taf_subquery(p)
        col, target = taf.c.held_on, first_taf_target()
        q = select(Family.id, Family.request_on, col).outerjoin(taf, taf.c.family_id == Family.id)
    rows = session.execute(q.where(live_family(), Family.request_on.between(p.start, p.end)))
    rows = rows.all()
    if measure.endswith("waiting"):
        return [r[0] for r in rows if r[2] is None]
    index = WorkdayIndex([d for r in rows for d in (r[1], r[2]) if d is not None])
    return [r[0] for r in rows if r[2] is not None and index.between(r[1], r[2]) > target]


def drill(session: Session, measure: str, period: Period, today: date, key: str = "*",
          limit: int = 2000) -> Drill:
    """`key` narrows the measure (a sector code, closure reason, agency id, review category
    or outcome code; '*' for all)."""
    if measure in LATE:
        ids: Any = _late_ids(session, measure, period)
    elif measure in MEASURES:
        ids = MEASURES[measure](period, today, key)
    else:
        raise InputRejected("measure", f"'{measure}' is not a measure that can be drilled into")
    where = and_(live_family(), Family.id.in_(ids))  # tombstoned families never listed
    total = session.scalar(select(func.count()).select_from(Family).where(where)) or 0
    q = (select(Family.id, Family.reference, lead_sector()).select_from(Family)
         .outerjoin(Agency, _lead_join()).where(where)
         .order_by(Family.reference, Family.id).limit(limit))
    rows = tuple(DrillRow(i, ref, sec) for i, ref, sec in session.execute(q))
    return Drill(measure, key, int(total), rows)


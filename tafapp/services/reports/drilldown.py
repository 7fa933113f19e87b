"""The families behind a number on the dashboard: the same conditions as the measure, returning
references (never names). `MEASURES` lists what can be drilled into and what `key` means."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.core.reference import partner_sectors
from tafapp.models import (
    Agency,
    Family,
    ReportAction,
    ReportFamily,
    ReportNeedMet,
    ReportReferral,
    ReportReview,
    StepChange,
)
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.reviews import in_category
from tafapp.services.reports.timeliness import first_contact_target, first_taf_target
from tafapp.services.reports.workdays import WorkdayIndex
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, open_at, worked_in, worked_summary


@dataclass(frozen=True)
class DrillRow:
    family_id: uuid.UUID
    reference: str
    lead_sector: str


@dataclass(frozen=True)
class Drill:
    measure: str
    key: str
    total: int
    rows: tuple[DrillRow, ...]  # at most the limit asked for, by reference


# -> a select of live families' ids (repeats allowed): every condition reads the summary or
# requires a live family, so the count needs no second look at the families.
Cond = Callable[[Period, date, str], Any]


def _fam(*where: Any) -> Any:
    return select(Family.id).outerjoin(Agency, _lead_join()).where(live_family(), *where)


def _sector(key: str) -> list[Any]:
    return [lead_sector() == key] if key != "*" else []


def _overdue(p: Period, today: date, key: str) -> Any:
    as_at = min(p.end, today)
    a = ReportAction
    q = select(a.family_id).where(a.opened_on <= as_at, or_(a.closed_on > as_at, a.family_open),
                                  a.due_on < as_at, or_(a.until.is_(None), a.until > as_at))
    if key == "":
        live_owner = select(Agency.id).where(Agency.deleted_hlc.is_(None))
        return q.where(a.owner_agency_id.is_(None) | a.owner_agency_id.not_in(live_owner))
    if key != "*":
        q = q.where(a.owner_agency_id == uuid.UUID(key))
    return q


def _reviews(p: Period, today: date, key: str) -> Any:
    r = ReportReview
    return select(r.family_id).where(r.due.between(p.start, p.end), in_category(key, today))


def _needs_met(p: Period, _t: date, key: str) -> Any:
    n = ReportNeedMet
    q = select(n.family_id).where(n.met_on.between(p.start, p.end))
    return q.where(n.outcome_code == key) if key != "*" else q


def _steps(direction: str) -> Cond:
    def cond(p: Period, _t: date, _k: str) -> Any:
        return (select(StepChange.family_id)
                .join(ReportFamily, ReportFamily.family_id == StepChange.family_id)
                .where(StepChange.deleted_hlc.is_(None), StepChange.direction == direction,
                       StepChange.on.between(p.start, p.end)))
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
    "re_referral": lambda p, _t, _k: select(ReportFamily.family_id).where(
        ReportFamily.opened_on.between(p.start, p.end), ReportFamily.re_referred),
    "send": lambda p, _t, _k: (lambda w: select(w.c.family_id).where(w.c.send_level > 0))(
        worked_summary(p.start, p.end)),
    "referral_no_feedback": lambda p, _t, _k: select(ReportReferral.family_id).where(
        ReportReferral.made_on.between(p.start, p.end), ~ReportReferral.fed_back),
    "step_up": _steps("up"),
    "step_down": _steps("down"),
    "overdue_actions": _overdue,
    "reviews": _reviews,
    "outcome_achieved": _needs_met,
}
LATE = ("first_contact_late", "first_contact_waiting", "first_taf_late", "first_taf_waiting")


def _late_ids(session: Session, measure: str, p: Period) -> list[uuid.UUID]:
    """Per-family working days: only the cohort's date pairs are mapped."""
    r = ReportFamily
    if measure.startswith("first_contact"):
        col, target = r.first_contact_on, first_contact_target()
    else:
        col, target = r.first_taf_on, first_taf_target()
    q = select(r.family_id, r.request_on, col).where(r.request_on.between(p.start, p.end))
    rows = session.execute(q).all()
    if measure.endswith("waiting"):
        return [r[0] for r in rows if r[2] is None]
    index = WorkdayIndex([d for r in rows for d in (r[1], r[2]) if d is not None])
    return [r[0] for r in rows if r[2] is not None and index.between(r[1], r[2]) > target]


def _listed(session: Session, measure: str, key: str, q: Any) -> Drill:
    got = session.execute(q).all()
    rows = tuple(DrillRow(i, ref, sec) for i, ref, sec, _ in got)
    return Drill(measure, key, int(got[0][3]) if got else 0, rows)


def _drill_reviews(session: Session, p: Period, today: date, key: str, limit: int) -> Drill:
    """Reviews carry their family's reference and lead: listed without a join to families."""
    r = ReportReview
    fams = (select(r.family_id, r.reference, r.lead_agency_id)
            .where(r.due.between(p.start, p.end), in_category(key, today))
            .group_by(r.family_id, r.reference, r.lead_agency_id).subquery("fams"))
    q = (select(fams.c.family_id, fams.c.reference, lead_sector(), func.count().over())
         .outerjoin(Agency, _lead_join(fams.c))
         .order_by(fams.c.reference, fams.c.family_id).limit(limit))
    return _listed(session, "reviews", key, q)


def drill(session: Session, measure: str, period: Period, today: date, key: str = "*",
          limit: int = 2000) -> Drill:
    """`key` narrows the measure (a sector code, closure reason, agency id, review category
    or outcome code; '*' for all)."""
    if measure == "reviews":
        return _drill_reviews(session, period, today, key, limit)
    if measure in LATE:
        ids: Any = select(ReportFamily.family_id).where(
            ReportFamily.family_id.in_(_late_ids(session, measure, period)))
    elif measure in MEASURES:
        ids = MEASURES[measure](period, today, key)
    else:
        raise InputRejected("measure", f"'{measure}' is not a measure that can be drilled into")
    # Each family once; the summary holds a row for each live family only, so tombstoned
    # ones are never listed. One pass: the window counts every family found, the limit keeps
    # the first by reference.
    first = list(ids.subquery().c)[0]
    found = select(first.label("id")).distinct().subquery("found")
    rf = ReportFamily
    q = (select(rf.family_id, rf.reference, lead_sector(), func.count().over())
         .join(found, found.c.id == rf.family_id)
         .outerjoin(Agency, _lead_join(rf))
         .order_by(rf.reference, rf.family_id).limit(limit))
    return _listed(session, measure, key, q)


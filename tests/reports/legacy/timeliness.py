"""How fast families get help, whether reviews happen when agreed, and overdue actions."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.orm import Session

from tafapp.models import Action, ActionStatus, Agency, Family, Meeting, MeetingKind
from tafapp.reference import timescales_config
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.period import Period
from tafapp.services.reports.sql import live_family, open_at, share
from tafapp.services.reports.workdays import WorkdayIndex, histogram_stats
from tests.reports.legacy.reviews import ReviewTimeliness, review_timeliness

OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
DONE = (ActionStatus.ACHIEVED, ActionStatus.PARTLY, ActionStatus.NOT_ACHIEVED)


def first_contact_target() -> int:
    return int(timescales_config()["request_to_first_contact_days"])


def first_taf_target() -> int:
    """No assessment date is recorded, so request -> first TAF is held to the sum of the
    council's request -> assessment and assessment -> first TAF timescales, unless the council
    sets `request_to_first_taf_days` itself."""
    cfg = timescales_config()
    if "request_to_first_taf_days" in cfg:
        return int(cfg["request_to_first_taf_days"])
    return int(cfg["request_to_assessment_days"]) + int(cfg["assessment_to_first_taf_days"])


@dataclass(frozen=True)
class Waiting:
    """Working days from a request to an event, for families whose request fell in the period."""

    event: str
    target_days: int
    requests: int
    measured: int
    waiting: int  # no event recorded yet
    within_timescale: int
    share_within: float | None
    median_days: float | None
    mean_days: float | None
    by_sector: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class AgencyOverdue:
    agency_id: uuid.UUID | None
    agency: str
    sector: str
    open_actions: int
    overdue: int
    overdue_share: float | None


@dataclass(frozen=True)
class Timeliness:
    period: Period
    as_at: date
    first_contact: Waiting
    first_taf: Waiting
    reviews: ReviewTimeliness
    overdue_actions: tuple[AgencyOverdue, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_at": self.as_at.isoformat(),
            "first_contact": _waiting_dict(self.first_contact),
            "first_taf": _waiting_dict(self.first_taf),
            "reviews": self.reviews.as_dict(),
            "overdue_actions": {
                "total": sum(a.overdue for a in self.overdue_actions),
                "by_agency": [{**vars(a), "agency_id": str(a.agency_id or "")}
                              for a in self.overdue_actions]},
        }


def _waiting_dict(w: Waiting) -> dict[str, Any]:
    return {**vars(w), "by_sector": list(w.by_sector)}


def first_taf_subquery(period: Period) -> Any:
    """(family_id, held_on): the first initial TAF meeting held on or after the request, for
    families whose request fell in the period (one held before the request is a recording
    error and is not taken as the first TAF)."""
    return (select(Family.id.label("family_id"), func.min(Meeting.held_on).label("held_on"))
            .join(Meeting, and_(Meeting.family_id == Family.id,
                                Meeting.kind == MeetingKind.INITIAL,
                                Meeting.deleted_hlc.is_(None),
                                Meeting.held_on >= Family.request_on))
            .where(live_family(), Family.request_on.between(period.start, period.end))
            .group_by(Family.id).subquery("first_taf"))


def _waiting(session: Session, period: Period, event: str) -> Waiting:
    sector = lead_sector()
    if event == "first_contact":
        target, event_col = first_contact_target(), Family.first_contact_on
        q = select(sector, Family.request_on, event_col, func.count()).select_from(Family)
    else:
        taf = first_taf_subquery(period)
        target, event_col = first_taf_target(), taf.c.held_on
        q = (select(sector, Family.request_on, event_col, func.count()).select_from(Family)
             .outerjoin(taf, taf.c.family_id == Family.id))
    q = (q.outerjoin(Agency, _lead_join())
         .where(live_family(), Family.request_on.between(period.start, period.end))
         .group_by(sector, Family.request_on, event_col))
    rows = session.execute(q).all()
    index = WorkdayIndex([d for r in rows for d in (r[1], r[2]) if d is not None])
    hists: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    waiting: dict[str, int] = defaultdict(int)
    for sec, req, done, n in rows:
        if done is None:
            waiting[sec] += n
        else:
            hists[sec][index.between(req, done)] += n
    total: dict[int, int] = defaultdict(int)
    for h in hists.values():
        for d, c in h.items():
            total[d] += c
    stats = histogram_stats(total, target)
    by_sector = tuple({"sector": s, "waiting": waiting.get(s, 0),
                       **histogram_stats(hists.get(s, {}), target)}
                      for s in sorted(set(hists) | set(waiting)))
    return Waiting(event, target, sum(r[3] for r in rows), int(stats["measured"] or 0),
                   sum(waiting.values()), int(stats["within_timescale"] or 0),
                   stats["share_within"], stats["median_days"], stats["mean_days"],  # type: ignore[arg-type]
                   by_sector)


def overdue_by_agency(session: Session, as_at: date) -> tuple[AgencyOverdue, ...]:
    """Actions still open at `as_at` (open now, or completed after it) in families open then;
    overdue when their due date had passed. Cancelled actions carry no date and are left out."""
    cols = (Action.family_id, Action.owner_agency_id, Action.due_on)
    # Two disjoint halves, each one index scan (models/report_indexes.py), instead of an OR.
    acts = union_all(
        select(*cols).where(Action.deleted_hlc.is_(None), Action.status.in_(OPEN)),
        select(*cols).where(Action.deleted_hlc.is_(None), Action.status.in_(DONE),
                            Action.completed_on > as_at),
    ).subquery("acts")
    overdue = and_(acts.c.due_on.is_not(None), acts.c.due_on < as_at)
    q = (select(acts.c.owner_agency_id, Agency.name, Agency.sector, func.count(),
                func.sum(case((overdue, 1), else_=0)))
         .select_from(acts)
         .join(Family, Family.id == acts.c.family_id)
         .outerjoin(Agency, and_(Agency.id == acts.c.owner_agency_id,
                                 Agency.deleted_hlc.is_(None)))
         .where(live_family(), open_at(as_at))
         .group_by(acts.c.owner_agency_id, Agency.name, Agency.sector))
    rows = [AgencyOverdue(aid if name is not None else None, name or "(no agency: family member "
                          "or not recorded)", sector or "", int(n), int(o or 0),
                          share(int(o or 0), int(n)))
            for aid, name, sector, n, o in session.execute(q)]
    merged: dict[uuid.UUID | None, AgencyOverdue] = {}
    for r in rows:  # a tombstoned owner agency folds into "no agency"
        prev = merged.get(r.agency_id)
        if prev is not None:
            n, o = prev.open_actions + r.open_actions, prev.overdue + r.overdue
            r = AgencyOverdue(r.agency_id, r.agency, r.sector, n, o, share(o, n))
        merged[r.agency_id] = r
    return tuple(sorted(merged.values(), key=lambda r: (-r.overdue, r.agency)))


def timeliness(session: Session, period: Period, today: date) -> Timeliness:
    as_at = min(period.end, today)
    return Timeliness(period, as_at, _waiting(session, period, "first_contact"),
                      _waiting(session, period, "first_taf"),
                      review_timeliness(session, period, today),
                      overdue_by_agency(session, as_at))

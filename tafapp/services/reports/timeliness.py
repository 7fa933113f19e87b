"""How fast families get help, whether reviews happen when agreed, and overdue actions."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, case, column, func, or_, select, text, union_all
from sqlalchemy.orm import Session

from tafapp.core.reference import timescales_config
from tafapp.models import Agency, ReportAction, ReportFamily
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.reviews import ReviewTimeliness, review_timeliness
from tafapp.services.reports.workdays import WorkdayIndex, histogram_stats
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import share


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


CALENDAR_MAX_DAYS = 4000  # beyond this span of dates, pairs are mapped in Python instead


DayCounts = list[tuple[str, Any, Any, int]]


def _day_counts(session: Session, period: Period) -> DayCounts:
    """(lead sector, working days from request to first contact, to first TAF, families) for
    the families whose request fell in the period; None where the event has not happened.
    One pass over the cohort for both events: the working days are worked out in SQL by
    joining a calendar of the cohort's dates (date -> working-day index, sent with the
    query), so the result has one row per sector and pair of day counts, not per family."""
    r = ReportFamily
    cohort = r.request_on.between(period.start, period.end)
    lo_c, hi_c, lo_t, hi_t = session.execute(select(
        func.min(r.first_contact_on), func.max(r.first_contact_on),
        func.min(r.first_taf_on), func.max(r.first_taf_on)).where(cohort)).one()
    first = min(d for d in (period.start, lo_c, lo_t) if d is not None)
    last = max(d for d in (period.end, hi_c, hi_t) if d is not None)
    sector = lead_sector()
    if (last - first).days > CALENDAR_MAX_DAYS:  # a stray date far away: map date pairs
        q = (select(sector, r.request_on, r.first_contact_on, r.first_taf_on, func.count())
             .outerjoin(Agency, _lead_join(r)).where(cohort)
             .group_by(sector, r.request_on, r.first_contact_on, r.first_taf_on))
        found = session.execute(q).all()
        index = WorkdayIndex([d for row in found for d in row[1:4] if d is not None])
        return [(sec, *(None if d is None else index.between(req, d) for d in (fc, taf)), n)
                for sec, req, fc, taf, n in found]
    cal = _calendar(WorkdayIndex([first, last]).as_rows(),
                    session.get_bind().dialect.name == "postgresql")
    req, fc, taf = (cal.subquery(n) for n in ("req_day", "contact_day", "taf_day"))
    to_contact = (fc.c.i - req.c.i).label("to_contact")
    to_taf = (taf.c.i - req.c.i).label("to_taf")
    q = (select(sector, to_contact, to_taf, func.count()).select_from(r)
         # Outer joins keep the cohort the driving side (the calendar covers every date), so
         # the planner hashes the small calendar rather than the cohort.
         .outerjoin(req, req.c.d == r.request_on)
         .outerjoin(fc, fc.c.d == r.first_contact_on)
         .outerjoin(taf, taf.c.d == r.first_taf_on)
         .outerjoin(Agency, _lead_join(r)).where(cohort)
         .group_by(sector, to_contact, to_taf))
    return [(sec, c, t, n) for sec, c, t, n in session.execute(q)]


def _calendar(days: list[tuple[date, int]], postgresql: bool) -> Any:
    """(d, i) rows as one VALUES list. Written as SQL text: the values are ISO dates and
    integers made here, never input, and SQLAlchemy would take ~0.1 s to compile the ~400
    bound rows of a year's calendar three times over. PostgreSQL needs the dates typed."""
    cast = "::date" if postgresql else ""
    rows = ", ".join(f"('{d.isoformat()}'{cast}, {int(i)})" for d, i in days)
    return text(f"SELECT column1 AS d, column2 AS i FROM (VALUES {rows}) AS cal").columns(
        column("d", Date), column("i", Integer))


def _waiting(found: DayCounts, event: str) -> Waiting:
    """From the summary (ReportFamily: live families, each with its first initial TAF meeting
    held on or after the request; one before the request is a recording error and is not
    taken as the first TAF)."""
    if event == "first_contact":
        target, col = first_contact_target(), 1
    else:
        target, col = first_taf_target(), 2
    rows = [(row[0], row[col], row[3]) for row in found]
    hists: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    waiting: dict[str, int] = defaultdict(int)
    for sec, days, n in rows:
        if days is None:
            waiting[sec] += n
        else:
            hists[sec][int(days)] += n
    total: dict[int, int] = defaultdict(int)
    for h in hists.values():
        for d, c in h.items():
            total[d] += c
    stats = histogram_stats(total, target)
    by_sector = tuple({"sector": s, "waiting": waiting.get(s, 0),
                       **histogram_stats(hists.get(s, {}), target)}
                      for s in sorted(set(hists) | set(waiting)))
    return Waiting(event, target, sum(r[2] for r in rows), int(stats["measured"] or 0),
                   sum(waiting.values()), int(stats["within_timescale"] or 0),
                   stats["share_within"], stats["median_days"], stats["mean_days"],  # type: ignore[arg-type]
                   by_sector)


def overdue_by_agency(session: Session, as_at: date) -> tuple[AgencyOverdue, ...]:
    """Actions still open at `as_at` (open now, or completed after it) in families open then;
    overdue when their due date had passed. Cancelled actions carry no date and are left out.
    Read from the hub's summary (ReportAction: each action with its family's dates)."""
    a = ReportAction
    family_open = and_(a.opened_on <= as_at, or_(a.closed_on > as_at, a.family_open))
    cols = (a.owner_agency_id, a.due_on)
    # Two disjoint halves, each one index scan (models/report_indexes.py), instead of an OR.
    acts = union_all(
        select(*cols).where(a.until.is_(None), family_open),
        select(*cols).where(a.until > as_at, family_open),
    ).subquery("acts")
    overdue = and_(acts.c.due_on.is_not(None), acts.c.due_on < as_at)
    per_owner = (select(acts.c.owner_agency_id, func.count().label("n"),
                        func.sum(case((overdue, 1), else_=0)).label("o"))
                 .group_by(acts.c.owner_agency_id).subquery("per_owner"))
    q = (select(per_owner.c.owner_agency_id, Agency.name, Agency.sector, per_owner.c.n,
                per_owner.c.o)
         .outerjoin(Agency, and_(Agency.id == per_owner.c.owner_agency_id,
                                 Agency.deleted_hlc.is_(None))))
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
    found = _day_counts(session, period)
    return Timeliness(period, as_at, _waiting(found, "first_contact"),
                      _waiting(found, "first_taf"),
                      review_timeliness(session, period, today),
                      overdue_by_agency(session, as_at))

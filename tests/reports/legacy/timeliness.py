"""How fast families get help, whether reviews happen when agreed, and overdue actions."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.orm import Session

from tafapp.models import Action, Agency, Family, Meeting, MeetingKind
from tafapp.services.caseload import OPEN_STATUSES
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.timeliness import (  # unchanged by the summary
    AgencyOverdue,
    Timeliness,
    Waiting,
    first_contact_target,
    first_taf_target,
)
from tafapp.services.reports.workdays import WorkdayIndex, histogram_stats
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, open_at, share
from tafapp.storage.reports.summary import DONE_ACTION
from tests.reports.legacy.reviews import review_timeliness


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
        select(*cols).where(Action.deleted_hlc.is_(None), Action.status.in_(OPEN_STATUSES)),
        select(*cols).where(Action.deleted_hlc.is_(None), Action.status.in_(DONE_ACTION),
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

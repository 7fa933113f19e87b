"""Reviews held on time: each review a meeting agreed (its `next_review_on`) that fell due in
the period, and whether the family's next meeting was held on or before that date. Read from
the hub's summary (ReportReview), which keeps each agreed review with that next meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, false, func, literal, or_, select
from sqlalchemy.orm import Session

from tafapp.models import Agency, ReportReview
from tafapp.services.reports.partnership import NO_LEAD
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import share

CATEGORIES = ("on_time", "late", "overdue", "not_yet_due", "not_needed")


@dataclass(frozen=True)
class ReviewTimeliness:
    due: int  # reviews due in the period that were needed (on time + late + overdue)
    on_time: int
    late: int  # held, but after the agreed date
    overdue: int  # not held, and the agreed date has passed
    not_yet_due: int  # due later in the period than today
    not_needed: int  # the family closed on or before the date: no review was needed
    on_time_share: float | None
    by_sector: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "by_sector": list(self.by_sector)}


def review_category(today: date) -> Any:
    """The category of a review due (one of CATEGORIES) as a SQL expression on ReportReview."""
    r = ReportReview
    return case(
        (r.next_held <= r.due, literal("on_time")),
        (and_(r.closed_on.is_not(None), r.closed_on <= r.due), literal("not_needed")),
        (r.next_held.is_not(None), literal("late")),
        (r.due < today, literal("overdue")),
        else_=literal("not_yet_due"),
    )


def live_sectors(session: Session) -> dict[Any, str]:
    """Live agencies' sectors by id: the directory is small, so reports group by agency id
    and name the sector here rather than joining every row to the agency."""
    q = select(Agency.id, Agency.sector).where(Agency.deleted_hlc.is_(None))
    return {aid: sector for aid, sector in session.execute(q)}


def in_category(category: str, today: date) -> Any:
    """The rows of one category of `review_category`, as plain conditions (no CASE), so the
    planner can estimate how many there are (the drill-down's join order depends on it)."""
    r = ReportReview
    not_on_time = or_(r.next_held.is_(None), r.next_held > r.due)
    needed = or_(r.closed_on.is_(None), r.closed_on > r.due)
    conds = {
        "on_time": r.next_held <= r.due,
        "not_needed": and_(not_on_time, r.closed_on <= r.due),
        "late": and_(r.next_held > r.due, needed),
        "overdue": and_(r.next_held.is_(None), needed, r.due < today),
        "not_yet_due": and_(r.next_held.is_(None), needed, r.due >= today),
    }
    return conds.get(category, false())


def review_timeliness(session: Session, period: Period, today: date) -> ReviewTimeliness:
    r = ReportReview
    category = review_category(today)
    q = (select(r.lead_agency_id, category, func.count())
         .where(r.due.between(period.start, period.end))
         .group_by(r.lead_agency_id, category))
    sectors = live_sectors(session)
    counts: dict[str, dict[str, int]] = {}
    for aid, cat, n in session.execute(q):
        sec = sectors.get(aid, NO_LEAD) if aid is not None else NO_LEAD
        counts.setdefault(sec, dict.fromkeys(CATEGORIES, 0))[cat] += int(n)
    total = dict.fromkeys(CATEGORIES, 0)
    for c in counts.values():
        for k, v in c.items():
            total[k] += v
    due = total["on_time"] + total["late"] + total["overdue"]
    by_sector = tuple(
        {"sector": s, **c, "on_time_share": share(c["on_time"],
                                                  c["on_time"] + c["late"] + c["overdue"])}
        for s, c in sorted(counts.items()))
    return ReviewTimeliness(due, total["on_time"], total["late"], total["overdue"],
                            total["not_yet_due"], total["not_needed"],
                            share(total["on_time"], due), by_sector)

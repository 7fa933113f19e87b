"""Reviews held on time: each review a meeting agreed (its `next_review_on`) that fell due in
the period, and whether the family's next meeting was held on or before that date."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from tafapp.models import Agency, Family, Meeting
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.services.reports.reviews import (  # unchanged by the summary
    CATEGORIES,
    ReviewTimeliness,
)
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, share


def review_outcomes(period: Period, today: date) -> Any:
    """(meeting id, family id, category, lead sector) for every review due in the period."""
    prev, nxt = aliased(Meeting), aliased(Meeting)
    agreed = (select(prev.id, prev.family_id, prev.next_review_on.label("due"),
                     func.min(nxt.held_on).label("next_held"))
              .select_from(prev)
              .outerjoin(nxt, and_(nxt.family_id == prev.family_id, nxt.held_on > prev.held_on,
                                   nxt.deleted_hlc.is_(None)))
              .where(prev.deleted_hlc.is_(None),
                     prev.next_review_on.between(period.start, period.end))
              .group_by(prev.id, prev.family_id, prev.next_review_on)
              .subquery())
    category = case(
        (agreed.c.next_held <= agreed.c.due, literal("on_time")),
        (and_(Family.closed_on.is_not(None), Family.closed_on <= agreed.c.due),
         literal("not_needed")),
        (agreed.c.next_held.is_not(None), literal("late")),
        (agreed.c.due < today, literal("overdue")),
        else_=literal("not_yet_due"),
    )
    return (select(agreed.c.id, agreed.c.family_id, category.label("category"),
                   lead_sector().label("sector"))
            .join(Family, Family.id == agreed.c.family_id)
            .outerjoin(Agency, _lead_join())
            .where(live_family()))


def review_timeliness(session: Session, period: Period, today: date) -> ReviewTimeliness:
    rows = review_outcomes(period, today).subquery()
    q = (select(rows.c.sector, rows.c.category, func.count())
         .group_by(rows.c.sector, rows.c.category))
    counts: dict[str, dict[str, int]] = {}
    for sec, cat, n in session.execute(q):
        counts.setdefault(sec, dict.fromkeys(CATEGORIES, 0))[cat] = int(n)
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

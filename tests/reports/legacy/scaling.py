"""Change in 0–10 scaling from a family's first scored meeting to its last, for families
whose work closed in the period, told apart by who scored (family or professionals)."""

from __future__ import annotations

from sqlalchemy import Float, String, case, cast, func, select
from sqlalchemy.orm import Session

from tafapp.models import Family, Meeting, Scaling, ScoredBy
from tafapp.services.reports.scaling import (  # unchanged by the summary
    ScalingChange,
    _r,
)
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family


def scaling_change(session: Session, period: Period) -> tuple[ScalingChange, ...]:
    """A meeting's score is the mean of that scorer's scores there (one per need, or one
    overall); meetings on the same day count as one."""
    per_meeting = (select(Meeting.family_id, Scaling.scored_by, Meeting.held_on,
                          func.avg(Scaling.score).label("score"))
                   .join(Meeting, Meeting.id == Scaling.meeting_id)
                   .join(Family, Family.id == Meeting.family_id)
                   .where(Scaling.deleted_hlc.is_(None), Meeting.deleted_hlc.is_(None),
                          live_family(), Family.closed_on.between(period.start, period.end))
                   .group_by(Meeting.family_id, Scaling.scored_by, Meeting.held_on)
                   .subquery())
    # First and last in one GROUP BY: "held_on|score" strings order by date (ISO dates are
    # fixed width), so min() is the first meeting's score and max() the last one's.
    keyed = (cast(per_meeting.c.held_on, String) + "|" + cast(per_meeting.c.score, String))
    pairs = (select(per_meeting.c.scored_by, func.min(keyed).label("first"),
                    func.max(keyed).label("last"))
             .group_by(per_meeting.c.family_id, per_meeting.c.scored_by)
             .having(func.count() > 1).subquery())
    first = cast(func.substr(pairs.c.first, 12), Float)
    last = cast(func.substr(pairs.c.last, 12), Float)
    diff = last - first
    q = (select(pairs.c.scored_by, func.count(), func.avg(first), func.avg(last),
                func.avg(diff), func.sum(case((diff > 0, 1), else_=0)),
                func.sum(case((diff == 0, 1), else_=0)), func.sum(case((diff < 0, 1), else_=0)))
         .group_by(pairs.c.scored_by))
    found = {str(getattr(r[0], "value", r[0])): r for r in session.execute(q)}
    out = []
    for who in ScoredBy:
        r = found.get(who.value)
        if r is None:
            out.append(ScalingChange(who.value, 0, None, None, None, 0, 0, 0))
        else:
            out.append(ScalingChange(who.value, int(r[1]), _r(r[2]), _r(r[3]), _r(r[4]),
                                     int(r[5] or 0), int(r[6] or 0), int(r[7] or 0)))
    return tuple(out)

"""Change in 0–10 scaling from a family's first scored meeting to its last, for families
whose work closed in the period, told apart by who scored (family or professionals)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from tafapp.models import Family, Meeting, Scaling, ScoredBy
from tafapp.services.reports.period import Period
from tafapp.services.reports.sql import live_family


@dataclass(frozen=True)
class ScalingChange:
    scored_by: str
    families: int  # closed in the period with scores at two or more meetings
    mean_first: float | None
    mean_last: float | None
    mean_change: float | None
    improved: int
    same: int
    worse: int


def _r(x: Any) -> float | None:
    return None if x is None else round(float(x), 2)


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
    # One pass with window functions: each (family, scorer)'s first and last scored meeting.
    key = (per_meeting.c.family_id, per_meeting.c.scored_by)
    ranked = select(
        *key, per_meeting.c.score,
        func.row_number().over(partition_by=key, order_by=per_meeting.c.held_on).label("up"),
        func.row_number().over(partition_by=key,
                               order_by=per_meeting.c.held_on.desc()).label("down"),
        func.count().over(partition_by=key).label("n"),
    ).subquery()
    pairs = (select(ranked.c.scored_by,
                    func.max(case((ranked.c.up == 1, ranked.c.score))).label("first"),
                    func.max(case((ranked.c.down == 1, ranked.c.score))).label("last"))
             .where(ranked.c.n > 1, or_(ranked.c.up == 1, ranked.c.down == 1))
             .group_by(ranked.c.family_id, ranked.c.scored_by).subquery())
    diff = pairs.c.last - pairs.c.first
    q = (select(pairs.c.scored_by, func.count(), func.avg(pairs.c.first),
                func.avg(pairs.c.last), func.avg(diff), func.sum(case((diff > 0, 1), else_=0)),
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

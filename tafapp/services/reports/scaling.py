"""Change in 0–10 scaling from a family's first scored meeting to its last, for families
whose work closed in the period, told apart by who scored (family or professionals)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tafapp.models import ReportScaling, ScoredBy
from tafapp.storage.reports.period import Period


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
    overall); meetings on the same day count as one. First and last come from the hub's
    summary (ReportScaling, storage/reports/summary.py)."""
    sc = ReportScaling
    first, last = sc.first, sc.last
    diff = last - first
    q = (select(sc.scored_by, func.count(), func.avg(first), func.avg(last),
                func.avg(diff), func.sum(case((diff > 0, 1), else_=0)),
                func.sum(case((diff == 0, 1), else_=0)), func.sum(case((diff < 0, 1), else_=0)))
         .where(sc.closed_on.between(period.start, period.end))
         .group_by(sc.scored_by))
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

"""Re-referrals and sustained outcomes: both ask whether the same household came back.

The same household is another live family row with the same reference, or with the same
postcode (not blank) and the same household name (ignoring case). Reopening a closed family
row in place overwrites its dates, so that return is not visible here (docs/measures.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from tafapp.models import Family, Need, NeedStatus
from tafapp.storage.reports.episodes import (  # unchanged by the summary
    RE_REFERRAL_DAYS,
    SUSTAIN_DAYS,
    ReReferrals,
    Sustained,
    _keys,
    _matches,
    sustain_window,
)
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, plus_days, share


def re_referred_ids(period: Period) -> Any:
    """Families opened in the period within RE_REFERRAL_DAYS after another episode of the same
    household closed (closed on or before this opening)."""
    g = aliased(Family)
    opened = (select(*_keys(Family, "opened_on"))
              .where(live_family(), Family.opened_on.between(period.start, period.end))
              .subquery("opened"))
    earlier = (select(*_keys(g, "closed_on"))
               .where(g.deleted_hlc.is_(None),
                      g.closed_on.between(period.start - timedelta(days=RE_REFERRAL_DAYS),
                                          period.end))
               .subquery("earlier"))
    window = and_(earlier.c.on <= opened.c.on,
                  earlier.c.on >= plus_days(opened.c.on, -RE_REFERRAL_DAYS))
    return _matches(opened, earlier, window)


def came_back_ids(closed_from: date, closed_to: date, days: int) -> Any:
    """Families closed in closed_from..closed_to whose household opened again within `days`."""
    g = aliased(Family)
    closed = (select(*_keys(Family, "closed_on"))
              .where(live_family(), Family.closed_on.between(closed_from, closed_to))
              .subquery("closed"))
    later = (select(*_keys(g, "opened_on"))
             .where(g.deleted_hlc.is_(None),
                    g.opened_on.between(closed_from, closed_to + timedelta(days=days)))
             .subquery("later"))
    window = and_(later.c.on >= closed.c.on, later.c.on <= plus_days(closed.c.on, days))
    return _matches(closed, later, window)


def re_referrals(session: Session, period: Period) -> ReReferrals:
    opened = session.scalar(select(func.count()).where(
        live_family(), Family.opened_on.between(period.start, period.end))) or 0
    again = session.scalar(select(func.count()).select_from(
        re_referred_ids(period).subquery())) or 0
    return ReReferrals(int(opened), int(again), share(int(again), int(opened)))


def sustained(session: Session, period: Period) -> Sustained:
    lo, hi = sustain_window(period)
    back = came_back_ids(lo, hi, SUSTAIN_DAYS).subquery("back")
    per_family = (select(Family.id, func.count().label("needs"))
                  .join(Need, Need.family_id == Family.id)
                  .where(live_family(), Family.closed_on.between(lo, hi),
                         Need.deleted_hlc.is_(None), Need.status == NeedStatus.MET,
                         Need.outcome_code.is_not(None), Need.outcome_code != "")
                  .group_by(Family.id).subquery())
    per_family = (select(per_family.c.id, per_family.c.needs,
                         back.c.id.is_(None).label("held"))
                  .outerjoin(back, back.c.id == per_family.c.id).subquery())
    held = per_family.c.held
    q = select(func.count(), func.sum(per_family.c.needs),
               func.sum(per_family.c.needs).filter(held), func.count().filter(held))
    fams, needs, kept, kept_fams = session.execute(q).one()
    needs, kept = int(needs or 0), int(kept or 0)
    return Sustained(lo, hi, int(fams), needs, kept, int(kept_fams or 0), share(kept, needs))

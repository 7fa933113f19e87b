"""Re-referrals and sustained outcomes: both ask whether the same household came back.

The same household is another live family row with the same reference, or with the same
postcode (not blank) and the same household name (ignoring case). Reopening a closed family
row in place overwrites its dates, so that return is not visible here (docs/measures.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from tafapp.models import Family, Need, NeedStatus
from tafapp.services.reports.period import Period
from tafapp.services.reports.sql import live_family, plus_days, share

RE_REFERRAL_DAYS = 365  # "within 12 months" of a closure
SUSTAIN_DAYS = 182  # "six months after closure"


def _same_household(other: Any) -> list[Any]:
    """Two conditions (ORed by the caller as separate EXISTS, so each can use its index)."""
    return [
        other.reference == Family.reference,
        and_(Family.postcode != "", other.postcode == Family.postcode,
             func.lower(other.household_name) == func.lower(Family.household_name)),
    ]


def re_referred() -> Any:
    """True for a family opened within RE_REFERRAL_DAYS after another episode of the same
    household closed (closed on or before this opening)."""
    g = aliased(Family)
    base = [g.id != Family.id, g.deleted_hlc.is_(None), g.closed_on.is_not(None),
            g.closed_on <= Family.opened_on,
            g.closed_on >= plus_days(Family.opened_on, -RE_REFERRAL_DAYS)]
    return or_(*(exists().where(*base, cond) for cond in _same_household(g)))


def came_back_within(days: int) -> Any:
    """True for a closed family whose household opened again within `days` of the closure."""
    g = aliased(Family)
    base = [g.id != Family.id, g.deleted_hlc.is_(None), g.opened_on >= Family.closed_on,
            g.opened_on <= plus_days(Family.closed_on, days)]
    return or_(*(exists().where(*base, cond) for cond in _same_household(g)))


@dataclass(frozen=True)
class ReReferrals:
    opened: int
    re_referred: int
    share: float | None


def re_referrals(session: Session, period: Period) -> ReReferrals:
    flag = re_referred()
    q = (select(func.count(), func.count().filter(flag))
         .where(live_family(), Family.opened_on.between(period.start, period.end)))
    opened, again = session.execute(q).one()
    return ReReferrals(int(opened), int(again or 0), share(int(again or 0), int(opened)))


def sustain_window(period: Period) -> tuple[date, date]:
    """Closures whose six months ran out inside the period."""
    delta = timedelta(days=SUSTAIN_DAYS)
    return period.start - delta, period.end - delta


@dataclass(frozen=True)
class Sustained:
    closed_from: date
    closed_to: date
    families: int  # closed in the window with at least one outcome achieved
    outcomes_achieved: int  # needs met with an outcome code in those families
    outcomes_sustained: int  # ... whose household did not come back within six months
    families_sustained: int
    share: float | None


def sustained(session: Session, period: Period) -> Sustained:
    lo, hi = sustain_window(period)
    back = came_back_within(SUSTAIN_DAYS)
    per_family = (select(Family.id, back.label("back"), func.count().label("needs"))
                  .join(Need, Need.family_id == Family.id)
                  .where(live_family(), Family.closed_on.between(lo, hi),
                         Need.deleted_hlc.is_(None), Need.status == NeedStatus.MET,
                         Need.outcome_code.is_not(None), Need.outcome_code != "")
                  .group_by(Family.id).subquery())
    held = ~per_family.c.back
    q = select(func.count(), func.sum(per_family.c.needs),
               func.sum(per_family.c.needs).filter(held), func.count().filter(held))
    fams, needs, kept, kept_fams = session.execute(q).one()
    needs, kept = int(needs or 0), int(kept or 0)
    return Sustained(lo, hi, int(fams), needs, kept, int(kept_fams or 0), share(kept, needs))

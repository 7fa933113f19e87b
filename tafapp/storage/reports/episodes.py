"""Re-referrals and sustained outcomes: both ask whether the same household came back.

The same household is another live family row with the same reference, or with the same
postcode (not blank) and the same household name (ignoring case). Reopening a closed family
row in place overwrites its dates, so that return is not visible here (docs/measures.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select, union
from sqlalchemy.orm import Session, aliased

from tafapp.models import Family, ReportFamily
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, plus_days, share

RE_REFERRAL_DAYS = 365  # "within 12 months" of a closure
SUSTAIN_DAYS = 182  # "six months after closure"


def _keys(model: Any, date_col: str) -> list[Any]:
    return [model.id, model.reference, model.postcode,
            func.lower(model.household_name).label("household"),
            getattr(model, date_col).label("on")]


def _matches(a: Any, b: Any, window: Any) -> Any:
    """Ids from `a` with a row of the same household in `b` satisfying `window`: two hash
    joins (by reference; by postcode and name), so cost grows with the two sets, not with
    one index probe per family."""
    same = and_(b.c.id != a.c.id, window)
    by_ref = select(a.c.id).join(b, and_(b.c.reference == a.c.reference, same))
    by_home = select(a.c.id).join(b, and_(a.c.postcode != "", b.c.postcode == a.c.postcode,
                                          b.c.household == a.c.household, same))
    return union(by_ref, by_home)


def re_referred_ids(where: Sequence[Any] = ()) -> Any:
    """Live families (narrowed by `where`, on Family) opened within RE_REFERRAL_DAYS after
    another episode of the same household closed (closed on or before this opening). The
    window depends on the family's own dates only, so the summary keeps it as a flag."""
    g = aliased(Family)
    opened = (select(*_keys(Family, "opened_on"))
              .where(live_family(), Family.opened_on.is_not(None), *where)
              .subquery("opened"))
    earlier = (select(*_keys(g, "closed_on"))
               .where(g.deleted_hlc.is_(None), g.closed_on.is_not(None))
               .subquery("earlier"))
    window = and_(earlier.c.on <= opened.c.on,
                  earlier.c.on >= plus_days(opened.c.on, -RE_REFERRAL_DAYS))
    return _matches(opened, earlier, window)


def came_back_ids(where: Sequence[Any] = ()) -> Any:
    """Live closed families (narrowed by `where`) whose household opened again within
    SUSTAIN_DAYS of the closure."""
    g = aliased(Family)
    closed = (select(*_keys(Family, "closed_on"))
              .where(live_family(), Family.closed_on.is_not(None), *where)
              .subquery("closed"))
    later = (select(*_keys(g, "opened_on"))
             .where(g.deleted_hlc.is_(None), g.opened_on.is_not(None))
             .subquery("later"))
    window = and_(later.c.on >= closed.c.on, later.c.on <= plus_days(closed.c.on, SUSTAIN_DAYS))
    return _matches(closed, later, window)


@dataclass(frozen=True)
class ReReferrals:
    opened: int
    re_referred: int
    share: float | None


def re_referrals(session: Session, period: Period) -> ReReferrals:
    r = ReportFamily
    q = (select(func.count(), func.count().filter(r.re_referred))
         .where(r.opened_on.between(period.start, period.end)))
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
    r = ReportFamily
    held = ~r.came_back
    q = (select(func.count(), func.sum(r.outcomes_met), func.sum(r.outcomes_met).filter(held),
                func.count().filter(held))
         .where(r.closed_on.between(lo, hi), r.outcomes_met > 0))
    fams, needs, kept, kept_fams = session.execute(q).one()
    needs, kept = int(needs or 0), int(kept or 0)
    return Sustained(lo, hi, int(fams), needs, kept, int(kept_fams or 0), share(kept, needs))

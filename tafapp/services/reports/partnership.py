"""Who leads: families worked with, and the share led by partners outside the council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from tafapp.core.reference import partner_sectors, sectors
from tafapp.models import Agency, Family, FamilyStatus
from tafapp.storage.reports.period import Period, month_end
from tafapp.storage.reports.sql import (
    index_of,
    month_index,
    open_at,
    share,
    worked_rows,
)

NO_LEAD = ""  # families whose lead agency is unknown (or tombstoned)


@dataclass(frozen=True)
class SectorRow:
    sector: str
    label: str
    partner: bool
    open_at_end: int
    opened: int
    closed: int
    share_of_led: float | None  # this sector's share of families open at the end with a lead


@dataclass(frozen=True)
class TrendPoint:
    month: date  # first day of the month
    as_at: date  # the snapshot day: the month's end, or the period's end in its last month
    open_with_lead: int
    partner_led: int
    partner_led_share: float | None


@dataclass(frozen=True)
class Partnership:
    period: Period
    open_at_end: int
    opened: int
    closed: int
    worked_with: int
    open_with_lead: int
    partner_led: int
    no_lead_agency: int
    partner_led_share: float | None
    by_sector: tuple[SectorRow, ...]
    trend: tuple[TrendPoint, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "partner_led_share": self.partner_led_share,
            "families": {"open_at_end": self.open_at_end, "opened": self.opened,
                         "closed": self.closed, "worked_with": self.worked_with},
            "open_with_lead": self.open_with_lead, "partner_led": self.partner_led,
            "no_lead_agency": self.no_lead_agency,
            "by_sector": [vars(r) for r in self.by_sector],
            "trend": [{**vars(p), "month": p.month.isoformat()[:7],
                       "as_at": p.as_at.isoformat()} for p in self.trend],
        }


def lead_sector() -> Any:
    """The lead agency's sector, '' when the family has no (live) lead agency."""
    return func.coalesce(Agency.sector, NO_LEAD)


def _lead_join(t: Any = Family) -> Any:
    return and_(Agency.id == t.lead_agency_id, Agency.deleted_hlc.is_(None))


def _one(flag: Any) -> Any:
    return func.sum(case((flag, 1), else_=0))


def partnership(session: Session, period: Period) -> Partnership:
    """Families open at the period's end (a snapshot) give the partner-led share; opened and
    closed count events inside the period."""
    sector = lead_sector()
    w = worked_rows(period.start, period.end)
    q = (select(sector, _one(open_at(period.end, w.c)),
                _one(w.c.opened_on.between(period.start, period.end)),
                _one(w.c.closed_on.between(period.start, period.end)), func.count())
         .select_from(w).outerjoin(Agency, _lead_join(w.c))
         .group_by(sector))
    counts = {s: (int(o or 0), int(op or 0), int(c or 0), int(n))
              for s, o, op, c, n in session.execute(q)}
    partners = partner_sectors()
    led = sum(v[0] for s, v in counts.items() if s != NO_LEAD)
    by_partner = sum(v[0] for s, v in counts.items() if s in partners)
    return Partnership(
        period=period,
        open_at_end=sum(v[0] for v in counts.values()),
        opened=sum(v[1] for v in counts.values()),
        closed=sum(v[2] for v in counts.values()),
        worked_with=sum(v[3] for v in counts.values()),
        open_with_lead=led, partner_led=by_partner,
        no_lead_agency=counts.get(NO_LEAD, (0, 0, 0, 0))[0],
        partner_led_share=share(by_partner, led),
        by_sector=_sector_rows(counts, led),
        trend=_trend(session, period, (led, by_partner)),
    )


def _sector_rows(counts: dict[str, tuple[int, int, int, int]], led: int) -> tuple[SectorRow, ...]:
    labels, partners = sectors(), partner_sectors()
    rows = []
    for code in [*labels, *sorted(set(counts) - set(labels))]:
        o, op, c, _ = counts.get(code, (0, 0, 0, 0))
        label = labels.get(code, code or "No lead agency recorded")
        rows.append(SectorRow(code, label, code in partners, o, op, c,
                              share(o, led) if code != NO_LEAD else None))
    return tuple(rows)


def _trend(session: Session, period: Period, last: tuple[int, int]) -> tuple[TrendPoint, ...]:
    """Month-end snapshots from one grouped query: a family is open at a month's end when it
    opened in that month or before and closed in a later month (or is open, undated)."""
    months = period.trend_months()
    first = months[0]
    sector = lead_sector()
    w = worked_rows(first, period.end)
    opened_m, closed_m = month_index(w.c.opened_on), month_index(w.c.closed_on)
    is_open = w.c.status == FamilyStatus.OPEN
    q = (select(sector, opened_m, closed_m, is_open, func.count())
         .select_from(w).join(Agency, _lead_join(w.c))
         .group_by(sector, opened_m, closed_m, is_open))
    groups = [(s, int(o), None if c is None else int(c), bool(op), int(n))
              for s, o, c, op, n in session.execute(q)]
    partners = partner_sectors()
    points = []
    for month in months[:-1]:
        m = index_of(month)
        total = partner = 0
        for s, o, c, op, n in groups:
            if o <= m and (c > m if c is not None else op):
                total += n
                partner += n if s in partners else 0
        points.append(TrendPoint(month, month_end(month), total, partner, share(partner, total)))
    # The last point is the period's own snapshot (its end may fall mid-month).
    points.append(TrendPoint(months[-1], period.end, last[0], last[1], share(last[1], last[0])))
    return tuple(points)

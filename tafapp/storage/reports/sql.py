"""SQL building blocks shared by the measures, so a number and its drill-down use exactly the
same conditions. Everything here is portable between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, cast, extract, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from tafapp.models import Family, FamilyStatus, ReportFamily


class plus_days(FunctionElement[date]):  # noqa: N801 - reads like the SQL function it is
    """`column + n days` as a date, in either dialect (n is a literal integer)."""

    type = Date()
    inherit_cache = True
    name = "plus_days"


@compiles(plus_days)
def _plus_days_default(element: plus_days, compiler: Any, **kw: Any) -> str:
    col, days = list(element.clauses)
    return f"({compiler.process(col, **kw)} + {int(days.value)})"


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    col, days = list(element.clauses)
    return f"date({compiler.process(col, **kw)}, '{int(days.value):+d} days')"


def month_index(col: Any) -> ColumnElement[int]:
    """year * 12 + month - 1: months as consecutive integers, for grouping by month."""
    return cast(extract("year", col), Integer) * 12 + cast(extract("month", col), Integer) - 1


def index_of(day: date) -> int:
    return day.year * 12 + day.month - 1


def live_family() -> ColumnElement[bool]:
    return Family.deleted_hlc.is_(None)


def open_at(day: date, t: Any = Family) -> ColumnElement[bool]:
    """Open at the end of `day`: opened on or before it and not closed by then. A family marked
    closed without a closure date is left out (its end is unknown). `t` is the Family model or
    a subquery's `.c` with the same column names."""
    return and_(
        t.opened_on <= day,
        or_(t.closed_on > day, and_(t.closed_on.is_(None), t.status == FamilyStatus.OPEN)),
    )


def worked_in(start: date, end: date, t: Any = Family) -> ColumnElement[bool]:
    """Open at any time in start..end."""
    return and_(
        t.opened_on <= end,
        or_(t.closed_on >= start, and_(t.closed_on.is_(None), t.status == FamilyStatus.OPEN)),
    )


def worked_rows(start: date, end: date) -> Any:
    """Live families open at any time in start..end, as a subquery (id, lead_agency_id,
    opened_on, closed_on, status). Same rows as `worked_in`, written as two disjoint halves
    (closed since `start`; open and undated) so each half is one index range scan, read from
    the index alone on PostgreSQL (models/report_indexes.py), where the OR would force a
    visit to every matching table row."""
    cols = (Family.id, Family.lead_agency_id, Family.opened_on, Family.closed_on, Family.status)
    closed = select(*cols).where(Family.deleted_hlc.is_(None), Family.closed_on >= start,
                                 Family.opened_on <= end)
    still_open = select(*cols).where(Family.deleted_hlc.is_(None), Family.closed_on.is_(None),
                                     Family.status == FamilyStatus.OPEN, Family.opened_on <= end)
    return union_all(closed, still_open).subquery("worked")


def worked_summary(start: date, end: date) -> Any:
    """`worked_rows` from the hub's summary (ReportFamily: live families only), as a subquery
    (family_id, send_level)."""
    r = ReportFamily
    cols = (r.family_id, r.send_level)
    closed = select(*cols).where(r.closed_on >= start, r.opened_on <= end)
    still_open = select(*cols).where(r.closed_on.is_(None), r.status == FamilyStatus.OPEN,
                                     r.opened_on <= end)
    return union_all(closed, still_open).subquery("worked")


def share(part: int, whole: int) -> float | None:
    """part / whole to 4 places, or None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None

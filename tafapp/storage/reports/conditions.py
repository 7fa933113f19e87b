"""Conditions on the raw tables shared by the summary (storage/reports/summary.py) and the
families list (roster.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, or_, select

from tafapp.models import Person, Referral, Send


def fed_back() -> Any:
    """A referral's outcome counts as fed back once its outcome or its date is recorded."""
    return or_(Referral.outcome != "", Referral.outcome_on.is_not(None))


def send_levels(where: tuple[Any, ...] = ()) -> Any:
    """Per family: 2 if anyone (live) has an EHCP, 1 if SEN support only."""
    level = func.max(case((Person.send == Send.EHCP, 2), else_=1))
    return (select(Person.family_id, level.label("level"))
            .where(Person.deleted_hlc.is_(None), Person.send != Send.NONE, *where)
            .group_by(Person.family_id).subquery("send"))

"""The coordinator's measures (DOMAIN "What the coordinator reports"; docs/measures.md).

A Session and a Period in, frozen dataclasses out (`as_dict()` for JSON). Every measure is a
handful of GROUP BY queries, so cost grows with the groups, not with the families; tombstoned
rows are left out everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tafapp.services.reports.outcomes import Outcomes, outcomes
from tafapp.services.reports.partnership import Partnership, partnership
from tafapp.services.reports.timeliness import Timeliness, timeliness
from tafapp.storage.reports.period import Period

REPORTS = ("partnership", "timeliness", "outcomes")


@dataclass(frozen=True)
class Snapshot:
    """Everything the dashboard shows for one period."""

    period: Period
    today: date
    partnership: Partnership
    timeliness: Timeliness
    outcomes: Outcomes


def snapshot(session: Session, period: Period, today: date) -> Snapshot:
    return Snapshot(period, today, partnership(session, period),
                    timeliness(session, period, today), outcomes(session, period))


def run(session: Session, which: str, period: Period, today: date) -> dict[str, Any]:
    """{report name: its as_dict()} for one report or 'all', with the period described."""
    names = REPORTS if which == "all" else (which,)
    out: dict[str, Any] = {"period": period.as_dict()}
    for name in names:
        if name == "partnership":
            out[name] = partnership(session, period).as_dict()
        elif name == "timeliness":
            out[name] = timeliness(session, period, today).as_dict()
        elif name == "outcomes":
            out[name] = outcomes(session, period).as_dict()
        else:
            raise ValueError(f"unknown report {name!r}")
    return out


__all__ = ["REPORTS", "Outcomes", "Partnership", "Period", "Snapshot", "Timeliness",
           "outcomes", "partnership", "run", "snapshot", "timeliness"]

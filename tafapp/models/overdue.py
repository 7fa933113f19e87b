"""The overdue rule, written once.

An action is overdue on a day when it is still to do on that day and its due date is before
that day. "Still to do" is one of `OPEN_STATUSES` (not started, in progress) for an action
read as it stands, or "not yet finished by then" for an action read from history (the report
summary). An action due on the day itself is not yet overdue; an action with no due date never
is. The caseload, the plan, the reports and every Word document ask this module, in Python
(`action_overdue`), in SQLAlchemy (`overdue_where`) or in SQLite text (`overdue_sql`); all
three are built from the same three parts below. Importing this module imports no SQLAlchemy
(the caseload's first screen reads it before SQLAlchemy is loaded).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tafapp.models.enums import OPEN_STATUSES, ActionStatus

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement


def action_overdue(status: ActionStatus, due_on: date | None, on: date) -> bool:
    """Whether an action in `status`, due on `due_on`, is overdue on the day `on`."""
    return status in OPEN_STATUSES and due_on is not None and due_on < on


def overdue_where(due_on: Any, on: Any, *, status: Any = None,
                  still_open: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """The same rule as a SQL condition: `status` is the status column (still to do when in
    `OPEN_STATUSES`), or `still_open` says when the action was still to do at `on` (history)."""
    from sqlalchemy import and_

    if (status is None) == (still_open is None):
        raise ValueError("overdue_where needs exactly one of status or still_open")
    open_ = status.in_(OPEN_STATUSES) if status is not None else still_open
    assert open_ is not None
    return and_(open_, due_on.is_not(None), due_on < on)


def overdue_sql(on: date, *, status: str = "status", due_on: str = "due_on"
                ) -> tuple[str, tuple[str, ...]]:
    """The same rule as SQLite text with its parameters, for the caseload's plain-SQL path
    (dates are ISO text there, so they compare as text)."""
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    text = f"{status} IN ({marks}) AND {due_on} IS NOT NULL AND {due_on} < ?"
    return text, (*(s.value for s in OPEN_STATUSES), on.isoformat())

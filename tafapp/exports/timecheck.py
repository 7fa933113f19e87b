"""Timescales met or missed at one meeting, in working days (the council's own numbers from
resources/timescales.json, England bank holidays excluded)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.reference import timescales_config
from tafapp.core.timescales import add_working_days, working_days_between
from tafapp.exports.content import TimescaleCheck
from tafapp.models import Action, ActionReview, Family, Meeting


def _first_taf_days(cfg: dict[str, object]) -> int:
    # No assessment date is recorded, so request -> first TAF is the sum of the two steps.
    if "request_to_first_taf_days" in cfg:
        return int(cfg["request_to_first_taf_days"])  # type: ignore[arg-type]
    return int(cfg["request_to_assessment_days"]) + int(  # type: ignore[arg-type]
        cfg["assessment_to_first_taf_days"])  # type: ignore[arg-type]


def _check(label: str, target_days: int, start: date | None, end: date | None,
           today_limit: date) -> TimescaleCheck:
    target = f"{target_days} working days"
    if start is None:
        return TimescaleCheck(label, target, "no start date recorded", None)
    if end is None:
        due = add_working_days(start, target_days)
        met = None if today_limit <= due else False
        return TimescaleCheck(label, target, "not yet", met)
    days = working_days_between(start, end)
    return TimescaleCheck(label, target, f"{days} working days", days <= target_days)


def meeting_timescales(session: Session, family: Family, meeting: Meeting,
                       prev: Meeting | None) -> tuple[TimescaleCheck, ...]:
    cfg = timescales_config()
    on = meeting.held_on
    first = session.scalar(select(Meeting.held_on).where(
        Meeting.family_id == family.id, Meeting.deleted_hlc.is_(None))
        .order_by(Meeting.held_on).limit(1))
    checks = [
        _check("Request to first contact", int(cfg["request_to_first_contact_days"]),
               family.request_on, family.first_contact_on, on),
        _check("Request to first TAF meeting", _first_taf_days(cfg), family.request_on,
               first, on),
    ]
    interval_max = int(cfg["review_interval_days"]["max"])
    if prev is not None:
        if prev.next_review_on is not None:
            late = working_days_between(prev.next_review_on, on)
            checks.append(TimescaleCheck(
                "Held on the date agreed last time", f"by {prev.next_review_on:%d/%m/%Y}",
                "on time" if late <= 0 else f"{late} working days late", late <= 0))
        checks.append(_check("Since the last meeting", interval_max, prev.held_on, on, on))
    if meeting.next_review_on is not None:
        lo = int(cfg["first_review_after_days"]) if prev is None else \
            int(cfg["review_interval_days"]["min"])
        gap = working_days_between(on, meeting.next_review_on)
        checks.append(TimescaleCheck(
            "Next review booked within the review interval", f"{lo}–{interval_max} working days"
            if prev is not None else f"within {interval_max} working days",
            f"{gap} working days", gap <= interval_max))
    checks.append(_actions_due(session, meeting))
    return tuple(checks)


def _actions_due(session: Session, meeting: Meeting) -> TimescaleCheck:
    """Actions reviewed here that were due by the meeting: how many were done in time."""
    rows = session.execute(select(ActionReview.status, Action.due_on).join(
        Action, Action.id == ActionReview.action_id).where(
        ActionReview.meeting_id == meeting.id, ActionReview.deleted_hlc.is_(None),
        Action.deleted_hlc.is_(None), Action.due_on.is_not(None),
        Action.due_on <= meeting.held_on)).all()
    if not rows:
        return TimescaleCheck("Actions due by this meeting", "done by their due date",
                              "none were due", None)
    overdue = sum(1 for status, _ in rows if status.is_open)
    return TimescaleCheck("Actions due by this meeting", "done by their due date",
                          f"{len(rows) - overdue} of {len(rows)} finished, {overdue} overdue",
                          overdue == 0)

"""Working-day arithmetic (England bank holidays) and the council's timescale rules."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from tafapp.core.reference import timescales_config


@cache
def _holidays(year: int) -> frozenset[date]:
    import holidays

    country = timescales_config().get("calendar", "England")
    return frozenset(holidays.country_holidays("GB", subdiv="ENG" if country == "England"
                                               else None, years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is day 0)."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def suggest_next_review(held_on: date, first_review: bool = False) -> date:
    """The suggested next review: the council's default interval in working days."""
    cfg = timescales_config()
    interval = cfg["review_interval_days"]["default"]
    days = cfg["first_review_after_days"] if first_review else interval
    return add_working_days(held_on, int(days))


def review_window(held_on: date) -> tuple[date, date]:
    cfg = timescales_config()["review_interval_days"]
    return add_working_days(held_on, int(cfg["min"])), add_working_days(held_on, int(cfg["max"]))

from datetime import date

from tafapp.core.timescales import (
    add_working_days,
    is_working_day,
    suggest_next_review,
    working_days_between,
)


def test_bank_holidays_and_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute (26th is a Saturday)
    assert not is_working_day(date(2026, 8, 31))   # summer bank holiday (England)
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 24))


def test_working_day_arithmetic_across_christmas() -> None:
    # Wed 23 Dec 2026 + 3 working days: Thu 24, (25 and 28 are holidays, 26-27 weekend),
    # Tue 29, Wed 30.
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 30)) == 3
    assert working_days_between(date(2026, 12, 30), date(2026, 12, 23)) == -3


def test_next_review_is_suggested_from_the_council_rules() -> None:
    # The default review interval in resources/timescales.json is 40 working days.
    held = date(2026, 11, 24)
    assert working_days_between(held, suggest_next_review(held)) == 40
    assert working_days_between(held, suggest_next_review(held, first_review=True)) == 30

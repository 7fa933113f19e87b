"""Families worked with and the partner-led share, against dataset.py worked by hand."""

from __future__ import annotations

from datetime import date

from tafapp.services.reports import Period, partnership
from tests.reports.conftest import Q1


def test_families_worked_with(hub) -> None:
    store, _ = hub
    with store.read() as s:
        p = partnership(s, Q1)
    # Open at 2026-03-31: F1, F3, F6, F7, F10 (F2 closed 03-10, F4 closed 02-15; F8 tombstoned;
    # F9 closed without a date) = 5.
    assert p.open_at_end == 5
    # Opened in Q1: F1 01-12, F2 01-20, F6 02-01, F7 03-01, F10 03-31 = 5 (F8 tombstoned).
    assert p.opened == 5
    # Closed in Q1: F2 03-10, F4 02-15 = 2 (F13 closed 2025-12-31, the day before).
    assert p.closed == 2
    # Open at any time in Q1: F1, F2, F3, F4, F6, F7, F10 = 7.
    assert p.worked_with == 7


def test_partner_led_share_and_sectors(hub) -> None:
    store, _ = hub
    with store.read() as s:
        p = partnership(s, Q1)
    # Open at the end with a live lead agency: F1 school, F3 LA, F6 school, F10 health = 4;
    # F7's lead agency is tombstoned, so it has no lead. Partners: F1, F6, F10 = 3 -> 3/4.
    assert (p.open_with_lead, p.partner_led, p.no_lead_agency) == (4, 3, 1)
    assert p.partner_led_share == 0.75
    rows = {r.sector: r for r in p.by_sector}
    assert (rows["school"].open_at_end, rows["school"].share_of_led) == (2, 0.5)
    assert (rows["local_authority"].open_at_end, rows["local_authority"].partner) == (1, False)
    assert rows["health"].share_of_led == 0.25  # F10: 1 of 4
    assert rows["voluntary"].closed == 1  # F4
    assert rows[""].open_at_end == 1 and rows[""].share_of_led is None  # F7


def test_trend_by_month(hub) -> None:
    store, _ = hub
    with store.read() as s:
        trend = {p.month.isoformat()[:7]: p for p in partnership(s, Q1).trend}
    # A quarter's trend reaches back to 12 months: April 2025 .. March 2026.
    assert list(trend)[0] == "2025-04" and len(trend) == 12
    # 2025-04-30: F11 (school) only -> 1/1.
    assert (trend["2025-04"].open_with_lead, trend["2025-04"].partner_led) == (1, 1)
    # 2025-06-30: F11 school, F12 health, F3 LA -> 2/3.
    assert trend["2025-06"].partner_led_share == round(2 / 3, 4)
    # 2025-10-31: F3 LA, F4 voluntary, F5 LA -> 1/3.
    assert (trend["2025-10"].open_with_lead, trend["2025-10"].partner_led) == (3, 1)
    # 2025-12-31: F5 closed 12-20 and F13 closed 12-31, so F3 LA, F4 voluntary -> 1/2.
    assert (trend["2025-12"].open_with_lead, trend["2025-12"].partner_led) == (2, 1)
    # 2026-02-28: F1 school, F2 LA, F3 LA, F6 school (F4 closed 02-15) -> 2/4.
    assert trend["2026-02"].partner_led_share == 0.5
    # The last point is the period's own snapshot.
    assert trend["2026-03"].partner_led_share == 0.75


def test_custom_period_ending_mid_month(hub) -> None:
    store, _ = hub
    with store.read() as s:
        p = partnership(s, Period(date(2026, 3, 1), date(2026, 3, 9)))
    # At 2026-03-09: F1 school, F2 LA (closes 03-10), F3 LA, F6 school, F7 no lead -> 2/4.
    assert (p.open_at_end, p.open_with_lead, p.partner_led) == (5, 4, 2)
    assert p.trend[-1].as_at == date(2026, 3, 9)

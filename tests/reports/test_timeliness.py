"""Request to first contact and first TAF (working days), reviews on time, overdue actions."""

from __future__ import annotations

from datetime import date

from tafapp.services.reports import timeliness
from tests.reports.conftest import Q1, TODAY


def test_request_to_first_contact(hub) -> None:
    store, _ = hub
    with store.read() as s:
        fc = timeliness(s, Q1, TODAY).first_contact
    # Requests in Q1: F1, F2, F6, F10 = 4 (F3's request was in 2025).
    # F1 Mon 01-05 -> Fri 01-09: 4 working days.
    # F2 01-05 -> Mon 01-19: 4 (Jan 6-9) + 5 (Jan 12-16) + 1 = 10.
    # F10 Fri 03-20 -> Fri 03-27: 5 (Mar 23-27). F6: no contact yet.
    assert fc.target_days == 5
    assert (fc.requests, fc.measured, fc.waiting) == (4, 3, 1)
    assert fc.within_timescale == 2  # 4 and 5 are within 5 days; 10 is not
    assert fc.median_days == 5.0 and fc.mean_days == round((4 + 10 + 5) / 3, 1)


def test_request_to_first_taf(hub) -> None:
    store, _ = hub
    with store.read() as s:
        ft = timeliness(s, Q1, TODAY).first_taf
    # Target: request->assessment 10 + assessment->first TAF 30 = 40 working days.
    # F1 01-05 -> 02-02: Jan 6-9 (4) + 12-16 (5) + 19-23 (5) + 26-30 (5) + Feb 2 (1) = 20.
    # F6 01-26 -> 03-02: Jan 27-30 (4) + Feb 2-27 (20) + Mar 2 (1) = 25.
    # F2's only initial meeting is tombstoned; F10 has none: 2 waiting.
    assert ft.target_days == 40
    assert (ft.measured, ft.waiting, ft.within_timescale) == (2, 2, 2)
    assert ft.median_days == 22.5 and ft.mean_days == 22.5


def test_reviews_on_time(hub) -> None:
    store, _ = hub
    with store.read() as s:
        r = timeliness(s, Q1, TODAY).reviews
    # Reviews due in Q1 (next_review_on in the quarter):
    #   M1 F1 due 03-16, next meeting 03-13 -> on time
    #   M6 F2 due 03-15, next meeting 03-05 -> on time
    #   M3 F3 due 01-20, next meeting 01-27 -> late
    #   M9 F4 due 02-10, next meeting 02-12 -> late
    #   M4 F3 due 03-20, no meeting since, today 04-15 -> overdue
    #   M10 F4 due 03-01, F4 closed 02-15 -> not needed
    #   M5 (tombstoned) and M11 (tombstoned family) are left out.
    assert (r.on_time, r.late, r.overdue, r.not_needed, r.not_yet_due) == (2, 2, 1, 1, 0)
    assert r.due == 5 and r.on_time_share == 0.4


def test_review_not_yet_due(hub) -> None:
    store, _ = hub
    with store.read() as s:
        r = timeliness(s, Q1, date(2026, 3, 18)).reviews
    # On 03-18, M4's date (03-20) has not come yet.
    assert (r.overdue, r.not_yet_due, r.due) == (0, 1, 4)


def test_overdue_actions_by_agency(hub) -> None:
    store, _ = hub
    with store.read() as s:
        rows = timeliness(s, Q1, TODAY).overdue_actions
    # As at 03-31, in families open then (F2 closed 03-10, so A8 is out):
    #   no agency: A5 (family member, due 03-20), A10 (tombstoned agency, due 03-01) -> 2/2
    #   health: A4 (achieved 04-05, after the date; due 03-10) -> 1/1
    #   school: A1 overdue (due 03-01), A2 open (due 04-30) -> 1/2; A6 cancelled, A7 tombstoned
    #   LA: A9 due 03-31 is not yet overdue on 03-31 -> 0/1
    got = [(r.sector, r.open_actions, r.overdue) for r in rows]
    assert got == [("", 2, 2), ("health", 1, 1), ("school", 2, 1), ("local_authority", 1, 0)]

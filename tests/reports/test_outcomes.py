"""Step changes, re-referrals, closures, Supporting Families outcomes, scaling, SEND,
referral feedback, against dataset.py worked by hand."""

from __future__ import annotations

from tafapp.services.reports import outcomes
from tests.reports.conftest import Q1


def test_steps_and_re_referrals(hub) -> None:
    store, _ = hub
    with store.read() as s:
        o = outcomes(s, Q1)
    # F4 up 02-15, F3 down 03-01; F1's step up is tombstoned, F5's was in 2025.
    assert (o.step_ups, o.step_downs) == (1, 1)
    # Opened in Q1: F1, F2, F6, F7, F10 = 5. F6 ("smith", TS1 1AA) follows F5 ("Smith",
    # TS1 1AA, closed 2025-12-20); F10 carries F4's reference and F4 closed 02-15 -> 2 of 5.
    # F7 shares the postcode but not the household name.
    assert (o.re_referrals.opened, o.re_referrals.re_referred) == (5, 2)
    assert o.re_referrals.share == 0.4


def test_closure_reasons(hub) -> None:
    store, _ = hub
    with store.read() as s:
        o = outcomes(s, Q1)
    counts = {r.code: r.count for r in o.closure_reasons}
    assert o.closed == 2
    assert counts["needs_met"] == 1 and counts["stepped_up"] == 1 and counts["moved_away"] == 0
    assert o.closed_good_outcome_share == 0.5  # needs met is good, stepped up is not


def test_outcomes_achieved_and_sustained(hub) -> None:
    store, _ = hub
    with store.read() as s:
        o = outcomes(s, Q1)
    achieved = {r.code: (r.count, r.families) for r in o.outcomes_achieved if r.count}
    # Met in Q1 with a code: N1 education (F2), N2 health (F2), N4 education (F1). N5 has no
    # code, N6 was met in 2025, N7 is tombstoned, N3 is open.
    assert achieved == {"education": (2, 2), "health": (1, 1)}
    assert o.families_with_outcome == 2
    su = o.sustained
    # Six months (182 days) ran out in Q1 for closures 2025-07-03..2025-09-30: F11 (2 outcomes)
    # and F12 (1). F12's household ("brown", TS3 3CC) opened again 2025-12-01, within 182
    # days -> 2 of 3 outcomes sustained, 1 of 2 families.
    assert (su.families, su.outcomes_achieved, su.outcomes_sustained) == (2, 3, 2)
    assert su.families_sustained == 1 and su.share == round(2 / 3, 4)


def test_scaling_change(hub) -> None:
    store, _ = hub
    with store.read() as s:
        by = {x.scored_by: x for x in outcomes(s, Q1).scaling}
    # Closed in Q1: F2 and F4.
    # family:       F4 (3+5)/2=4 -> 7 (+3); F2 6 -> 5 (-1; the tombstoned 10 is left out)
    # professional: F4 4 -> (6+8)/2=7 (+3); F2 5 -> 5 (0)
    fam, pro = by["family"], by["professional"]
    assert (fam.families, fam.mean_first, fam.mean_last, fam.mean_change) == (2, 5.0, 6.0, 1.0)
    assert (fam.improved, fam.same, fam.worse) == (1, 0, 1)
    assert (pro.mean_first, pro.mean_last, pro.mean_change) == (4.5, 6.0, 1.5)
    assert (pro.improved, pro.same, pro.worse) == (1, 1, 0)


def test_send_and_referrals(hub) -> None:
    store, _ = hub
    with store.read() as s:
        o = outcomes(s, Q1)
    # Worked with in Q1: 7. F1 has an EHCP (and SEN support) -> EHCP; F3 SEN support.
    # F6's EHCP child is tombstoned; F5 was not worked with in Q1.
    assert (o.worked_with, o.send_families, o.ehcp_families, o.sen_support_families) == \
        (7, 2, 1, 1)
    # Referrals made in Q1: F1 01-15 (outcome), F1 02-01 (none), F3 03-01 (outcome date)
    # = 3, 2 fed back; the tombstoned referral and F8's are left out.
    assert (o.referrals_made, o.referrals_fed_back) == (3, 2)

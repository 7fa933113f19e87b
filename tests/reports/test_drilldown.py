"""Drill-down lists the very families behind each figure (by reference, never names)."""

from __future__ import annotations

import pytest

from tafapp.core.errors import InputRejected
from tafapp.services.reports.drilldown import drill
from tests.reports.conftest import Q1, TODAY

CASES = [
    ("open_at_end", "*", ["TAF-1", "TAF-3", "TAF-4", "TAF-6", "TAF-7"]),  # TAF-4 is F10
    ("partner_led", "*", ["TAF-1", "TAF-4", "TAF-6"]),  # F1, F10 (ref TAF-4), F6
    ("open_at_end", "local_authority", ["TAF-3"]),
    ("closure_reason", "stepped_up", ["TAF-4"]),  # F4
    ("re_referral", "*", ["TAF-4", "TAF-6"]),  # F10 (after F4), F6 (after F5)
    ("reviews", "overdue", ["TAF-3"]),
    ("reviews", "not_needed", ["TAF-4"]),
    ("first_contact_late", "*", ["TAF-2"]),  # 10 working days against 5
    ("first_taf_waiting", "*", ["TAF-2", "TAF-4"]),  # F2 and F10
    ("overdue_actions", "", ["TAF-1", "TAF-3"]),  # A5 (F1), A10 (F3): no live agency
    ("step_up", "*", ["TAF-4"]),
    ("send", "*", ["TAF-1", "TAF-3"]),
    ("referral_no_feedback", "*", ["TAF-1"]),
    ("outcome_achieved", "education", ["TAF-1", "TAF-2"]),
]


@pytest.mark.parametrize(("measure", "key", "refs"), CASES)
def test_drill_matches_the_figure(hub, measure: str, key: str, refs: list[str]) -> None:
    store, _ = hub
    with store.read() as s:
        d = drill(s, measure, Q1, TODAY, key)
    assert [r.reference for r in d.rows] == refs
    assert d.total == len(refs)


def test_drill_limit_and_unknown_measure(hub) -> None:
    store, _ = hub
    with store.read() as s:
        d = drill(s, "worked_with", Q1, TODAY, limit=2)
        assert d.total == 7 and len(d.rows) == 2
        with pytest.raises(InputRejected, match="not a measure"):
            drill(s, "names", Q1, TODAY)

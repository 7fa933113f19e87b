"""What the dashboard says about the figures: tile texts and drill-down headings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tafapp.services.reports import Snapshot
from tafapp.services.reports.drilldown import Drill
from tafapp.ui.dashboard.models import pct, sector_label


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


def tile_values(s: Snapshot) -> list[tuple[str, str]]:
    """(figure, detail) for each tile, in the order DashboardPage lays them out."""
    p, t, o = s.partnership, s.timeliness, s.outcomes
    fc, r, rr = t.first_contact, t.reviews, o.re_referrals
    overdue = sum(a.overdue for a in t.overdue_actions)
    return [
        (pct(p.partner_led_share), _tr("{0} of {1} open with a lead").format(
            p.partner_led, p.open_with_lead)),
        (f"{p.open_at_end:,}", _tr("opened {0:,} · closed {1:,}").format(p.opened, p.closed)),
        (pct(fc.share_within), _tr("{0} of {1} within {2} working days").format(
            fc.within_timescale, fc.measured, fc.target_days)),
        (pct(r.on_time_share), _tr("{0} of {1} due; {2} not held").format(
            r.on_time, r.due, r.overdue)),
        (f"{overdue:,}", _tr("across {0} agencies").format(
            sum(1 for a in t.overdue_actions if a.overdue))),
        (pct(rr.share), _tr("{0} of {1} opened, within 12 months").format(
            rr.re_referred, rr.opened)),
    ]


_MEASURES = {
    "open_at_end": "open at the period's end", "opened": "opened", "closed": "closed",
    "worked_with": "worked with", "partner_led": "led by partners outside the council",
    "closure_reason": "closed for this reason", "re_referral": "re-referred within 12 months",
    "send": "with SEND", "referral_no_feedback": "with a referral outcome not fed back",
    "step_up": "stepped up", "step_down": "stepped down",
    "overdue_actions": "with overdue actions", "reviews": "with a review",
    "outcome_achieved": "with an outcome achieved",
    "first_contact_late": "contacted after the timescale",
    "first_contact_waiting": "still waiting for first contact",
    "first_taf_late": "with a first TAF after the timescale",
    "first_taf_waiting": "still waiting for a first TAF",
}


def drill_title(d: Drill) -> str:
    what = _tr(_MEASURES.get(d.measure, d.measure))
    if d.measure == "reviews":
        what = _tr("with a review {0}").format(d.key.replace("_", " "))
    elif d.measure in ("open_at_end", "partner_led") and d.key != "*":
        what += f" ({sector_label(d.key)})"
    shown = len(d.rows)
    more = _tr(" (first {0} shown)").format(shown) if shown < d.total else ""
    return _tr("{0} families {1}{2}:").format(f"{d.total:,}", what, more)

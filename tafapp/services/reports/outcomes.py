"""What happens at the end: step changes, closure reasons, Supporting Families outcomes,
scaling change, SEND families and referral outcomes fed back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tafapp.core.reference import closure_reasons, reference
from tafapp.core.reference import outcomes as outcome_labels
from tafapp.models import Family, ReportNeedMet, ReportReferral, StepChange
from tafapp.services.reports.scaling import ScalingChange, scaling_change
from tafapp.storage.reports.episodes import ReReferrals, Sustained, re_referrals, sustained
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, share, worked_summary

NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    count: int
    families: int


@dataclass(frozen=True)
class Outcomes:
    period: Period
    step_ups: int
    step_downs: int
    re_referrals: ReReferrals
    closed: int
    closure_reasons: tuple[CountRow, ...]
    closed_good_outcome_share: float | None
    outcomes_achieved: tuple[CountRow, ...]
    families_with_outcome: int
    sustained: Sustained
    scaling: tuple[ScalingChange, ...]
    worked_with: int
    send_families: int
    ehcp_families: int
    sen_support_families: int
    referrals_made: int
    referrals_fed_back: int

    def as_dict(self) -> dict[str, Any]:
        s = self.sustained
        return {
            "step_ups": self.step_ups, "step_downs": self.step_downs,
            "re_referrals": vars(self.re_referrals),
            "closed": self.closed,
            "closure_reasons": [vars(r) for r in self.closure_reasons],
            "closed_good_outcome_share": self.closed_good_outcome_share,
            "outcomes_achieved": {"total": sum(r.count for r in self.outcomes_achieved),
                                  "families": self.families_with_outcome,
                                  "by_outcome": [vars(r) for r in self.outcomes_achieved]},
            "outcomes_sustained": {**vars(s), "closed_from": s.closed_from.isoformat(),
                                   "closed_to": s.closed_to.isoformat()},
            "scaling": [vars(x) for x in self.scaling],
            "send": {"families_worked_with": self.worked_with, "send": self.send_families,
                     "ehcp": self.ehcp_families, "sen_support": self.sen_support_families,
                     "share": share(self.send_families, self.worked_with)},
            "referrals": {"made": self.referrals_made, "outcome_fed_back": self.referrals_fed_back,
                          "share": share(self.referrals_fed_back, self.referrals_made)},
        }


def _steps(session: Session, period: Period) -> dict[str, int]:
    q = (select(StepChange.direction, func.count())
         .join(Family, Family.id == StepChange.family_id)
         .where(StepChange.deleted_hlc.is_(None), live_family(),
                StepChange.on.between(period.start, period.end))
         .group_by(StepChange.direction))
    return {str(getattr(d, "value", d)): int(n) for d, n in session.execute(q)}


def _closures(session: Session, period: Period) -> tuple[CountRow, ...]:
    reason = func.coalesce(Family.closure_reason, NOT_RECORDED)
    q = (select(reason, func.count())
         .where(live_family(), Family.closed_on.between(period.start, period.end))
         .group_by(reason))
    counts = {r: int(n) for r, n in session.execute(q)}
    labels = {**closure_reasons(), NOT_RECORDED: "Not recorded"}
    codes = [*labels, *sorted(set(counts) - set(labels))]
    return tuple(CountRow(c, labels.get(c, c), counts.get(c, 0), counts.get(c, 0))
                 for c in codes)


def _achieved(session: Session, period: Period) -> tuple[tuple[CountRow, ...], int]:
    """Needs met in the period by outcome, from the summary in one pass: a need counts its
    family (for its outcome, and at all) when the family's previous need met (same outcome;
    any outcome) came before the period, so each family counts once without a DISTINCT."""
    n = ReportNeedMet
    first_same = or_(n.previous_same.is_(None), n.previous_same < period.start)
    first_any = or_(n.previous_any.is_(None), n.previous_any < period.start)
    q = (select(n.outcome_code, func.count(), func.count().filter(first_same),
                func.count().filter(first_any))
         .where(n.met_on.between(period.start, period.end))
         .group_by(n.outcome_code))
    counts: dict[str, tuple[int, int]] = {}
    families = 0
    for code, k, f, fam in session.execute(q):
        counts[code] = (int(k), int(f or 0))
        families += int(fam or 0)
    labels = outcome_labels()
    codes = [*labels, *sorted(set(counts) - set(labels))]
    rows = tuple(CountRow(c, labels.get(c, c), *counts.get(c, (0, 0))) for c in codes)
    return rows, families


def _send(session: Session, period: Period) -> tuple[int, int, int]:
    lv = worked_summary(period.start, period.end).c.send_level
    q = select(func.count(), func.count().filter(lv > 0), func.count().filter(lv == 2))
    worked, send, ehcp = session.execute(q).one()
    return int(worked), int(send or 0), int(ehcp or 0)


def _referrals(session: Session, period: Period) -> tuple[int, int]:
    r = ReportReferral
    q = (select(func.count(), func.count().filter(r.fed_back))
         .where(r.made_on.between(period.start, period.end)))
    made, back = session.execute(q).one()
    return int(made), int(back or 0)


def outcomes(session: Session, period: Period) -> Outcomes:
    steps = _steps(session, period)
    closures = _closures(session, period)
    closed = sum(r.count for r in closures)
    good = {c["code"] for c in reference()["closure_reasons"] if c.get("good_outcome")}
    achieved, fams = _achieved(session, period)
    worked, send, ehcp = _send(session, period)
    made, back = _referrals(session, period)
    return Outcomes(
        period, steps.get("up", 0), steps.get("down", 0), re_referrals(session, period),
        closed, closures, share(sum(r.count for r in closures if r.code in good), closed),
        achieved, fams, sustained(session, period), scaling_change(session, period),
        worked, send, ehcp, send - ehcp, made, back)

"""What happens at the end: step changes, closure reasons, Supporting Families outcomes,
scaling change, SEND families and referral outcomes fed back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from tafapp.models import Family, Need, NeedStatus, Person, Referral, Send, StepChange
from tafapp.reference import closure_reasons, reference
from tafapp.reference import outcomes as outcome_labels
from tafapp.services.reports.period import Period
from tafapp.services.reports.sql import live_family, share, worked_in
from tests.reports.legacy.episodes import ReReferrals, Sustained, re_referrals, sustained
from tests.reports.legacy.scaling import ScalingChange, scaling_change

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
    cond = (Need.deleted_hlc.is_(None), live_family(), Need.status == NeedStatus.MET,
            Need.outcome_code.is_not(None), Need.outcome_code != "",
            Need.met_on.between(period.start, period.end))
    q = (select(Need.outcome_code, func.count(), func.count(func.distinct(Need.family_id)))
         .join(Family, Family.id == Need.family_id).where(*cond).group_by(Need.outcome_code))
    counts = {c: (int(n), int(f)) for c, n, f in session.execute(q)}
    families = session.scalar(select(func.count(func.distinct(Need.family_id)))
                              .join(Family, Family.id == Need.family_id).where(*cond))
    labels = outcome_labels()
    codes = [*labels, *sorted(set(counts) - set(labels))]
    rows = tuple(CountRow(c, labels.get(c, c), *counts.get(c, (0, 0))) for c in codes)
    return rows, int(families or 0)


def send_levels() -> Any:
    """Per family: 2 if anyone (live) has an EHCP, 1 if SEN support only."""
    level = func.max(case((Person.send == Send.EHCP, 2), else_=1))
    return (select(Person.family_id, level.label("level"))
            .where(Person.deleted_hlc.is_(None), Person.send != Send.NONE)
            .group_by(Person.family_id).subquery())


def _send(session: Session, period: Period) -> tuple[int, int, int]:
    lv = send_levels()
    q = (select(func.count(), func.count(lv.c.level), func.count().filter(lv.c.level == 2))
         .select_from(Family).outerjoin(lv, lv.c.family_id == Family.id)
         .where(live_family(), worked_in(period.start, period.end)))
    worked, send, ehcp = session.execute(q).one()
    return int(worked), int(send), int(ehcp or 0)


def fed_back() -> Any:
    return or_(Referral.outcome != "", Referral.outcome_on.is_not(None))


def _referrals(session: Session, period: Period) -> tuple[int, int]:
    q = (select(func.count(), func.count().filter(fed_back()))
         .join(Family, Family.id == Referral.family_id)
         .where(Referral.deleted_hlc.is_(None), live_family(),
                Referral.made_on.between(period.start, period.end)))
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

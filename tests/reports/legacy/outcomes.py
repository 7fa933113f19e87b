"""What happens at the end: step changes, closure reasons, Supporting Families outcomes,
scaling change, SEND families and referral outcomes fed back."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.core.reference import outcomes as outcome_labels
from tafapp.core.reference import reference
from tafapp.models import Family, Need, NeedStatus, Referral
from tafapp.services.reports.outcomes import (  # unchanged by the summary
    CountRow,
    Outcomes,
    _closures,
    _steps,
)
from tafapp.storage.reports.conditions import fed_back, send_levels
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, share, worked_in
from tests.reports.legacy.episodes import re_referrals, sustained
from tests.reports.legacy.scaling import scaling_change


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


def _send(session: Session, period: Period) -> tuple[int, int, int]:
    lv = send_levels()
    q = (select(func.count(), func.count(lv.c.level), func.count().filter(lv.c.level == 2))
         .select_from(Family).outerjoin(lv, lv.c.family_id == Family.id)
         .where(live_family(), worked_in(period.start, period.end)))
    worked, send, ehcp = session.execute(q).one()
    return int(worked), int(send), int(ehcp or 0)


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

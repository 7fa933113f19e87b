"""The hub's report summary (models/report_summary.py): rebuild it, or recompute the rows of
some families, from the raw tables with one INSERT ... SELECT per summary table.

`rebuild` recomputes everything (after a bulk load, or as a repair). `refresh` recomputes
the rows of the families given, plus the other families of their households (old and new
keys), whose re-referral and came-back flags can change with them. `upkeep.py` calls
`refresh` in the transaction that changed the families, so the summary is always what
`rebuild` would write.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Float,
    String,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from tafapp.models import (
    SUMMARY_TABLES,
    Action,
    ActionStatus,
    Family,
    FamilyStatus,
    Meeting,
    MeetingKind,
    Need,
    NeedStatus,
    Person,
    Referral,
    ReportAction,
    ReportFamily,
    ReportNeedMet,
    ReportReferral,
    ReportReview,
    ReportScaling,
    Scaling,
)
from tafapp.models.enums import OPEN_STATUSES
from tafapp.storage.reports.conditions import fed_back, send_levels
from tafapp.storage.reports.episodes import came_back_ids, re_referred_ids

CHUNK = 500
DONE_ACTION = (ActionStatus.ACHIEVED, ActionStatus.PARTLY, ActionStatus.NOT_ACHIEVED)
Ids = Sequence[uuid.UUID] | None  # None: every family


def _in(col: Any, ids: Ids) -> list[Any]:
    return [] if ids is None else [col.in_(ids)]


def family_rows(ids: Ids) -> Any:
    """One row per live family (ReportFamily's columns, in order)."""
    taf = (select(Meeting.family_id, func.min(Meeting.held_on).label("on"))
           .join(Family, Family.id == Meeting.family_id)
           .where(Meeting.kind == MeetingKind.INITIAL, Meeting.deleted_hlc.is_(None),
                  Meeting.held_on >= Family.request_on, *_in(Meeting.family_id, ids))
           .group_by(Meeting.family_id).subquery("taf"))
    met = (select(Need.family_id, func.count().label("n"))
           .where(Need.deleted_hlc.is_(None), Need.status == NeedStatus.MET,
                  Need.outcome_code.is_not(None), Need.outcome_code != "",
                  *_in(Need.family_id, ids))
           .group_by(Need.family_id).subquery("met"))
    send = send_levels(tuple(_in(Person.family_id, ids)))
    mine = _in(Family.id, ids)
    again = re_referred_ids(mine).subquery("again")
    back = came_back_ids(mine).subquery("back")
    return (select(Family.id, Family.lead_agency_id, Family.status, Family.request_on,
                   Family.first_contact_on, taf.c.on, Family.opened_on, Family.closed_on,
                   Family.reference, Family.postcode, func.lower(Family.household_name),
                   func.coalesce(send.c.level, 0), func.coalesce(met.c.n, 0),
                   again.c.id.is_not(None), back.c.id.is_not(None))
            .outerjoin(taf, taf.c.family_id == Family.id)
            .outerjoin(met, met.c.family_id == Family.id)
            .outerjoin(send, send.c.family_id == Family.id)
            .outerjoin(again, again.c.id == Family.id)
            .outerjoin(back, back.c.id == Family.id)
            .where(Family.deleted_hlc.is_(None), *mine))


def review_rows(ids: Ids) -> Any:
    """Every review a live meeting of a live family agreed, with the next meeting held after
    that meeting (any kind, same family)."""
    prev, nxt = aliased(Meeting), aliased(Meeting)
    return (select(prev.id, prev.family_id, prev.next_review_on, func.min(nxt.held_on),
                   Family.closed_on, Family.lead_agency_id, Family.reference)
            .join(Family, Family.id == prev.family_id)
            .outerjoin(nxt, and_(nxt.family_id == prev.family_id, nxt.held_on > prev.held_on,
                                 nxt.deleted_hlc.is_(None)))
            .where(prev.deleted_hlc.is_(None), prev.next_review_on.is_not(None),
                   Family.deleted_hlc.is_(None), *_in(prev.family_id, ids))
            .group_by(prev.id, prev.family_id, prev.next_review_on, Family.closed_on,
                      Family.lead_agency_id, Family.reference))


def scaling_rows(ids: Ids) -> Any:
    """First and last meeting score per family and scorer (two or more scored dates)."""
    per_meeting = (select(Meeting.family_id, Scaling.scored_by, Meeting.held_on,
                          func.avg(Scaling.score).label("score"))
                   .join(Meeting, Meeting.id == Scaling.meeting_id)
                   .where(Scaling.deleted_hlc.is_(None), Meeting.deleted_hlc.is_(None),
                          *_in(Meeting.family_id, ids))
                   .group_by(Meeting.family_id, Scaling.scored_by, Meeting.held_on)
                   .subquery())
    # First and last in one GROUP BY: "held_on|score" strings order by date (ISO dates are
    # fixed width), so min() is the first meeting's score and max() the last one's.
    keyed = (cast(per_meeting.c.held_on, String) + "|" + cast(per_meeting.c.score, String))
    pairs = (select(per_meeting.c.family_id, per_meeting.c.scored_by,
                    func.min(keyed).label("first"), func.max(keyed).label("last"))
             .group_by(per_meeting.c.family_id, per_meeting.c.scored_by)
             .having(func.count() > 1).subquery())
    return (select(pairs.c.family_id, pairs.c.scored_by, Family.closed_on,
                   cast(func.substr(pairs.c.first, 12), Float),
                   cast(func.substr(pairs.c.last, 12), Float))
            .join(Family, Family.id == pairs.c.family_id)
            .where(Family.deleted_hlc.is_(None)))


def need_met_rows(ids: Ids) -> Any:
    order = (Need.met_on, Need.id)
    return (select(Need.id, Need.family_id, Need.met_on, Need.outcome_code,
                   func.lag(Need.met_on).over(partition_by=(Need.family_id, Need.outcome_code),
                                              order_by=order),
                   func.lag(Need.met_on).over(partition_by=Need.family_id, order_by=order))
            .join(Family, Family.id == Need.family_id)
            .where(Need.deleted_hlc.is_(None), Need.status == NeedStatus.MET,
                   Need.outcome_code.is_not(None), Need.outcome_code != "",
                   Need.met_on.is_not(None), Family.deleted_hlc.is_(None),
                   *_in(Need.family_id, ids)))


def referral_rows(ids: Ids) -> Any:
    return (select(Referral.id, Referral.family_id, Referral.made_on,
                   case((fed_back(), True), else_=false()))
            .join(Family, Family.id == Referral.family_id)
            .where(Referral.deleted_hlc.is_(None), Family.deleted_hlc.is_(None),
                   *_in(Referral.family_id, ids)))


def action_rows(ids: Ids) -> Any:
    """Live actions of live families that are open, or were completed on a known day."""
    still_open = Action.status.in_(OPEN_STATUSES)
    return (select(Action.id, Action.family_id, Action.owner_agency_id, Action.due_on,
                   case((still_open, None), else_=Action.completed_on), Family.opened_on,
                   Family.closed_on,
                   and_(Family.closed_on.is_(None), Family.status == FamilyStatus.OPEN))
            .join(Family, Family.id == Action.family_id)
            .where(Action.deleted_hlc.is_(None), Family.deleted_hlc.is_(None),
                   or_(still_open, and_(Action.status.in_(DONE_ACTION),
                                        Action.completed_on.is_not(None))),
                   *_in(Action.family_id, ids)))


_SOURCES = ((ReportFamily, family_rows), (ReportReview, review_rows),
            (ReportScaling, scaling_rows), (ReportNeedMet, need_met_rows),
            (ReportReferral, referral_rows), (ReportAction, action_rows))


def _fill(session: Session, model: Any, rows: Any) -> None:
    cols = [c.name for c in model.__table__.columns]
    session.execute(insert(model.__table__).from_select(cols, rows))


def rebuild(session: Session) -> dict[str, int]:
    """Recompute the whole summary from the raw tables; returns rows per summary table."""
    for model in SUMMARY_TABLES:
        session.execute(delete(model.__table__))
    counts: dict[str, int] = {}
    for model, rows in _SOURCES:
        _fill(session, model, rows(None))
        counts[model.__tablename__] = int(session.scalar(
            select(func.count()).select_from(model.__table__)) or 0)
    return counts


def refresh(session: Session, family_ids: Collection[uuid.UUID]) -> None:
    """Recompute the summary rows of these families (and their households' flags)."""
    ids = sorted(set(family_ids))
    if not ids:
        return
    for part in _chunks(sorted(household_of(session, ids) | set(ids))):
        session.execute(delete(ReportFamily.__table__).where(ReportFamily.family_id.in_(part)))
        _fill(session, ReportFamily, family_rows(part))
    for part in _chunks(ids):
        for model, rows in _SOURCES[1:]:
            session.execute(delete(model.__table__).where(model.family_id.in_(part)))
            _fill(session, model, rows(part))


def household_of(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Live families sharing a reference, or a postcode and household name, with these
    families as they are now (raw tables) or were (their summary rows)."""
    refs: set[str] = set()
    homes: set[tuple[str, str]] = set()
    for part in _chunks(ids):
        now = select(Family.reference, Family.postcode, func.lower(Family.household_name)) \
            .where(Family.id.in_(part))
        was = select(ReportFamily.reference, ReportFamily.postcode, ReportFamily.household) \
            .where(ReportFamily.family_id.in_(part))
        for q in (now, was):
            for ref, postcode, home in session.execute(q):
                refs.add(ref)
                if postcode:
                    homes.add((postcode, home))
    out: set[uuid.UUID] = set()
    cols = (Family.id, Family.postcode, func.lower(Family.household_name))
    for part in _chunks(sorted(refs)):
        out.update(session.scalars(select(Family.id).where(
            Family.reference.in_(part), Family.deleted_hlc.is_(None))))
    for part in _chunks(sorted({p for p, _ in homes})):
        for fid, postcode, home in session.execute(select(*cols).where(
                Family.postcode.in_(part), Family.deleted_hlc.is_(None))):
            if (postcode, home) in homes:
                out.add(fid)
    return out


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def counts(session: Session) -> dict[str, int]:
    return {m.__tablename__: int(session.scalar(select(func.count()).select_from(
        m.__table__)) or 0) for m in SUMMARY_TABLES}


__all__ = ["counts", "family_rows", "household_of", "rebuild", "refresh"]

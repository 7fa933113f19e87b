"""The caseload: one row per family with what a lead professional scans for every morning.

Grouped queries (not per-family loads) so a 10,000-family store lists in milliseconds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from tafapp.models import Action, ActionStatus, Agency, Family, FamilyStatus, Meeting, Practitioner

OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class CaseloadRow(NamedTuple):
    """One family in the caseload. A named tuple, not a dataclass: ten thousand of these are
    built at every start, and a frozen dataclass costs ten times as much to construct."""

    id: uuid.UUID
    reference: str
    household_name: str
    postcode: str
    level_of_need: int
    status: FamilyStatus
    lead_agency: str
    lead_sector: str
    lead_practitioner: str
    lead_practitioner_id: uuid.UUID | None
    opened_on: date | None
    next_review_on: date | None
    review_overdue: bool
    overdue_actions: int
    conflicted: bool

    @property
    def search_key(self) -> str:
        """What the caseload filter matches: name, reference and postcode (with and without
        the space), lower-cased once."""
        pc = self.postcode.lower()
        name, ref = self.household_name.lower(), self.reference.lower()
        return f"{name}\t{ref}\t{pc}\t{pc.replace(' ', '')}"


def next_reviews(
    session: Session, family_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, date]:
    """Each family's next review: the date set at its most recent meeting that set one.

    Only each family's latest row leaves the database, read from the covering index
    ix_caseload_next_review."""
    live = (Meeting.deleted_hlc.is_(None), Meeting.next_review_on.is_not(None))
    if session.get_bind().dialect.name == "sqlite":
        # SQLite documents that bare columns beside max() come from the row holding the
        # maximum: one pass over the index, three times faster than a window function.
        held = type_coerce(Meeting.held_on, String)
        latest = func.max(held.concat(Meeting.created_hlc), type_=String)
        q = select(Meeting.family_id, Meeting.next_review_on, latest).where(*live)
        if family_ids is not None:
            q = q.where(Meeting.family_id.in_(family_ids))
        return {fid: nxt for fid, nxt, _ in session.execute(q.group_by(Meeting.family_id))}
    ranked = (select(Meeting.family_id, Meeting.next_review_on,
                     func.row_number().over(
                         partition_by=Meeting.family_id,
                         order_by=(Meeting.held_on.desc(), Meeting.created_hlc.desc()),
                     ).label("rn"))
              .where(*live))
    if family_ids is not None:
        ranked = ranked.where(Meeting.family_id.in_(family_ids))
    sub = ranked.subquery()
    q2 = select(sub.c.family_id, sub.c.next_review_on).where(sub.c.rn == 1)
    return {fid: nxt for fid, nxt in session.execute(q2)}


def overdue_action_counts(session: Session, today: date) -> dict[uuid.UUID, int]:
    q = (select(Action.family_id, func.count())
         .where(Action.deleted_hlc.is_(None), Action.status.in_(OPEN_STATUSES),
                Action.due_on < today)
         .group_by(Action.family_id))
    return {fid: n for fid, n in session.execute(q)}


def caseload(session: Session, today: date, *, include_closed: bool = False,
             lead_practitioner_id: uuid.UUID | None = None) -> list[CaseloadRow]:
    """Every family on this store (a laptop holds only the families its practitioner works
    with), open ones by default, optionally only those led by one practitioner."""
    q = (select(Family.id, Family.reference, Family.household_name, Family.postcode,
                Family.level_of_need, Family.status, Agency.name, Agency.sector,
                Practitioner.name, Family.lead_practitioner_id, Family.opened_on,
                Family.conflicted)
         .outerjoin(Agency, Agency.id == Family.lead_agency_id)
         .outerjoin(Practitioner, Practitioner.id == Family.lead_practitioner_id)
         .where(Family.deleted_hlc.is_(None))
         .order_by(Family.reference))
    if not include_closed:
        q = q.where(Family.status == FamilyStatus.OPEN)
    if lead_practitioner_id is not None:
        q = q.where(Family.lead_practitioner_id == lead_practitioner_id)
    reviews = next_reviews(session)
    overdue = overdue_action_counts(session, today)
    rows = []
    for (fid, ref, name, pc, level, status, agency, sector, lead, lead_id, opened,
         conflicted) in session.execute(q):
        nxt = reviews.get(fid)
        rows.append(CaseloadRow(
            id=fid, reference=ref, household_name=name, postcode=pc, level_of_need=level,
            status=status, lead_agency=agency or "", lead_sector=sector or "",
            lead_practitioner=lead or "", lead_practitioner_id=lead_id, opened_on=opened,
            next_review_on=nxt,
            review_overdue=status == FamilyStatus.OPEN and nxt is not None and nxt < today,
            overdue_actions=overdue.get(fid, 0), conflicted=bool(conflicted)))
    return rows


@dataclass(frozen=True)
class OverdueByAgency:
    agency_id: uuid.UUID | None
    agency: str
    sector: str
    overdue: int


def overdue_actions_by_agency(session: Session, today: date) -> list[OverdueByAgency]:
    """Open actions past their due date, counted by the owning agency (most first)."""
    q = (select(Action.owner_agency_id, Agency.name, Agency.sector, func.count())
         .outerjoin(Agency, Agency.id == Action.owner_agency_id)
         .join(Family, Family.id == Action.family_id)
         .where(Action.deleted_hlc.is_(None), Family.deleted_hlc.is_(None),
                Action.status.in_(OPEN_STATUSES), Action.due_on < today)
         .group_by(Action.owner_agency_id, Agency.name, Agency.sector)
         .order_by(func.count().desc()))
    return [OverdueByAgency(aid, name or "(no agency)", sector or "", n)
            for aid, name, sector, n in session.execute(q)]


def overdue_reviews(session: Session, today: date) -> list[CaseloadRow]:
    return [r for r in caseload(session, today) if r.review_overdue]

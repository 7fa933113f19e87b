"""The caseload: one row per family with what a lead professional scans for every morning.

Grouped queries (not per-family loads) so a 10,000-family store lists in milliseconds.

On SQLite (every laptop profile) the caseload is three SQL statements run on a DB-API
connection, so the app's first screen needs neither SQLAlchemy nor the models imported
(`caseload_sqlite`, fed by `tafapp.storage.opening` at start-up, and by a session afterwards). A hub
on PostgreSQL goes through SQLAlchemy Core. Importing this module imports no SQLAlchemy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from tafapp.models.enums import OPEN_STATUSES, FamilyStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Execute = Callable[[str, tuple[Any, ...]], Iterable[Sequence[Any]]]
"""A DB-API style `execute(sql, params)` with qmark parameters, returning rows as tuples."""


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
    from sqlalchemy import String, func, select, type_coerce

    from tafapp.models import Meeting

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


def overdue_where(today: date) -> tuple[Any, ...]:
    """The overdue rule as SQL conditions on `action` (as `Action.is_overdue`): live, still
    open, due before today. Every grouped count and list of overdue actions uses this."""
    from tafapp.models import Action

    return (Action.deleted_hlc.is_(None), Action.status.in_(OPEN_STATUSES),
            Action.due_on < today)


def overdue_action_counts(session: Session, today: date) -> dict[uuid.UUID, int]:
    from sqlalchemy import func, select

    from tafapp.models import Action

    q = (select(Action.family_id, func.count())
         .where(*overdue_where(today))
         .group_by(Action.family_id))
    return {fid: n for fid, n in session.execute(q)}


class OverdueAction(NamedTuple):
    id: uuid.UUID
    description: str
    kind: str
    owner: str
    agency: str
    due_on: date


def overdue_actions(session: Session, family_id: uuid.UUID, today: date
                    ) -> list[OverdueAction]:
    """Which of a family's actions are overdue (the caseload's count, itemised), oldest due
    first, each with who holds it (practitioner or family member) and their agency."""
    from sqlalchemy import func, select

    from tafapp.models import Action, Agency, Person, Practitioner

    owner = func.coalesce(Practitioner.name, Person.first_name, Action.owner_name)
    q = (select(Action.id, Action.description, Action.kind, owner, Agency.name, Action.due_on)
         .outerjoin(Agency, Agency.id == Action.owner_agency_id)
         .outerjoin(Practitioner, Practitioner.id == Action.owner_practitioner_id)
         .outerjoin(Person, Person.id == Action.owner_person_id)
         .where(Action.family_id == family_id, *overdue_where(today))
         .order_by(Action.due_on, Action.created_hlc))
    return [OverdueAction(aid, desc, kind.value, who or "", agency or "", due)
            for aid, desc, kind, who, agency, due in session.execute(q)]


def closed_count(session: Session) -> int:
    """Closed families on this store (the caseload hides them unless asked)."""
    from sqlalchemy import func, select

    from tafapp.models import Family

    return session.scalar(select(func.count()).select_from(Family).where(
        Family.deleted_hlc.is_(None), Family.status == FamilyStatus.CLOSED)) or 0


def caseload(session: Session, today: date, *, include_closed: bool = False,
             lead_practitioner_id: uuid.UUID | None = None) -> list[CaseloadRow]:
    """Every family on this store (a laptop holds only the families its practitioner works
    with), open ones by default, optionally only those led by one practitioner."""
    if session.get_bind().dialect.name == "sqlite":
        return caseload_sqlite(session.connection().exec_driver_sql, today,
                               include_closed=include_closed,
                               lead_practitioner_id=lead_practitioner_id)
    return caseload_core(session, today, include_closed=include_closed,
                         lead_practitioner_id=lead_practitioner_id)


def caseload_core(session: Session, today: date, *, include_closed: bool = False,
                  lead_practitioner_id: uuid.UUID | None = None) -> list[CaseloadRow]:
    """`caseload` through SQLAlchemy Core, on any database (a hub on PostgreSQL)."""
    from sqlalchemy import select

    from tafapp.models import Agency, Family, Practitioner

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


# SQLite: the same questions as `caseload_core`, as SQL text. SQLAlchemy stores a UUID as 32
# hex digits and a date as ISO text there, so ISO dates compare (and order) as text.
_SQL_OVERDUE = (
    "SELECT family_id, count(*) FROM action WHERE deleted_hlc IS NULL "
    "AND status IN (?, ?) AND due_on < ? GROUP BY family_id")
_SQL_FAMILIES = (
    "SELECT f.id, f.reference, f.household_name, f.postcode, f.level_of_need, f.status, "
    "a.name, a.sector, p.name, f.lead_practitioner_id, f.opened_on, f.conflicted, "
    # The next review, as `next_reviews`: set at the latest meeting that set one. Looked up
    # per listed family in the covering index ix_caseload_next_review, so a caseload of open
    # families does not read the index entries of closed ones.
    "(SELECT m.next_review_on FROM meeting AS m WHERE m.family_id = f.id "
    "AND m.deleted_hlc IS NULL AND m.next_review_on IS NOT NULL "
    "ORDER BY m.held_on DESC, m.created_hlc DESC LIMIT 1) "
    "FROM family AS f LEFT OUTER JOIN agency AS a ON a.id = f.lead_agency_id "
    "LEFT OUTER JOIN practitioner AS p ON p.id = f.lead_practitioner_id "
    "WHERE f.deleted_hlc IS NULL{extra} ORDER BY f.reference")
_STATUS = {m.value: m for m in FamilyStatus}


def caseload_sqlite(execute: Execute, today: date, *, include_closed: bool = False,
                    lead_practitioner_id: uuid.UUID | None = None) -> list[CaseloadRow]:
    """`caseload` on SQLite through a DB-API `execute` (a connection's, or a session's
    `exec_driver_sql`): plain tuples, no ORM entities, no per-row type processing."""
    day = today.isoformat()
    extra, params = "", []
    if not include_closed:
        extra, params = " AND f.status = ?", [FamilyStatus.OPEN.value]
    if lead_practitioner_id is not None:
        extra += " AND f.lead_practitioner_id = ?"
        params.append(lead_practitioner_id.hex)
    statuses = tuple(s.value for s in OPEN_STATUSES)
    overdue = {fid: n for fid, n in execute(_SQL_OVERDUE, (*statuses, day))}
    ids: dict[str, uuid.UUID] = {}
    rows = []
    for (fid, ref, name, pc, level, status, agency, sector, lead, lead_id, opened,
         conflicted, nxt) in execute(_SQL_FAMILIES.format(extra=extra), tuple(params)):
        state = _STATUS[status]
        if lead_id is not None and lead_id not in ids:
            ids[lead_id] = uuid.UUID(hex=lead_id)
        rows.append(CaseloadRow(
            id=uuid.UUID(hex=fid), reference=ref, household_name=name, postcode=pc,
            level_of_need=level, status=state, lead_agency=agency or "",
            lead_sector=sector or "", lead_practitioner=lead or "",
            lead_practitioner_id=ids.get(lead_id) if lead_id is not None else None,
            opened_on=date.fromisoformat(opened) if opened else None,
            next_review_on=date.fromisoformat(nxt) if nxt else None,
            review_overdue=state == FamilyStatus.OPEN and nxt is not None and nxt < day,
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
    from sqlalchemy import func, select

    from tafapp.models import Action, Agency, Family

    q = (select(Action.owner_agency_id, Agency.name, Agency.sector, func.count())
         .outerjoin(Agency, Agency.id == Action.owner_agency_id)
         .join(Family, Family.id == Action.family_id)
         .where(Family.deleted_hlc.is_(None), *overdue_where(today))
         .group_by(Action.owner_agency_id, Agency.name, Agency.sector)
         .order_by(func.count().desc()))
    return [OverdueByAgency(aid, name or "(no agency)", sector or "", n)
            for aid, name, sector, n in session.execute(q)]


def overdue_reviews(session: Session, today: date) -> list[CaseloadRow]:
    return [r for r in caseload(session, today) if r.review_overdue]

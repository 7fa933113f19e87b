"""Read models and small edits the desktop screens need: a family's record and a meeting as
frozen rows (ids kept, names resolved), and the inverse edits that undo relies on.

No Qt. Rows are immutable so item models can hold them without a session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select, true
from sqlalchemy.orm import Session, defer

from tafapp.core import reference
from tafapp.core.errors import NotFound
from tafapp.models import (
    Action,
    ActionStatus,
    Agency,
    Attendance,
    Consent,
    Family,
    MeetingAddendum,
    Need,
    Person,
    Practitioner,
    Referral,
    StepChange,
    TeamMember,
)
from tafapp.services import meetings as meeting_service
from tafapp.services import validation as v


@dataclass(frozen=True)
class AgencyRow:
    id: uuid.UUID
    name: str
    sector: str


@dataclass(frozen=True)
class PractitionerRow:
    id: uuid.UUID
    name: str
    role: str
    agency_id: uuid.UUID | None
    agency: str


@dataclass(frozen=True)
class Directory:
    agencies: tuple[AgencyRow, ...]
    practitioners: tuple[PractitionerRow, ...]

    def agency_name(self, agency_id: uuid.UUID | None) -> str:
        return self._names().get(agency_id, "")  # type: ignore[arg-type]

    def practitioner_name(self, pid: uuid.UUID | None) -> str:
        return self._names().get(pid, "")  # type: ignore[arg-type]

    def _names(self) -> dict[uuid.UUID, str]:
        cached = self.__dict__.get("_name_cache")
        if cached is None:
            cached = {a.id: a.name for a in self.agencies}
            cached.update({p.id: p.name for p in self.practitioners})
            object.__setattr__(self, "_name_cache", cached)  # frozen: a private memo only
        return cached


@dataclass(frozen=True)
class FamilyHeader:
    id: uuid.UUID
    reference: str
    household_name: str
    address: str
    postcode: str
    language: str
    interpreter_needed: bool
    level_of_need: int
    status: str
    lead_practitioner_id: uuid.UUID | None
    lead_practitioner: str
    lead_agency: str
    request_on: date | None
    opened_on: date | None
    closed_on: date | None
    closure_reason: str | None
    closure_note: str


@dataclass(frozen=True)
class PersonRow:
    id: uuid.UUID
    first_name: str
    last_name: str
    date_of_birth: date | None
    role: str
    in_household: bool
    send: str
    school_or_setting: str
    communication_needs: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ConsentRow:
    id: uuid.UUID
    given_by_person_id: uuid.UUID | None
    given_by: str
    given_on: date
    scope_agency_ids: tuple[str, ...]
    scope_agencies: str
    scope_purposes: str
    privacy_notice_version: str
    withdrawn_on: date | None


@dataclass(frozen=True)
class TeamRow:
    id: uuid.UUID
    agency_id: uuid.UUID
    agency: str
    practitioner_id: uuid.UUID | None
    practitioner: str
    role_in_taf: str
    joined_on: date | None
    left_on: date | None
    is_lead: bool


@dataclass(frozen=True)
class NeedRow:
    id: uuid.UUID
    person_id: uuid.UUID | None
    person: str
    outcome_code: str | None
    outcome: str
    worried_about: str
    working_well: str
    needs_to_happen: str
    family_words: str
    status: str


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    need_id: uuid.UUID | None
    kind: str
    description: str
    owner_agency_id: uuid.UUID | None
    owner_agency: str
    owner_practitioner_id: uuid.UUID | None
    owner_person_id: uuid.UUID | None
    owner_name: str
    owner: str
    due_on: date | None
    status: str
    evidence: str
    overdue: bool
    created_hlc: str


@dataclass(frozen=True)
class ReferralRow:
    id: uuid.UUID
    from_agency: str
    to_service: str
    reason: str
    made_on: date
    outcome: str
    outcome_on: date | None


@dataclass(frozen=True)
class MeetingRow:
    id: uuid.UUID
    kind: str
    held_on: date
    status: str
    decision: str
    next_review_on: date | None


@dataclass(frozen=True)
class StepRow:
    id: uuid.UUID
    direction: str
    on: date
    reason: str
    consent_given: bool


@dataclass(frozen=True)
class FamilyView:
    header: FamilyHeader
    people: tuple[PersonRow, ...]
    consents: tuple[ConsentRow, ...]
    team: tuple[TeamRow, ...]
    needs: tuple[NeedRow, ...]
    actions: tuple[ActionRow, ...]
    referrals: tuple[ReferralRow, ...]
    meetings: tuple[MeetingRow, ...]
    steps: tuple[StepRow, ...]
    directory: Directory


@cache
def _live_query(model: Any, column: str) -> Select[Any]:
    # Built once per table and column: building and keying a statement costs SQLAlchemy
    # more than SQLite takes to run it, and opening a family or a meeting runs about ten.
    # The sync bookkeeping (a JSON map per row) is never shown; not loading it halves the
    # time to open a family.
    return (select(model)
            .where(model.deleted_hlc.is_(None), getattr(model, column) == bindparam("key"))
            .options(defer(model.versions), defer(model.updated_by), defer(model.updated_hlc))
            .order_by(model.created_hlc))


def live_rows(session: Session, model: Any, column: str, key: Any) -> list[Any]:
    """The live rows of `model` whose `column` equals `key`, oldest first, without their sync
    bookkeeping (do not edit them: these are for reading)."""
    return list(session.scalars(_live_query(model, column), {"key": key}))


def live_row(session: Session, model: Any, ident: uuid.UUID) -> Any:
    """As `validation.get_live`, for a row only read (its sync bookkeeping not loaded)."""
    if not isinstance(ident, uuid.UUID):
        return v.get_live(session, model, ident)
    rows = live_rows(session, model, "id", ident)
    if not rows:
        raise NotFound(model.__tablename__, ident)
    return rows[0]


def directory(session: Session) -> Directory:
    """Every live agency and practitioner, as plain rows (column queries: a borough's
    directory has hundreds of practitioners and this runs on every family opened)."""
    agencies = session.execute(select(Agency.id, Agency.name, Agency.sector)
                               .where(Agency.deleted_hlc.is_(None))).all()
    names = {a.id: a.name for a in agencies}
    people = session.execute(select(Practitioner.id, Practitioner.name, Practitioner.role,
                                    Practitioner.agency_id)
                             .where(Practitioner.deleted_hlc.is_(None))).all()
    return Directory(
        tuple(sorted((AgencyRow(a.id, a.name, a.sector) for a in agencies),
                     key=lambda a: a.name.lower())),
        tuple(sorted((PractitionerRow(p.id, p.name, p.role, p.agency_id,
                                      names.get(p.agency_id, "")) for p in people),
                     key=lambda p: p.name.lower())))


def action_rows(session: Session, actions: list[Action], d: Directory,
                people: dict[uuid.UUID, str], today: date) -> tuple[ActionRow, ...]:
    def owner(a: Action) -> str:
        return (d.practitioner_name(a.owner_practitioner_id) or people.get(a.owner_person_id, "")
                or a.owner_name)

    return tuple(ActionRow(
        a.id, a.need_id, a.kind.value, a.description, a.owner_agency_id,
        d.agency_name(a.owner_agency_id), a.owner_practitioner_id, a.owner_person_id,
        a.owner_name, owner(a), a.due_on, a.status.value, a.evidence, a.is_overdue(today),
        a.created_hlc) for a in actions)


def _stamp_query() -> Select[Any]:
    a = select(func.count().label("n"), func.max(Agency.updated_hlc).label("hlc")).subquery()
    p = select(func.count().label("n"),
               func.max(Practitioner.updated_hlc).label("hlc")).subquery()
    # Two one-row tables joined on nothing: one row, one statement.
    return select(a.c.n, a.c.hlc, p.c.n, p.c.hlc).select_from(a.join(p, true()))


_STAMP = _stamp_query()


def directory_stamp(session: Session) -> tuple[Any, ...]:
    """Changes whenever an agency or practitioner is added, edited or removed, so a caller
    may keep a `Directory` and reuse it while the stamp is unchanged."""
    return tuple(session.execute(_STAMP).one())


def family_view(session: Session, family_id: uuid.UUID, today: date | None = None,
                known: Directory | None = None, plan_only: bool = False) -> FamilyView:
    """The whole family record as rows for the family page. `known`: a directory the caller
    has checked is current (see `directory_stamp`), to skip reloading it. `plan_only`: just
    the people, needs and actions (consent, team, referrals, meetings and steps left empty)."""

    def rows(model: Any) -> list[Any]:
        return [] if plan_only else live_rows(session, model, "family_id", f.id)

    today = today or date.today()
    f: Family = live_row(session, Family, family_id)
    d = known or directory(session)
    people = live_rows(session, Person, "family_id", f.id)
    names = {p.id: p.full_name for p in people}
    outcomes = reference.outcomes()
    header = FamilyHeader(
        f.id, f.reference, f.household_name, f.address, f.postcode, f.language,
        f.interpreter_needed, f.level_of_need, f.status.value, f.lead_practitioner_id,
        d.practitioner_name(f.lead_practitioner_id), d.agency_name(f.lead_agency_id),
        f.request_on, f.opened_on, f.closed_on, f.closure_reason, f.closure_note)
    return FamilyView(
        header,
        tuple(PersonRow(p.id, p.first_name, p.last_name, p.date_of_birth, p.role.value,
                        p.in_household, p.send.value, p.school_or_setting, p.communication_needs)
              for p in people),
        tuple(ConsentRow(c.id, c.given_by_person_id, names.get(c.given_by_person_id, ""),
                         c.given_on, tuple(str(a) for a in c.scope_agency_ids),
                         ", ".join(d.agency_name(uuid.UUID(str(a))) or str(a)
                                   for a in c.scope_agency_ids),
                         c.scope_purposes, c.privacy_notice_version, c.withdrawn_on)
              for c in rows(Consent)),
        tuple(TeamRow(t.id, t.agency_id, d.agency_name(t.agency_id), t.practitioner_id,
                      d.practitioner_name(t.practitioner_id), t.role_in_taf, t.joined_on,
                      t.left_on, t.practitioner_id is not None
                      and t.practitioner_id == f.lead_practitioner_id)
              for t in rows(TeamMember)),
        tuple(NeedRow(n.id, n.person_id, names.get(n.person_id, ""), n.outcome_code,
                      outcomes.get(n.outcome_code or "", ""), n.worried_about, n.working_well,
                      n.needs_to_happen, n.family_words, n.status.value)
              for n in live_rows(session, Need, "family_id", f.id)),
        action_rows(session, live_rows(session, Action, "family_id", f.id), d, names, today),
        tuple(ReferralRow(r.id, d.agency_name(r.from_agency_id), r.to_service, r.reason,
                          r.made_on, r.outcome, r.outcome_on)
              for r in rows(Referral)),
        tuple(MeetingRow(m.id, m.kind.value, m.held_on, m.status.value,
                         m.decision.value if m.decision else "", m.next_review_on)
              for m in ([] if plan_only else meeting_service.meetings(session, f.id))),
        tuple(StepRow(s.id, s.direction.value, s.on, s.reason, s.consent_given)
              for s in rows(StepChange)),
        d,
    )


def findings(view: FamilyView) -> list[Any]:
    """The plan checker run over the rows already loaded (no second query)."""
    from tafapp.models import ActionKind, NeedStatus
    from tafapp.services import plan_checker as pc

    needs = [pc.PlanNeed(n.id, n.outcome_code, (n.worried_about, n.working_well,
                                                 n.needs_to_happen, n.family_words),
                         NeedStatus(n.status)) for n in view.needs]
    actions = [pc.PlanAction(a.id, ActionKind(a.kind), a.description, ActionStatus(a.status),
                             bool(a.owner_practitioner_id or a.owner_person_id or a.owner_name),
                             a.owner_person_id is not None, a.owner_agency_id is not None,
                             a.due_on) for a in view.actions]
    return pc.check(needs, actions)


def addenda(session: Session, meeting_id: uuid.UUID) -> list[MeetingAddendum]:
    return live_rows(session, MeetingAddendum, "meeting_id", meeting_id)


def attendance(session: Session, meeting_id: uuid.UUID) -> list[Attendance]:
    return live_rows(session, Attendance, "meeting_id", meeting_id)


def next_steps(view: FamilyView) -> list[str]:
    """What a new family's record still lacks before a plan can start, in the order a lead
    professional does it: `people`, `consent` (none given and not withdrawn), `team` (no
    agency in the team yet). Empty once all three are there."""
    steps = []
    if not view.people:
        steps.append("people")
    if not any(c.withdrawn_on is None for c in view.consents):
        steps.append("consent")
    if not any(t.left_on is None for t in view.team):
        steps.append("team")
    return steps

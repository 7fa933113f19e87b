"""Names and visibility for one family's document: who and what an audience may see."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.reference import outcomes
from tafapp.exports import wording as w
from tafapp.exports.content import ActionLine, Audience
from tafapp.models import Action, ActionKind, Agency, Family, Meeting, Need, Person, Practitioner


def live(session: Session, model: type[Any], *where: Any) -> list[Any]:
    """Rows not tombstoned, in the order they were written."""
    return list(session.scalars(select(model).where(*where, model.deleted_hlc.is_(None))
                                .order_by(model.created_hlc)))


class Lookup:
    """Names of a family's people, agencies and practitioners, loaded once per document."""

    def __init__(self, session: Session, family: Family, audience: Audience) -> None:
        self.session = session
        self.family = family
        self._agencies: dict[uuid.UUID, Agency | None] = {}
        self._practitioners: dict[uuid.UUID, Practitioner | None] = {}
        self.audience = audience
        self.people = {p.id: p for p in live(session, Person, Person.family_id == family.id)}
        self.withheld = {pid for pid, p in self.people.items() if not p.share_with_family}
        self.needs = {n.id: n for n in live(session, Need, Need.family_id == family.id)}
        self.meetings: list[Meeting] = live(session, Meeting, Meeting.family_id == family.id)

    def preload(self, agencies: Iterable[uuid.UUID | None],
                practitioners: Iterable[uuid.UUID | None]) -> None:
        """Fetch the named agencies and practitioners in one query each, not one per name."""
        for model, cache, ids in ((Agency, self._agencies, agencies),
                                  (Practitioner, self._practitioners, practitioners)):
            wanted = {i for i in ids if i is not None and i not in cache}
            if not wanted:
                continue
            rows = {r.id: r for r in self.session.scalars(
                select(model).where(model.id.in_(wanted)))}
            cache.update({i: rows.get(i) for i in wanted})

    @property
    def for_family(self) -> bool:
        return self.audience == Audience.FAMILY

    def agency(self, aid: uuid.UUID | None) -> str:
        # By primary key, kept here (the session's identity map holds rows only weakly): a
        # hub's directory can hold thousands of agencies, a document names a handful.
        if aid is None:
            return ""
        if aid not in self._agencies:
            self._agencies[aid] = self.session.get(Agency, aid)
        row = self._agencies[aid]
        return row.name if row is not None else ""

    def practitioner(self, pid: uuid.UUID | None) -> Practitioner | None:
        if pid is not None and pid not in self._practitioners:
            self._practitioners[pid] = self.session.get(Practitioner, pid)
        return self._practitioners.get(pid) if pid is not None else None

    def hidden_person(self, pid: uuid.UUID | None) -> bool:
        return self.for_family and pid in self.withheld

    def shows_need(self, need: Need | None) -> bool:
        return need is None or not self.hidden_person(need.person_id)

    def shows_action(self, a: Action) -> bool:
        if self.for_family and a.kind == ActionKind.PROFESSIONAL:
            return False
        if self.hidden_person(a.owner_person_id):
            return False
        return self.shows_need(self.needs.get(a.need_id) if a.need_id else None)

    def owner(self, a: Action) -> str:
        practitioner = self.practitioner(a.owner_practitioner_id)
        if practitioner is not None:
            return practitioner.name
        if a.owner_person_id in self.people:
            return self.people[a.owner_person_id].full_name
        return a.owner_name or self.agency(a.owner_agency_id)

    def group(self, a: Action) -> str:
        if self.agency(a.owner_agency_id):
            return self.agency(a.owner_agency_id)
        if a.owner_person_id is not None:
            return w.FAMILY_GROUP
        return w.NO_AGENCY

    def need_label(self, need_id: uuid.UUID | None) -> str:
        need = self.needs.get(need_id) if need_id else None
        if need is None:
            return ""
        label = outcomes().get(need.outcome_code or "", "")
        person = self.people.get(need.person_id) if need.person_id else None
        return f"{label} ({person.first_name})" if person and label else label

    def action_line(self, a: Action, status: Any, on: date, note: str = "") -> ActionLine:
        open_ = status.is_open
        return ActionLine(
            description=a.description, kind=a.kind.value, agency=self.group(a),
            owner=self.owner(a), due_on=a.due_on, status=w.ACTION_STATUS[status.value],
            overdue=open_ and a.due_on is not None and a.due_on < on, note=note,
            need=self.need_label(a.need_id))


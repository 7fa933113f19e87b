"""The family plan: needs (the three columns, an outcome code) and the actions that meet them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import (
    Action,
    ActionKind,
    ActionStatus,
    Agency,
    Family,
    FamilyStatus,
    Need,
    NeedStatus,
    Person,
    Practitioner,
)
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage.capture import tombstone


def _open_family(session: Session, family_id: uuid.UUID) -> Family:
    family = v.get_live(session, Family, family_id, "family_id")
    if family.status != FamilyStatus.OPEN:
        raise InputRejected("family_id", "this family's plan is closed; reopen it to change it")
    return family


def _need_rules(session: Session, family_id: uuid.UUID) -> dict[str, Any]:
    def person(x: Any) -> uuid.UUID | None:
        pid = v.optional_ref(session, Person, x, "person_id")
        if pid is not None and session.get(Person, pid).family_id != family_id:  # type: ignore[union-attr]
            raise InputRejected("person_id", "that person is not in this family")
        return pid

    return {
        "outcome_code": v.outcome,
        "worried_about": lambda x: v.text("worried_about", x),
        "working_well": lambda x: v.text("working_well", x),
        "needs_to_happen": lambda x: v.text("needs_to_happen", x),
        "family_words": lambda x: v.text("family_words", x),
        "person_id": person,
    }


def _check_need(need: Need) -> None:
    if not (need.worried_about or need.needs_to_happen):
        raise InputRejected("worried_about",
                            "say what we are worried about or what needs to happen")


def add_need(session: Session, family_id: uuid.UUID, **fields: Any) -> Need:
    family = _open_family(session, family_id)
    need = Need(family_id=family.id)
    apply_changes(need, fields, _need_rules(session, family.id))
    _check_need(need)
    session.add(need)
    session.flush()
    return need


def update_need(session: Session, need_id: uuid.UUID, **changes: Any) -> Need:
    need = v.get_live(session, Need, need_id)
    apply_changes(need, changes, _need_rules(session, need.family_id))
    _check_need(need)
    session.flush()
    return need


def set_need_status(session: Session, need_id: uuid.UUID, status: str,
                    on: date | str | None = None) -> Need:
    need = v.get_live(session, Need, need_id)
    need.status = v.enum_value("status", NeedStatus, status)
    need.met_on = v.require_date("met_on", on) if need.status == NeedStatus.MET else None
    session.flush()
    return need


def remove_need(session: Session, need_id: uuid.UUID) -> None:
    tombstone(session, v.get_live(session, Need, need_id))
    session.flush()


def _action_rules(session: Session, family_id: uuid.UUID) -> dict[str, Any]:
    def need(x: Any) -> uuid.UUID | None:
        nid = v.optional_ref(session, Need, x, "need_id")
        if nid is not None and session.get(Need, nid).family_id != family_id:  # type: ignore[union-attr]
            raise InputRejected("need_id", "that need belongs to another family")
        return nid

    return {
        "description": lambda x: v.text("description", x, required=True),
        "kind": lambda x: v.enum_value("kind", ActionKind, x),
        "need_id": need,
        "owner_agency_id": lambda x: v.optional_ref(session, Agency, x, "owner_agency_id"),
        "owner_practitioner_id": lambda x: v.optional_ref(session, Practitioner, x,
                                                          "owner_practitioner_id"),
        "owner_person_id": lambda x: v.optional_ref(session, Person, x, "owner_person_id"),
        "owner_name": lambda x: v.text("owner_name", x, max_len=200),
        "due_on": lambda x: v.parse_date("due_on", x),
        "evidence": lambda x: v.text("evidence", x),
        "status": lambda x: v.enum_value("status", ActionStatus, x),
        "completed_on": lambda x: v.parse_date("completed_on", x),
    }


def _settle_owner(session: Session, action: Action) -> None:
    """Every action needs a named owner; a practitioner's agency is filled in for them."""
    if action.owner_practitioner_id and action.owner_agency_id is None:
        action.owner_agency_id = session.get(Practitioner, action.owner_practitioner_id).agency_id  # type: ignore[union-attr]
    if not (action.owner_agency_id or action.owner_practitioner_id or action.owner_person_id
            or action.owner_name):
        raise InputRejected("owner", "say who will do this: a practitioner, an agency or a "
                                     "family member")


def add_action(session: Session, family_id: uuid.UUID, description: str, **fields: Any) -> Action:
    family = _open_family(session, family_id)
    action = Action(family_id=family.id, description="")
    apply_changes(action, {"description": description, **fields},
                  _action_rules(session, family.id))
    _settle_owner(session, action)
    session.add(action)
    session.flush()
    return action


def update_action(session: Session, action_id: uuid.UUID, **changes: Any) -> Action:
    action = v.get_live(session, Action, action_id)
    apply_changes(action, changes, _action_rules(session, action.family_id))
    _settle_owner(session, action)
    session.flush()
    return action


def set_action_status(session: Session, action_id: uuid.UUID, status: str | ActionStatus,
                      on: date | str | None = None) -> Action:
    action = v.get_live(session, Action, action_id)
    action.status = v.enum_value("status", ActionStatus, status)
    if action.status in (ActionStatus.ACHIEVED, ActionStatus.PARTLY, ActionStatus.NOT_ACHIEVED):
        action.completed_on = v.parse_date("completed_on", on) or date.today()
    elif action.status.is_open:
        action.completed_on = None
    session.flush()
    return action


def remove_action(session: Session, action_id: uuid.UUID) -> None:
    tombstone(session, v.get_live(session, Action, action_id))
    session.flush()


def needs(session: Session, family_id: uuid.UUID) -> list[Need]:
    return list(session.scalars(select(Need).where(Need.family_id == family_id,
                                                   Need.deleted_hlc.is_(None))
                                .order_by(Need.created_hlc)))


def actions(session: Session, family_id: uuid.UUID) -> list[Action]:
    return list(session.scalars(select(Action).where(Action.family_id == family_id,
                                                     Action.deleted_hlc.is_(None))
                                .order_by(Action.created_hlc)))

"""Small edits the screens' undo relies on: removing and restoring rows, putting an action's
review or a meeting's score back to a known state. No Qt."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import NotFound
from tafapp.models import (
    ActionReview,
    ActionStatus,
    Scaling,
    ScoredBy,
    syncable_tables,
)
from tafapp.services import meetings as meeting_service
from tafapp.services import plans
from tafapp.services import validation as v

_RESTORABLE = ("action", "need", "attendance", "person", "team_member", "referral",
               "action_review", "scaling", "consent")


def restore(session: Session, entity: str, row_id: uuid.UUID) -> None:
    """Undo a removal made in this session of work: clear the tombstone (it travels as an op,
    like any edit). Only for the entities the screens remove."""
    if entity not in _RESTORABLE:
        raise ValueError(f"{entity} rows are not restored here")
    row = session.get(syncable_tables()[entity], row_id)
    if row is None:
        raise NotFound(entity, row_id)
    row.deleted_hlc = None
    session.flush()


def remove(session: Session, entity: str, row_id: uuid.UUID) -> None:
    """Tombstone a row the screens added (the inverse of restore)."""
    from tafapp.storage.capture import tombstone

    if entity not in _RESTORABLE:
        raise ValueError(f"{entity} rows are not removed here")
    tombstone(session, v.get_live(session, syncable_tables()[entity], row_id))
    session.flush()


def set_review_state(session: Session, meeting_id: uuid.UUID, action_id: uuid.UUID,
                     reviewed: str | None, note: str, action_status: str) -> None:
    """Put an action's review at a meeting (and the action's status) back to a known state."""
    if reviewed is not None:
        meeting_service.review_action(session, meeting_id, action_id, reviewed, note)
    else:
        row = session.scalar(select(ActionReview).where(
            ActionReview.meeting_id == meeting_id, ActionReview.action_id == action_id,
            ActionReview.deleted_hlc.is_(None)))
        if row is not None:
            remove(session, "action_review", row.id)
    plans.set_action_status(session, action_id, ActionStatus(action_status))


def scaling_state(session: Session, meeting_id: uuid.UUID,
                  scored_by: str) -> tuple[int, str] | None:
    row = session.scalar(select(Scaling).where(
        Scaling.meeting_id == meeting_id, Scaling.scored_by == ScoredBy(scored_by),
        Scaling.need_id.is_(None), Scaling.deleted_hlc.is_(None)))
    return (row.score, row.note) if row else None


def set_scaling_state(session: Session, meeting_id: uuid.UUID, scored_by: str,
                      state: tuple[int, str] | None) -> None:
    if state is not None:
        meeting_service.record_scaling(session, meeting_id, scored_by, state[0], note=state[1])
        return
    row = session.scalar(select(Scaling).where(
        Scaling.meeting_id == meeting_id, Scaling.scored_by == ScoredBy(scored_by),
        Scaling.need_id.is_(None), Scaling.deleted_hlc.is_(None)))
    if row is not None:
        remove(session, "scaling", row.id)

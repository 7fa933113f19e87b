"""Covering indexes for the caseload (services/caseload): the app's first screen reads them
alone instead of decrypting every page of the wide meeting and action tables."""

from __future__ import annotations

from sqlalchemy import Index, and_, text

from tafapp.models.meeting import Meeting
from tafapp.models.plan import Action

_LIVE_REVIEW = and_(Meeting.deleted_hlc.is_(None), Meeting.next_review_on.is_not(None))
_LIVE_ACTION = text("deleted_hlc IS NULL")

CASELOAD_INDEXES = (
    Index("ix_caseload_next_review", Meeting.family_id, Meeting.held_on, Meeting.created_hlc,
          Meeting.next_review_on, sqlite_where=_LIVE_REVIEW, postgresql_where=_LIVE_REVIEW),
    Index("ix_caseload_overdue_action", Action.status, Action.due_on, Action.family_id,
          sqlite_where=_LIVE_ACTION, postgresql_where=_LIVE_ACTION),
)

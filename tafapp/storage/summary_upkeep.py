"""Keeps the report summary (storage/reports/summary.py) right in the transaction that
changes the record: every syncable row written through the ORM (edits, the hub's merge of a
packet, conflict resolutions) is noted at flush, and rows written in bulk by Core are noted
by their writer (`note_rows`); just before the commit, the summary rows of exactly those
families are recomputed. A rollback forgets the notes with everything else.

A writer of many whole families at once (the demo generator) uses `rebuilt_after` instead:
nothing is noted row by row, and the whole summary is rebuilt once, set-based, at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from tafapp.models import Meeting, Syncable
from tafapp.storage.session_events import attach_once

PENDING_KEY = "report_summary_pending"
REBUILD_KEY = "report_summary_rebuild_after"


@dataclass
class Pending:
    objects: list[Any] = field(default_factory=list)  # ORM rows; ids read after the flush
    families: set[uuid.UUID] = field(default_factory=set)
    meetings: set[uuid.UUID] = field(default_factory=set)

    def add(self, entity: str, row_id: Any, family_id: Any, meeting_id: Any) -> None:
        if entity == "family" and row_id is not None:
            self.families.add(row_id)
        elif family_id is not None:
            self.families.add(family_id)
        elif meeting_id is not None:
            self.meetings.add(meeting_id)

    def family_ids(self, session: Session) -> set[uuid.UUID]:
        out = set(self.families)
        meetings = set(self.meetings)
        for obj in self.objects:
            entity = type(obj).__tablename__
            if entity == "family":
                out.add(obj.id)
            elif getattr(obj, "family_id", None) is not None:
                out.add(obj.family_id)
            elif getattr(obj, "meeting_id", None) is not None:
                meetings.add(obj.meeting_id)
        parts = sorted(meetings)
        for i in range(0, len(parts), 500):
            out.update(session.scalars(select(Meeting.family_id).where(
                Meeting.id.in_(parts[i:i + 500]))))
        out.discard(None)  # type: ignore[arg-type]
        return out


def _pending(session: Session) -> Pending:
    pending = session.info.get(PENDING_KEY)
    if pending is None:
        pending = session.info[PENDING_KEY] = Pending()
    return pending


@contextmanager
def rebuilt_after(session: Session) -> Iterator[None]:
    """Write freely inside; on leaving, the whole summary is rebuilt from the raw tables in
    the same transaction (cheaper than recomputing thousands of families one chunk at a time,
    and right whatever was written, before or inside). On an error nothing is rebuilt: the
    caller rolls the transaction back. Bulk work: a larger page cache throughout
    (`bulk.larger_cache`)."""
    from tafapp.storage.bulk import larger_cache
    from tafapp.storage.reports.summary import rebuild

    with larger_cache(session):
        session.info[REBUILD_KEY] = True
        try:
            yield
            session.flush()
        finally:
            session.info.pop(REBUILD_KEY, None)
        session.info.pop(PENDING_KEY, None)
        rebuild(session)


def note_rows(session: Session, entity: str, rows: Iterable[dict[str, Any]]) -> None:
    """Rows of `entity` written by a bulk statement (no ORM objects to see at flush)."""
    if session.info.get(REBUILD_KEY):
        return
    pending = _pending(session)
    for row in rows:
        pending.add(entity, row.get("id"), row.get("family_id"), row.get("meeting_id"))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(REBUILD_KEY):
        return
    changed = [o for o in (*session.new, *session.dirty) if isinstance(o, Syncable)]
    if not changed:
        return
    pending = _pending(session)
    for obj in changed:
        pending.objects.append(obj)
        state = inspect(obj)
        for key in ("family_id", "meeting_id"):  # the family a row moved away from
            if key in state.attrs:
                for old in state.attrs[key].history.deleted:
                    pending.add(type(obj).__tablename__, None, *(
                        (old, None) if key == "family_id" else (None, old)))


def _before_commit(session: Session) -> None:
    if session.new or session.dirty:
        session.flush()  # the commit's own flush comes after this hook
    pending: Pending | None = session.info.pop(PENDING_KEY, None)
    if pending is None:
        return
    ids = pending.family_ids(session)
    if ids:
        from tafapp.storage.reports.summary import refresh

        refresh(session, ids)


def _forget(session: Session, previous: Any) -> None:
    """Only when the whole transaction rolls back: after a savepoint's, the outer work still
    commits (recomputing a family that did not change after all costs nothing wrong)."""
    if getattr(previous, "parent", None) is None:
        session.info.pop(PENDING_KEY, None)


def install(session_factory: Any) -> None:
    """Attach upkeep to a sessionmaker. Idempotent."""
    attach_once(session_factory, "report summary upkeep",
                (("before_flush", _before_flush), ("before_commit", _before_commit),
                 ("after_soft_rollback", _forget)))

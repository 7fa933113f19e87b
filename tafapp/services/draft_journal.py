"""The journal of a meeting being typed: what is on screen but not yet saved to the meeting,
and the agenda step it is on, written within a second of each keystroke while typing goes on.

It lives in the encrypted store (one `sync_state` row per meeting, a local table that never
travels to the hub), so a laptop killed mid-sentence loses at most the last second and nothing
typed ever sits in a plaintext file. A field leaves the journal in the same transaction that
saves it to the meeting; the row goes when the meeting is finalised or put aside.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Meeting, MeetingStatus, SyncState

PREFIX = "draft_journal:"


@dataclass(frozen=True)
class Journal:
    meeting_id: uuid.UUID
    step: int
    fields: dict[str, Any] = field(default_factory=dict)
    written_at: str = ""


def _key(meeting_id: uuid.UUID) -> str:
    return f"{PREFIX}{meeting_id.hex}"


def _decode(row: SyncState) -> Journal | None:
    try:
        data = json.loads(row.value)
        mid = uuid.UUID(hex=row.key[len(PREFIX):])
        return Journal(mid, int(data.get("step", 0)), dict(data.get("fields", {})),
                       str(data.get("at", "")))
    except (ValueError, TypeError, AttributeError):
        return None  # a damaged entry is ignored, never a reason not to start


def read(session: Session, meeting_id: uuid.UUID) -> Journal | None:
    row = session.get(SyncState, _key(meeting_id))
    return _decode(row) if row is not None else None


def write(session: Session, meeting_id: uuid.UUID, step: int | None = None,
          fields: dict[str, Any] | None = None) -> None:
    """Note the step on screen and the latest unsaved value of each field given."""
    old = read(session, meeting_id)
    values = dict(old.fields) if old else {}
    values.update(fields or {})
    data = {"step": old.step if step is None and old else (step or 0), "fields": values,
            "at": datetime.now(UTC).isoformat(timespec="milliseconds")}
    session.merge(SyncState(key=_key(meeting_id), value=json.dumps(data)))


def saved(session: Session, meeting_id: uuid.UUID, keys: list[str]) -> None:
    """These fields are now saved to the meeting: they leave the journal (the step stays)."""
    old = read(session, meeting_id)
    if old is None or not any(k in old.fields for k in keys):
        return
    rest = {k: v for k, v in old.fields.items() if k not in keys}
    session.merge(SyncState(key=_key(meeting_id), value=json.dumps(
        {"step": old.step, "fields": rest, "at": old.written_at})))


def forget(session: Session, meeting_id: uuid.UUID) -> None:
    """The meeting was finalised, discarded or put aside on purpose."""
    row = session.get(SyncState, _key(meeting_id))
    if row is not None:
        session.delete(row)


def unfinished(session: Session) -> Journal | None:
    """The most recently written journal of a meeting still in draft: the meeting to reopen
    when the app starts. Journals of meetings finalised or deleted meanwhile are dropped."""
    found: list[Journal] = []
    for row in session.scalars(select(SyncState).where(SyncState.key.startswith(PREFIX))):
        journal = _decode(row)
        meeting = session.get(Meeting, journal.meeting_id) if journal else None
        if journal is None or meeting is None or meeting.deleted_hlc is not None \
                or meeting.status != MeetingStatus.DRAFT:
            session.delete(row)
            continue
        found.append(journal)
    return max(found, key=lambda j: j.written_at, default=None)

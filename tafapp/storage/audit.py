"""The audit trail: append-only and hash-chained, so an edited or removed event is detectable."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import AuditEvent
from tafapp.storage.capture import CAPTURE_KEY


def _digest(prev: str, at: datetime, who: str, entity: str, row_id: str, what: str,
            detail: dict[str, Any]) -> str:
    body = json.dumps([prev, at.isoformat(), who, entity, row_id, what, detail],
                      sort_keys=True, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(session: Session, entity: str, row_id: object, what: str, *, who: str = "",
           detail: dict[str, Any] | None = None) -> AuditEvent:
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)) or ""
    at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    ctx = session.info.get(CAPTURE_KEY)
    device = getattr(ctx, "device_id", "")
    detail = detail or {}
    event = AuditEvent(at=at, who=who, device_id=device, entity=entity, row_id=str(row_id),
                       what=what, detail=detail, prev_hash=prev,
                       hash=_digest(prev, at, who, entity, str(row_id), what, detail))
    session.add(event)
    session.flush()
    return event


def verify_chain(session: Session) -> int | None:
    """The seq of the first event whose hash does not hold, or None if the chain is whole."""
    prev = ""
    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        expected = _digest(prev, e.at, e.who, e.entity, e.row_id, e.what, e.detail)
        if e.prev_hash != prev or e.hash != expected:
            return e.seq
        prev = e.hash
    return None

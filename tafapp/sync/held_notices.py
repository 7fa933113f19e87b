"""On a practitioner's device: what the hub's receipts said about this device's held changes.

A change the coordinator refused leaves the outbox (it would otherwise travel in every packet
for ever); the practitioner sees it listed as refused, with the hub's reason, until they clear
it. A change still held stays in the outbox and is listed as waiting; an accepted one is
acknowledged like any other and listed as accepted. The same `held_op` table as the hub's
keeps them (on a device it only ever holds this device's own ops).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tafapp.models import HeldOp, OutboxOp
from tafapp.storage import capture
from tafapp.storage.clock import HLC_PATTERN

STATUSES = frozenset({"held", "accepted", "refused"})
MAX_ENTRIES = 100_000
_TEXT_LIMITS = {"reason": 20, "message": 2000, "entity": 40, "field": 60}


@dataclass(frozen=True)
class Notice:
    """One of this device's changes the hub held, as the sync page lists it."""

    op_id: str
    status: str
    reason: str
    message: str
    entity: str
    field: str
    value: Any


def _entry(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError("an entry is not a record")
    out: dict[str, Any] = {}
    for key, limit in _TEXT_LIMITS.items():
        value = raw.get(key)
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(f"an entry has no valid {key}")
        out[key] = value
    if raw.get("status") not in STATUSES:
        raise ValueError("an entry has an unknown status")
    hlc = raw.get("hlc")
    if not isinstance(hlc, str) or HLC_PATTERN.fullmatch(hlc) is None:
        raise ValueError("an entry has no valid clock value")
    out.update(status=raw["status"], hlc=hlc, op_id=uuid.UUID(str(raw.get("op_id"))),
               row_id=uuid.UUID(str(raw.get("row_id"))))
    return out


def apply(session: Session, entries: Any) -> int:
    """Record the hub's word on each held op; a refused op leaves the outbox. Raises
    ValueError (nothing written) on a malformed list."""
    from tafapp.sync.apply import now

    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise ValueError("the list is missing or too long")
    checked = [_entry(e) for e in entries]
    ctx = session.info.get(capture.CAPTURE_KEY)
    device = ctx.device_id if ctx is not None else ""
    at = now()
    for e in checked:
        row = session.scalar(select(HeldOp).where(HeldOp.op_id == e["op_id"]))
        if row is None:
            pending = session.scalar(select(OutboxOp).where(OutboxOp.op_id == e["op_id"]))
            row = HeldOp(op_id=e["op_id"], device_id=device, entity=e["entity"],
                         row_id=e["row_id"], field=e["field"], hlc=e["hlc"], held_at=at,
                         value_json=json.dumps(pending.value if pending else None),
                         base_hlc=pending.base_hlc if pending else None, decided_by="")
            session.add(row)
        if row.status != e["status"]:
            row.decided_at = at if e["status"] != "held" else None
        row.status, row.reason, row.message = e["status"], e["reason"], e["message"]
        if e["status"] == "refused":
            session.execute(delete(OutboxOp).where(OutboxOp.op_id == e["op_id"]))
    session.flush()
    return len(checked)


def notices(session: Session) -> list[Notice]:
    """This device's held changes the hub told it about: still held first, then decided."""
    rows = session.scalars(select(HeldOp).order_by(HeldOp.status != "held", HeldOp.hlc))
    return [Notice(str(h.op_id), h.status, h.reason, h.message, h.entity, h.field,
                   json.loads(h.value_json)) for h in rows]


def clear_decided(session: Session) -> int:
    """Forget the accepted and refused notices (the practitioner has read them)."""
    result = session.execute(delete(HeldOp).where(HeldOp.status != "held"))
    return int(getattr(result, "rowcount", 0) or 0)

"""What a practitioner's device sends: every outbox op not yet acknowledged (packets are
cumulative, so a lost packet is harmless), and the bookkeeping of what moved when.

The packet sequence and the hash of the previous packet written are kept in `SyncState` and
advanced only by `record_export`, after the packet file was written and checked, so a failed
export never burns a sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import OutboxOp, SyncState
from tafapp.storage import capture
from tafapp.sync.envelope_format import MAX_OPS

# Set by the demo generator (tafapp.demo.DEMO_KEY) on a store holding synthetic families.
DEMO_KEY = "demo_data"

SEQ_KEY = "packet_seq"
PREV_HASH_KEY = "packet_prev_hash"
LAST_EXPORT_KEY = "last_export_at"
LAST_RECEIPT_KEY = "last_receipt_at"
RECEIPT_SEQ_KEY = "receipt_seq"


@dataclass(frozen=True)
class Changes:
    """A changes payload ready for the envelope, with the sequence bookkeeping to go with it."""

    payload: dict[str, Any]
    op_count: int
    sequence: int
    prev_hash: str


@dataclass(frozen=True)
class SyncStatus:
    pending_ops: int
    last_export_at: str | None
    last_receipt_at: str | None
    next_sequence: int


def state(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None and row.value else None


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def stamp() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def op_dict(op: OutboxOp) -> dict[str, Any]:
    return {"op_id": str(op.op_id), "entity": op.entity, "row_id": str(op.row_id),
            "field": op.field, "value": op.value, "base_hlc": op.base_hlc, "hlc": op.hlc,
            "device_id": op.device_id}


def gather_changes(session: Session) -> Changes:
    """Every pending op, oldest first. `ack_floor` tells the hub that every op of this device
    older than it has been acknowledged, so receipts need not repeat those."""
    if state(session, DEMO_KEY) == "1":
        raise InputRejected(
            "profile", "this profile holds made-up demo families that were never sent to the "
            "hub, so a packet from it would refer to records the hub does not have. Record real "
            "families in a profile without demo data (tafapp --profile DIR init …).")
    ops = oldest_whole_rows(session, MAX_OPS)
    ctx = session.info.get(capture.CAPTURE_KEY)
    floor = min((o["hlc"] for o in ops), default=None)
    if floor is None and ctx is not None:
        floor = ctx.clock.last
    device = ctx.device_id if ctx is not None else state(session, "device_id") or ""
    payload = {"device_id": device, "ops": ops, "ack_floor": floor}
    seq = int(state(session, SEQ_KEY) or 0) + 1
    return Changes(payload, len(ops), seq, state(session, PREV_HASH_KEY) or "")


def oldest_whole_rows(session: Session, limit: int) -> list[dict[str, Any]]:
    """The oldest pending ops, at most `limit` (the packet cap), never cutting through the
    ops of one row: capture writes a row's ops together, and a hub refuses a row it receives
    only part of. The rest go in the next packet, once a receipt has acknowledged these."""
    rows = list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq).limit(limit + 1)))
    if len(rows) > limit:
        cut = (rows[limit].entity, rows[limit].row_id)
        rows.pop()
        while len(rows) > 1 and (rows[-1].entity, rows[-1].row_id) == cut:
            rows.pop()
    return [op_dict(o) for o in rows]


def record_export(session: Session, sequence: int, packet_hash: str) -> None:
    """Advance the sequence and previous-packet hash once the file is written and checked."""
    set_state(session, SEQ_KEY, str(sequence))
    set_state(session, PREV_HASH_KEY, packet_hash)
    set_state(session, LAST_EXPORT_KEY, stamp())


def status(session: Session) -> SyncStatus:
    """What the app shows: pending changes, and when the last packet and receipt moved."""
    pending = session.scalar(select(func.count()).select_from(OutboxOp)) or 0
    return SyncStatus(pending_ops=pending, last_export_at=state(session, LAST_EXPORT_KEY),
                      last_receipt_at=state(session, LAST_RECEIPT_KEY),
                      next_sequence=int(state(session, SEQ_KEY) or 0) + 1)

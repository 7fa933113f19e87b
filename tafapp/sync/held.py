"""Held ops at the hub: kept whole when an import holds them, listed for the coordinator,
accepted (applied through the normal merge) or refused. Every hold and decision is an audit
event; the device learns each decision in its next receipt (`for_receipt`)."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected, NotFound
from tafapp.models import HeldOp, syncable_tables
from tafapp.storage import audit, capture
from tafapp.sync import hub_clock
from tafapp.sync.authority import Hold, decoded_value, value_problem
from tafapp.sync.merger import MergeRefusedLater, RowMerger
from tafapp.sync.nodes import IncomingOp
from tafapp.sync.rows import chunks

STATUSES = ("held", "accepted", "refused")
REASONS = {
    "not_shared": "The device changed a family or directory record it does not hold.",
    "hub_field": "The device sent a value the hub works out itself.",
    "clock_ahead": "The device's clock was too far ahead of the hub's.",
    "invalid_value": "The value is not one the app would accept when typed.",
}
# Only these may be accepted: a hub-derived field is never a device's to set, and an invalid
# value would break the record (it is checked again on accepting, in case the rules changed).
ACCEPTABLE = frozenset({"not_shared", "clock_ahead", "invalid_value"})
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str, limit: int = 2000) -> str:
    """Text safe for any column and any screen (a message may quote a hostile value)."""
    return _UNPRINTABLE.sub("\N{REPLACEMENT CHARACTER}", text[:limit])


def known_ids(session: Session, device_id: str, low_hlc: str) -> set[str]:
    """Op ids of this device from `low_hlc` on that the hub holds (any status)."""
    q = select(HeldOp.op_id).where(HeldOp.device_id == device_id, HeldOp.hlc >= low_hlc)
    return {str(i) for i in session.scalars(q)}


def hold(session: Session, packet_id: str, ops: list[IncomingOp],
         holds: dict[str, Hold]) -> None:
    """Keep the held ops of one packet, and one audit event naming them."""
    from tafapp.sync.apply import now

    if not holds:
        return
    at = now()
    rows = [{"id": uuid.uuid4(), "op_id": uuid.UUID(op.op_id), "packet_id": packet_id,
             "device_id": op.device_id, "family_id": holds[op.op_id].family_id,
             "entity": op.entity, "row_id": op.row_id, "field": op.field,
             "value_json": json.dumps(op.value, ensure_ascii=True), "base_hlc": op.base,
             "hlc": op.hlc, "reason": holds[op.op_id].reason,
             "message": printable(holds[op.op_id].message),
             "waits_for": holds[op.op_id].waits_for, "status": "held", "held_at": at,
             "decided_at": None, "decided_by": ""}
            for op in ops if op.op_id in holds]
    taken = [r for part in chunks([r["op_id"] for r in rows]) for r in session.scalars(
        select(HeldOp.op_id).where(HeldOp.op_id.in_(part)))]
    if taken:
        from tafapp.sync.apply import MergeRefused

        raise MergeRefused("corrupt", f"an op reuses the id of another device's change "
                           f"({taken[0]})")
    session.execute(insert(HeldOp), rows)
    device = rows[0]["device_id"]
    audit.record(session, "packet", packet_id, f"{len(rows)} changes held from device {device}",
                 detail={"device_id": device,
                         "reasons": dict(Counter(r["reason"] for r in rows)),
                         "ops": {str(r["op_id"]): r["reason"] for r in rows}})


def describe(h: HeldOp) -> dict[str, Any]:
    return {"id": str(h.id), "op_id": str(h.op_id), "packet_id": h.packet_id,
            "device_id": h.device_id, "family_id": str(h.family_id or ""),
            "entity": h.entity, "row_id": str(h.row_id), "field": h.field,
            "value": json.loads(h.value_json), "hlc": h.hlc, "reason": h.reason,
            "reason_words": REASONS.get(h.reason, h.reason), "message": h.message,
            "status": h.status, "held_at": h.held_at.isoformat(),
            "decided_at": h.decided_at.isoformat() if h.decided_at else None,
            "decided_by": h.decided_by}


def list_held(session: Session, status: str | None = "held") -> list[dict[str, Any]]:
    """Held ops, oldest first; `status` None lists every decision too."""
    q = select(HeldOp)
    if status is not None:
        q = q.where(HeldOp.status == status)
    return [describe(h) for h in session.scalars(q.order_by(HeldOp.held_at, HeldOp.hlc))]


def _open(session: Session, held_id: uuid.UUID | str) -> HeldOp:
    try:
        key = uuid.UUID(str(held_id))
    except ValueError:
        raise InputRejected("id", f"'{held_id}' is not an id") from None
    h = session.get(HeldOp, key)
    if h is None:
        raise NotFound("held change", held_id)
    if h.status != "held":
        raise InputRejected("id", f"this change was already {h.status}")
    return h


def _group(session: Session, h: HeldOp, *, refusing: bool = False) -> list[HeldOp]:
    """What one decision covers: the op; when it makes or changes a record the hub does not
    have, every held op of that record (a record is accepted or refused whole); and, in turn,
    every held record that waits for one of these (the actions of a held new family). A
    refusal also takes every held record that points at a refused new one, whatever held it:
    it could never be applied without it."""
    out: dict[uuid.UUID, HeldOp] = {h.id: h}
    todo = [h]
    while todo:
        g = todo.pop()
        model: Any = syncable_tables()[g.entity]
        if session.get(model, g.row_id) is not None:
            continue
        linked = (HeldOp.waits_for == g.row_id)
        if refusing:
            linked = linked | (HeldOp.value_json == json.dumps(str(g.row_id)))
        more = session.scalars(select(HeldOp).where(
            HeldOp.status == "held", HeldOp.device_id == g.device_id,
            ((HeldOp.entity == g.entity) & (HeldOp.row_id == g.row_id)) | linked))
        for m in more:
            if m.id not in out:
                out[m.id] = m
                todo.append(m)
    return sorted(out.values(), key=lambda g: g.hlc)


def _incoming(h: HeldOp) -> IncomingOp:
    value = json.loads(h.value_json)
    py, problem = decoded_value(h.entity, h.field, value)
    op = IncomingOp(str(h.op_id), h.entity, h.row_id, h.field, value, h.base_hlc, h.hlc,
                    h.device_id, py, problem)
    problem = value_problem(op)
    if problem:
        raise InputRejected("value", f"{problem}. This change can only be refused.")
    return op


def accept(session: Session, held_id: uuid.UUID | str, *, who: str = "") -> dict[str, Any]:
    """Apply a held op (with the rest of its new record, and the records waiting for it)
    through the normal merge, packet by packet in the order they were made. The caller owns
    the transaction; on any refusal nothing is applied."""
    from tafapp.sync.apply import lock_hub

    lock_hub(session)
    h = _open(session, held_id)
    group = _group(session, h)
    if any(g.reason not in ACCEPTABLE for g in group):
        raise InputRejected("id", "the hub works this field out itself; a device's value for "
                            "it can only be refused")
    by_packet: dict[str, list[IncomingOp]] = {}
    for g in group:  # sorted by clock, so packets come in the order they were made
        by_packet.setdefault(g.packet_id, []).append(_incoming(g))
    with capture.suspended(session):
        try:
            for packet_id, ops in by_packet.items():
                RowMerger(session, packet_id).merge(ops)
            session.flush()
        except (MergeRefusedLater, IntegrityError):
            raise InputRejected("id", "this change belongs to a record the hub does not have "
                                "yet; accept that record's held changes first") from None
    hub_clock.observe(session, [g.hlc for g in group])
    return _decide(session, h, group, "accepted", who)


def refuse(session: Session, held_id: uuid.UUID | str, *, who: str = "") -> dict[str, Any]:
    """Drop a held op (with the rest of its new record, and the records waiting for it); the
    device learns it in its next receipt and takes it out of its outbox."""
    h = _open(session, held_id)
    return _decide(session, h, _group(session, h, refusing=True), "refused", who)


def _decide(session: Session, h: HeldOp, group: list[HeldOp], status: str,
            who: str) -> dict[str, Any]:
    from tafapp.sync.apply import now

    at = now()
    for g in group:
        g.status, g.decided_at, g.decided_by = status, at, who
    audit.record(session, h.entity, h.row_id, f"held change to {h.field} {status}", who=who,
                 detail={"held_ids": [str(g.id) for g in group], "reason": h.reason,
                         "device_id": h.device_id, "op_ids": [str(g.op_id) for g in group]})
    session.flush()
    return {**describe(h), "ops": len(group)}


def for_receipt(session: Session, device_id: str, floor: str | None) -> list[dict[str, Any]]:
    """What a device's next receipt says about its held ops: every op still held, and every
    decision on an op the device may still have pending (from its acknowledgement floor on)."""
    q = select(HeldOp).where(HeldOp.device_id == device_id)
    if floor:
        q = q.where((HeldOp.status == "held") | (HeldOp.hlc >= floor))
    return [{"op_id": str(h.op_id), "status": h.status, "reason": h.reason,
             "message": h.message, "entity": h.entity, "row_id": str(h.row_id),
             "field": h.field, "hlc": h.hlc} for h in session.scalars(q.order_by(HeldOp.hlc))]

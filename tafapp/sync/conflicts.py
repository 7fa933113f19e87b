"""Conflicts at the hub: list the open ones, and resolve one by choosing a value or writing a
merged one. A resolution is a node of its own (made by the hub, after every value it resolves)
that supersedes all the live values, so it travels to devices in receipts like any value; the
decision is written to the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected, NotFound
from tafapp.models import AppliedOp, Conflict, SyncState, new_id, syncable_tables
from tafapp.storage import audit, capture
from tafapp.storage.codec import encode
from tafapp.sync.apply import now
from tafapp.sync.merge import DELETED, Node, field_state
from tafapp.sync.merger import refresh_family_flags
from tafapp.sync.rows import decode_field

_UNSET: Any = object()


def describe(c: Conflict) -> dict[str, Any]:
    return {"id": str(c.id), "kind": c.kind, "family_id": str(c.family_id or ""),
            "entity": c.entity, "row_id": str(c.row_id), "field": c.field,
            "status": c.status, "winner": c.winner, "values": list(c.values)}


def open_conflicts(session: Session, family_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
    q = select(Conflict).where(Conflict.status == "open")
    if family_id is not None:
        q = q.where(Conflict.family_id == family_id)
    return [describe(c) for c in session.scalars(q.order_by(Conflict.id))]


def _tick(session: Session) -> tuple[str, str]:
    ctx = session.info.get(capture.CAPTURE_KEY)
    if ctx is None:
        raise InputRejected("store", "this session cannot record a resolution (no clock)")
    hlc = ctx.clock.tick()
    row = session.get(SyncState, capture.CLOCK_STATE_KEY)
    if row is None:
        session.add(SyncState(key=capture.CLOCK_STATE_KEY, value=ctx.clock.last))
    else:
        row.value = ctx.clock.last
    return ctx.device_id, hlc


def _chosen(c: Conflict, choose: int | None, merged_value: Any) -> Any:
    if (choose is None) == (merged_value is _UNSET):
        raise InputRejected("choice", "choose one of the values or give a merged value")
    if choose is not None:
        if not 0 <= choose < len(c.values):
            raise InputRejected("choice", f"choose a value numbered 0 to {len(c.values) - 1}")
        return c.values[choose]
    if c.kind == "delete":
        raise InputRejected("value", "a delete conflict is settled by choosing: keep the "
                            "delete (value 0) or restore the record (any edit)")
    try:
        value = decode_field(c.entity, c.field, merged_value)
    except (ValueError, TypeError) as exc:
        raise InputRejected("value", f"not a valid {c.field}: {exc}") from None
    return {"value": encode(value), "merged": True}


def resolve(session: Session, conflict_id: uuid.UUID | str, *, choose: int | None = None,
            merged_value: Any = _UNSET, who: str = "") -> dict[str, Any]:
    """Settle an open conflict. The caller owns the transaction."""
    c = session.get(Conflict, uuid.UUID(str(conflict_id)))
    if c is None:
        raise NotFound("conflict", conflict_id)
    if c.status != "open":
        raise InputRejected("conflict", "this conflict is already settled")
    picked = _chosen(c, choose, merged_value)
    model: Any = syncable_tables()[c.entity]
    row = session.get(model, c.row_id)
    if row is None:
        raise NotFound(c.entity, c.row_id)
    device, hlc = _tick(session)
    field = c.field
    if c.kind == "delete":
        value = hlc if (choose == 0) else None
        bases = [str(c.values[0]["hlc"])]
    else:
        value = picked["value"]
        bases = sorted({str(v["hlc"]) for v in c.values})
    session.add(AppliedOp(op_id=new_id(), packet_id=f"resolution:{c.id}", device_id=device,
                          entity=c.entity, row_id=c.row_id, field=field, value=value,
                          base_hlc=bases[-1], hlc=hlc, outcome="resolution",
                          extra_bases=bases[:-1]))
    session.flush()
    nodes = [Node(str(a.op_id), a.device_id, a.hlc, a.base_hlc, a.value, a.packet_id, a.field,
                  tuple(a.extra_bases or ())) for a in session.scalars(select(AppliedOp).where(
                      AppliedOp.entity == c.entity, AppliedOp.row_id == c.row_id,
                      AppliedOp.field == field))]
    state = field_state(field, nodes)
    assert state is not None
    with capture.suspended(session):
        setattr(row, field, decode_field(c.entity, field, state.value))
        row.versions = {**(row.versions or {}), field: state.version}
        row.updated_hlc, row.updated_by = hlc, device
        c.status = "resolved"
        c.resolved_value = value
        c.resolved_by = who
        c.resolved_at = now()
        c.resolution_hlc = hlc
        if c.family_id is not None:
            refresh_family_flags(session, {c.family_id})
        # Flush while capture is suspended: a flush at commit would turn these into ops.
        session.flush()
    what = ("kept the delete" if c.kind == "delete" and value is not None else
            "restored the record" if c.kind == "delete" else
            "wrote a merged value" if picked.get("merged") else "chose a value")
    audit.record(session, c.entity, c.row_id, f"conflict on {field} resolved: {what}", who=who,
                 detail={"conflict_id": str(c.id), "field": field, "value": value,
                         "values": c.values, "choice": choose})
    return describe(c)


__all__ = ["DELETED", "describe", "open_conflicts", "resolve"]

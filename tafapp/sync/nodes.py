"""Small pieces shared by the merger and conflict resolution: an incoming op, the hub's
known op ids, a stored op as a merge node, and the family `conflicted` flag."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.models import AppliedOp, Conflict, Family
from tafapp.sync.clock import Hlc
from tafapp.sync.merge import Node


@dataclass(frozen=True)
class IncomingOp:
    op_id: str
    entity: str
    row_id: uuid.UUID
    field: str
    value: Any
    base: str | None
    hlc: str
    device_id: str
    py: Any = None  # the value decoded to the column's type (checked once, at parse time)

    def node(self, packet_id: str) -> Node:
        return Node(self.op_id, self.device_id, self.hlc, self.base, self.value, packet_id,
                    self.field)


def known_op_ids(session: Session, ops: list[IncomingOp]) -> set[str]:
    """Op ids of this packet the hub already holds. A device's HLCs only grow, so one range
    scan over (device_id, hlc) finds them, without an IN list per op."""
    if not ops:
        return set()
    device = ops[0].device_id
    low = min(o.hlc for o in ops)
    q = select(AppliedOp.op_id).where(AppliedOp.device_id == device, AppliedOp.hlc >= low)
    return {str(i) for i in session.scalars(q)}


def device_of(hlc: str) -> str:
    try:
        return Hlc.parse(hlc).device
    except ValueError:
        return ""


def refresh_family_flags(session: Session, family_ids: set[uuid.UUID]) -> None:
    """A family is flagged while any conflict on its record is open (hub-derived, no op)."""
    session.flush()
    for fid in family_ids:
        family = session.get(Family, fid)
        if family is None:
            continue
        n = session.scalar(select(func.count()).select_from(Conflict).where(
            Conflict.family_id == fid, Conflict.status == "open")) or 0
        family.conflicted = n > 0


def node_of(a: AppliedOp) -> Node:
    return Node(str(a.op_id), a.device_id, a.hlc, a.base_hlc, a.value, a.packet_id, a.field,
                tuple(a.extra_bases or ()))

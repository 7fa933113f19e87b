"""Small pieces shared by the merger and conflict resolution: an incoming op, the hub's
known op ids, a stored op as a merge node, and the family `conflicted` flag."""

from __future__ import annotations

import json
import uuid
from json.encoder import encode_basestring_ascii as _encode_str
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.models import AppliedOp, Conflict, Family
from tafapp.storage.clock import COUNTER_DIGITS, WALL_DIGITS
from tafapp.sync.merge import Node


class IncomingOp(NamedTuple):
    """One checked op of a packet. A named tuple, not a frozen dataclass: an import makes one
    per op, and a tuple is several times cheaper to build."""

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
    """The device part of an HLC ("" for a malformed one). Same rule as `Hlc.parse`, without
    building an `Hlc` (this runs per row of an import)."""
    parts = hlc.split(".", 2)
    if len(parts) != 3 or len(parts[0]) != WALL_DIGITS or len(parts[1]) != COUNTER_DIGITS:
        return ""
    return parts[2]


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


def json_text(value: Any) -> str:
    """`json.dumps(value)` for the op log; text (most values) goes straight to the C string
    encoder `json.dumps` itself ends in, the same output without the encoder set-up."""
    if type(value) is str:
        return _encode_str(value)
    if value is None:
        return "null"
    return json.dumps(value)

"""Which ops of a packet the hub applies and which it holds for the coordinator.

An op is held (never applied, never lost) when:
- `invalid_value`: its value is not one the services would keep (`services.field_rules`);
- `clock_ahead`: its HLC is more than the allowed drift ahead of the hub's wall clock;
- `hub_field`: it sets a field the hub works out itself (`HUB_FIELDS`);
- `not_shared`: the device does not hold the record. A device holds a family (and every row
  under it) it created, or one the hub shared with it, from the share's HLC on; it holds a
  directory row (agency, practitioner) only if it created it.

A new record is made whole or not at all: if any op that creates it is held, all are, and so is
every op that points at a held new record. The rules are explained for coordinators in
docs/security.md ("Authorisation at the hub").
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import Device, Family, HeldOp, Share
from tafapp.services.field_rules import field_rules
from tafapp.storage.clock import HLC_PATTERN
from tafapp.sync import hub_clock
from tafapp.sync.merge import DELETED
from tafapp.sync.nodes import IncomingOp, device_of
from tafapp.sync.rows import DIRECTORY, MEETING_CHILDREN, chunks, field_decoders, tables

# Fields the hub derives from its own state; a device's value for them is never applied. A
# new record may carry the column's default (change capture sends every field of a new row).
HUB_FIELDS: dict[tuple[str, str], Any] = {("family", "conflicted"): False}

RowKey = tuple[str, uuid.UUID]


@dataclass(frozen=True)
class Hold:
    reason: str
    message: str
    family_id: uuid.UUID | None = None
    waits_for: uuid.UUID | None = None  # the new record (held too) this op cannot go without


@dataclass
class _Row:
    exists: bool
    family_id: uuid.UUID | None = None  # for family rows and rows under a family
    meeting_id: uuid.UUID | None = None
    creator: str = ""  # directory rows and families


def judge(session: Session, device_id: str, ops: list[IncomingOp]) -> dict[str, Hold]:
    """op_id → Hold for every op of `ops` the hub must not apply on its own."""
    limit = hub_clock.ahead_limit(session)
    rows = _rows(session, ops)
    holds: dict[str, Hold] = {}
    for op in ops:
        hold = _value_hold(op, limit, rows[(op.entity, op.row_id)].exists)
        if hold is not None:
            holds[op.op_id] = hold
    holdings = _Holdings(session, device_id, rows, ops)
    if session.get(Device, device_id) is not None:
        # A device the registry does not know never gets here through `packet import` (its
        # packet is refused unknown_device); the merge rules' own tests call in without keys.
        for op in ops:
            if op.op_id not in holds:
                hold = holdings.op_hold(op)
                if hold is not None:
                    holds[op.op_id] = hold
    pending = _pending_records(session, device_id, rows)
    if holds or pending:
        _whole_records(ops, rows, holds, pending)
        for op in ops:
            hold = holds.get(op.op_id)
            if hold is not None and hold.family_id is None:
                fid = holdings.family_of(rows[(op.entity, op.row_id)])
                holds[op.op_id] = replace(hold, family_id=fid if isinstance(fid, uuid.UUID)
                                          else None)
    return holds


def _pending_records(session: Session, device_id: str,
                     rows: dict[RowKey, _Row]) -> dict[uuid.UUID, Hold]:
    """New records of this device held (or refused) from earlier packets: later ops on them,
    or pointing at them, are held too (the hub cannot apply them without the record, and a
    laptop must never be stuck behind it)."""
    q = select(HeldOp.entity, HeldOp.row_id, HeldOp.reason, HeldOp.message, HeldOp.family_id,
               HeldOp.status).where(HeldOp.device_id == device_id,
                                    HeldOp.status != "accepted")
    found = {(e, r): Hold(reason, message if status == "held" else
                          f"the coordinator refused that record: {message}", fid, r)
             for e, r, reason, message, fid, status in session.execute(q)}
    out: dict[uuid.UUID, Hold] = {}
    by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    for e, r in found:
        by_entity[e].append(r)
    for entity, ids in by_entity.items():
        model: Any = tables()[entity]
        have: set[uuid.UUID] = set()
        for part in chunks(sorted(ids)):
            have.update(session.scalars(select(model.id).where(model.id.in_(part))))
        out.update({r: found[(entity, r)] for r in ids if r not in have})
    return out


def _whole_records(ops: list[IncomingOp], rows: dict[RowKey, _Row], holds: dict[str, Hold],
                   pending: dict[uuid.UUID, Hold]) -> None:
    """Spread holds over new records: a new record is held whole, and so is every op that
    points at a held new record (a person of a held new family, say), until nothing changes.
    `pending`: new records held from earlier packets."""
    by_row: dict[RowKey, list[IncomingOp]] = defaultdict(list)
    for op in ops:
        by_row[(op.entity, op.row_id)].append(op)
    held_new: dict[uuid.UUID, Hold] = dict(pending)
    for key, row_ops in by_row.items():
        earlier = pending.get(key[1])
        if earlier is not None and not rows[key].exists:
            for op in row_ops:
                holds.setdefault(op.op_id, Hold(
                    earlier.reason, f"{op.entity}.{op.field}: changes a new record that is "
                    f"held ({earlier.message})", earlier.family_id, key[1]))
    changed = True
    while changed:
        changed = False
        for key, row_ops in by_row.items():
            if key[1] in held_new:
                continue
            for op in row_ops:
                parent = held_new.get(op.py) if isinstance(op.py, uuid.UUID) else None
                if parent is not None and op.op_id not in holds:
                    holds[op.op_id] = Hold(parent.reason, f"{op.entity}.{op.field}: points at "
                                           f"a new record that is held ({parent.message})",
                                           parent.family_id, op.py)
                    changed = True
            first = next((holds[o.op_id] for o in row_ops if o.op_id in holds), None)
            if first is None or rows[key].exists:
                continue
            held_new[key[1]] = first
            changed = True
            for op in row_ops:
                holds.setdefault(op.op_id, Hold(
                    first.reason, f"{op.entity}.{op.field}: part of a new {key[0]} record that "
                    f"is held ({first.message})", first.family_id, first.waits_for))


Checker = Callable[[Any], tuple[Any, str]]


@cache
def value_checkers() -> dict[tuple[str, str], Checker]:
    """For every synced (entity, field): value → (the value in the column's type, "") or
    (None, why it is not one the services would keep). Bound once: this runs per op."""
    rules = field_rules()
    return {key: _checker(decoder, rules.get(key)) for key, decoder in field_decoders().items()}


def _checker(decoder: Callable[[Any], Any], rule: Callable[[Any], Any] | None) -> Checker:
    def check(value: Any) -> tuple[Any, str]:
        try:
            py = decoder(value)
            if rule is not None:
                rule(py)
        except InputRejected as exc:
            return None, exc.message
        except (ValueError, TypeError) as exc:
            return None, f"not a valid value ({exc})"
        return py, ""

    return check


def decoded_value(entity: str, field: str, value: Any) -> tuple[Any, str]:
    return value_checkers()[(entity, field)](value)


def value_problem(op: IncomingOp) -> str:
    """Why an op's value may not be applied ("" when it may)."""
    if op.problem:
        return f"{op.entity}.{op.field}: {op.problem}"
    if op.field == DELETED and op.value is not None and (
            not isinstance(op.value, str) or HLC_PATTERN.fullmatch(op.value) is None
            or device_of(op.value) != op.device_id):
        return f"{op.entity}.{op.field}: a deletion mark that is not this device's clock"
    return ""


MAX_SHOWN = 253402300799  # 31 Dec 9999: a later stamp is shown as that date


def _value_hold(op: IncomingOp, limit: str, exists: bool) -> Hold | None:
    where = f"{op.entity}.{op.field}"
    problem = value_problem(op)
    if problem:
        return Hold("invalid_value", problem)
    if op.hlc > limit:
        stamped = datetime.fromtimestamp(min(int(op.hlc[:15]) / 1000, MAX_SHOWN), UTC)
        return Hold("clock_ahead", f"{where}: stamped {stamped:%d %b %Y %H:%M} UTC, further "
                    "ahead of the hub's clock than the allowed drift")
    hub_default = HUB_FIELDS.get((op.entity, op.field), op)
    if hub_default is not op and (exists or op.value != hub_default):
        return Hold("hub_field", f"{where} is worked out by the hub, not sent by a device")
    return None


def _rows(session: Session, ops: list[IncomingOp]) -> dict[RowKey, _Row]:
    """Each row the ops touch: whether the hub has it, and what places it (its family,
    meeting or maker). New rows are placed by the ops that create them."""
    by_entity: dict[str, set[uuid.UUID]] = defaultdict(set)
    for op in ops:
        by_entity[op.entity].add(op.row_id)
    out: dict[RowKey, _Row] = {}
    for entity, ids in by_entity.items():
        model: Any = tables()[entity]
        cols = [model.id, model.created_hlc]
        if entity in MEETING_CHILDREN:
            cols.append(model.meeting_id)
        elif entity not in DIRECTORY and entity != "family":
            cols.append(model.family_id)
        for part in chunks(sorted(ids)):
            for rid, created, *link in session.execute(select(*cols).where(model.id.in_(part))):
                row = _Row(True, creator=device_of(created or ""))
                _place(row, entity, rid, link[0] if link else None)
                out[(entity, rid)] = row
        for rid in ids - {r for e, r in out if e == entity}:
            out[(entity, rid)] = _Row(False)
    for op in ops:
        row = out[(op.entity, op.row_id)]
        if not row.exists:
            row.creator = op.device_id
            if op.field in ("family_id", "meeting_id") or op.entity == "family":
                _place(row, op.entity, op.row_id, op.py)
    return out


def _place(row: _Row, entity: str, row_id: uuid.UUID, link: Any) -> None:
    if entity == "family":
        row.family_id = row_id
    elif entity in MEETING_CHILDREN:
        row.meeting_id = link
    elif entity not in DIRECTORY:
        row.family_id = link


class _Holdings:
    """What one registered device holds, read once per packet."""

    def __init__(self, session: Session, device_id: str, rows: dict[RowKey, _Row],
                 ops: list[IncomingOp]) -> None:
        self.device = device_id
        self.rows = rows
        meetings = {r.meeting_id for r in rows.values() if r.meeting_id is not None}
        meetings |= {op.py for op in ops if op.field == "meeting_id" and op.py is not None}
        self.meeting_family = self._meeting_families(session, meetings)
        families = {r.family_id for r in rows.values() if r.family_id is not None}
        families |= set(self.meeting_family.values())
        families |= {op.py for op in ops if op.field == "family_id" and op.py is not None}
        self.made: set[uuid.UUID] = set()
        self.known: set[uuid.UUID] = set()
        self.shared: dict[uuid.UUID, str] = {}
        fam_list = sorted(f for f in families if isinstance(f, uuid.UUID))
        for part in chunks(fam_list):
            for fid, created in session.execute(select(Family.id, Family.created_hlc).where(
                    Family.id.in_(part))):
                self.known.add(fid)
                if device_of(created or "") == device_id:
                    self.made.add(fid)
            for fid, at in session.execute(select(Share.family_id, Share.shared_hlc).where(
                    Share.device_id == device_id, Share.family_id.in_(part))):
                self.shared[fid] = at or ""

    def _meeting_families(self, session: Session, ids: Iterable[Any]) -> dict[Any, Any]:
        model: Any = tables()["meeting"]
        out = {rid: r.family_id for (e, rid), r in self.rows.items() if e == "meeting"}
        wanted = sorted(i for i in ids if isinstance(i, uuid.UUID) and i not in out)
        for part in chunks(wanted):
            out.update({mid: fid for mid, fid in session.execute(
                select(model.id, model.family_id).where(model.id.in_(part)))})
        return out

    def op_hold(self, op: IncomingOp) -> Hold | None:
        row = self.rows[(op.entity, op.row_id)]
        where = f"{op.entity}.{op.field}"
        if op.entity in DIRECTORY:
            if row.exists and row.creator != self.device:
                return Hold("not_shared", f"{where}: this {op.entity} was added by another "
                            "device or the hub; only its maker changes it")
            return None
        # Every op that places a row is judged by where it puts it too (a new row's ops may
        # place it twice; holding one holds the whole new record).
        targets = [self.family_of(row)]
        if op.field == "family_id":
            targets.append(op.py)
        elif op.field == "meeting_id":
            targets.append(self.meeting_family.get(op.py))
        for fid in targets:
            hold = self._family_hold(fid, op, row, where)
            if hold is not None:
                return hold
        return None

    def family_of(self, row: _Row) -> Any:
        if row.meeting_id is not None:
            return self.meeting_family.get(row.meeting_id)
        return row.family_id

    def _family_hold(self, fid: Any, op: IncomingOp, row: _Row, where: str) -> Hold | None:
        if not isinstance(fid, uuid.UUID) or fid not in self.known or fid in self.made:
            # A family new in this packet is the device's own; one the hub has never seen is
            # the merge's to refuse (needs an earlier packet).
            return None
        at = self.shared.get(fid)
        if at is None:
            return Hold("not_shared", f"{where}: the family was not shared with this device",
                        fid)
        if at and op.hlc < at:
            return Hold("not_shared", f"{where}: made before the family was shared with this "
                        "device", fid)
        return None

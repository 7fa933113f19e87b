"""Applying one packet's ops to hub rows (the per-field rule lives in `merge`).

Fast path: an op made against the field's live version on a field with no open conflict is
simply applied (the common case, and what keeps a 10,000-op import fast). Anything else is
recomputed from every node the hub holds for that field, so the outcome depends only on the
set of ops, never on the order packets arrived in. Runs inside `capture.suspended`: the
merger maintains `versions`/`updated_hlc` itself and writes no outbox ops.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tafapp.models import AppliedOp, Conflict
from tafapp.storage import summary_upkeep as upkeep
from tafapp.sync.merge import DELETED, FieldState, Node, classify, field_state, tombstone_conflict
from tafapp.sync.nodes import (
    IncomingOp,
    device_of,
    json_text,
    known_op_ids,
    node_of,
    refresh_family_flags,
)
from tafapp.sync.rows import (
    chunks,
    decode_field,
    family_of,
    fields_of,
    load_rows,
    table_order,
    tables,
)

FieldKey = tuple[str, uuid.UUID, str]
RowKey = tuple[str, uuid.UUID]


class RowMerger:
    def __init__(self, session: Session, packet_id: str) -> None:
        self.s = session
        self.packet_id = packet_id
        self.outcomes: dict[str, str] = {}
        self.conflicts: set[uuid.UUID] = set()
        self.families: set[uuid.UUID] = set()
        self.open: set[tuple[str, uuid.UUID, str, str]] = set()
        self.fast: dict[FieldKey, list[Node]] = defaultdict(list)
        self.orig: dict[FieldKey, tuple[str | None, Any]] = {}

    def merge(self, ops: list[IncomingOp]) -> dict[str, int]:
        known = known_op_ids(self.s, ops)
        fresh: list[IncomingOp] = []
        for op in sorted(ops, key=lambda o: o.hlc):
            if op.op_id not in known:
                known.add(op.op_id)
                fresh.append(op)
        by_row: dict[RowKey, list[IncomingOp]] = defaultdict(list)
        for op in fresh:
            by_row[(op.entity, op.row_id)].append(op)
        existing: dict[RowKey, Any] = {}
        for entity in {e for e, _ in by_row}:
            rows = load_rows(self.s, entity, [r for e, r in by_row if e == entity])
            existing.update({(entity, rid): row for rid, row in rows.items()})
        self._load_open([r for _, r in existing])
        self._create(sorted((k for k in by_row if k not in existing),
                            key=lambda k: table_order()[k[0]]), by_row)
        slow: dict[FieldKey, list[IncomingOp]] = {}
        for key, row in existing.items():
            self._update(key, row, by_row[key], slow)
        for fkey, fops in slow.items():
            self._slow(existing[fkey[:2]], fkey, fops)
        for key, row in existing.items():
            if row.deleted_hlc is not None or (*key, DELETED, "delete") in self.open:
                self._tombstone(key, row, by_row[key])
        self._insert_applied(fresh)
        self._flags()
        tally = {"applied": 0, "noop": 0, "conflicted": 0}
        for outcome in self.outcomes.values():
            tally[outcome] += 1
        return {"ops_applied": tally["applied"], "ops_noop": tally["noop"],
                "ops_conflicted": tally["conflicted"], "ops_duplicate": len(ops) - len(fresh),
                "conflicts": len(self.conflicts)}

    # -- rows the hub does not have yet ------------------------------------------------------

    def _create(self, keys: list[RowKey], by_row: dict[RowKey, list[IncomingOp]]) -> None:
        models = tables()
        batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
        conflicted: list[tuple[RowKey, str, FieldState]] = []
        for key in keys:
            entity, row_id = key
            per_field: dict[str, list[IncomingOp]] = defaultdict(list)
            for op in by_row[key]:
                per_field[op.field].append(op)
            if len(per_field) < len(fields_of(entity)):
                # Capture sends every field when a row is made; without those ops this is an
                # edit to a record this hub has not received yet.
                raise MergeRefusedLater(
                    f"it changes a {entity} record this hub has not received yet; import that "
                    "device's earlier packets first")
            row: dict[str, Any] = {"id": row_id}
            versions: dict[str, str] = {}
            for fname, fops in per_field.items():
                if len(fops) == 1:  # the common case: the op that made the field
                    self.outcomes[fops[0].op_id] = "applied"
                    row[fname] = fops[0].py
                    versions[fname] = fops[0].hlc
                    continue
                nodes: list[Node] = []
                for op in fops:
                    node = op.node(self.packet_id)
                    before = field_state(fname, nodes) if nodes else None
                    self.outcomes[op.op_id] = classify(fname, before, node)
                    nodes.append(node)
                state = field_state(fname, nodes)
                assert state is not None
                if state.conflicted:
                    conflicted.append((key, fname, state))
                row[fname] = decode_field(entity, fname, state.value)
                versions[fname] = state.version
            first, last = by_row[key][0], by_row[key][-1]
            # parse_ops checked that every op's HLC names its device.
            row.update(created_hlc=first.hlc, updated_hlc=last.hlc,
                       updated_by=last.device_id, versions=versions)
            batches[entity].append(row)
        for entity in sorted(batches, key=lambda e: table_order()[e]):
            self.s.execute(insert(models[entity].__table__), batches[entity])  # type: ignore[attr-defined]
            upkeep.note_rows(self.s, entity, batches[entity])
        for (entity, row_id), fname, state in conflicted:
            row = self.s.get(models[entity], row_id)
            self._sync_conflict("field", (entity, row_id), fname, row, state.heads, state.winner)

    # -- rows the hub has --------------------------------------------------------------------

    def _update(self, key: RowKey, row: Any, ops: list[IncomingOp],
                slow: dict[FieldKey, list[IncomingOp]]) -> None:
        entity, row_id = key
        versions = dict(row.versions or {})
        for op in ops:
            fkey = (entity, row_id, op.field)
            if fkey in slow:
                slow[fkey].append(op)
                continue
            if (*fkey, "field") in self.open or op.base != versions.get(op.field):
                slow[fkey] = [op]
                continue
            self.orig.setdefault(fkey, (versions.get(op.field), _encoded(row, op.field)))
            setattr(row, op.field, op.py)
            versions[op.field] = op.hlc
            self.fast[fkey].append(op.node(self.packet_id))
            self.outcomes[op.op_id] = "applied"
            if entity == "family" and op.field == "conflicted":
                self.families.add(row_id)
        row.versions = versions
        _touch(row, ops[-1].hlc)

    def _db_nodes(self, fkey: FieldKey, row: Any) -> list[Node]:
        entity, row_id, fname = fkey
        q = select(AppliedOp).where(AppliedOp.entity == entity, AppliedOp.row_id == row_id,
                                    AppliedOp.field == fname)
        nodes = [node_of(a) for a in self.s.scalars(q)]
        version, value = self.orig.get(fkey, ((row.versions or {}).get(fname),
                                              _encoded(row, fname)))
        if version and version not in {n.hlc for n in nodes}:
            # A value written at the hub itself (no op of its own): it still counts.
            nodes.append(Node("", device_of(version), version, None, value, "(hub)", fname))
        return nodes

    def _slow(self, row: Any, fkey: FieldKey, ops: list[IncomingOp]) -> None:
        entity, _row_id, fname = fkey
        nodes = self._db_nodes(fkey, row) + self.fast.get(fkey, [])
        for op in ops:
            node = op.node(self.packet_id)
            self.outcomes[op.op_id] = classify(fname, field_state(fname, nodes), node)
            nodes.append(node)
        state = field_state(fname, nodes)
        assert state is not None
        setattr(row, fname, decode_field(entity, fname, state.value))
        row.versions = {**(row.versions or {}), fname: state.version}
        self._sync_conflict("field", fkey[:2], fname, row,
                            state.heads if state.conflicted else [], state.winner)

    def _tombstone(self, key: RowKey, row: Any, ops: list[IncomingOp]) -> None:
        entity, row_id = key
        q = select(AppliedOp).where(AppliedOp.entity == entity, AppliedOp.row_id == row_id)
        nodes = [node_of(a) for a in self.s.scalars(q)]
        nodes += [o.node(self.packet_id) for o in ops]
        deleted_nodes = [n for n in nodes if n.field == DELETED]
        version = (row.versions or {}).get(DELETED)
        if version and version not in {n.hlc for n in deleted_nodes}:
            deleted_nodes.append(Node("", device_of(version), version, None, row.deleted_hlc,
                                      "(hub)", DELETED))
        state = field_state(DELETED, deleted_nodes)
        edits = tombstone_conflict(state, nodes)
        values: list[Node] = []
        if edits and state is not None:
            values = [state.heads[state.winner], *edits]
        self._sync_conflict("delete", key, DELETED, row, values, 0)

    # -- conflicts, applied ops and flags ------------------------------------------------------

    def _load_open(self, row_ids: list[uuid.UUID]) -> None:
        for part in chunks(row_ids):
            q = select(Conflict.entity, Conflict.row_id, Conflict.field, Conflict.kind).where(
                Conflict.status == "open", Conflict.row_id.in_(part))
            self.open.update((e, r, f, k) for e, r, f, k in self.s.execute(q))

    def _sync_conflict(self, kind: str, key: RowKey, fname: str, row: Any,
                       heads: list[Node], winner: int) -> None:
        entity, row_id = key
        present = (entity, row_id, fname, kind) in self.open
        if not heads and not present:
            return
        conflict = None
        if present:
            conflict = self.s.scalar(select(Conflict).where(
                Conflict.status == "open", Conflict.kind == kind, Conflict.entity == entity,
                Conflict.row_id == row_id, Conflict.field == fname))
        family_id = family_of(self.s, entity, row) if row is not None else None
        if family_id is not None:
            self.families.add(family_id)
        if not heads:
            if conflict is not None:
                conflict.status = "superseded"
                self.open.discard((entity, row_id, fname, kind))
            return
        if conflict is None:
            conflict = Conflict(id=_new_id(), kind=kind, entity=entity, row_id=row_id,
                                field=fname, status="open", family_id=family_id)
            self.s.add(conflict)
            self.open.add((entity, row_id, fname, kind))
        conflict.values = [n.as_value() for n in heads]
        conflict.winner = winner
        self.conflicts.add(conflict.id)

    def _insert_applied(self, fresh: list[IncomingOp]) -> None:
        if not fresh:
            return
        if self.s.get_bind().dialect.name == "sqlite":
            # The hot path of a big import: one DBAPI executemany with values already in the
            # column's stored form (Uuid as 32 hex digits, JSON as text), as SQLAlchemy's own
            # types would write them.
            pid, outcomes = self.packet_id, self.outcomes
            rows = [(o.op_id.replace("-", ""), pid, o.device_id, o.entity, o.row_id.hex,
                     o.field, json_text(o.value), o.base, o.hlc, outcomes[o.op_id], "null")
                    for o in fresh]
            self.s.connection().exec_driver_sql(_SQLITE_INSERT, rows)
            return
        self.s.execute(insert(AppliedOp.__table__), [
            {"op_id": uuid.UUID(o.op_id), "packet_id": self.packet_id,
             "device_id": o.device_id, "entity": o.entity, "row_id": o.row_id,
             "field": o.field, "value": o.value, "base_hlc": o.base, "hlc": o.hlc,
             "outcome": self.outcomes[o.op_id], "extra_bases": None} for o in fresh])

    def _flags(self) -> None:
        refresh_family_flags(self.s, self.families)


_SQLITE_INSERT = (
    "INSERT INTO applied_op (op_id, packet_id, device_id, entity, row_id, field, value, "
    "base_hlc, hlc, outcome, extra_bases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


class MergeRefusedLater(Exception):
    """Raised inside the merger; `apply` turns it into a `needs_earlier_packet` refusal."""


def _new_id() -> uuid.UUID:
    from tafapp.models import new_id

    return new_id()


def _encoded(row: Any, fname: str) -> Any:
    from tafapp.storage.codec import encode

    return encode(getattr(row, fname))


def _touch(row: Any, hlc: str) -> None:
    if hlc > (row.updated_hlc or ""):
        row.updated_hlc = hlc
        row.updated_by = device_of(hlc)


__all__ = ["IncomingOp", "MergeRefusedLater", "RowMerger", "refresh_family_flags"]

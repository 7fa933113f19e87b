"""The merge rule for one field, as a pure function of the set of ops the hub holds for it.

Each op is a node: its HLC, the version it was made against (`base`), its value. A node is
*superseded* when some later node was made against a version whose value equals the node's
value and whose HLC is at least the node's HLC (its author saw that value, at least as new, and
changed it). The live nodes (*heads*) are grouped by value: one group is a clean field, two or
more a conflict. The provisional winner is the head with the highest HLC (HLC text orders by
wall time, counter, then device id), and the field's version is the winner's HLC.

Because the result depends only on the set of nodes, every delivery order of the same packets
ends in the same state (the convergence property tested in tests/sync_merge).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tafapp.storage.clock import Hlc

DELETED = "deleted_hlc"


@dataclass(frozen=True)
class Node:
    """One op (or one hub resolution) on one field."""

    op_id: str
    device_id: str
    hlc: str
    base: str | None
    value: Any
    packet_id: str = ""
    field: str = ""
    extra_bases: tuple[str, ...] = ()

    def as_value(self) -> dict[str, Any]:
        """The shape a conflict keeps for each value (and `conflicts --json` prints)."""
        return {"op_id": self.op_id, "device_id": self.device_id, "hlc": self.hlc,
                "packet_id": self.packet_id, "field": self.field, "value": self.value}


@dataclass
class FieldState:
    value: Any
    version: str
    heads: list[Node] = field(default_factory=list)
    winner: int = 0
    conflicted: bool = False


def value_key(field_name: str, value: Any) -> str:
    """Values compared for equality. Two tombstones are the same decision ("deleted"), even
    though each carries its own HLC."""
    if field_name == DELETED:
        return "live" if value is None else "deleted"
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def field_state(field_name: str, nodes: Iterable[Node]) -> FieldState | None:
    """The merged state of a field from all its nodes; None when there are none."""
    all_nodes = sorted(nodes, key=lambda n: n.hlc)
    if not all_nodes:
        return None
    by_hlc = {n.hlc: n for n in all_nodes}
    seen: dict[str, str] = {}
    for m in all_nodes:
        for b in (m.base, *m.extra_bases):
            seen_node = by_hlc.get(b) if b else None
            if seen_node is None or seen_node is m:
                continue
            key = value_key(field_name, seen_node.value)
            if b > seen.get(key, ""):
                seen[key] = b
    heads = [n for n in all_nodes if n.hlc > seen.get(value_key(field_name, n.value), "")]
    if not heads:  # only a cycle of bases (a hostile or broken history) gets here
        heads = [all_nodes[-1]]
    win = heads[-1]
    groups = {value_key(field_name, n.value) for n in heads}
    return FieldState(value=win.value, version=win.hlc, heads=heads, winner=len(heads) - 1,
                      conflicted=len(groups) > 1)


def classify(field_name: str, before: FieldState | None, node: Node) -> str:
    """How an arriving op counts: `applied` (made against the live version), `noop` (the
    value the field already holds) or `conflicted`."""
    if before is None:
        return "applied"
    if not before.conflicted and node.base == before.version:
        return "applied"
    if value_key(field_name, node.value) == value_key(field_name, before.value):
        return "noop"
    return "conflicted"


def tombstone_conflict(deleted: FieldState | None, edits: Iterable[Node]) -> list[Node]:
    """Edits that a delete did not see: made on another device than the deleting one, with an
    HLC after the delete's version. (A delete made after an edit in HLC order saw it or came
    later in time; that edit is kept on the deleted row, not raised.) Empty when the row is
    live or no such edit exists."""
    if deleted is None or deleted.value is None:
        return []
    deleter = Hlc.parse(deleted.version).device
    return sorted((e for e in edits if e.field != DELETED and e.hlc > deleted.version
                   and e.device_id != deleter), key=lambda n: n.hlc)

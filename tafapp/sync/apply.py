"""Import at the hub: dedupe a change packet, then merge all its ops in the caller's ONE
transaction (all or nothing).

`import_changes` raises `MergeRefused` for anything it will not apply; the caller's
transaction then rolls back, so a refused packet leaves the hub exactly as it was. On
PostgreSQL an advisory transaction lock serialises imports, so two coordinators importing at
the same moment never apply an op twice or lose one (the `applied_op` primary key on `op_id`
is the second line of defence).
"""

from __future__ import annotations

import gc
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tafapp.models import DeviceSync, PacketLog
from tafapp.storage import capture
from tafapp.storage.clock import HLC_PATTERN
from tafapp.sync import authority, held, hub_clock
from tafapp.sync.merger import IncomingOp, MergeRefusedLater, RowMerger
from tafapp.sync.nodes import known_op_ids

# Any fixed 64-bit number, the same in every tafapp process that imports into this hub.
HUB_IMPORT_LOCK = 0x7AF_5E9C
MAX_OPS = 2_000_000


class MergeRefused(Exception):
    """A packet the hub will not apply. `code` is a reason code of `packet import --json`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ImportResult:
    status: str  # applied | duplicate | rejected
    reason: str = ""
    message: str = ""
    packet_id: str = ""
    device_id: str = ""
    ops_total: int = 0
    ops_applied: int = 0
    ops_noop: int = 0
    ops_conflicted: int = 0
    ops_duplicate: int = 0
    ops_held: int = 0
    conflicts: int = 0

    def as_json(self, file: str) -> dict[str, Any]:
        return {"file": file, **asdict(self)}


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def lock_hub(session: Session) -> None:
    """Serialise imports on PostgreSQL (SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": HUB_IMPORT_LOCK})


def _text(op: dict[str, Any], key: str, limit: int) -> str:
    value = op.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise MergeRefused("corrupt", f"an op has no valid {key}")
    return value


_HLC = HLC_PATTERN


# Op ids are written by `str(uuid)`: the canonical lower-case form, so text equality is id
# equality (dedupe compares them as text).
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _hlc(value: Any, device_id: str | None) -> str:
    """The clock text format of `clock.Hlc`, checked with one regex (this runs per op)."""
    m = _HLC.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise MergeRefused("corrupt", f"an op carries a malformed clock value {value!r:.80}")
    if device_id is not None and m.group(3) != device_id:
        raise MergeRefused("corrupt", "an op's clock names another device than the packet's")
    return m.string


def parse_ops(payload: dict[str, Any], device_id: str) -> list[IncomingOp]:
    """Check every op's shape before anything is written; the sender may only speak for
    itself (an op signed by one device cannot claim another's authorship). A value the
    services would refuse does not refuse the packet: its op carries the `problem`, and is
    held `invalid_value`.

    This runs once per op of a packet (the hot loop of an import): the checks are inlined and
    each field's checker is looked up once per (entity, field), not per op."""
    if payload.get("device_id") != device_id:
        raise MergeRefused("device_mismatch", "the packet's contents name another device than "
                           "the one that signed it")
    raw = payload.get("ops")
    if not isinstance(raw, list) or len(raw) > MAX_OPS:
        raise MergeRefused("corrupt", "the packet's list of changes is missing or malformed")
    decoders = authority.value_checkers()
    out: list[IncomingOp] = []
    append = out.append
    row_ids: dict[str, uuid.UUID] = {}
    hlc_match, uuid_match = _HLC.fullmatch, _UUID.fullmatch
    entity: Any  # str once its decoder is found
    field: Any  # the same
    hlc: Any  # str once it matches
    for op in raw:
        if type(op) is not dict:
            raise MergeRefused("corrupt", "a change in the packet is not a record")
        entity, field = op.get("entity"), op.get("field")
        decoder = decoders.get((entity, field)) if type(entity) is type(field) is str else None
        if decoder is None:
            _text(op, "entity", 40)
            _text(op, "field", 60)
            raise MergeRefused("corrupt", f"the packet changes an unknown field {entity}.{field}")
        if op.get("device_id") != device_id:
            raise MergeRefused("device_mismatch", "a change claims to come from another device")
        op_id = op.get("op_id")
        if type(op_id) is not str or uuid_match(op_id) is None:
            raise MergeRefused("corrupt", "an op has no valid op_id")
        row_text = op.get("row_id")
        row_id = row_ids.get(row_text) if type(row_text) is str else None
        value = op.get("value")
        if row_id is None:
            row_text = _text(op, "row_id", 40)  # before UUID(): it may not be text
            try:
                row_id = row_ids[row_text] = uuid.UUID(row_text)
            except ValueError:
                raise MergeRefused("corrupt", "an op has no valid row_id") from None
        py, problem = decoder(value)
        hlc = op.get("hlc")
        m = hlc_match(hlc) if type(hlc) is str else None
        if m is None or m.group(3) != device_id:
            _hlc(hlc, device_id)  # raises, with the precise reason
        base = op.get("base_hlc")
        append(IncomingOp(op_id, entity, row_id, field, value,
                          None if base is None else _hlc(base, None), hlc, device_id, py,
                          problem))
    return out


def import_changes(session: Session, *, packet_id: str, device_id: str, sequence: int,
                   content_sha256: str, payload: dict[str, Any]) -> ImportResult:
    """Merge one change packet. Returns `applied` or `duplicate`; raises MergeRefused."""
    lock_hub(session)
    prior = session.get(PacketLog, packet_id)
    if prior is not None:
        if prior.content_sha256 != content_sha256:
            raise MergeRefused("replay", "a packet with this id was imported before with other "
                               "content; this copy was altered or forged")
        return ImportResult("duplicate", packet_id=packet_id, device_id=device_id,
                            ops_total=prior.ops_total, ops_duplicate=prior.ops_total)
    with _no_gc():
        return _import(session, packet_id=packet_id, device_id=device_id, sequence=sequence,
                       content_sha256=content_sha256, payload=payload)


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector paused for one import. A 10,000-op packet allocates some 100,000
    objects, which set off repeated full collections costing more than the merge itself; none
    of them is garbage until the import ends, and reference counting still frees the rest.
    Process-wide: with imports overlapping in threads, the one that paused it re-enables it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(session: Session, *, packet_id: str, device_id: str, sequence: int,
            content_sha256: str, payload: dict[str, Any]) -> ImportResult:
    nodes = parse_ops(payload, device_id)
    seen = known_op_ids(session, nodes)
    if nodes:
        seen |= held.known_ids(session, device_id, min(n.hlc for n in nodes))
    fresh: list[IncomingOp] = []
    for n in nodes:
        if n.op_id not in seen:
            seen.add(n.op_id)
            fresh.append(n)
    holds = authority.judge(session, device_id, fresh)
    to_merge = [n for n in fresh if n.op_id not in holds]
    with capture.suspended(session):
        try:
            counts = RowMerger(session, packet_id).merge(to_merge)
            session.flush()
        except MergeRefusedLater as exc:
            raise MergeRefused("needs_earlier_packet", str(exc)) from None
        except IntegrityError:
            raise MergeRefused("needs_earlier_packet", "it refers to records this hub has not "
                               "received yet; import that device's earlier packets first") \
                from None
        hub_clock.observe(session, (n.hlc for n in to_merge))
    held.hold(session, packet_id, fresh, holds)
    counts["ops_duplicate"] += len(nodes) - len(fresh)
    result = ImportResult("applied", packet_id=packet_id, device_id=device_id,
                          ops_total=len(nodes), ops_held=len(holds),
                          **counts)  # type: ignore[arg-type]  # counts holds the int ops_* fields
    session.add(PacketLog(
        packet_id=packet_id, kind="changes", device_id=device_id, sequence=sequence,
        content_sha256=content_sha256, imported_at=now(), ops_total=len(nodes),
        ops_applied=result.ops_applied, ops_noop=result.ops_noop,
        ops_conflicted=result.ops_conflicted, ops_duplicate=result.ops_duplicate))
    _note_device(session, device_id, payload.get("ack_floor"))
    session.flush()
    return result


def _note_device(session: Session, device_id: str, ack_floor: Any) -> None:
    state = session.get(DeviceSync, device_id)
    if state is None:
        state = DeviceSync(device_id=device_id, receipt_seq=0)
        session.add(state)
    if isinstance(ack_floor, str) and len(ack_floor) <= 64:
        if state.ack_floor is None or ack_floor > state.ack_floor:
            state.ack_floor = ack_floor
    state.last_packet_at = now()

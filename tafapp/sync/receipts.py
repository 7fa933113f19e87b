"""Receipts: the hub's answer to one device, and applying it on that device.

A receipt carries the op ids of the device the hub has accepted (from the device's reported
acknowledgement floor on), the whole current record of every family shared to or created by the
device (so resolved values, shared families and referral outcomes arrive with their versions),
and the agency directory. On the device, acknowledged ops leave the outbox and each field takes
the hub's value and version, except a field the device has changed since (its pending op still
travels, and the hub will merge it). Nothing here creates outbox ops.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from tafapp.models import (
    AppliedOp,
    DeviceSync,
    Family,
    OutboxOp,
    PacketLog,
    Share,
    syncable_tables,
)
from tafapp.storage import capture
from tafapp.storage import summary_upkeep as upkeep
from tafapp.sync import news
from tafapp.sync.apply import now
from tafapp.sync.outgoing import LAST_RECEIPT_KEY, RECEIPT_SEQ_KEY, set_state, stamp, state
from tafapp.sync.rows import (
    DIRECTORY,
    chunks,
    decode_field,
    family_rows,
    fields_of,
    row_to_dict,
    table_order,
)


@dataclass(frozen=True)
class Receipt:
    payload: dict[str, Any]
    sequence: int
    row_count: int
    ack_count: int


class ReceiptRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def device_families(session: Session, device_id: str) -> list[uuid.UUID]:
    """Families shared to the device, and those it created (their first HLC names it)."""
    shared = set(session.scalars(select(Share.family_id).where(Share.device_id == device_id)))
    made = session.scalars(select(Family.id).where(Family.created_hlc.like(f"%.{device_id}")))
    return sorted(shared | set(made))


def build_receipt(session: Session, device_id: str) -> Receipt:
    """The next receipt for a device. The caller commits `record_receipt` once written."""
    sync = session.get(DeviceSync, device_id)
    q = select(AppliedOp.op_id).where(AppliedOp.device_id == device_id)
    if sync is not None and sync.ack_floor:
        q = q.where(AppliedOp.hlc >= sync.ack_floor)
    acked = [str(i) for i in session.scalars(q.order_by(AppliedOp.hlc))]
    rows: list[dict[str, Any]] = []
    tables = syncable_tables()
    for entity in DIRECTORY:
        model: Any = tables[entity]
        rows += [row_to_dict(entity, r) for r in session.scalars(select(model).order_by(model.id))]
    families = device_families(session, device_id)
    rows += [row_to_dict(e, r) for e, r in family_rows(session, families)]
    seq = (sync.receipt_seq if sync is not None else 0) + 1
    resolved = news.resolved_for(session, device_id, families)
    payload = {"device_id": device_id, "receipt_seq": seq, "acked": acked, "rows": rows,
               "resolved": resolved}
    return Receipt(payload, seq, len(rows), len(acked))


def record_receipt(session: Session, device_id: str, sequence: int,
                   digest: str = "") -> None:
    sync = session.get(DeviceSync, device_id)
    if sync is None:
        sync = DeviceSync(device_id=device_id, receipt_seq=0)
        session.add(sync)
    sync.receipt_seq = max(sync.receipt_seq or 0, sequence)
    sync.last_receipt_at = now()
    sync.last_receipt_hash = digest


@dataclass
class ReceiptResult:
    status: str
    acknowledged: int = 0
    rows_applied: int = 0
    news: int = 0


def apply_receipt(session: Session, *, packet_id: str, content_sha256: str, sender_id: str,
                  payload: dict[str, Any]) -> ReceiptResult:
    """Apply a hub's receipt on this device. A receipt already applied, or older than one
    applied, is a duplicate (no-op); raises ReceiptRefused for one that is not for us."""
    prior = session.get(PacketLog, packet_id)
    if prior is not None:
        if prior.content_sha256 != content_sha256:
            raise ReceiptRefused("replay", "a receipt with this id was applied before with "
                                 "other content")
        return ReceiptResult("duplicate")
    ctx = session.info.get(capture.CAPTURE_KEY)
    seq = payload.get("receipt_seq")
    rows = payload.get("rows")
    acked = payload.get("acked")
    if not isinstance(seq, int) or not isinstance(rows, list) or not isinstance(acked, list):
        raise ReceiptRefused("corrupt", "the receipt's contents are malformed")
    if ctx is not None and payload.get("device_id") != ctx.device_id:
        raise ReceiptRefused("wrong_recipient", "this receipt was written for another device")
    if seq <= int(state(session, RECEIPT_SEQ_KEY) or 0):
        return ReceiptResult("duplicate")
    try:
        ack_ids = [uuid.UUID(str(a)) for a in acked]
    except ValueError:
        raise ReceiptRefused("corrupt", "the receipt lists a malformed op id") from None
    for part in chunks(ack_ids):
        session.execute(delete(OutboxOp).where(OutboxOp.op_id.in_(part)))
    fresh_news = news.from_receipt(session, rows, payload.get("resolved"))
    with capture.suspended(session):
        applied = _apply_rows(session, rows)
        # Flush while capture is suspended: a flush at commit would turn these into ops.
        session.flush()
    if ctx is not None and applied[1]:
        ctx.clock.observe(applied[1])
        set_state(session, capture.CLOCK_STATE_KEY, ctx.clock.last)
    set_state(session, RECEIPT_SEQ_KEY, str(seq))
    set_state(session, LAST_RECEIPT_KEY, stamp())
    session.add(PacketLog(packet_id=packet_id, kind="receipt", device_id=sender_id,
                          sequence=seq, content_sha256=content_sha256, imported_at=now(),
                          ops_total=len(ack_ids)))
    news.add(session, fresh_news)
    session.flush()
    return ReceiptResult("applied", acknowledged=len(ack_ids), rows_applied=applied[0],
                         news=len(fresh_news))


def _pending_fields(session: Session) -> set[tuple[str, uuid.UUID, str]]:
    return set(session.execute(select(OutboxOp.entity, OutboxOp.row_id, OutboxOp.field)).all())


def _apply_rows(session: Session, rows: list[Any]) -> tuple[int, str]:
    """Returns (rows written, highest version seen)."""
    tables = syncable_tables()
    pending = _pending_fields(session)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if not isinstance(r, dict) or r.get("entity") not in tables:
            raise ReceiptRefused("corrupt", "the receipt carries an unknown kind of record")
        grouped[r["entity"]].append(r)
    top = ""
    count = 0
    for entity in sorted(grouped, key=lambda e: table_order()[e]):
        model: Any = tables[entity]
        items = grouped[entity]
        try:
            ids = [uuid.UUID(str(r["id"])) for r in items]
        except (KeyError, ValueError):
            raise ReceiptRefused("corrupt", "a record in the receipt has no valid id") from None
        have = {}
        for part in chunks(ids):
            have.update({x.id: x for x in session.scalars(select(model).where(
                model.id.in_(part)))})
        fresh: list[dict[str, Any]] = []
        for rid, r in zip(ids, items, strict=True):
            versions = r.get("versions") or {}
            top = max([top, *[v for v in versions.values() if isinstance(v, str)]])
            values = _decoded(entity, r)
            row = have.get(rid)
            if row is None:
                fresh.append({**values, "id": rid, "versions": dict(versions),
                              "created_hlc": str(r.get("created_hlc") or ""),
                              "updated_hlc": str(r.get("updated_hlc") or ""),
                              "updated_by": str(r.get("updated_by") or "")})
                continue
            merged = dict(row.versions or {})
            for fname, value in values.items():
                if (entity, rid, fname) in pending:
                    continue  # our newer edit is still on its way to the hub
                if getattr(row, fname) != value:
                    setattr(row, fname, value)
                if fname in versions:
                    merged[fname] = versions[fname]
            if merged != (row.versions or {}):
                row.versions = merged
            if str(r.get("updated_hlc") or "") > (row.updated_hlc or ""):
                row.updated_hlc = str(r["updated_hlc"])
                row.updated_by = str(r.get("updated_by") or "")
            count += 1
        if fresh:
            session.execute(insert(model), fresh)
            upkeep.note_rows(session, entity, fresh)
            count += len(fresh)
    return count, top


def _decoded(entity: str, r: dict[str, Any]) -> dict[str, Any]:
    fields = r.get("fields")
    if not isinstance(fields, dict):
        raise ReceiptRefused("corrupt", f"a {entity} record in the receipt has no fields")
    allowed = fields_of(entity)
    if any(f not in allowed for f in fields):
        raise ReceiptRefused("corrupt", f"a {entity} record in the receipt has unknown fields")
    try:
        return {f: decode_field(entity, f, v) for f, v in fields.items()}
    except (KeyError, ValueError, TypeError) as exc:
        raise ReceiptRefused("corrupt", f"a {entity} value in the receipt is invalid: {exc}") \
            from None


def share(session: Session, family_id: uuid.UUID | str, device_id: str, *,
          who: str = "") -> bool:
    """Hand a family to a device (or add one): its whole record travels in that device's next
    receipt. Returns False if it was already shared. The caller owns the transaction."""
    from tafapp.core.errors import NotFound
    from tafapp.storage import audit

    fid = uuid.UUID(str(family_id))
    family = session.get(Family, fid)
    if family is None or family.deleted_hlc is not None:
        raise NotFound("family", family_id)
    if session.scalar(select(Share).where(Share.family_id == fid,
                                          Share.device_id == device_id)) is not None:
        return False
    session.add(Share(family_id=fid, device_id=device_id, shared_at=now(), shared_by=who))
    audit.record(session, "family", fid, f"shared with device {device_id}", who=who)
    return True

"""Hub-only tables: what the coordinator's hub knows about packets, ops, conflicts and sharing.

None of these travel as ops. `AppliedOp` keeps every op the hub ever accepted, with its value,
so a losing value is never dropped and a field's merged state can be recomputed from the set
of its ops (DESIGN section 5; docs/decisions-sync.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, new_id


class PacketLog(Base):
    """One imported packet (changes at the hub, receipts on a device). A packet id seen again
    with the same content hash is a duplicate; with another hash it is a replay."""

    __tablename__ = "packet_log"

    packet_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    ops_total: Mapped[int] = mapped_column(Integer, default=0)
    ops_applied: Mapped[int] = mapped_column(Integer, default=0)
    ops_noop: Mapped[int] = mapped_column(Integer, default=0)
    ops_conflicted: Mapped[int] = mapped_column(Integer, default=0)
    ops_duplicate: Mapped[int] = mapped_column(Integer, default=0)


class AppliedOp(Base):
    """Every op the hub accepted (applied, no-op or conflicted) and every resolution the hub
    made. `extra_bases` lists the further versions a resolution supersedes."""

    __tablename__ = "applied_op"
    __table_args__ = (
        Index("ix_applied_op_field", "entity", "row_id", "field"),
        Index("ix_applied_op_device_hlc", "device_id", "hlc"),
    )

    op_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    packet_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column()
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    base_hlc: Mapped[str | None] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(12))
    extra_bases: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)


class Conflict(Base):
    """Two or more live values for one field (`kind` "field"), or edits made against a deleted
    row (`kind` "delete"). `values` holds every live value with author device, HLC and packet;
    `winner` is the provisional one applied until a person resolves it."""

    __tablename__ = "conflict"
    __table_args__ = (Index("ix_conflict_field", "entity", "row_id", "field"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(12), default="field")
    family_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column()
    field: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    values: Mapped[list[Any]] = mapped_column(JSON, default=list)
    winner: Mapped[int] = mapped_column(Integer, default=0)
    resolved_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_hlc: Mapped[str | None] = mapped_column(String(64))


class Share(Base):
    """A family handed to (or shared with) a practitioner's device; it travels in that
    device's next receipt."""

    __tablename__ = "share"
    __table_args__ = (UniqueConstraint("family_id", "device_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    shared_at: Mapped[datetime] = mapped_column(DateTime)
    shared_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # The hub's clock when it shared: the device's ops on the family count from here (a
    # share made before this column existed counts from the start).
    shared_hlc: Mapped[str | None] = mapped_column(String(64), default=None)


class HeldOp(Base):
    """An op the hub would not apply on its own (`reason`: not_shared, hub_field,
    clock_ahead, invalid_value), kept whole until the coordinator accepts or refuses it. On a
    practitioner's device the same table keeps what the hub's receipts said about its ops.
    `value_json` is the value exactly as sent, as ASCII JSON text (it may hold a NUL or a
    number no column can store)."""

    __tablename__ = "held_op"
    __table_args__ = (Index("ix_held_op_device_hlc", "device_id", "hlc"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    op_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    packet_id: Mapped[str] = mapped_column(String(64), default="")
    device_id: Mapped[str] = mapped_column(String(64))
    family_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column()
    field: Mapped[str] = mapped_column(String(60))
    value_json: Mapped[str] = mapped_column(Text, default="null")
    base_hlc: Mapped[str | None] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    # A new record, held too, that this op cannot be applied without: deciding that record
    # decides this op with it.
    waits_for: Mapped[uuid.UUID | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(12), default="held", index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(200), default="")


class DeviceSync(Base):
    """The hub's sync bookkeeping per device: the lowest HLC the device still has pending (its
    acknowledgement floor), and the receipts written for it."""

    __tablename__ = "device_sync"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ack_floor: Mapped[str | None] = mapped_column(String(64))
    last_packet_at: Mapped[datetime | None] = mapped_column(DateTime)
    receipt_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_receipt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_receipt_hash: Mapped[str] = mapped_column(String(64), default="")

"""Tables that stay on this store and never travel as ops: the outbox, clock state, local
secrets (inside the encrypted database, so behind the same vault) and the audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, new_id


class OutboxOp(Base):
    """One field-level change made on this device, pending until a receipt acknowledges it."""

    __tablename__ = "outbox_op"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column()
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    base_hlc: Mapped[str | None] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(64))


class SyncState(Base):
    """Small key/value state of this store: device id, role, the clock's last HLC."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class LocalSecret(Base):
    """Private keys (device signing key, hub age identity). The database is encrypted with the
    vault's key, so these sit behind the same keyring or passphrase."""

    __tablename__ = "local_secret"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEvent(Base):
    """Append-only, hash-chained: each event's hash covers the previous one's."""

    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(200), default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(64), default="")
    what: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))

"""Who a profile trusts: the hub's registry of practitioner devices, and on a practitioner's
laptop the hub(s) it has enrolled with. Local tables: they never travel as ops.

Keys are stored as text: Ed25519 public keys as 64 hex digits, age recipients as `age1…`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base


class Device(Base):
    """A practitioner's device registered at the hub (`devices add`). A revoked device keeps its
    row (its past packets stay explained) but its new packets are rejected `revoked_device`.
    `age_recipient` is what the hub encrypts that device's receipts to."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    signing_public_key: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class TrustedHub(Base):
    """A hub this practitioner profile enrolled with (`enrol`): packets are encrypted to its
    age recipient (and escrow recipient, if any) and receipts must be signed by its key."""

    __tablename__ = "trusted_hub"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    age_recipient: Mapped[str] = mapped_column(String(100))
    escrow_recipient: Mapped[str | None] = mapped_column(String(100), default=None)
    signing_public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(32))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)

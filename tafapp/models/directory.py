"""The agency directory: agencies and their practitioners."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, Syncable


class Agency(Syncable, Base):
    """An organisation in the team. `sector` (reference data) drives the partner-led measure:
    every sector but `local_authority` counts as a partner outside the council."""

    __tablename__ = "agency"

    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40), index=True)

    @property
    def is_partner(self) -> bool:
        return self.sector != "local_authority"


class Practitioner(Syncable, Base):
    __tablename__ = "practitioner"

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")

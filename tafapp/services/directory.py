"""The agency directory: agencies (with their sector) and practitioners."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Agency, Practitioner
from tafapp.services import validation as v
from tafapp.services.editing import apply_changes
from tafapp.storage.capture import tombstone


def add_agency(session: Session, name: str, sector: str) -> Agency:
    agency = Agency(name=v.text("name", name, required=True, max_len=200), sector=v.sector(sector))
    session.add(agency)
    session.flush()
    return agency


def update_agency(session: Session, agency_id: uuid.UUID, **changes: Any) -> Agency:
    agency = v.get_live(session, Agency, agency_id)
    apply_changes(agency, changes, {
        "name": lambda x: v.text("name", x, required=True, max_len=200),
        "sector": v.sector,
    })
    session.flush()
    return agency


def find_or_add_agency(session: Session, name: str, sector: str) -> Agency:
    existing = session.scalar(select(Agency).where(Agency.name == name.strip(),
                                                   Agency.deleted_hlc.is_(None)))
    return existing or add_agency(session, name, sector)


def add_practitioner(session: Session, name: str, *, agency_id: uuid.UUID | None = None,
                     role: str = "", email: str = "", phone: str = "") -> Practitioner:
    p = Practitioner(
        name=v.text("name", name, required=True, max_len=200),
        agency_id=v.optional_ref(session, Agency, agency_id, "agency_id"),
        role=v.text("role", role, max_len=200), email=v.text("email", email, max_len=200),
        phone=v.text("phone", phone, max_len=60),
    )
    session.add(p)
    session.flush()
    return p


def update_practitioner(
    session: Session, practitioner_id: uuid.UUID, **changes: Any
) -> Practitioner:
    p = v.get_live(session, Practitioner, practitioner_id)
    apply_changes(p, changes, {
        "name": lambda x: v.text("name", x, required=True, max_len=200),
        "role": lambda x: v.text("role", x, max_len=200),
        "email": lambda x: v.text("email", x, max_len=200),
        "phone": lambda x: v.text("phone", x, max_len=60),
        "agency_id": lambda x: v.optional_ref(session, Agency, x, "agency_id"),
    })
    session.flush()
    return p


def remove_practitioner(session: Session, practitioner_id: uuid.UUID) -> None:
    tombstone(session, v.get_live(session, Practitioner, practitioner_id))
    session.flush()


def agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).where(Agency.deleted_hlc.is_(None))
                                .order_by(Agency.name)))


def practitioners(session: Session, agency_id: uuid.UUID | None = None) -> list[Practitioner]:
    q = select(Practitioner).where(Practitioner.deleted_hlc.is_(None)).order_by(Practitioner.name)
    if agency_id is not None:
        q = q.where(Practitioner.agency_id == agency_id)
    return list(session.scalars(q))

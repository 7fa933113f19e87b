"""Declarative base, identifiers and the sync columns every syncable table carries."""

from __future__ import annotations

import os
import time
import uuid
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, MetaData, String, Table
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Columns maintained by change capture itself; they never become ops of their own.
SYNC_META = frozenset({"id", "created_hlc", "updated_hlc", "updated_by", "versions"})


def new_id() -> uuid.UUID:
    """A UUIDv7: time-ordered (good index locality) and unique across devices."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def str_enum(cls: type[StrEnum], length: int = 24) -> SAEnum:
    """Store a StrEnum by its value as plain text, portable across SQLite and PostgreSQL."""
    return SAEnum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Syncable:
    """Mixin for tables whose rows travel in sync packets.

    `versions` maps each field to the HLC of the edit that last set it here: the base an
    edit is made against. A row is never hard-deleted; `deleted_hlc` is its tombstone.
    """

    if TYPE_CHECKING:
        __tablename__: str  # every syncable model is a table (for the type checker)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    created_hlc: Mapped[str] = mapped_column(String(64), default="")
    updated_hlc: Mapped[str] = mapped_column(String(64), default="")
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    deleted_hlc: Mapped[str | None] = mapped_column(String(64), default=None)
    versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_hlc is not None


def table_of(model: type[Any]) -> Table:
    """A mapped class's Core table (`DeclarativeBase` types `__table__` as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def syncable_tables() -> dict[str, type[Any]]:
    """Every syncable model by table name (the `entity` of an op). Typed `type[Any]`: each is
    both a `Base` and a `Syncable`, which Python's types cannot say in one name."""
    from tafapp.models import load_all

    load_all()
    out: dict[str, type[Any]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Syncable):
            out[cls.__tablename__] = mapper.class_
    return out

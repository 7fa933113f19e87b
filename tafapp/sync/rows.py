"""Helpers shared by import, receipts and conflicts: syncable rows as plain dicts, the order
tables must be written in, and which family a row belongs to."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from typing import Any, TypeVar

from sqlalchemy import String, Text, inspect, select
from sqlalchemy.orm import Session

from tafapp.models import Base, Meeting, syncable_tables
from tafapp.storage.capture import synced_fields
from tafapp.storage.codec import decode, encode

T = TypeVar("T")
CHUNK = 500

# Rows whose family is reached through their meeting.
MEETING_CHILDREN = frozenset({"attendance", "scaling", "action_review", "meeting_addendum"})
DIRECTORY = ("agency", "practitioner")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Slices small enough for an IN (...) list on every backend."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


@cache
def tables() -> dict[str, type[Base]]:
    """`syncable_tables()`, computed once (the mapper registry does not change at run time)."""
    return syncable_tables()


@cache
def table_order() -> dict[str, int]:
    """Syncable tables in foreign-key order: parents before children."""
    names = tables()
    return {t.name: i for i, t in enumerate(Base.metadata.sorted_tables) if t.name in names}


@cache
def fields_of(entity: str) -> tuple[str, ...]:
    return tuple(synced_fields(tables()[entity]))


@cache
def _mapper(entity: str) -> Any:
    return inspect(tables()[entity])


def decode_field(entity: str, field: str, value: Any) -> Any:
    """A JSON value back to the column's type; ValueError/TypeError on a wrong shape."""
    return decode(_mapper(entity), field, value)


@cache
def field_decoders() -> dict[tuple[str, str], Callable[[Any], Any]]:
    """`decode_field` for every synced (entity, field), bound once. Plain text columns (most
    fields of a packet) get a short check with the same rule and messages as `codec.decode`;
    other types go through `codec.decode` itself."""
    out: dict[tuple[str, str], Callable[[Any], Any]] = {}
    for entity in tables():
        mapper = _mapper(entity)
        for field in fields_of(entity):
            ctype = mapper.columns[field].type
            if type(ctype) in (String, Text):
                out[(entity, field)] = _text_decoder(field, getattr(ctype, "length", None))
            else:
                out[(entity, field)] = partial(decode, mapper, field)
    return out


def _text_decoder(field: str, length: int | None) -> Callable[[Any], Any]:
    def check(value: Any) -> str | None:
        if value is None:
            return None
        if type(value) is not str:
            raise TypeError("expected text")
        if length is not None and len(value) > length:
            raise ValueError(f"{field} is longer than {length} characters")
        return value

    return check


def row_to_dict(entity: str, row: Any) -> dict[str, Any]:
    """A row as it travels in a receipt: encoded field values and the sync columns."""
    return {
        "entity": entity, "id": str(row.id),
        "fields": {f: encode(getattr(row, f)) for f in fields_of(entity)},
        "versions": dict(row.versions or {}), "created_hlc": row.created_hlc,
        "updated_hlc": row.updated_hlc, "updated_by": row.updated_by,
    }


def load_rows(session: Session, entity: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Any]:
    model = tables()[entity]
    out: dict[uuid.UUID, Any] = {}
    id_list = list(ids)
    for part in chunks(id_list):
        for row in session.scalars(select(model).where(model.id.in_(part))):  # type: ignore[attr-defined]
            out[row.id] = row
    return out


def family_of(session: Session, entity: str, row: Any) -> uuid.UUID | None:
    """The family a row belongs to (None for the agency directory)."""
    if entity == "family":
        return row.id
    if entity in MEETING_CHILDREN:
        return session.scalar(select(Meeting.family_id).where(Meeting.id == row.meeting_id))
    return getattr(row, "family_id", None)


def family_rows(session: Session, family_ids: Sequence[uuid.UUID]) -> list[tuple[str, Any]]:
    """Every row of these families (tombstoned ones too, so a delete travels), parents first."""
    if not family_ids:
        return []
    out: list[tuple[str, Any]] = []
    meeting_ids: list[uuid.UUID] = []
    for entity in sorted(tables(), key=lambda e: table_order()[e]):
        if entity in DIRECTORY:
            continue
        model: Any = tables()[entity]
        for part in chunks(meeting_ids if entity in MEETING_CHILDREN else list(family_ids)):
            if entity == "family":
                cond = model.id.in_(part)
            elif entity in MEETING_CHILDREN:
                cond = model.meeting_id.in_(part)
            else:
                cond = model.family_id.in_(part)
            for row in session.scalars(select(model).where(cond).order_by(model.id)):
                out.append((entity, row))
                if entity == "meeting":
                    meeting_ids.append(row.id)
    return out

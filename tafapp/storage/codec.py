"""Field values as JSON, for ops and packets, and back to column values."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, Uuid
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapper


def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__} for sync")


def decode(mapper: Mapper[Any], field: str, value: Any) -> Any:
    """Turn a JSON value back into what `field` of the mapped class holds.

    Raises ValueError or TypeError on a value of the wrong shape (a hostile packet)."""
    if value is None:
        return None
    column = mapper.columns[field]
    ctype = column.type
    if isinstance(ctype, SAEnum):
        enum_cls = ctype.enum_class
        return enum_cls(value) if enum_cls is not None else str(value)
    if isinstance(ctype, Uuid):
        return uuid.UUID(str(value))
    if isinstance(ctype, DateTime):
        return datetime.fromisoformat(_text(value))
    if isinstance(ctype, Date):
        return date.fromisoformat(_text(value))
    if isinstance(ctype, Boolean):
        if not isinstance(value, bool):
            raise TypeError(f"{field} must be true or false")
        return value
    if isinstance(ctype, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{field} must be a whole number")
        return value
    if isinstance(ctype, String | Text):
        text = _text(value)
        length = getattr(ctype, "length", None)
        if length is not None and len(text) > length:
            raise ValueError(f"{field} is longer than {length} characters")
        return text
    if isinstance(ctype, JSON):
        return value
    raise TypeError(f"cannot decode {field}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value

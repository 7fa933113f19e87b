"""Input checks shared by every service. Each failure names the field and says what is wrong
in words a practitioner understands; nothing is written when one fails."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tafapp.core import reference
from tafapp.core.errors import InputRejected, NotFound

_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def parse_date(field: str, value: date | str | None, *, required: bool = False) -> date | None:
    """A date from a date, an ISO string (2026-03-31) or a UK string (31/03/2026)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputRejected(field, "a date is needed")
        return None
    if isinstance(value, date):
        return value
    m = _UK_DATE.match(value)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _ISO_DATE.match(value)
        if not m:
            raise InputRejected(field, f"'{value}' is not a date; write it as 31/03/2026")
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        raise InputRejected(field, f"'{value}' is not a real date: there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputRejected(
            field, f"'{value}' is not a real date: {_MONTHS[month - 1]} {year} has no day {day}"
        ) from None


def require_date(field: str, value: date | str | None) -> date:
    parsed = parse_date(field, value, required=True)
    assert parsed is not None
    return parsed


def text(field: str, value: Any, *, required: bool = False, max_len: int = 20000) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputRejected(field, "must be text")
    value = value.strip()
    if required and not value:
        raise InputRejected(field, "cannot be empty")
    if len(value) > max_len:
        raise InputRejected(field, f"is too long (at most {max_len} characters)")
    return value


def sector(value: str) -> str:
    if value not in reference.sectors():
        allowed = ", ".join(reference.sectors())
        raise InputRejected("sector", f"'{value}' is not a known agency sector ({allowed})")
    return value


def outcome(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in reference.outcomes():
        raise InputRejected("outcome_code", f"'{value}' is not a Supporting Families outcome")
    return value


def closure_reason(value: str | None) -> str:
    if not value:
        raise InputRejected("closure_reason", "a reason for closing is needed")
    if value not in reference.closure_reasons():
        allowed = ", ".join(reference.closure_reasons())
        raise InputRejected("closure_reason", f"'{value}' is not a closure reason ({allowed})")
    return value


def level_of_need(value: Any) -> int:
    levels = reference.levels_of_need()
    if isinstance(value, bool) or not isinstance(value, int) or value not in levels:
        raise InputRejected("level_of_need", f"must be one of {', '.join(map(str, levels))}")
    return value


def score(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InputRejected("score", "must be a whole number from 0 to 10")
    return value


def postcode(value: str | None) -> str:
    cleaned = " ".join((value or "").upper().split())
    if cleaned and not POSTCODE.match(cleaned):
        raise InputRejected("postcode", f"'{value}' is not a UK postcode")
    if cleaned and " " not in cleaned:
        cleaned = f"{cleaned[:-3]} {cleaned[-3:]}"
    return cleaned


def enum_value(field: str, enum_cls: Any, value: Any) -> Any:
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        raise InputRejected(field, f"'{value}' is not one of {allowed}") from None


def get_live(session: Session, model: type[Any], ident: uuid.UUID | str, field: str = "") -> Any:
    """A row that exists and is not tombstoned, else NotFound (or InputRejected naming `field`)."""
    try:
        key = ident if isinstance(ident, uuid.UUID) else uuid.UUID(str(ident))
    except ValueError:
        raise InputRejected(field or "id", f"'{ident}' is not an id") from None
    row = session.get(model, key)
    if row is None or row.deleted_hlc is not None:
        if field:
            raise InputRejected(field, f"no such {model.__tablename__.replace('_', ' ')}")
        raise NotFound(model.__tablename__, key)
    return row


def optional_ref(session: Session, model: type[Any], ident: Any, field: str) -> uuid.UUID | None:
    if ident in (None, ""):
        return None
    return get_live(session, model, ident, field).id

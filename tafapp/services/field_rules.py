"""The rule each synced field's value must meet, for values that arrive without a service
call: ops in a packet at the hub. Every rule here is a function of `validation` that the
services call when a practitioner types the value, so the two doors cannot drift apart
(HOUSE_STYLE rule 17). Values come already decoded to the column's type (`sync.codec`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import JSON, Date, Integer, String, Text, inspect

from tafapp.core.errors import InputRejected
from tafapp.models import syncable_tables
from tafapp.models.base import SYNC_META
from tafapp.services import validation as v

Rule = Callable[[Any], Any]
MAX_IDS = 1000


def _optional(rule: Rule) -> Rule:
    return lambda value: None if value in (None, "") else rule(value)


def _id_list(field: str) -> Rule:
    def check(value: Any) -> Any:
        if not isinstance(value, list) or len(value) > MAX_IDS:
            raise InputRejected(field, f"must be a list of at most {MAX_IDS} ids")
        for item in value:
            try:
                uuid.UUID(item if isinstance(item, str) else "")
            except ValueError:
                raise InputRejected(field, "lists something that is not an id") from None
        return value

    return check


# Fields with a rule of their own beyond their column's type (reference lists, ranges).
SPECIFIC: dict[tuple[str, str], Rule] = {
    ("family", "level_of_need"): v.level_of_need,
    ("family", "closure_reason"): _optional(v.closure_reason),
    ("family", "postcode"): v.stored_postcode,
    ("agency", "sector"): v.sector,
    ("need", "outcome_code"): v.outcome,
    ("scaling", "score"): v.score,
    ("consent", "scope_agency_ids"): _id_list("scope_agency_ids"),
}


def _by_type(field: str, ctype: Any) -> Rule | None:
    if isinstance(ctype, String | Text):
        limit = getattr(ctype, "length", None) or v.TEXT_MAX
        return lambda value: v.clean_text(field, value, limit)
    if isinstance(ctype, Integer):
        return lambda value: v.whole_number(field, value)
    if isinstance(ctype, Date):
        return lambda value: v.date_in_range(field, value) if isinstance(value, date) else value
    if isinstance(ctype, JSON):
        return _id_list(field)
    return None  # booleans, enums, ids: their decoding is their whole rule


def _required(field: str, rule: Rule | None) -> Rule:
    def check(value: Any) -> Any:
        if value is None:
            raise InputRejected(field, "cannot be empty")
        return rule(value) if rule is not None else value

    return check


@cache
def field_rules() -> dict[tuple[str, str], Rule]:
    """(entity, field) → a rule raising InputRejected, for every synced field that has one.
    Tombstones (`deleted_hlc`) are the sync layer's to check."""
    out: dict[tuple[str, str], Rule] = {}
    for entity, model in syncable_tables().items():
        for column in inspect(model).columns:
            name = column.key
            if name in SYNC_META or name == "deleted_hlc":
                continue
            rule = SPECIFIC.get((entity, name)) or _by_type(name, column.type)
            if not column.nullable:
                rule = _required(name, rule)
            elif rule is not None:
                rule = _optional(rule) if (entity, name) not in SPECIFIC else rule
            if rule is not None:
                out[(entity, name)] = rule
    return out


def check_field(entity: str, field: str, value: Any) -> None:
    """Raise InputRejected when `value` (decoded) is not one the services would keep."""
    rule = field_rules().get((entity, field))
    if rule is not None:
        rule(value)

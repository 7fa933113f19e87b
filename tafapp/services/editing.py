"""Field-by-field edits with per-field rules, so every update service validates the same way
and a bad value leaves the row untouched."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tafapp.core.errors import InputRejected

Rule = Callable[[Any], Any]


def apply_changes(row: Any, changes: Mapping[str, Any], rules: Mapping[str, Rule]) -> list[str]:
    """Validate every change first, then set them all; returns the fields that changed."""
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        rule = rules.get(field)
        if rule is None:
            raise InputRejected(field, "cannot be changed here")
        clean[field] = rule(value)
    changed = []
    for field, value in clean.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed.append(field)
    return changed

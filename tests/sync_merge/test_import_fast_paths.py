"""The import's fast paths give exactly what the general code gives: each bound field decoder
agrees with `decode_field` (value or error type) on every synced field, and the op log's JSON
text is `json.dumps` of the value."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tafapp.sync.nodes import json_text
from tafapp.sync.rows import decode_field, field_decoders

SAMPLES: list[Any] = [
    None, "", "plain text", "x" * 5000, "é\"\\\n\u2028", 0, 7, -3, True, False, 1.5,
    "2026-11-24", "2026-11-24T09:30:00", str(uuid.UUID(int=42)), "open", "school",
    {"nested": ["object"]}, [1, 2], ["a"],
]


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(value)
    except (ValueError, TypeError) as exc:
        return "error", type(exc)


@pytest.mark.parametrize("key", sorted(field_decoders()))
def test_bound_decoder_matches_decode_field(key: tuple[str, str]) -> None:
    entity, field = key
    fast = field_decoders()[key]
    for value in SAMPLES:
        assert _outcome(fast, value) == _outcome(
            lambda v: decode_field(entity, field, v), value), (key, value)


def test_op_log_json_is_json_dumps() -> None:
    for value in SAMPLES:
        assert json_text(value) == json.dumps(value)

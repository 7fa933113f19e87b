"""Caps on a packet's decrypted payload, checked while it is read: a signed packet from a
registered device may still be hostile, and a 129 KB zlib stream of `[{},{},…]` would build
gigabytes of Python objects if handed to `json.loads` as it is.

Two steps, both before any op reaches the database (docs/packet-format.md, "Caps"):

1. `scan` looks at the JSON bytes before a single object is built, with byte-level passes
   that run in C (`bytes.translate`, `replace`, one regex over the string skeleton): how many
   objects and arrays, how many values (an upper bound: every value but the first of its
   container follows a comma; commas inside text count too, which only errs on the safe
   side), and how deep the nesting goes outside strings. Over a cap: `too_large`.
2. `check_shape` walks the parsed payload once against the kind's shape: the exact keys of
   the payload and of each op (changes) or row (receipt), the op and row counts, the length
   of every string. An unknown key is `corrupt`; a count or length over its cap `too_large`.

The largest payload the caps allow imports within the memory bound measured by
`bench/caps_bench.py` (docs/bench-sync.md).
"""

from __future__ import annotations

import re
from typing import Any

from tafapp.sync.envelope_format import (
    MAX_CONTAINERS,
    MAX_DEPTH,
    MAX_KEY_CHARS,
    MAX_OPS,
    MAX_ROWS,
    MAX_STRING_CHARS,
    MAX_VALUES,
    PacketRejected,
    RejectCode,
)

# The keys each kind's payload may hold, and the keys of each of its items. Another key
# anywhere in these objects is refused; add a key here and to docs/packet-format.md together.
PAYLOAD_KEYS = {
    "changes": frozenset({"device_id", "ops", "ack_floor"}),
    "receipt": frozenset({"device_id", "receipt_seq", "acked", "rows", "resolved"}),
}
# Receipts come from the hub, and a laptop ignores a receipt key it does not know (so a hub
# can add one, as `resolved` was, without stranding older laptops): their other top-level keys
# are capped like any value but not refused. Changes, from devices, are held to the list.
OPEN_KINDS = frozenset({"receipt"})
ITEMS = {"changes": ("ops", MAX_OPS), "receipt": ("rows", MAX_ROWS)}
ITEM_KEYS = {
    "changes": frozenset({"op_id", "entity", "row_id", "field", "value", "base_hlc", "hlc",
                          "device_id"}),
    "receipt": frozenset({"entity", "id", "fields", "versions", "created_hlc", "updated_hlc",
                          "updated_by"}),
}

_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_STRING = re.compile(rb'"[^"]*"')
_EMPTY_PAIR = re.compile(rb"\{\}|\[\]")


def _too_large(what: str) -> PacketRejected:
    return PacketRejected(RejectCode.too_large, what)


def scan(text: bytes) -> None:
    """Refuse JSON bytes that would build too many objects or values, or nest too deeply,
    before they are parsed. Runs in time linear in `text` and memory at most a copy of it.
    Malformed JSON may pass; the parser refuses it next."""
    size = len(text)
    containers = size - len(text.translate(None, b"{["))
    if containers > MAX_CONTAINERS:
        raise _too_large(f"{containers} or more JSON objects and arrays; the limit is "
                         f"{MAX_CONTAINERS}")
    values = containers + 1 + size - len(text.translate(None, b","))
    if values > MAX_VALUES:
        raise _too_large(f"{values} or more JSON values; the limit is {MAX_VALUES}")
    if _depth(text) > MAX_DEPTH:
        raise _too_large(f"JSON nested deeper than {MAX_DEPTH} levels")


def _depth(text: bytes) -> int:
    """How deep objects and arrays nest outside strings, counted up to MAX_DEPTH + 1."""
    # Escaped backslashes, then escaped quotes, go first, so every quote left opens or closes
    # a string; then only quotes and brackets are kept. Adjacent quotes enclose nothing
    # outside a string and go in one C pass; the few strings left (those holding brackets)
    # go with one regex; what remains is the bracket structure itself, peeled one level of
    # innermost pairs per pass.
    if b"\\" in text:
        text = text.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = text.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in skeleton:
        skeleton = _STRING.sub(b"", skeleton)
    depth = 0
    while skeleton:
        if depth == MAX_DEPTH:
            return depth + 1
        shorter = _EMPTY_PAIR.sub(b"", skeleton)
        if len(shorter) == len(skeleton):
            return depth  # unbalanced brackets: the parser refuses them next
        skeleton = shorter
        depth += 1
    return depth


def check_shape(kind: str, payload: dict[str, Any]) -> None:
    """The parsed payload against its kind's keys and caps (see module docstring)."""
    allowed = PAYLOAD_KEYS.get(kind)
    if allowed is None:
        raise PacketRejected(RejectCode.corrupt, f"no payload shape for kind {kind!r}")
    unknown = payload.keys() - allowed
    if unknown and kind not in OPEN_KINDS:
        raise PacketRejected(RejectCode.corrupt, f"unknown payload key {_name(unknown)}")
    name, cap = ITEMS[kind]
    items = payload.get(name)
    if isinstance(items, list) and len(items) > cap:
        raise _too_large(f"{len(items)} {name}; the limit is {cap}")
    for key, value in payload.items():
        if key != name or not isinstance(value, list):
            _check_value(value)
    if not isinstance(items, list):
        return  # the importer refuses a missing or malformed list with its own reason
    item_keys = ITEM_KEYS[kind]
    for item in items:
        if type(item) is not dict:
            continue  # the importer names what is wrong with it
        if not item.keys() <= item_keys:
            raise PacketRejected(RejectCode.corrupt, f"unknown key "
                                 f"{_name(item.keys() - item_keys)} in one of the {name}")
        for value in item.values():
            if type(value) is str:
                if len(value) > MAX_STRING_CHARS:
                    raise _too_large(f"a text of {len(value)} characters; the limit is "
                                     f"{MAX_STRING_CHARS}")
            elif type(value) in (dict, list):
                _check_value(value)


def _check_value(value: Any) -> None:
    """Strings and keys within their caps at any depth (the depth itself `scan` bounded)."""
    if type(value) is str:
        if len(value) > MAX_STRING_CHARS:
            raise _too_large(f"a text of {len(value)} characters; the limit is "
                             f"{MAX_STRING_CHARS}")
    elif type(value) is list:
        for v in value:
            _check_value(v)
    elif type(value) is dict:
        for k, v in value.items():
            if len(k) > MAX_KEY_CHARS:
                raise _too_large(f"a key of {len(k)} characters; the limit is "
                                 f"{MAX_KEY_CHARS}")
            _check_value(v)


def _name(keys: Any) -> str:
    return repr(sorted(str(k) for k in keys)[0])[:80]

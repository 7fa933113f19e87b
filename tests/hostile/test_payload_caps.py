"""Caps on the decrypted payload, checked before objects are built (`envelope_caps.scan`) and
on the parsed shape (`check_shape`): a JSON object bomb is refused within a small, fixed
memory, and the scanner's view of nesting is exact whatever the strings hold."""

from __future__ import annotations

import json
import tracemalloc
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tafapp.sync import envelope_caps as packet_caps
from tafapp.sync import envelope_format as packet_format
from tafapp.sync.envelope import _decode_payload
from tafapp.sync.envelope_format import PacketRejected, RejectCode

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from(
        list('ab[]{}"\\,:\n') + ["é", "\x00"])),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
        st.text(alphabet=st.sampled_from(list('k[]{}"\\')), max_size=4), kids, max_size=3),
    max_leaves=30)


def _true_depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_true_depth(v) for v in value.values()), default=0)
    return 0


def _true_containers(value: Any) -> int:
    if isinstance(value, list):
        return 1 + sum(_true_containers(v) for v in value)
    if isinstance(value, dict):
        return 1 + sum(_true_containers(v) for v in value.values())
    return 0


@settings(max_examples=400, deadline=None)
@given(JSON, st.booleans())
def test_scanned_depth_is_the_true_depth(value: Any, ascii_only: bool) -> None:
    """Brackets, quotes and backslashes inside strings never fool the scanner."""
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    depth = packet_caps._depth(text)
    assert depth == min(_true_depth(value), packet_format.MAX_DEPTH + 1)
    containers = len(text) - len(text.translate(None, b"{["))
    assert containers >= _true_containers(value)


def _decode(text: bytes, kind: str = "changes") -> dict[str, Any]:
    return _decode_payload(zlib.compress(text, 9), kind)


def _refused(text: bytes, kind: str = "changes") -> RejectCode:
    with pytest.raises(PacketRejected) as info:
        _decode(text, kind)
    return info.value.code


def test_the_issues_object_bomb_is_refused_in_little_memory() -> None:
    """129 KB of zlib that inflates to 128 MiB of `{},`: refused at the inflate cap; one that
    fits the byte cap (just under it, 8 million objects) is refused by the scan. Neither builds the
    objects (each would take some 3.5 GB as Python dicts)."""
    issue = b'{"ops":[' + b"{}," * (128 * 2**20 // 3 - 4) + b"{}]}"
    small = b'{"ops":[' + b"{}," * ((packet_format.MAX_PAYLOAD_BYTES - 16) // 3) + b"{}]}"
    for text, cap in ((issue, "inflates"), (small, "objects")):
        body = zlib.compress(text, 9)
        assert len(body) < 200_000
        tracemalloc.start()
        try:
            with pytest.raises(PacketRejected) as info:
                _decode_payload(body, "changes")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert info.value.code == RejectCode.too_large, cap
        assert peak < 3 * packet_format.MAX_PAYLOAD_BYTES, (cap, peak)


@pytest.mark.parametrize(("text", "why"), [
    (b'{"ops":[' + b"0," * 1_000_001 + b"0]}", "values"),
    (b'{"ops":[' + b"[]," * 160_001 + b"[]]}", "objects and arrays"),
    (b'{"ops":[[[[[[[[[]]]]]]]]]}', "nested"),
    (b'{"ops":[{"value":"' + b"x" * 65_537 + b'"}]}', "text"),
    (b'{"ops":[{"value":{"' + b"k" * 65 + b'":1}}]}', "key"),
    (b'{"ops":[' + b'{"op_id":"x"},' * 50_000 + b'{"op_id":"x"}]}', "ops"),
])
def test_each_cap(text: bytes, why: str) -> None:
    with pytest.raises(PacketRejected) as info:
        _decode(text)
    assert info.value.code == RejectCode.too_large and why in info.value.detail, info.value


@pytest.mark.parametrize(("kind", "text"), [
    ("changes", b'{"ops":[],"rows":[]}'),
    ("changes", b'{"ops":[{"op_id":"x","author":"someone else"}]}'),
    ("receipt", b'{"acked":[],"rows":[{"entity":"family","id":"x","owner":"me"}]}'),
])
def test_unknown_keys_are_refused(kind: str, text: bytes) -> None:
    assert _refused(text, kind) == RejectCode.corrupt


def test_strings_with_brackets_and_quotes_pass() -> None:
    note = '[[[[[[[[[[ {{{{ "quoted \\" \\\\" ]]]] ' * 100
    payload = {"device_id": "d", "ack_floor": None, "ops": [
        {"op_id": "x", "value": note}, {"op_id": "y", "value": [note, {"k": [note]}]}]}
    assert _decode(json.dumps(payload).encode()) == payload


def test_the_largest_shape_the_caps_allow_passes() -> None:
    """MAX_OPS ops of eight keys, each a full op as capture writes it."""
    op = {"op_id": "0" * 36, "entity": "family", "row_id": "1" * 36, "field": "address",
          "value": "1 Mill Lane", "base_hlc": None, "hlc": "2" * 60, "device_id": "3" * 32}
    payload = {"device_id": "3" * 32, "ack_floor": None,
               "ops": [op] * packet_format.MAX_OPS}
    assert len(_decode(json.dumps(payload).encode())["ops"]) == packet_format.MAX_OPS

"""Signed but malformed payloads (a buggy or compromised device): every op is checked before
anything is written, and a refused packet leaves the hub's content identical. (A well-formed op
with a value the services would refuse is held, not refused: tests/sync_merge/test_held.py.)"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.sync_merge.harness import Packet, content_dump, deliver, export, sqlite_store
from tests.sync_merge.world import seed_family


def _tamper(p: Packet, change: Callable[[dict[str, Any]], None]) -> Packet:
    payload = p.payload()
    change(payload)
    body = json.dumps(payload, sort_keys=True)
    return Packet(uuid.uuid4().hex, p.device_id, p.sequence, hashlib.sha256(body.encode())
                  .hexdigest(), body, len(payload.get("ops") or []))


def _op(i: int, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        payload["ops"][i].update(changes)
    return change


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "other_device": _op(0, device_id="someone-else"),
    "unknown_entity": _op(0, entity="secret_table"),
    "unknown_field": _op(0, field="versions"),
    "bad_hlc": _op(0, hlc="yesterday"),
    "hlc_of_other_device": _op(0, hlc="001764000000000.000000.other"),
    "bad_op_id": _op(0, op_id="1; DROP TABLE family"),
    "bad_row_id": _op(0, row_id="not-a-uuid"),
    "ops_not_list": lambda p: p.update(ops="everything"),
    "op_not_dict": lambda p: p["ops"].append(42),
    "missing_creation": lambda p: p.update(ops=p["ops"][1:]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_payload_is_refused(tmp_path: Path, case: str) -> None:
    hub = sqlite_store(tmp_path / "hub", "hub")
    dev = sqlite_store(tmp_path / "dev", "practitioner")
    try:
        seed_family(dev)
        good = export(dev)
        before = content_dump(hub)
        result = deliver(hub, _tamper(good, CASES[case]))
        assert result.status == "rejected" and result.reason in {
            "corrupt", "needs_earlier_packet", "device_mismatch"}, result
        assert content_dump(hub) == before
        assert deliver(hub, good).status == "applied"  # the real packet still goes in
    finally:
        hub.close()
        dev.close()

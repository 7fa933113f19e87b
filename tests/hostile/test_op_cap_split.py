"""A device with more pending ops than a packet may carry sends the oldest, never cutting
through one row's ops, and the rest after the receipt: an honest laptop is never stuck behind
the op cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from tafapp.sync import outgoing
from tests.sync_merge.harness import deliver, export, receipt, record_state, sqlite_store
from tests.sync_merge.world import seed_family


@pytest.mark.parametrize("cap", [20, 23, 30])  # at least one whole family row (19 ops)
def test_pending_ops_over_the_cap_go_in_turns(tmp_path: Path, cap: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    hub = sqlite_store(tmp_path / "hub", "hub")
    dev = sqlite_store(tmp_path / "dev", "practitioner")
    try:
        seed_family(dev, actions=3)
        with dev.read() as s:
            total = len(outgoing.gather_changes(s).payload["ops"])
        monkeypatch.setattr(outgoing, "MAX_OPS", cap)
        sent = 0
        for _turn in range(total):
            p = export(dev)
            if p.op_count == 0:
                break
            assert p.op_count <= cap
            rows = {(o["entity"], o["row_id"]) for o in p.payload()["ops"]}
            result = deliver(hub, p)
            assert result.status == "applied", (result, rows)
            sent += p.op_count
            receipt(hub, dev)
        assert sent == total
        monkeypatch.setattr(outgoing, "MAX_OPS", 10**6)
        with dev.read() as s:
            assert outgoing.gather_changes(s).op_count == 0
        assert {k: v for k, v in record_state(hub).items() if k != "conflicts"} == \
            {k: v for k, v in record_state(dev).items() if k != "conflicts"}
    finally:
        hub.close()
        dev.close()

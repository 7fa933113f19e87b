"""Two coordinators import different (overlapping, cumulative) packets into one PostgreSQL hub
at the same moment, through two engines: no op is applied twice and none is lost."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tafapp.models import Action, AppliedOp
from tafapp.storage.store import open_url
from tafapp.sync import packets
from tests.sync_merge.world import seed_family, world


@pytest.mark.postgres
def test_two_coordinators_at_once(tmp_path: Path, pg_url: str) -> None:
    with world(tmp_path, pg_url, devices=3) as w:
        files: list[Path] = []
        for i, dev in enumerate(w.devices):
            seed_family(dev, f"Family{i}", actions=40)
            files.append(tmp_path / f"d{i}a.tafpacket")
            packets.export_changes(dev, files[-1])
            with dev.begin() as s:
                for a in s.scalars(select(Action)):
                    a.evidence = f"seen by {i}"
            files.append(tmp_path / f"d{i}b.tafpacket")  # cumulative: repeats the first's ops
            packets.export_changes(dev, files[-1])
        sent = {i for dev in w.devices for i in _outbox(dev)}
        second = open_url(pg_url)
        try:
            barrier = threading.Barrier(2)
            results: dict[str, list[dict[str, Any]]] = {}

            def run(name: str, store: Any, batch: list[Path]) -> None:
                barrier.wait()
                results[name] = packets.import_files(store, batch)

            threads = [threading.Thread(target=run, args=("one", w.hub, files[0::2])),
                       threading.Thread(target=run, args=("two", second, files[1::2]))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
        finally:
            second.close()
        every = results["one"] + results["two"]
        assert all(r["status"] == "applied" for r in every), every
        with w.hub.read() as s:
            ids = [str(i) for i in s.scalars(select(AppliedOp.op_id))]
            assert len(ids) == len(set(ids)) == len(sent)
            assert set(ids) == sent
            total = sum(r["ops_applied"] + r["ops_noop"] + r["ops_conflicted"] for r in every)
            assert total == len(sent)
            assert s.scalar(select(func.count()).select_from(Action).where(
                Action.evidence.like("seen by %"))) == 120


def _outbox(dev: Any) -> list[str]:
    from tafapp.models import OutboxOp

    with dev.read() as s:
        return [str(i) for i in s.scalars(select(OutboxOp.op_id))]


"""Convergence (hypothesis, stateful): three practitioners edit offline through the services
and the ORM, export cumulative packets, receive receipts; packets are duplicated, reordered and
dropped then re-sent. Every delivery order of the same packets ends in the same hub state, and
ops sent = applied + no-op + conflicted."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from tafapp.models import Action, CaseNote, Family
from tafapp.services import directory, families, plans
from tafapp.storage.store import Store
from tafapp.sync import receipts
from tests.sync_merge.harness import (
    Packet,
    counts,
    deliver,
    export,
    receipt,
    record_state,
    sqlite_store,
)

WORDS = st.sampled_from(["Mum", "Dad", "Gran", "School", "Health visitor", ""])
N_DEV = 3


def _comparable(state: dict[str, Any]) -> dict[str, Any]:
    """Which packet first carried a value depends on arrival order by nature; drop it."""
    out = dict(state)
    out["conflicts"] = [
        (*c[:4], json.dumps([{k: v for k, v in d.items() if k != "packet_id"}
                             for d in json.loads(c[4])], sort_keys=True), c[5])
        for c in state["conflicts"]]
    return out


def _deliver_all(hub: Store, order: list[Packet]) -> int:
    """Deliver in the given order; a packet refused because it builds on one not yet here is
    re-sent after the others, until nothing more can be applied. Returns the ops counted as
    applied + no-op + conflicted + duplicate over the deliveries that were accepted."""
    queue = list(order)
    total = 0
    while queue:
        left = []
        for p in queue:
            r = deliver(hub, p)
            if r.status == "rejected":
                assert r.reason == "needs_earlier_packet", r
                left.append(p)
                continue
            total += r.ops_applied + r.ops_noop + r.ops_conflicted + r.ops_duplicate
        if len(left) == len(queue):
            raise AssertionError(f"{len(left)} packets could never be applied")
        queue = left
    return total


class SyncWorld(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="tafapp-conv-"))
        self.hub = sqlite_store(self.tmp / "hub", "hub")
        self.devs = [sqlite_store(self.tmp / f"d{i}", "practitioner", device_id=f"dev{i}")
                     for i in range(N_DEV)]
        self.sent: list[Packet] = []
        self.undelivered: list[Packet] = []
        self.rng = random.Random(0)

    @initialize(seed=st.integers(0, 2**32 - 1))
    def seed(self, seed: int) -> None:
        self.rng = random.Random(seed)
        with self.devs[0].begin() as s:
            ag = directory.add_agency(s, "Riverside Primary", "school")
            fam = families.open_family(s, "Hughes", opened_on=date(2026, 9, 1))
            plans.add_action(s, fam.id, "Attend course", owner_agency_id=ag.id)
            plans.add_action(s, fam.id, "Walk to school", owner_agency_id=ag.id)
        assert deliver(self.hub, self._export(0)).status == "applied"
        with self.hub.begin() as s:
            for dev in self.devs[1:]:
                receipts.share(s, fam.id, dev.device_id)
        for dev in self.devs:
            receipt(self.hub, dev)

    def _export(self, d: int) -> Packet:
        p = export(self.devs[d])
        self.sent.append(p)
        return p

    def _live(self, dev: Store, model: type) -> list[uuid.UUID]:
        with dev.read() as s:
            return list(s.scalars(select(model.id).where(  # type: ignore[attr-defined]
                model.deleted_hlc.is_(None)).order_by(model.id)))  # type: ignore[attr-defined]

    @rule(d=st.integers(0, N_DEV - 1), name=st.sampled_from(["Okafor", "Nowak", "Singh"]))
    def open_family(self, d: int, name: str) -> None:
        with self.devs[d].begin() as s:
            ag = directory.add_agency(s, f"{name} Nursery", "early_years")
            fam = families.open_family(s, name, opened_on=date(2026, 9, 2))
            plans.add_action(s, fam.id, "Home visit", owner_agency_id=ag.id)

    @rule(d=st.integers(0, N_DEV - 1), pick=st.integers(0, 50),
          field=st.sampled_from(["owner_name", "evidence"]), value=WORDS)
    def edit_action(self, d: int, pick: int, field: str, value: str) -> None:
        ids = self._live(self.devs[d], Action)
        if ids:
            with self.devs[d].begin() as s:
                setattr(s.get(Action, ids[pick % len(ids)]), field, value)

    @rule(d=st.integers(0, N_DEV - 1), pick=st.integers(0, 50),
          value=st.sampled_from(["1 High St", "2 Low Rd", "Flat 3"]))
    def edit_family(self, d: int, pick: int, value: str) -> None:
        ids = self._live(self.devs[d], Family)
        if ids:
            with self.devs[d].begin() as s:
                families.update_family(s, ids[pick % len(ids)], address=value)

    @rule(d=st.integers(0, N_DEV - 1), pick=st.integers(0, 50))
    def remove_action(self, d: int, pick: int) -> None:
        ids = self._live(self.devs[d], Action)
        if len(ids) > 1:
            with self.devs[d].begin() as s:
                plans.remove_action(s, ids[pick % len(ids)])

    @rule(d=st.integers(0, N_DEV - 1), pick=st.integers(0, 50), text=WORDS)
    def add_note(self, d: int, pick: int, text: str) -> None:
        ids = self._live(self.devs[d], Family)
        if ids:
            with self.devs[d].begin() as s:
                s.add(CaseNote(family_id=ids[pick % len(ids)], written_on=date(2026, 9, 5),
                               text=text or "seen"))

    @rule(d=st.integers(0, N_DEV - 1), fate=st.sampled_from(["deliver", "drop", "twice"]))
    def export_packet(self, d: int, fate: str) -> None:
        self._send(self._export(d), fate)

    def _send(self, p: Packet, fate: str) -> None:
        if fate == "drop":
            self.undelivered.append(p)
            return
        for _ in range(2 if fate == "twice" else 1):
            r = deliver(self.hub, p)
            if r.status == "rejected":
                self.undelivered.append(p)
                break

    @rule(fates=st.lists(st.sampled_from(["deliver", "drop", "twice"]), min_size=N_DEV,
                         max_size=N_DEV),
          back=st.lists(st.booleans(), min_size=N_DEV, max_size=N_DEV))
    def sync_round(self, fates: list[str], back: list[bool]) -> None:
        """Everyone sends; some packets are lost; some devices get their receipt."""
        for d, fate in enumerate(fates):
            self._send(self._export(d), fate)
        for d, yes in enumerate(back):
            if yes:
                receipt(self.hub, self.devs[d])

    @rule()
    def resend_dropped(self) -> None:
        pending, self.undelivered = self.undelivered, []
        self.rng.shuffle(pending)
        for p in pending:
            if deliver(self.hub, p).status == "rejected":
                self.undelivered.append(p)

    @rule(d=st.integers(0, N_DEV - 1))
    def get_receipt(self, d: int) -> None:
        receipt(self.hub, self.devs[d])

    @rule(d=st.integers(0, N_DEV - 1), pick=st.integers(0, 50))
    def share(self, d: int, pick: int) -> None:
        ids = self._live(self.hub, Family)
        if ids:
            with self.hub.begin() as s:
                receipts.share(s, ids[pick % len(ids)], self.devs[d].device_id)

    @invariant()
    def ops_add_up(self) -> None:
        c = counts(self.hub)
        with self.hub.read() as s:
            from tafapp.models import AppliedOp

            distinct = len(s.scalars(select(AppliedOp.op_id)).all())
        assert c["applied"] + c["noop"] + c["conflicted"] == distinct

    def teardown(self) -> None:
        try:
            _deliver_all(self.hub, self.undelivered)
            reference = _comparable(record_state(self.hub))
            sent_ops = {o["op_id"] for p in self.sent for o in p.payload()["ops"]}
            c = counts(self.hub)
            assert c["applied"] + c["noop"] + c["conflicted"] == len(sent_ops)
            for k in range(2):
                order = [p for p in self.sent for _ in range(self.rng.choice([1, 1, 2]))]
                self.rng.shuffle(order)
                other = sqlite_store(self.tmp / f"replay{k}", "hub")
                try:
                    counted = _deliver_all(other, order)
                    assert _comparable(record_state(other)) == reference
                    oc = counts(other)
                    assert oc["applied"] + oc["noop"] + oc["conflicted"] == len(sent_ops)
                    assert counted == sum(p.op_count for p in order)
                finally:
                    other.close()
        finally:
            for st_ in (self.hub, *self.devs):
                st_.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


# Each example builds six stores; TAFAPP_CONVERGENCE_EXAMPLES=200 runs a long soak.
SyncWorld.TestCase.settings = settings(
    max_examples=int(os.environ.get("TAFAPP_CONVERGENCE_EXAMPLES", "6")),
    stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestConvergence = SyncWorld.TestCase

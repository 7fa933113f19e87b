"""The hostile-packet suite: hypothesis-generated, validly signed packets from a registered
device (random entities, fields, values and clocks; families held and not held; batches
mixing good and bad), imported into SQLite and PostgreSQL hubs. At least 2,000 packets a run
(`SQLITE_PACKETS` + `PG_PACKETS`; the report summary's upkeep is left out of these two hubs,
see `world.without_summary_upkeep`); `bench/hostile_bench.py` runs the same for longer.

What must hold for every file is in `tests.hostile.checks`; authorisation per op and the
clock bound have their own tests at the end.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.hostile.checks import Sent, Tally, fingerprint, run_batch
from tests.hostile.strategies import BATCH, Plan, materialise
from tests.hostile.world import HostileWorld, hostile_world

SQLITE_PACKETS = 1_350
PG_PACKETS = 650


def attack(w: HostileWorld, examples: int, seed: int) -> Tally:
    """Run `examples` hypothesis batches against `w.hub`; the hub's state carries over from
    one batch to the next, as it would under a device that keeps trying."""
    tally = Tally()
    counter = itertools.count()

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(BATCH)
    def one_batch(batch: list[list[Plan]]) -> None:
        sent = []
        for plans in batch:
            n = next(counter)
            made = materialise(plans, w.forge, w.held, w.not_held, n + seed)
            sent.append(Sent(plans, made, w.forge.write(made.payload, f"p{n}")))
        run_batch(w.hub, sent, tally)

    one_batch()
    return tally


def _enough(make_world: Callable[[], HostileWorld], target: int) -> Tally:
    """Batches until at least `target` packets went through (examples average 3.5 files)."""
    tally = Tally()
    w = make_world()
    seed = 0
    while tally.packets < target:
        t = attack(w, max(10, (target - tally.packets) // 3), seed)
        tally.packets += t.packets
        for k, v in t.by_status.items():
            tally.by_status[k] = tally.by_status.get(k, 0) + v
        for k, v in t.by_reason.items():
            tally.by_reason[k] = tally.by_reason.get(k, 0) + v
        seed += 1_000_000
    return tally


def test_hostile_packets_sqlite_hub(tmp_path: Path) -> None:
    with hostile_world(tmp_path, summary=False) as w:
        tally = _enough(lambda: w, SQLITE_PACKETS)
    assert tally.packets >= SQLITE_PACKETS
    # The generator reaches both sides: packets applied and packets refused.
    assert tally.by_status.get("applied", 0) > SQLITE_PACKETS // 10, tally
    assert tally.by_status.get("rejected", 0) > SQLITE_PACKETS // 10, tally


@pytest.mark.postgres
def test_hostile_packets_postgresql_hub(tmp_path: Path, pg_url: str) -> None:
    with hostile_world(tmp_path, pg_url, summary=False) as w:
        tally = _enough(lambda: w, PG_PACKETS)
    assert tally.packets >= PG_PACKETS
    assert tally.by_status.get("applied", 0) > PG_PACKETS // 10, tally
    assert tally.by_reason.get("database_refused", 0) + tally.by_reason.get(
        "invalid_value", 0) + tally.by_reason.get("corrupt", 0) > 0, tally


# -- authorisation per op and the clock bound ------------------------------------------------


def _one(w: HostileWorld, plans: list[Plan]) -> tuple[dict[str, object], bool]:
    made = materialise(plans, w.forge, w.held, w.not_held, 7)
    before = fingerprint(w.hub)
    [result] = run_batch(w.hub, [Sent(plans, made, w.forge.write(made.payload))], Tally())
    return result, fingerprint(w.hub) != before


def test_an_edit_to_a_family_not_held_changes_nothing(tmp_path: Path) -> None:
    from tafapp.models import Family

    with hostile_world(tmp_path) as w:
        with w.hub.read() as s:
            name = s.get(Family, uuid.UUID(w.not_held[1])).household_name
        _one(w, [Plan("not_held", "not_held", "household_name")])
        with w.hub.read() as s:
            assert s.get(Family, uuid.UUID(w.not_held[1])).household_name == name


def test_a_clock_far_ahead_is_not_applied(tmp_path: Path) -> None:
    """An op stamped in the year 33658 must not win (it would beat every later edit)."""
    from tafapp.models import Family

    with hostile_world(tmp_path) as w:
        _one(w, [Plan("clock", "held", "address", extra=("wall", (10**15 - 1, 5)))])
        with w.hub.read() as s:
            family = s.get(Family, uuid.UUID(w.held[7 % len(w.held)]))
            assert family.address != "clocked 7"

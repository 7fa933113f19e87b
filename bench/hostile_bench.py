"""The hostile-packet suite at length (issue 11: >= 20,000 packets), beside `make test`'s
2,000: the same generator and the same checks (`tests.hostile`), more batches, other seeds.

    python bench/hostile_bench.py [--packets 20000] [--pg] [--seed S]

Validly signed packets from a registered device (random entities, fields, values and clocks;
families held and not held; batches of 1-6 files mixing good and bad) go through
`packets.import_files` into a plain SQLite hub (and, with --pg, a PostgreSQL one that gets a
third of the packets: the server of TAFAPP_TEST_PG_URL, or a throwaway cluster as the tests
start one). After every file: no exception escaped, every file has a
status and a sentence, a refused file changed no table, every good op of an applied file is
recorded. As in the tests, the report summary's upkeep is left out of the hubs
(`tests.hostile.world.without_summary_upkeep`). A failure stops the run with hypothesis's
minimal example. Prints packets, time, statuses and reasons.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(hub_url: str | None, target: int, seed: int) -> tuple[int, float, dict[str, int],
                                                             dict[str, int]]:
    from tests.hostile.test_hostile_packets import attack
    from tests.hostile.world import hostile_world

    statuses: dict[str, int] = {}
    reasons: dict[str, int] = {}
    packets = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tafapp-hostile-") as tmp, \
            hostile_world(Path(tmp), hub_url, summary=False) as w:
        while packets < target:
            tally = attack(w, min(300, max(10, (target - packets) // 3)), seed)
            seed += 1_000_003
            packets += tally.packets
            for k, v in tally.by_status.items():
                statuses[k] = statuses.get(k, 0) + v
            for k, v in tally.by_reason.items():
                reasons[k] = reasons.get(k, 0) + v
            print(f"  {packets:,} packets, {time.perf_counter() - t0:.0f} s", flush=True)
    return packets, time.perf_counter() - t0, statuses, reasons


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packets", type=int, default=20_000)
    ap.add_argument("--pg", action="store_true", help="also attack a PostgreSQL hub")
    ap.add_argument("--seed", type=int, default=20261204)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    share = args.packets // 3 if args.pg else 0
    report("sqlite", *run(None, args.packets - share, args.seed))
    if args.pg:
        from tests import pgserver

        with pgserver.server() as server:
            if server is None:
                raise SystemExit("no PostgreSQL server: install postgresql or set "
                                 "TAFAPP_TEST_PG_URL")
            with pgserver.fresh_database(server) as url:
                report("postgresql", *run(url, share, args.seed + 7))
    return 0


def report(name: str, packets: int, seconds: float, statuses: dict[str, int],
           reasons: dict[str, int]) -> None:
    load = os.getloadavg()
    print(f"{name}: {packets:,} packets in {seconds:.0f} s ({packets / seconds:.1f}/s), "
          f"0 unhandled exceptions, every check held; load {load[0]:.1f} {load[1]:.1f}")
    print(f"  statuses {dict(sorted(statuses.items()))}")
    print(f"  reasons  {dict(sorted(reasons.items()))}")


if __name__ == "__main__":
    raise SystemExit(main())

"""Crash during import: kill the importing process at random moments; the hub must hold the
whole packet or none of it.

    python bench/crash_import.py [--trials 50] [--ops 4000] [--seed S]

A pristine encrypted hub profile (device registered) and a real `.tafpacket` of about --ops ops
are made once. Each trial copies the hub, starts a child process that opens it and imports the
packet, waits until the child says it is about to import, sleeps a random time within the
import's measured duration (plus a margin either side), and SIGKILLs it. The parent then opens
the hub (integrity check included) and classifies it: "none" (content identical to the
pristine hub), "whole" (the packet logged, every op recorded, every row present) or
"PARTIAL" (anything else — a failure). Exit status 1 if any trial is partial.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_bench import PASS, setup  # noqa: E402


def child(hub_dir: str, packet: str) -> int:
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.sync import packets

    hub = open_profile(Profile(Path(hub_dir)), PASS)
    print("ready", flush=True)
    result = packets.import_file(hub, packet)
    hub.close()
    print(result.status, flush=True)
    return 0 if result.status == "applied" else 1


def _dump(hub_dir: Path) -> dict[str, list[tuple[str, ...]]]:
    from sqlalchemy import text

    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile

    out: dict[str, list[tuple[str, ...]]] = {}
    with open_profile(Profile(hub_dir), PASS) as st, st.read() as s:
        names = st.engine.dialect.get_table_names(s.connection())
        for name in sorted(names):
            rows = s.execute(text(f'SELECT * FROM "{name}"')).all()
            out[name] = sorted(tuple(map(repr, r)) for r in rows)
    return out


def classify(hub_dir: Path, pristine: dict[str, list[tuple[str, ...]]], ops: int,
             rows: int) -> str:
    after = _dump(hub_dir)
    if after == pristine:
        return "none"
    logged = len(after.get("packet_log", [])) == 1
    applied = len(after.get("applied_op", [])) == ops
    made = len(after.get("family", [])) + len(after.get("action", [])) == rows
    return "whole" if logged and applied and made else "PARTIAL"


def run_trials(trials: int, ops: int, seed: int, verbose: bool = True) -> dict[str, int]:
    rng = random.Random(seed)
    tally = {"none": 0, "whole": 0, "PARTIAL": 0}
    with tempfile.TemporaryDirectory(prefix="tafapp-crash-") as tmp_s:
        tmp = Path(tmp_s)
        pristine_dir, packet, n_ops, rows = setup(tmp, ops)
        rows -= 1  # the agency row is not counted by `classify`
        pristine = _dump(pristine_dir)
        duration = _calibrate(tmp, pristine_dir, packet, pristine, n_ops, rows)
        for i in range(trials):
            work = tmp / f"trial{i}"
            shutil.copytree(pristine_dir, work)
            proc = subprocess.Popen([sys.executable, __file__, "--child", str(work), str(packet)],
                                    stdout=subprocess.PIPE, text=True)
            assert proc.stdout is not None
            proc.stdout.readline()  # "ready": the store is open, the import starts now
            time.sleep(max(0.0, rng.uniform(-0.1, 1.2) * duration))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            outcome = classify(work, pristine, n_ops, rows)
            tally[outcome] += 1
            if verbose:
                print(f"trial {i + 1:3d}: {outcome}", flush=True)
            shutil.rmtree(work)
    return tally


def _calibrate(tmp: Path, pristine_dir: Path, packet: Path,
               pristine: dict[str, list[tuple[str, ...]]], ops: int, rows: int) -> float:
    """Time one uninterrupted import, and check that it counts as "whole"."""
    work = tmp / "calibrate"
    shutil.copytree(pristine_dir, work)
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(work), str(packet)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.readline()
    t0 = time.perf_counter()
    proc.wait()
    elapsed = time.perf_counter() - t0
    if classify(work, pristine, ops, rows) != "whole":
        raise SystemExit("an uninterrupted import did not leave the whole packet")
    shutil.rmtree(work)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--ops", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--child", nargs=2, metavar=("HUB", "PACKET"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(*args.child)
    tally = run_trials(args.trials, args.ops, args.seed)
    print(f"{args.trials} kills (seed {args.seed}): {tally['none']} left nothing, "
          f"{tally['whole']} left the whole packet, {tally['PARTIAL']} partial")
    return 1 if tally["PARTIAL"] else 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())

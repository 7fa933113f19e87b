"""Packet import throughput at the hub (DESIGN section 8: >= 50,000 ops/s), beside its floor.

    python bench/import_bench.py [--ops 10000] [--runs 7] [--out docs/bench-sync.md]

A practitioner store makes a realistic changes packet (families with their actions, every
field an op, as capture makes them) of about --ops ops; it is written once as a real
`.tafpacket` (signed, encrypted to the hub). Each run copies a pristine encrypted hub profile
(device registered, keys made) and times `packets.import_file` end to end: read, decrypt,
verify, parse, merge, write, commit. The floor, measured in the same run, is Python's sqlite3
`executemany` inserting the same number of rows (one per op, the op's columns) into a plain
SQLite file in one transaction. Opening the profile (its deliberate Argon2id cost) is not
timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_OPS_S = 50_000
PASS = "bench passphrase, not a secret"


def fast_kdf() -> Any:
    from tafapp.storage.vault import KdfParams

    return KdfParams(memory_kib=8192, iterations=1, lanes=1)


def fill_practitioner(st: Any, n_ops: int) -> int:
    """Families and actions through capture's bulk path until about n_ops ops are queued."""
    from tafapp.models import Action, Agency, Family
    from tafapp.storage import capture
    from tafapp.sync.rows import fields_of

    per_family = len(fields_of("family")) + 4 * len(fields_of("action"))
    families = max(1, n_ops // per_family)
    with st.begin() as s:
        ag = Agency(name="Riverside Primary", sector="school")
        s.add(ag)
        s.flush()
        fam_rows = [{"reference": f"TAF-2026-B-{i:05d}", "household_name": f"Family {i}",
                     "postcode": "TS18 1AB", "opened_on": date(2026, 9, 1)}
                    for i in range(families)]
        capture.bulk_insert(s, Family, fam_rows)
        from sqlalchemy import select

        ids = list(s.scalars(select(Family.id)))
        capture.bulk_insert(s, Action, [
            {"family_id": fid, "description": f"Action {k} for the family",
             "owner_agency_id": ag.id, "due_on": date(2026, 10, 1 + k)}
            for fid in ids for k in range(4)])
        return capture.pending_count(s)


def setup(tmp: Path, n_ops: int) -> tuple[Path, Path, int, int]:
    """(pristine hub profile folder, packet file, ops in it, rows it makes)."""
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.sync import identity, packets, registry

    hub = create_profile(Profile(tmp / "hub"), "hub", PASS, fast_kdf())
    dev = create_profile(Profile(tmp / "dev"), "practitioner", PASS, fast_kdf())
    with hub.begin() as s:
        identity.ensure_keys(s, "hub")
    with dev.begin() as s:
        identity.ensure_keys(s, "practitioner")
    with dev.read() as s:
        dev_ident = identity.public_identity(s)
    with hub.read() as s:
        hub_ident = identity.public_identity(s)
    with hub.begin() as s:
        registry.add_device(s, {**dev_ident, "name": "bench laptop"})
    with dev.begin() as s:
        registry.enrol_hub(s, {**hub_ident, "name": "bench hub"})
    ops = fill_practitioner(dev, n_ops)
    from sqlalchemy import func, select

    from tafapp.models import OutboxOp

    with dev.read() as s:
        rows = s.scalar(select(func.count(func.distinct(OutboxOp.row_id)))) or 0
    packet = tmp / "bench.tafpacket"
    packets.export_changes(dev, packet)
    hub.close()
    dev.close()
    return tmp / "hub", packet, ops, rows


def time_import(pristine: Path, packet: Path, work: Path) -> float:
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.sync import packets

    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    hub = open_profile(Profile(work), PASS)
    try:
        t0 = time.perf_counter()
        result = packets.import_file(hub, packet)
        elapsed = time.perf_counter() - t0
    finally:
        hub.close()
    if result.status != "applied":
        raise SystemExit(f"import failed: {result}")
    return elapsed


def time_floor(n: int, work: Path, *, encrypted: bool = False) -> float:
    """sqlite3 executemany of n op-shaped rows in one transaction (WAL, synchronous=FULL as
    the profile uses). `encrypted`: the same into a SQLCipher file keyed like a profile, the
    cost of merely writing the ops to an encrypted store, with nothing else done."""
    import uuid

    path = work / "floor.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rows = [(str(uuid.uuid4()), "action", str(uuid.uuid4()), "description",
             json.dumps(f"Action {i} for the family"), None,
             f"{1764000000000 + i:015d}.000000.dev", "dev") for i in range(n)]
    if encrypted:
        import sqlcipher3

        conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{'5a' * 32}'\"")
        conn.execute("PRAGMA cipher_memory_security = OFF")
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE op (op_id TEXT PRIMARY KEY, entity TEXT, row_id TEXT, "
                 "field TEXT, value TEXT, base_hlc TEXT, hlc TEXT, device_id TEXT)")
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO op VALUES (?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tafapp-bench-") as tmp_s:
        tmp = Path(tmp_s)
        pristine, packet, ops, _rows = setup(tmp, args.ops)
        times = [time_import(pristine, packet, tmp / "run") for _ in range(args.runs)]
        floors = [time_floor(ops, tmp) for _ in range(args.runs)]
        cipher = [time_floor(ops, tmp, encrypted=True) for _ in range(args.runs)]
    load = os.getloadavg()
    rate = [ops / t for t in times]
    floor_rate = [ops / t for t in floors]
    c50 = statistics.median(ops / t for t in cipher)
    p50, p95 = statistics.median(rate), pct(rate, 0.05)  # p95 of time = 5th pct of rate
    f50 = statistics.median(floor_rate)
    lines = [
        f"packet import, {ops} ops, {args.runs} runs (end to end: decrypt, verify, merge, "
        "commit on an encrypted SQLite hub)",
        f"  import   p50 {p50:,.0f} ops/s   p95 {p95:,.0f} ops/s   "
        f"(time p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {pct(times, 0.95) * 1000:.0f} ms)",
        f"  floor    sqlite3 executemany of {ops} rows: p50 {f50:,.0f} rows/s",
        f"  (same rows into a SQLCipher file: p50 {c50:,.0f} rows/s)",
        f"  ratio    floor / import = {f50 / p50:.1f}x   budget >= {BUDGET_OPS_S:,} ops/s: "
        f"{'met' if p95 >= BUDGET_OPS_S else 'NOT met'} (p95)",
        f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)",
    ]
    print("\n".join(lines))
    if args.out:
        args.out.write_text("# Sync benchmarks\n\n`python bench/import_bench.py`\n\n```\n"
                            + "\n".join(lines) + "\n```\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

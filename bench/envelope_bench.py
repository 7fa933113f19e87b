"""The `.tafpacket` envelope alone: write and open a 10,000-op changes packet.

    python bench/envelope_bench.py [--ops N] [--runs R] [--out docs/bench-envelope.md]

Shows how much of the import budget (DESIGN section 8: >= 50,000 ops/s end to end) the envelope
takes: caps, age decryption, signature check, zlib and JSON parsing. The floor is `json.loads`
of the same payload text, measured in the same run: the parse no importer can avoid.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _ops(n: int, device: str) -> list[dict[str, object]]:
    fields = ("description", "status", "due_on", "owner_agency_id", "evidence")
    out = []
    for i in range(n):
        hlc = f"{1795530265080 + i:015d}.{i % 7:06d}.{device}"
        out.append({"op_id": str(uuid.uuid4()), "entity": "action",
                    "row_id": str(uuid.UUID(int=i // 5 + 1)), "field": fields[i % 5],
                    "value": f"Walk to school together, week {i % 52}" if i % 5 == 0
                    else "in_progress", "base_hlc": None, "hlc": hlc, "device_id": device})
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tafapp.sync.envelope import open_packet, write_packet

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    device = uuid.uuid4().hex
    key, hub, escrow = (Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate(),
                        pyrage.x25519.Identity.generate())
    payload = {"device_id": device, "ack_floor": None, "ops": _ops(args.ops, device)}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    writes, opens, floors = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.tafpacket"
        for _ in range(args.runs + 1):  # the first run warms imports and caches; not counted
            t0 = time.perf_counter()
            write_packet(path, kind="changes", sender_id=device, recipient_id="hub",
                         signing_key=key, recipients=[str(hub.to_public()),
                                                      str(escrow.to_public())],
                         sequence=1, prev_hash="", payload=payload, op_count=args.ops)
            t1 = time.perf_counter()
            open_packet(path, identities=[hub], verify_key=lambda _s: key.public_key(),
                        expected_recipient_id="hub")
            t2 = time.perf_counter()
            json.loads(text)
            t3 = time.perf_counter()
            writes.append(t1 - t0)
            opens.append(t2 - t1)
            floors.append(t3 - t2)
        size = path.stat().st_size
    writes, opens, floors = writes[1:], opens[1:], floors[1:]
    n = args.ops
    lines = [
        f"envelope, {n} ops, packet {size:,} bytes ({len(text):,} bytes of JSON), "
        f"{args.runs} runs",
        f"  write    p50 {n / statistics.median(writes):,.0f} ops/s   "
        f"p95 {n / _pct(writes, 0.95):,.0f} ops/s   (time p50 {statistics.median(writes) * 1e3:.0f}"
        f" ms; includes fsync and read-back)",
        f"  open     p50 {n / statistics.median(opens):,.0f} ops/s   "
        f"p95 {n / _pct(opens, 0.95):,.0f} ops/s   (time p50 {statistics.median(opens) * 1e3:.0f}"
        " ms)",
        f"  floor    json.loads of the same payload: p50 {n / statistics.median(floors):,.0f} "
        "ops/s",
        f"  ratio    open / floor = {statistics.median(opens) / statistics.median(floors):.1f}x;"
        f" open at p95 takes {_pct(opens, 0.95) * 1e3:.0f} ms of the {n / 50:.0f} ms that "
        f"the 50,000 ops/s import budget allows for {n} ops",
    ]
    report = "\n".join(lines)
    print(report)
    if args.out is not None:
        args.out.write_text("# Envelope benchmark\n\n`python bench/envelope_bench.py`\n\n```\n"
                            f"{report}\n```\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

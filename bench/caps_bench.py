"""Peak memory of a hub import at the payload caps (issue 11, item 5: aim <= 256 MB).

    python bench/caps_bench.py [--ops N] [--skip-largest]

Three packets, each validly signed by a registered device and imported end to end
(`packets.import_file`: read, decrypt, verify, inflate, scan, parse, check, merge, commit) into
a fresh copy of an encrypted SQLite hub profile, each in its own child process:

- **largest**: what the caps allow at most: MAX_OPS ops (new families, every field an op, as
  capture makes them), with random text in two note fields sized so the payload is just under
  MAX_PAYLOAD_BYTES; random printable characters compress poorly, so the file is large too.
- **ordinary**: 10,000 ops of the same families without the padding (a large real packet).
- **bomb**: the issue's JSON object bomb, `{"ops":[{},{},…]}` inflating to just under the
  payload cap from ~40 KB of zlib.

For each, the child reports its resident set before the import (Python, tafapp and the open
store) and its peak during the import (Linux VmHWM, reset just before the import through
/proc/self/clear_refs), so the figure is what the import itself needs on top.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASS = "bench passphrase, not a secret"
BOUND_MB = 256


def _kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(hub_dir: str, packet: str) -> None:
    """Runs in a fresh process: open the hub, import one packet, print one JSON line."""
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.sync import packets

    hub = open_profile(Profile(Path(hub_dir)), PASS, check=False)
    try:
        import tafapp.sync.envelope  # noqa: F401 - loaded before the baseline is read
        before = _kb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")
        t0 = time.perf_counter()
        result = packets.import_file(hub, packet)
        elapsed = time.perf_counter() - t0
        peak = _kb("VmHWM")
    finally:
        hub.close()
    print(json.dumps({"status": result.status, "reason": result.reason,
                      "ops": result.ops_applied, "before_kb": before, "peak_kb": peak,
                      "seconds": elapsed, "file_bytes": os.path.getsize(packet)}))


def _setup(tmp: Path) -> tuple[Path, Any]:
    """A pristine hub profile and a registered device's forge (signs anything)."""
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams
    from tests.hostile.forge import Forge, Template
    from tests.sync_merge.world import keyed, link

    kdf = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    hub = keyed(create_profile(Profile(tmp / "hub"), "hub", PASS, kdf), "hub")
    dev = keyed(create_profile(Profile(tmp / "dev"), "practitioner", PASS, kdf),
                "practitioner")
    link(hub, dev)
    forge = Forge(dev, tmp / "packets", Template.from_device(dev))
    hub.close()
    return tmp / "hub", (forge, dev)


def _families(forge: Any, n_ops: int, pad: int) -> list[dict[str, Any]]:
    rnd = random.Random(11)
    # Printable ASCII but the two JSON escapes and the bytes the scan counts as structure
    # (`{`, `[`, `,`): text that compresses about as badly as JSON text can, so the file is
    # near its own cap too, yet passes the caps.
    letters = "".join(c for c in string.printable[:95] if c not in '"\\{[,')
    ops: list[dict[str, Any]] = []
    per = len(forge.template.fields)
    for _ in range(n_ops // per):
        notes = {} if not pad else {
            "closure_note": "".join(rnd.choices(letters, k=pad)),
            "confidential_notes": "".join(rnd.choices(letters, k=pad))}
        ops += forge.new_family(**notes)[1]
    return ops


def largest(forge: Any) -> Path:
    from tafapp.sync.envelope_format import MAX_OPS, MAX_PAYLOAD_BYTES, canonical_json

    bare = len(canonical_json(forge.payload(_families(forge, MAX_OPS, 0))))
    per = len(forge.template.fields)
    families = MAX_OPS // per
    pad = (MAX_PAYLOAD_BYTES - bare - 64 * 1024) // (2 * families)
    return forge.packet(_families(forge, MAX_OPS, pad), "largest")


def bomb(forge: Any) -> Path:
    import hashlib
    import zlib

    import pyrage

    from tafapp.sync.envelope import _age_recipients
    from tafapp.sync.envelope_format import (
        FORMAT_VERSION,
        MAX_PAYLOAD_BYTES,
        SIG_DOMAIN,
        Manifest,
        encode_header,
        encode_inner,
        recipient_fingerprint,
        schema_head,
    )

    text = b'{"ops":[' + b"{}," * ((MAX_PAYLOAD_BYTES - 16) // 3) + b"{}]}"
    body = zlib.compress(text, 9)
    fps = [recipient_fingerprint(r) for r in forge.recipients]
    m = Manifest(packet_id=uuid.uuid4().hex, kind="changes", sender_id=forge.device_id,
                 recipient_id=forge.hub_id, sequence=1, prev_hash="",
                 schema_version=schema_head(), format_version=FORMAT_VERSION,
                 recipient_fingerprints=tuple(fps), op_count=0,
                 payload_sha256=hashlib.sha256(body).hexdigest(),
                 created_at="2026-12-04T00:00:00Z")
    mb = m.to_bytes()
    inner = encode_inner(mb, body, forge.key.sign(SIG_DOMAIN + mb))
    path = forge.folder / "bomb.tafpacket"
    path.write_bytes(encode_header(fps) + pyrage.encrypt(inner, _age_recipients(
        forge.recipients)))
    return path


def measure(pristine: Path, packet: Path, work: Path) -> dict[str, Any]:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    out = subprocess.run([sys.executable, __file__, "--child", str(work), str(packet)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("HUB", "PACKET"), help=argparse.SUPPRESS)
    ap.add_argument("--skip-largest", action="store_true")
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    lines = []
    with tempfile.TemporaryDirectory(prefix="tafapp-caps-") as tmp_s:
        tmp = Path(tmp_s)
        pristine, (forge, dev) = _setup(tmp)
        made = {"ordinary": forge.packet(_families(forge, 10_000, 0), "ordinary"),
                "bomb": bomb(forge)}
        if not args.skip_largest:
            made["largest"] = largest(forge)
        dev.close()
        for name, packet in made.items():
            r = measure(pristine, packet, tmp / "run")
            delta = (r["peak_kb"] - r["before_kb"]) / 1024
            lines.append(
                f"{name:9} {r['status']:8} {r['reason'] or '':9} ops {r['ops']:>6,}  "
                f"file {r['file_bytes'] / 2**20:5.1f} MiB  rss before {r['before_kb'] / 1024:5.0f}"
                f" MB  peak {r['peak_kb'] / 1024:5.0f} MB  (import +{delta:4.0f} MB)  "
                f"{r['seconds']:.2f} s")
    load = os.getloadavg()
    lines.append(f"bound {BOUND_MB} MB peak; load average {load[0]:.2f} {load[1]:.2f} "
                 f"{load[2]:.2f}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

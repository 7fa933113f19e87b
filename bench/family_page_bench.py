"""Opening a family and a meeting in the desktop app (DESIGN section 8: open a family record
<= 50 ms p95), measured on the real widgets:

    python bench/family_page_bench.py [--families 10000] [--samples 200] [--store DIR]
                                      [--out docs/bench-family-meeting.md]

Each sample is `FamilyPage.load(id)` from the call to the end of filling every tab (the read,
the plan checker and the item models), and `MeetingPage.load(id)` likewise, for random
families of a `tafapp demo` store. Jobs run inline so the figure is the work itself, not the
worker thread's hand-over. The floor beside each is the same family's plain service read
(`services.records.family_record`, what `tafapp show` prints) measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET_MS = 50.0
PASSPHRASE = "bench passphrase, not secret"


def _store(folder: Path, families: int):  # type: ignore[no-untyped-def]
    from tafapp.cli.init import setup_identity
    from tafapp.demo import generate
    from tafapp.profile import Profile
    from tafapp.store import create_profile, open_profile

    profile = Profile(folder / "profile")
    if profile.db_path.exists():
        if (folder / "bench-keyring.json").exists():  # a store made by bench/ui_bench.py
            from bench.ui_bench import _install_file_keyring

            _install_file_keyring(folder)
            return open_profile(profile, check=False)
        return open_profile(profile, PASSPHRASE, check=False)
    t0 = time.perf_counter()
    store = create_profile(profile, "practitioner", PASSPHRASE)
    setup_identity(store, "practitioner", "Bench Lead", "Bench School", "school")
    with store.begin() as s:
        generate(s, families=families, seed=1)
    print(f"generated {families:,} families in {time.perf_counter() - t0:.1f} s")
    return store


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(store, samples: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from tafapp.models import Family, Meeting
    from tafapp.services.records import family_record
    from tafapp.ui import ops
    from tafapp.ui.family import FamilyPage
    from tafapp.ui.meeting import MeetingPage

    app = QApplication.instance() or QApplication([])
    ops.set_store(store)
    ops.set_inline(True)
    with store.read() as s:
        family_ids = list(s.scalars(select(Family.id)))
        meeting_ids = list(s.scalars(select(Meeting.id)))
    rng = random.Random(1)
    fams, meets = rng.sample(family_ids, samples), rng.sample(meeting_ids, samples)
    family_page, meeting_page = FamilyPage(), MeetingPage()
    family_page.resize(1366, 768)
    meeting_page.resize(1366, 768)
    out: dict[str, list[float]] = {"family page": [], "meeting page": [], "service read": []}
    for fid, mid in zip(fams, meets, strict=True):
        t0 = time.perf_counter()
        with store.read() as s:
            family_record(s, fid)
        out["service read"].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        family_page.load(fid)
        out["family page"].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        meeting_page.load(mid)
        out["meeting page"].append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    ops.set_inline(False)
    ops.set_store(None)
    return out


def report(results: dict[str, list[float]], families: int, samples: int) -> str:
    floor = _pct(results["service read"], 0.95)
    lines = [
        "# Benchmark: opening a family and a meeting (family_page_bench)",
        "",
        f"`python bench/family_page_bench.py` on a {families:,}-family demo store, {samples} "
        "random families, widgets offscreen, jobs inline.",
        "",
        "| what | p50 | p95 | budget | floor (service read p95) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("family page", "meeting page"):
        p50, p95 = statistics.median(results[name]), _pct(results[name], 0.95)
        verdict = "within" if p95 <= BUDGET_MS else "OVER"
        lines.append(f"| open the {name} | {p50:.1f} ms | {p95:.1f} ms | ≤ {BUDGET_MS:.0f} ms "
                     f"p95 ({verdict}) | {floor:.1f} ms | {p95 / floor:.1f}× |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--store", type=Path, help="keep the generated store here and reuse it")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-family-meeting.md")
    args = parser.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="tafapp-bench-"))
    store = _store(folder, args.families)
    try:
        results = measure(store, args.samples)
    finally:
        store.close()
    text = report(results, args.families, args.samples)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

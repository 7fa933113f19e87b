"""Opening a family and a meeting in the desktop app (DESIGN section 8: open a family record
<= 50 ms p95), measured on the real widgets:

    python bench/family_page_bench.py [--families 10000] [--samples 200] [--store DIR]
                                      [--out docs/bench-family-meeting.md]

Each sample is `FamilyPage.load(id)` from the call until the page is painted (the read, the
plan checker, the item models, then the event loop's layout and paint), and
`MeetingPage.load(id)` likewise, for random families and meetings of a `tafapp demo` store;
both pages are on screen as in the app. Jobs run inline so the figure is the work itself,
not the worker thread's hand-over. The floor beside each is the same family's plain service read
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET_MS = 50.0
PASSPHRASE = "bench passphrase, not secret"


def _store(folder: Path, families: int):  # type: ignore[no-untyped-def]
    from tafapp.demo import generate
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile, open_profile
    from tafapp.sync.identity import setup_identity

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
    for page in (family_page, meeting_page):  # on screen, as in the app
        page.resize(1366, 768)
        page.show()
    app.processEvents()
    out: dict[str, list[float]] = {name: [] for name in (
        "family page", "family page call", "meeting page", "meeting page call", "service read")}

    def opened(name: str, load: Any) -> None:
        t0 = time.perf_counter()
        load()
        t1 = time.perf_counter()
        app.processEvents()  # the layout and paint of what the load changed
        t2 = time.perf_counter()
        out[f"{name} call"].append((t1 - t0) * 1000)
        out[name].append((t2 - t0) * 1000)

    for fid, mid in zip(fams, meets, strict=True):
        t0 = time.perf_counter()
        with store.read() as s:
            family_record(s, fid)
        out["service read"].append((time.perf_counter() - t0) * 1000)
        opened("family page", lambda fid=fid: family_page.load(fid))
        opened("meeting page", lambda mid=mid: meeting_page.load(mid))
    ops.set_inline(False)
    ops.set_store(None)
    return out


def report(results: dict[str, list[float]], families: int, samples: int) -> str:
    floor = _pct(results["service read"], 0.95)
    lines = [
        "# Benchmark: opening a family and a meeting (family_page_bench)",
        "",
        f"`python bench/family_page_bench.py` on a {families:,}-family demo store, {samples} "
        f"random families and meetings, pages on screen (offscreen platform, 1366×768), jobs "
        f"inline, load average {os.getloadavg()[0]:.1f} at the end of the run.",
        "",
        "Opened = from `load(id)` until the page is painted: the read, filling the widgets, "
        "and the event loop's turn that lays out and paints what changed. The call alone "
        "(the read and filling the widgets, before layout and paint) is shown beside it.",
        "",
        "| what | p50 | p95 | budget | floor (service read p95) | ratio | call alone p50 / p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("family page", "meeting page"):
        p50, p95 = statistics.median(results[name]), _pct(results[name], 0.95)
        call = results[f"{name} call"]
        verdict = "within" if p95 <= BUDGET_MS else "OVER"
        lines.append(f"| open the {name} | {p50:.1f} ms | {p95:.1f} ms | ≤ {BUDGET_MS:.0f} ms "
                     f"p95 ({verdict}) | {floor:.1f} ms | {p95 / floor:.1f}× | "
                     f"{statistics.median(call):.1f} / {_pct(call, 0.95):.1f} ms |")
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

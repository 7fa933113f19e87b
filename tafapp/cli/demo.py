"""`tafapp demo --families N [--seed S] [--today DATE] [--hub-ok] [--json]`: realistic
synthetic families for training, demos and benchmarks.

A hub holds the council's real merged record, so demo data there is refused unless
`--hub-ok` says this hub is a demonstration one (useful for dashboard demos).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from typing import Any

from tafapp.cli.common import add_json, emit, open_store
from tafapp.core.errors import InputRejected


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="add realistic synthetic families (never sent to a hub)")
    p.add_argument("--families", type=int, required=True, metavar="N",
                   help="how many families to make (10,000 is a borough)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same families (default 0)")
    p.add_argument("--today", help="date the data is made relative to (YYYY-MM-DD; default "
                   "today)")
    p.add_argument("--hub-ok", action="store_true",
                   help="allow demo data on a hub profile (a demonstration hub only)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_json(p)
    p.set_defaults(handler=run)


def _today(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputRejected("today", f"'{text}' is not a date; write it as 2026-03-31") from None


def _text(data: dict[str, Any]) -> str:
    lines = [f"Added {data['families']:,} demo families (seed {data['seed']}) in "
             f"{data['seconds']:.1f} s; {data['total_rows']:,} rows:"]
    lines += [f"  {table:<18} {n:>9,}" for table, n in data["rows"].items()]
    lines.append("This profile is marked as holding demo data; demo rows are not queued for "
                 "the hub.")
    return "\n".join(lines)


def _progress(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{done:,} / {total:,} families", end="" if done < total else "\n",
              file=sys.stderr, flush=True)

    return show


def run(args: argparse.Namespace) -> int:
    from tafapp.demo import generate

    today = _today(args.today)
    started = time.perf_counter()
    with open_store(args) as st:
        if st.role == "hub" and not args.hub_ok:
            raise InputRejected(
                "hub", "this is a coordinator hub; demo families would mix with real ones. "
                "Use a practitioner profile, or add --hub-ok for a demonstration hub")
        with st.begin() as s:
            summary = generate(s, args.families, seed=args.seed, today=today,
                               progress=_progress(args.quiet or args.json))
    data = summary.as_dict()
    data["seconds_total"] = round(time.perf_counter() - started, 3)
    emit(args, data, _text)
    return 0

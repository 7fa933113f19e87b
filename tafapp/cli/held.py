"""`tafapp held [--all] [--json]`, `held accept ID`, `held refuse ID`, `held drift [HOURS]`:
the hub's held changes and the coordinator's decisions on them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tafapp.cli.common import add_json, emit, open_store
from tafapp.core.errors import InputRejected


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("held", help="hub: changes held for the coordinator, and deciding them")
    p.add_argument("--all", action="store_true", help="list decided changes too")
    add_json(p)
    p.set_defaults(handler=run_list)
    hsub = p.add_subparsers(dest="held_command", metavar="ACTION")
    for name, verb in (("accept", "apply it through the normal merge"),
                       ("refuse", "drop it; the device learns it in its next receipt")):
        a = hsub.add_parser(name, help=f"{name} a held change: {verb}")
        a.add_argument("held_id", metavar="ID")
        a.add_argument("--who", default="", help="who decided (for the audit trail)")
        add_json(a)
        a.set_defaults(handler=run_decide, decision=name)
    d = hsub.add_parser("drift", help="show or set how far ahead of the hub's clock (hours) "
                        "a change may be stamped before it is held")
    d.add_argument("hours", nargs="?", type=int)
    add_json(d)
    d.set_defaults(handler=run_drift)


def _list_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No held changes."
    lines = []
    for h in rows:
        lines.append(f"{h['id']}  {h['status']}  {h['reason']}  {h['entity']}.{h['field']} = "
                     f"{json.dumps(h['value'])[:60]}  from {h['device_id']}")
        lines.append(f"    {h['message']}")
    lines.append(f"{len(rows)} changes listed")
    return "\n".join(lines)


def _hub(st: Any) -> None:
    if st.role != "hub":
        raise InputRejected("profile", "`held` works on a hub profile")


def run_list(args: argparse.Namespace) -> int:
    from tafapp.sync import held

    with open_store(args) as st, st.read() as s:
        _hub(st)
        rows = held.list_held(s, None if args.all else "held")
    emit(args, rows, _list_text)
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from tafapp.sync import held

    decide = held.accept if args.decision == "accept" else held.refuse
    with open_store(args) as st, st.begin() as s:
        _hub(st)
        out = decide(s, args.held_id, who=args.who)
    emit(args, out, lambda d: f"{d['status'].capitalize()} the held change to "
                              f"{d['entity']}.{d['field']} ({d['ops']} op(s)).")
    return 0


def run_drift(args: argparse.Namespace) -> int:
    from tafapp.sync import hub_clock

    with open_store(args) as st, (st.begin() if args.hours is not None else st.read()) as s:
        _hub(st)
        if args.hours is not None:
            hub_clock.set_max_drift_hours(s, args.hours)
        hours = hub_clock.max_drift_hours(s)
    emit(args, {"max_clock_drift_hours": hours},
         lambda d: f"Changes stamped more than {d['max_clock_drift_hours']} hours ahead of the "
                   "hub's clock are held.")
    return 0

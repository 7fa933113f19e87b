"""`tafapp conflicts [--json]` and `tafapp conflicts resolve ID --choose N | --value JSON`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tafapp.cli.common import add_json, emit, open_store
from tafapp.core.errors import InputRejected


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("conflicts", help="hub: open conflicts, and resolving one")
    add_json(p)
    p.set_defaults(handler=run_list)
    csub = p.add_subparsers(dest="conflicts_command", metavar="ACTION")
    r = csub.add_parser("resolve", help="settle a conflict")
    r.add_argument("conflict_id", metavar="ID")
    how = r.add_mutually_exclusive_group(required=True)
    how.add_argument("--choose", type=int, metavar="N", help="keep value number N (from 0)")
    how.add_argument("--value", metavar="JSON", help="a merged value, as JSON (\"text\", 3, "
                     "true, null)")
    r.add_argument("--who", default="", help="who decided (for the audit trail)")
    add_json(r)
    r.set_defaults(handler=run_resolve)


def _list_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No open conflicts."
    lines = []
    for c in rows:
        lines.append(f"{c['id']}  {c['entity']}.{c['field']}  family {c['family_id'] or '-'}")
        for i, v in enumerate(c["values"]):
            mark = "*" if i == c["winner"] else " "
            lines.append(f"  {mark}{i}: {json.dumps(v['value'])}  by {v['device_id']} at "
                         f"{v['hlc']}")
    lines.append(f"{len(rows)} open conflicts (* = provisional winner)")
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    from tafapp.sync import conflicts

    with open_store(args) as st, st.read() as s:
        rows = conflicts.open_conflicts(s)
    emit(args, rows, _list_text)
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from tafapp.sync import conflicts

    kwargs: dict[str, Any] = {}
    if args.value is not None:
        try:
            kwargs["merged_value"] = json.loads(args.value)
        except json.JSONDecodeError:
            raise InputRejected("value", "give the value as JSON, e.g. \"Mum and Dad\" with "
                                "the quotes") from None
    else:
        kwargs["choose"] = args.choose
    with open_store(args) as st, st.begin() as s:
        out = conflicts.resolve(s, args.conflict_id, who=args.who, **kwargs)
    emit(args, out, lambda d: f"Resolved the conflict on {d['entity']}.{d['field']}.")
    return 0

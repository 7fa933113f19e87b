"""`tafapp audit verify`: check the keyed audit chain and name its first broken link."""

from __future__ import annotations

import argparse
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="check the audit trail")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    ver = asub.add_parser("verify", help="check every link of the audit chain (exit 3 when "
                          "one is broken)")
    add_json(ver)
    ver.set_defaults(handler=run_verify)


def _text(d: dict[str, Any]) -> str:
    if d["first_broken"] is None:
        return f"The audit trail is whole: {d['events']} events, chained with {d['scheme']}."
    b = d["first_broken"]
    return (f"The audit trail is BROKEN at event {b['seq']} ({b['at']}, {b['entity']} "
            f"{b['row_id']}: {b['what']}): {b['reason']}. Events from there on cannot be "
            "trusted; keep a copy of the database and tell the council's data protection "
            "officer.")


def run_verify(args: argparse.Namespace) -> int:
    from tafapp.storage import audit

    with open_store(args) as st, st.read() as s:
        out = audit.verify(s)
    emit(args, out, _text)
    return 0 if out["ok"] else 3

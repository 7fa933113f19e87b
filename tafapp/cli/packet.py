"""`tafapp packet export|import`: sync packets by file (DESIGN sections 5 and 6).

A practitioner exports its pending changes and imports receipts; a hub imports change packets
and exports a receipt for one device (`--device`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("packet", help="export or import sync packets")
    psub = p.add_subparsers(dest="packet_command", metavar="ACTION", required=True)
    ex = psub.add_parser("export", help="practitioner: pending changes; hub: a receipt")
    ex.add_argument("--out", required=True, metavar="FILE")
    ex.add_argument("--device", metavar="ID", help="hub: the device the receipt is for")
    add_json(ex)
    ex.set_defaults(handler=run_export)
    im = psub.add_parser("import", help="hub: change packets; practitioner: receipts")
    im.add_argument("files", nargs="+", metavar="FILE")
    add_json(im)
    im.set_defaults(handler=run_import)
    st = psub.add_parser("status", help="pending changes and when packets last moved")
    add_json(st)
    st.set_defaults(handler=run_status)


def _export_text(d: dict[str, Any]) -> str:
    if d["kind"] == "receipt":
        return (f"Exported a receipt for device {d['device']} to {d['file']}: "
                f"{d['acknowledged']} changes acknowledged, {d['records']} records.")
    return (f"Exported {d['ops']} pending changes to {d['file']} (packet {d['sequence']}). "
            "Send it to your coordinator.")


def run_export(args: argparse.Namespace) -> int:
    from tafapp.sync import packets

    with open_store(args) as st:
        if args.device:
            out = packets.export_receipt(st, args.device, args.out)
        else:
            out = packets.export_changes(st, args.out)
    emit(args, out, _export_text)
    return 0


def _import_text(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        extra = (f" ({r['ops_applied']} applied, {r['ops_noop']} unchanged, "
                 f"{r['ops_conflicted']} in conflict, {r['ops_duplicate']} already here)"
                 if r["status"] != "rejected" else f" [{r['reason']}]")
        lines.append(f"{r['file']}: {r['status']}{extra}. {r['message']}".rstrip())
    return "\n".join(lines)


def run_import(args: argparse.Namespace) -> int:
    from tafapp.sync import packets

    with open_store(args) as st:
        results = packets.import_files(st, args.files)
    message = packets.summary(results)
    for r in results:
        r.setdefault("message", message)
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print(_import_text(results))
        print(message)
    return 3 if any(r["status"] == "rejected" for r in results) else 0


def run_status(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from tafapp.sync import outgoing

    with open_store(args) as st, st.read() as s:
        out = asdict(outgoing.status(s))
    emit(args, out, lambda d: (f"{d['pending_ops']} changes waiting to be sent. Last packet: "
                               f"{d['last_export_at'] or 'never'}. Last receipt: "
                               f"{d['last_receipt_at'] or 'never'}."))
    return 0

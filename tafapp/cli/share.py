"""`tafapp share FAMILY_ID --device DEVICE_ID`: hand a family to a practitioner's device."""

from __future__ import annotations

import argparse

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("share", help="hub: hand a family to (or add) a practitioner's device")
    p.add_argument("family_id", metavar="FAMILY_ID")
    p.add_argument("--device", required=True, metavar="DEVICE_ID")
    p.add_argument("--who", default="", help="who decided (for the audit trail)")
    add_json(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tafapp.sync import connection

    with open_store(args) as st, st.begin() as s:
        added = connection.share_family(s, args.family_id, args.device, who=args.who)
    out = {"family_id": args.family_id, "device": args.device, "added": added}
    emit(args, out, lambda d: (f"Shared family {d['family_id']} with device {d['device']}; it "
                               "travels in that device's next receipt." if d["added"] else
                               "That family was already shared with that device."))
    return 0

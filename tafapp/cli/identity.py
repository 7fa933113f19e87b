"""`tafapp identity`: write this profile's public identity file and print its fingerprint.

A practitioner sends the file to the coordinator (`devices add`); a hub sends its file to every
practitioner (`enrol`). The file holds public keys only.
"""

from __future__ import annotations

import argparse
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("identity", help="write this profile's public identity file and show "
                       "its fingerprint")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
    escrow = p.add_mutually_exclusive_group()
    escrow.add_argument("--escrow", metavar="AGE_RECIPIENT",
                        help="hub: also encrypt every packet to this escrow recipient (age1…)")
    escrow.add_argument("--no-escrow", action="store_true", help="hub: remove the escrow "
                        "recipient")
    add_json(p)
    p.set_defaults(handler=run)


def _text(d: dict[str, Any]) -> str:
    return (f"Wrote the {d['role']} identity {d['id']} to {d['file']}.\n"
            f"Fingerprint: {d['fingerprint']}\n"
            "Read this fingerprint to the other person when they add the file.")


def run(args: argparse.Namespace) -> int:
    from tafapp.storage import audit
    from tafapp.sync import connection, identity

    with open_store(args) as st, st.begin() as s:
        identity.ensure_keys(s, st.role)
        if args.escrow or args.no_escrow:
            identity.set_escrow_recipient(s, None if args.no_escrow else args.escrow)
            audit.record(s, "identity", st.device_id, "escrow recipient changed",
                         detail={"escrow_recipient": args.escrow})
        doc = connection.save_identity(s, args.out)
    out = {"id": doc["id"], "role": doc["role"], "fingerprint": doc["fingerprint"],
           "name": doc["name"], "escrow_recipient": doc["escrow_recipient"],
           "file": str(args.out)}
    emit(args, out, _text)
    return 0

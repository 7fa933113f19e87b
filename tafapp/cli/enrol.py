"""`tafapp enrol HUB_IDENTITY_FILE`: a practitioner's profile trusts the coordinator's hub."""

from __future__ import annotations

import argparse
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("enrol", help="practitioner: trust the hub whose identity file this is")
    p.add_argument("hub_identity_file", metavar="HUB_IDENTITY_FILE")
    add_json(p)
    p.set_defaults(handler=run)


def _text(d: dict[str, Any]) -> str:
    escrow = " and its escrow key" if d["escrow"] else ""
    return (f"Enrolled with hub {d['name'] or d['hub_id']}. Packets will be encrypted to it"
            f"{escrow}.\nFingerprint: {d['fingerprint']} — check it with your coordinator.")


def run(args: argparse.Namespace) -> int:
    from tafapp.sync import connection, identity

    ident = identity.read_identity_file(args.hub_identity_file)
    with open_store(args) as st, st.begin() as s:
        out = connection.enrol(s, ident)
    emit(args, out, _text)
    return 0

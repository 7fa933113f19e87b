"""`tafapp devices add|revoke|list`: the hub's registry of practitioner devices."""

from __future__ import annotations

import argparse
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("devices", help="hub: register, revoke or list practitioner devices")
    dsub = p.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    add = dsub.add_parser("add", help="register a device from its identity file")
    add.add_argument("device_identity_file", metavar="DEVICE_IDENTITY_FILE")
    add_json(add)
    add.set_defaults(handler=run_add)
    rev = dsub.add_parser("revoke", help="refuse this device's future packets")
    rev.add_argument("device_id", metavar="DEVICE_ID")
    add_json(rev)
    rev.set_defaults(handler=run_revoke)
    ls = dsub.add_parser("list", help="every registered device")
    add_json(ls)
    ls.set_defaults(handler=run_list)


def _row(dev: Any) -> dict[str, Any]:
    return {"id": dev.id, "name": dev.name, "fingerprint": dev.fingerprint,
            "status": "revoked" if dev.is_revoked else "active"}


def run_add(args: argparse.Namespace) -> int:
    from tafapp.sync import connection, identity

    ident = identity.read_identity_file(args.device_identity_file)
    with open_store(args) as st, st.begin() as s:
        out = _row(connection.register_device(s, ident))
    emit(args, out, lambda d: f"Registered device {d['id']} ({d['name'] or 'no name'}).\n"
         f"Fingerprint: {d['fingerprint']} — check it with the practitioner.")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from tafapp.sync import registry

    with open_store(args) as st, st.begin() as s:
        out = _row(registry.revoke_device(s, args.device_id))
    emit(args, out, lambda d: f"Revoked device {d['id']}: its packets will be refused from "
         "now on. Changes already imported stay.")
    return 0


def _list_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'Device':<34} {'Name':<24} {'Fingerprint':<26} Status"]
    lines += [f"{r['id']:<34} {r['name'][:24]:<24} {r['fingerprint']:<26} {r['status']}"
              for r in rows]
    lines.append(f"{len(rows)} devices")
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    from tafapp.sync import registry

    with open_store(args) as st, st.read() as s:
        if st.role != "hub":
            from tafapp.core.errors import InputRejected

            raise InputRejected("profile", "`devices list` works on a hub profile")
        rows = registry.list_devices(s)
    emit(args, rows, _list_text)
    return 0

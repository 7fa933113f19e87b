"""`tafapp init`: make a new profile (practitioner laptop or coordinator hub)."""

from __future__ import annotations

import argparse
import getpass
import sys

from tafapp.cli.common import add_json, emit
from tafapp.core.errors import InputRejected
from tafapp.core.reference import sectors
from tafapp.storage.profile import ROLES, Profile
from tafapp.storage.vault import PASSPHRASE_ENV, secure_keyring
from tafapp.sync.identity import setup_identity


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create a new profile")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--name", required=True, help="your name (practitioner) or the hub's name")
    p.add_argument("--agency", help="your agency's name (practitioner)")
    p.add_argument("--sector", choices=sorted(sectors()), help="your agency's sector")
    add_json(p)
    p.set_defaults(handler=run)


def _passphrase() -> str | None:
    """None means: use the secure keyring (or TAFAPP_PASSPHRASE, which the vault reads)."""
    import os

    if os.environ.get(PASSPHRASE_ENV) or secure_keyring() is not None:
        return None
    if not sys.stdin.isatty():
        raise InputRejected("passphrase", f"no secure keyring here; set {PASSPHRASE_ENV}")
    first = getpass.getpass("Choose a passphrase for this profile: ")
    if first != getpass.getpass("Type it again: "):
        raise InputRejected("passphrase", "the two passphrases differ")
    return first


def run(args: argparse.Namespace) -> int:
    from tafapp.storage import store as store_mod

    if args.role == "practitioner" and (not args.agency or not args.sector):
        raise InputRejected("agency", "a practitioner profile needs --agency and --sector")
    if args.db:
        st = store_mod.open_url(args.db, role=args.role, create=True)
    else:
        profile = Profile.at(args.profile)
        st = store_mod.create_profile(profile, args.role, _passphrase())
    with st:
        out = setup_identity(st, args.role, args.name, args.agency, args.sector)
        out["profile"] = str(st.profile.root) if st.profile else args.db
    emit(args, out, lambda d: f"Created a {d['role']} profile at {d['profile']}.")
    return 0

"""`tafapp unlock --recovery-key`: open a profile again with the council's recovery key when
its keyring entry is gone or its passphrase forgotten, and keep its keys again."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from tafapp.cli.common import add_json, emit
from tafapp.core.errors import InputRejected
from tafapp.storage.profile import Profile
from tafapp.storage.vault import PASSPHRASE_ENV, secure_keyring

RECOVERY_ENV = "TAFAPP_RECOVERY_KEY"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("unlock", help="restore a profile's keys with its recovery key")
    p.add_argument("--recovery-key", nargs="?", const="", required=True, metavar="KEY",
                   help=f"the recovery key shown at `init`; leave the value out to type it "
                   f"(or set {RECOVERY_ENV}) so it stays out of the shell history")
    add_json(p)
    p.set_defaults(handler=run)


def _recovery_key(given: str) -> str:
    key = given or os.environ.get(RECOVERY_ENV, "")
    if not key and sys.stdin.isatty():
        key = getpass.getpass("Recovery key (AGE-SECRET-KEY-1…): ")
    elif not key:
        key = sys.stdin.readline()
    if not key.strip():
        raise InputRejected("recovery_key", "no recovery key was given")
    return key.strip()


def _new_passphrase() -> str | None:
    """None: the keyring (or TAFAPP_PASSPHRASE, which the vault reads) keeps the keys."""
    if os.environ.get(PASSPHRASE_ENV) or secure_keyring() is not None:
        return None
    if not sys.stdin.isatty():
        raise InputRejected("passphrase", f"no secure keyring here; set {PASSPHRASE_ENV} to the "
                            "new passphrase")
    first = getpass.getpass("Choose a new passphrase for this profile: ")
    if first != getpass.getpass("Type it again: "):
        raise InputRejected("passphrase", "the two passphrases differ")
    return first


def run(args: argparse.Namespace) -> int:
    from tafapp.storage import keystore

    profile = Profile.at(args.profile)
    key = _recovery_key(args.recovery_key)
    restored = keystore.recover(profile, key, _new_passphrase())
    out = {"profile": str(profile.root), "restored": restored}
    emit(args, out, lambda d: f"Unlocked {d['profile']} with the recovery key; restored "
         f"{', '.join(d['restored'])}. The same recovery key keeps working.")
    return 0

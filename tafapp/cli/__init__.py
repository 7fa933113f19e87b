"""The command line (DESIGN section 6). Each module in this package that defines
`register(subparsers)` adds its commands; a command handler takes the parsed args and returns
an exit code. With no command, the desktop app starts, before any command module (and the
SQLAlchemy they bring) is imported: `tafapp` starts as fast as `python main.py`.

Exit codes: 0 done, 2 usage, 3 input rejected, 4 locked or wrong passphrase.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence

from tafapp.core.errors import TafError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tafapp", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", help="profile folder (default: your user data folder; "
                        "TAFAPP_PROFILE also works)")
    parser.add_argument("--db", help="hub database URL, e.g. postgresql+psycopg://host/db")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import tafapp.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"tafapp.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def app_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """`--profile` and `--db` when they are all there is (the desktop app); None when there is
    a command, help or anything else for the full parser."""
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--profile")
    early.add_argument("--db")
    try:
        args, rest = early.parse_known_args(argv)
    except argparse.ArgumentError:  # `--profile` without a value: the full parser says so
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    app_args = app_arguments(sys.argv[1:] if argv is None else argv)
    if app_args is not None:
        from tafapp.ui.app.startup import run as gui_main

        return gui_main(profile=app_args.profile, db=app_args.db)
    from tafapp.cli.common import emit_error

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # what the early look left over names no command after all
        from tafapp.ui.app.startup import run as gui_main

        return gui_main(profile=args.profile, db=args.db)
    try:
        return int(args.handler(args))
    except TafError as exc:
        return emit_error(args, exc)
    except KeyboardInterrupt:
        print("Interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except OSError as exc:
        json_out = getattr(args, "json", False)
        msg = f"The computer refused a file operation: {exc.strerror or exc}. Nothing was lost."
        if json_out:
            print(json.dumps({"error": {"code": "os_error", "message": msg}}))
        print(msg, file=sys.stderr)
        return 3

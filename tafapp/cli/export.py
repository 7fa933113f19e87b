"""`tafapp export notes MEETING_ID` and `tafapp export plan FAMILY_ID`: Word documents.

Without --out the file takes the proposed name (family reference and date, never a name) in
the current folder. A template that cannot be used is reported on stderr and the built-in one
is used; the document is still written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export meeting notes or a family plan as Word")
    kinds = p.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    n = kinds.add_parser("notes", help="meeting notes (family, agency or coordinator copy)")
    n.add_argument("meeting_id")
    n.add_argument("--variant", choices=("family", "agency", "coordinator"), required=True)
    _common(n)
    n.set_defaults(handler=run_notes)
    f = kinds.add_parser("plan", help="the family plan (family or agency copy)")
    f.add_argument("family_id")
    f.add_argument("--variant", choices=("family", "agency"), required=True)
    f.add_argument("--as-at", help="the plan as it stood on this date (default: today)")
    _common(f)
    f.set_defaults(handler=run_plan)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="the .docx to write (default: the proposed name, here)")
    p.add_argument("--template", help="a council Word template (.docx or .dotx) instead of "
                   "resources/tafapp-template.docx (TAFAPP_WORD_TEMPLATE also works)")
    add_json(p)


def _finish(args: argparse.Namespace, done: Any) -> int:
    for warning in done.warnings:
        print(f"tafapp: warning: {warning.message()}", file=sys.stderr)
    data = {"file": str(done.path), "warnings": [w.message() for w in done.warnings]}
    emit(args, data, lambda d: f"Saved {d['file']}")
    return 0


def run_notes(args: argparse.Namespace) -> int:
    from tafapp.exports import word

    with open_store(args) as st, st.read() as s:
        out = args.out or Path.cwd() / word.meeting_filename(s, args.meeting_id, args.variant)
        done = word.export_meeting_notes(s, args.meeting_id, args.variant, out,
                                         template=args.template)
    return _finish(args, done)


def run_plan(args: argparse.Namespace) -> int:
    from datetime import date

    from tafapp.exports import word
    from tafapp.services.validation import parse_date

    as_at = parse_date("as_at", args.as_at) or date.today()
    with open_store(args) as st, st.read() as s:
        out = args.out or Path.cwd() / word.plan_filename(s, args.family_id, args.variant,
                                                          as_at)
        done = word.export_family_plan(s, args.family_id, args.variant, out, as_at=as_at,
                                       template=args.template)
    return _finish(args, done)

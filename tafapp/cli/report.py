"""`tafapp report`: the coordinator's measures as JSON, CSV or XLSX (docs/measures.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tafapp.cli.common import open_store
from tafapp.core.errors import InputRejected
from tafapp.storage.reports.period import Period


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="the coordinator's measures (partnership, timeliness, "
                       "outcomes)")
    p.add_argument("which", choices=("partnership", "timeliness", "outcomes", "all"))
    p.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    p.add_argument("--out", help="write to this file (required for xlsx)")
    p.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")
    p.add_argument("--period", choices=("month", "quarter", "year"),
                   help="the month, quarter or year containing --on (default: this quarter)")
    p.add_argument("--on", metavar="D", help="a day inside the period (default: today)")
    p.add_argument("--today", metavar="D", help=argparse.SUPPRESS)  # fixed 'today' for tests
    p.add_argument("--families", action="store_true",
                   help="add the families worked with in the period (references)")
    p.add_argument("--include-names", action="store_true",
                   help="add household and lead professional names to the family list; "
                   "recorded in the audit trail")
    p.set_defaults(handler=run_report)


def _date(field: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputRejected(field, f"'{text}' is not a date; write it as YYYY-MM-DD, "
                            "e.g. 2026-03-31") from None


def period_from_args(args: argparse.Namespace, today: date) -> Period:
    start, end = _date("from", args.date_from), _date("to", args.date_to)
    if (start is None) != (end is None):
        raise InputRejected("from", "give both --from and --to, or neither")
    if start is not None and end is not None:
        if args.period:
            raise InputRejected("period", "give either --period or --from/--to, not both")
        return Period(start, end)
    return Period.of(args.period or "quarter", _date("on", args.on) or today)


def run_report(args: argparse.Namespace) -> int:
    from tafapp.services.reports.export import export

    today = _date("today", args.today) or date.today()
    period = period_from_args(args, today)
    out = Path(args.out) if args.out else None
    if args.format == "xlsx" and out is None:
        raise InputRejected("out", "an XLSX report needs a file: add --out report.xlsx")
    if out is not None and not out.parent.exists():
        raise InputRejected("out", f"the folder {out.parent} does not exist")
    with open_store(args) as st, st.begin() as s:
        body = export(s, args.which, period, today, args.format, out,
                      families=args.families, include_names=args.include_names)
    if out is None:
        sys.stdout.write(body.decode("utf-8"))
    else:
        print(f"Wrote the {args.which} report for {period.label} to {out}.",
              file=sys.stderr)
    return 0

"""`tafapp families` and `tafapp show`: read the record."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("families", help="list the families on this profile")
    p.add_argument("--all", action="store_true", help="include closed families")
    add_json(p)
    p.set_defaults(handler=run_families)
    s = sub.add_parser("show", help="one family's whole record")
    s.add_argument("family_id")
    add_json(s)
    s.set_defaults(handler=run_show)


def _families_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'Reference':<20} {'Status':<7} {'Lead agency':<32} Next review"]
    for r in rows:
        review = r["next_review"] or "-"
        if r["review_overdue"]:
            review += " (overdue)"
        lines.append(f"{r['reference']:<20} {r['status']:<7} {r['lead_agency'][:32]:<32} "
                     f"{review}")
    lines.append(f"{len(rows)} families")
    return "\n".join(lines)


def run_families(args: argparse.Namespace) -> int:
    from tafapp.services.caseload import caseload

    with open_store(args) as st, st.read() as s:
        rows = [{"id": str(r.id), "reference": r.reference, "status": r.status.value,
                 "household_name": r.household_name, "lead_agency": r.lead_agency,
                 "lead_sector": r.lead_sector,
                 "next_review": r.next_review_on.isoformat() if r.next_review_on else None,
                 "review_overdue": r.review_overdue, "overdue_actions": r.overdue_actions}
                for r in caseload(s, date.today(), include_closed=args.all or args.json)]
    emit(args, rows, _families_text)
    return 0


def _show_text(r: dict[str, Any]) -> str:
    lines = [f"{r['reference']} — {r['household_name']} ({r['status']})",
             f"Lead: {r['lead_practitioner'] or '-'}, {r['lead_agency'] or '-'}; "
             f"level of need {r['level_of_need']}; next review {r['next_review'] or '-'}",
             "People:"]
    lines += [f"  {p['first_name']} {p['last_name']} ({p['role']}, born {p['date_of_birth']})"
              for p in r["people"]]
    lines.append("Actions:")
    lines += [f"  [{a['status']}] {a['description']} — {a['owner']} ({a['owner_agency']}), "
              f"due {a['due_on'] or '-'}" for a in r["actions"]]
    lines.append("Meetings:")
    lines += [f"  {m['held_on']} {m['kind']} ({m['status']}), next review "
              f"{m['next_review_on'] or '-'}" for m in r["meetings"]]
    return "\n".join(lines)


def run_show(args: argparse.Namespace) -> int:
    from tafapp.services.records import family_record

    with open_store(args) as st, st.read() as s:
        record = family_record(s, args.family_id)
    emit(args, record, _show_text)
    return 0

"""`tafapp family new`: open a new family on this laptop (the desktop app's New family form)."""

from __future__ import annotations

import argparse
from typing import Any

from tafapp.cli.common import add_json, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("family", help="start a new family")
    family_sub = p.add_subparsers(dest="family_command", metavar="ACTION", required=True)
    new = family_sub.add_parser("new", help="open a new family on this laptop")
    new.add_argument("--name", required=True, help="household name, e.g. 'Smith household'")
    new.add_argument("--postcode", required=True)
    new.add_argument("--address", default="")
    new.add_argument("--request-date", default="",
                     help="the day help was asked for (31/03/2026); default today")
    new.add_argument("--level", type=int, default=None, help="level of need (1-4); default 3")
    new.add_argument("--lead", default=None, metavar="PRACTITIONER_ID",
                     help="lead professional; default this laptop's practitioner")
    new.add_argument("--allow-duplicate", action="store_true",
                     help="open it even if a family of that name and postcode is here already")
    add_json(new)
    new.set_defaults(handler=run_new)


def _text(d: dict[str, Any]) -> str:
    return (f"Opened {d['reference']} — {d['household_name']} ({d['postcode']}), id {d['id']}.\n"
            "Next: add the people in the household, record consent, and build the team "
            "(in the app: the family's Household, Consent and Team tabs).")


def run_new(args: argparse.Namespace) -> int:
    from tafapp.core.errors import InputRejected
    from tafapp.services import families

    with open_store(args) as st, st.begin() as s:
        if st.role == "hub":
            raise InputRejected("profile", "a new family is opened on a practitioner's laptop; "
                                           "the hub receives it in their next packet")
        same = families.same_families(s, args.name, args.postcode)
        if same and not args.allow_duplicate:
            refs = ", ".join(f"{f.reference} ({f.status})" for f in same)
            raise InputRejected("household_name", f"a family called {same[0].household_name} "
                                f"at {same[0].postcode} is already on this laptop: {refs}; "
                                "open that one, or add --allow-duplicate")
        kwargs: dict[str, Any] = {}
        if args.level is not None:
            kwargs["level_of_need"] = args.level
        lead = args.lead
        if lead is not None:
            import uuid

            try:
                lead = uuid.UUID(lead)
            except ValueError:
                raise InputRejected("lead_practitioner_id", "not a practitioner id") from None
        f = families.new_family(s, args.name, postcode=args.postcode, address=args.address,
                                request_on=args.request_date or None,
                                lead_practitioner_id=lead, **kwargs)
        out = {"id": str(f.id), "reference": f.reference, "household_name": f.household_name,
               "postcode": f.postcode, "status": f.status.value,
               "level_of_need": f.level_of_need,
               "request_on": f.request_on.isoformat() if f.request_on else None,
               "opened_on": f.opened_on.isoformat() if f.opened_on else None,
               "lead_practitioner_id": str(f.lead_practitioner_id)
               if f.lead_practitioner_id else None,
               "duplicates": [str(x.id) for x in same],
               "next_steps": ["people", "consent", "team"]}
    emit(args, out, _text)
    return 0

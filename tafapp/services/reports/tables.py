"""A report (the dict `reports.run` returns) as typed tables for CSV and XLSX: one table per
measure, numbers as numbers, dates as dates, shares as fractions formatted as percentages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tafapp.core.reference import sectors
from tafapp.services.reports.tabular import Column, Table

C = Column


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _sector(code: str) -> str:
    return sectors().get(code, code or "No lead agency recorded")


def _summary(name: str, title: str, rows: list[tuple[str, int | None, float | None]]) -> Table:
    cols = (C("measure", "Measure"), C("count", "Count", "int"), C("share", "Share", "percent"))
    return Table(name, title, cols, tuple(rows))


def partnership_tables(p: dict[str, Any]) -> list[Table]:
    fam = p["families"]
    summary = _summary("Partnership", "Families worked with and who leads them", [
        ("Families open at the period's end", fam["open_at_end"], None),
        ("Families opened in the period", fam["opened"], None),
        ("Families closed in the period", fam["closed"], None),
        ("Families worked with (open at any time in the period)", fam["worked_with"], None),
        ("Open at the end with a lead agency", p["open_with_lead"], None),
        ("Led by partners outside the council", p["partner_led"], p["partner_led_share"]),
        ("Open at the end with no lead agency recorded", p["no_lead_agency"], None),
    ])
    by_sector = Table("By sector", "Families by the lead agency's sector", (
        C("sector", "Lead agency sector"), C("partner", "Partner outside the council"),
        C("open_at_end", "Open at end", "int"), C("opened", "Opened", "int"),
        C("closed", "Closed", "int"), C("share", "Share of families with a lead", "percent")),
        tuple((r["label"], "yes" if r["partner"] else "no", r["open_at_end"], r["opened"],
               r["closed"], r["share_of_led"]) for r in p["by_sector"]))
    trend = Table("Partner-led trend", "Share of families led by partners, month by month", (
        C("month", "Month", "month"), C("as_at", "As at", "date"),
        C("open_with_lead", "Open with a lead", "int"), C("partner_led", "Partner-led", "int"),
        C("share", "Partner-led share", "percent")),
        tuple((_d(t["month"] + "-01"), _d(t["as_at"]), t["open_with_lead"], t["partner_led"],
               t["partner_led_share"]) for t in p["trend"]))
    return [summary, by_sector, trend]


_EVENTS = {"first_contact": "Request to first contact", "first_taf": "Request to first TAF"}


def _waiting_rows(w: dict[str, Any]) -> list[tuple[Any, ...]]:
    def row(label: str, x: dict[str, Any], requests: int | None) -> tuple[Any, ...]:
        return (label, w["target_days"], requests, x["measured"], x["waiting"],
                x["within_timescale"], x["share_within"], x["median_days"], x["mean_days"])

    label = _EVENTS[w["event"]]
    out = [row(f"{label}: all", w, w["requests"])]
    out += [row(f"{label}: {_sector(s['sector'])}", s, s["measured"] + s["waiting"])
            for s in w["by_sector"]]
    return out


def timeliness_tables(t: dict[str, Any]) -> list[Table]:
    waiting = Table("Waiting times", f"Working days from request (actions as at {t['as_at']})", (
        C("measure", "Measure"), C("target", "Timescale (working days)", "int"),
        C("requests", "Requests", "int"), C("measured", "Measured", "int"),
        C("waiting", "Still waiting", "int"), C("within", "Within timescale", "int"),
        C("share", "Share within", "percent"), C("median", "Median days", "float"),
        C("mean", "Mean days", "float")),
        tuple(_waiting_rows(t["first_contact"]) + _waiting_rows(t["first_taf"])))
    r = t["reviews"]
    cats = ("on_time", "late", "overdue", "not_yet_due", "not_needed")
    rows = [("All", *(r[c] for c in cats), r["on_time_share"])]
    rows += [(_sector(s["sector"]), *(s[c] for c in cats), s["on_time_share"])
             for s in r["by_sector"]]
    reviews = Table("Reviews", "Reviews due in the period: held on or before the agreed date", (
        C("sector", "Lead agency sector"), C("on_time", "On time", "int"), C("late", "Late", "int"),
        C("overdue", "Not held, overdue", "int"), C("not_yet_due", "Not yet due", "int"),
        C("not_needed", "Not needed (closed)", "int"), C("share", "On-time share", "percent")),
        tuple(rows))
    overdue = Table("Overdue actions", f"Actions open on {t['as_at']}, by owning agency", (
        C("agency", "Agency"), C("sector", "Sector"), C("open", "Open actions", "int"),
        C("overdue", "Overdue", "int"), C("share", "Overdue share", "percent")),
        tuple((a["agency"], _sector(a["sector"]) if a["sector"] else "", a["open_actions"],
               a["overdue"], a["overdue_share"]) for a in t["overdue_actions"]["by_agency"]))
    return [waiting, reviews, overdue]


def outcomes_tables(o: dict[str, Any]) -> list[Table]:
    rr, su, send, ref = o["re_referrals"], o["outcomes_sustained"], o["send"], o["referrals"]
    ach = o["outcomes_achieved"]
    summary = _summary("Outcomes", "What happened at the end, and after", [
        ("Step-ups to children's social care", o["step_ups"], None),
        ("Step-downs from children's social care", o["step_downs"], None),
        ("Families opened", rr["opened"], None),
        ("Re-referrals within 12 months of a closure", rr["re_referred"], rr["share"]),
        ("Families closed", o["closed"], None),
        ("Closed with needs met, single agency or stepped down", None,
         o["closed_good_outcome_share"]),
        ("Supporting Families outcomes achieved", ach["total"], None),
        ("Families with an outcome achieved", ach["families"], None),
        (f"Outcomes achieved in families closed {su['closed_from']} to {su['closed_to']}",
         su["outcomes_achieved"], None),
        ("... sustained six months after closure", su["outcomes_sustained"], su["share"]),
        ("Families worked with", send["families_worked_with"], None),
        ("SEND families", send["send"], send["share"]),
        ("... with an EHCP", send["ehcp"], None),
        ("... with SEN support only", send["sen_support"], None),
        ("Referrals made", ref["made"], None),
        ("Referral outcomes fed back", ref["outcome_fed_back"], ref["share"]),
    ])
    closed = o["closed"]
    reasons = Table("Closure reasons", "Families closed in the period, by reason", (
        C("reason", "Reason"), C("count", "Families", "int"), C("share", "Share", "percent")),
        tuple((r["label"], r["count"], round(r["count"] / closed, 4) if closed else None)
              for r in o["closure_reasons"]))
    sf = Table("SF outcomes", "Supporting Families outcomes achieved in the period", (
        C("outcome", "Outcome"), C("needs", "Needs met", "int"),
        C("families", "Families", "int")),
        tuple((r["label"], r["count"], r["families"]) for r in ach["by_outcome"]))
    scaling = Table("Scaling", "Change in 0-10 scaling, first to last review (closed families)", (
        C("by", "Scored by"), C("families", "Families", "int"),
        C("first", "Mean first", "float"), C("last", "Mean last", "float"),
        C("change", "Mean change", "float"), C("improved", "Improved", "int"),
        C("same", "Same", "int"), C("worse", "Worse", "int")),
        tuple((x["scored_by"], x["families"], x["mean_first"], x["mean_last"], x["mean_change"],
               x["improved"], x["same"], x["worse"]) for x in o["scaling"]))
    return [summary, reasons, sf, scaling]


def family_table(rows: list[dict[str, Any]], include_names: bool) -> Table:
    cols = [C("reference", "Reference"), C("status", "Status"), C("lead_sector", "Lead sector"),
            C("request_on", "Requested", "date"), C("opened_on", "Opened", "date"),
            C("closed_on", "Closed", "date"), C("closure_reason", "Closure reason"),
            C("send", "SEND")]
    if include_names:
        cols += [C("household_name", "Household"), C("lead_practitioner", "Lead professional")]
    return Table("Families", "Families worked with in the period", tuple(cols),
                 tuple(tuple(r.get(c.key) for c in cols) for r in rows))


MAKERS: dict[str, Callable[[dict[str, Any]], list[Table]]] = {
    "partnership": partnership_tables, "timeliness": timeliness_tables,
    "outcomes": outcomes_tables,
}


def tables(report: dict[str, Any], include_names: bool = False) -> list[Table]:
    out: list[Table] = []
    for name, make in MAKERS.items():
        if name in report:
            out += make(report[name])
    if "families" in report:
        out.append(family_table(report["families"], include_names))
    return out

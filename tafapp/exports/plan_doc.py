"""The family plan: each need in the family's words with the three columns, the actions by
agency (owner, due date, status) and the review dates."""

from __future__ import annotations

from tafapp.exports import wording as w
from tafapp.exports.builder import Builder
from tafapp.exports.content import Audience, FamilyPlan
from tafapp.exports.notes_agency import actions_by_agency
from tafapp.exports.template import Template


def footer_line(plan: FamilyPlan) -> str:
    state = "FINAL" if plan.final else "DRAFT"
    return (f"{plan.family.reference} · Plan as at {plan.as_at:%d/%m/%Y} · {state} · "
            f"{plan.consent.scope_text()}")


def write_plan(plan: FamilyPlan, template: Template) -> bytes:
    for_family = plan.audience == Audience.FAMILY
    b = Builder(template)
    f = plan.family
    lead = f.lead_practitioner or "your lead professional"
    b.title("Your family plan" if for_family else "Family plan")
    b.lead((w.PLAN_INTRO_FAMILY if for_family else w.PLAN_INTRO_AGENCY)
           .format(day=w.fmt_day(plan.as_at), lead=lead))
    b.labelled("Family reference", f.reference)
    b.labelled("Household", f.household_name)
    b.labelled("Lead professional", f"{lead}, {f.lead_agency}" if f.lead_agency else lead)
    if plan.people:
        b.labelled("In the family", "; ".join(
            p.name + (f" ({p.age})" if p.age is not None and p.role == "Child" else "")
            for p in plan.people))
    b.heading("What we are working on" if for_family else "Needs")
    if not plan.needs:
        b.para("No needs have been written down yet.")
    columns = w.COLUMNS_FAMILY if for_family else w.COLUMNS_AGENCY
    for i, need in enumerate(plan.needs, start=1):
        who = f" — {need.person}" if need.person else ""
        b.heading(f"{i}. {need.outcome}{who}", 2)
        if need.family_words:
            b.labelled("In your words" if for_family else "In the family's words",
                       need.family_words)
        b.table(columns, [(need.worried_about or "—", need.working_well or "—",
                           need.needs_to_happen or "—")], (5.67, 5.67, 5.66))
        b.labelled("Where we are", need.status)
    b.heading("Who will do what" if for_family else "Actions by agency")
    actions_by_agency(b, plan.actions, show_kind=not for_family)
    if not plan.actions:
        b.para("No actions have been agreed yet.")
    b.heading("Review dates")
    b.labelled("Meetings held", ", ".join(w.fmt_day(d) for d in plan.reviews_held)
               or "none yet")
    b.labelled("Next review", w.fmt_day(plan.next_review_on) if plan.next_review_on
               else "not yet agreed")
    b.furniture(footer_line(plan), f"{template.council or 'Council'} logo")
    kind = "family copy" if for_family else "agency copy"
    return b.finish(title=f"TAF family plan ({kind}) {f.reference}",
                    subject="Team Around the Family plan", final=plan.final)

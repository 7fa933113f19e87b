"""The coordinator's one-page summary of a meeting: dates, agencies, decision, scaling change,
timescales met or missed. It names no family member: the reference is enough to find the
record, and a summary that travels to performance meetings should carry no more."""

from __future__ import annotations

from tafapp.exports import wording as w
from tafapp.exports.builder import Builder, Cell
from tafapp.exports.content import MeetingNotes
from tafapp.exports.notes_agency import footer_line
from tafapp.exports.template import Template


def write_coordinator(notes: MeetingNotes, template: Template) -> bytes:
    b = Builder(template)
    f = notes.family
    b.title(w.COORDINATOR_TITLE)
    b.lead(f"{w.MEETING_KIND[notes.kind]}, {w.fmt_day(notes.held_on)} — "
           f"{'final' if notes.final else 'draft'}.")
    b.labelled("Family reference", f.reference)
    b.labelled("Lead", f"{f.lead_agency or 'no agency'} ({f.lead_practitioner or 'no lead'})")
    present = notes.agencies_present
    b.labelled("Agencies present", ", ".join(present) if present else "none recorded")
    sent = sorted({a.agency for a in notes.attendees if a.status != "present" and a.agency}
                  - set(present))
    if sent:
        b.labelled("Apologies or absent", ", ".join(sent))
    b.labelled("Decision", w.DECISION[notes.decision] if notes.decision else "not yet made")
    if notes.decision_reason:
        b.labelled("Reason", notes.decision_reason.splitlines()[0][:300])
    b.heading("Dates")
    b.table(tuple(label for label, _ in notes.key_dates),
            [tuple(w.fmt_short(day) if day else "—" for _, day in notes.key_dates)],
            (2.5, 2.4, 2.4, 2.4, 2.5, 2.4, 2.4))
    b.heading("Scaling change")
    rows = [(w.SCORED_BY[s.scored_by], w.fmt_score(s.previous), w.fmt_score(s.score),
             w.fmt_change(s.change)) for s in notes.scores]
    b.table(("Scored by", "Last meeting", "This meeting", "Change"),
            rows or [("No scores recorded", "—", "—", "—")], (5.0, 4.0, 4.0, 4.0))
    b.heading("Timescales")
    b.table(("Timescale", "Target", "Actual", "Result"),
            [(t.label, t.target, t.actual, _result(t.met)) for t in notes.timescales],
            (5.8, 3.8, 4.4, 3.0))
    overdue = sum(1 for a in notes.reviewed if a.overdue)
    new = sum(len(g.actions) for g in notes.new_actions)
    b.labelled("Actions", f"{len(notes.reviewed)} reviewed, {overdue} overdue at the "
               f"meeting, {new} new across {len(notes.new_actions)} agencies")
    b.furniture(footer_line(notes), f"{template.council or 'Council'} logo")
    return b.finish(title=f"TAF coordinator summary {f.reference}",
                    subject="Team Around the Family coordinator summary", final=notes.final)


def _result(met: bool | None) -> Cell:
    if met is None:
        return Cell("—")
    return Cell("Met") if met else Cell("", "MISSED")

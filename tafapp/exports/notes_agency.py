"""Meeting notes for the team around the family: the whole record in agenda order."""

from __future__ import annotations

from tafapp.exports import wording as w
from tafapp.exports.builder import Builder, Cell
from tafapp.exports.content import ActionLine, AgencyGroup, MeetingNotes
from tafapp.exports.template import Template

ACTION_WIDTHS = (6.4, 3.0, 2.3, 2.6, 2.7)


def footer_line(notes: MeetingNotes) -> str:
    state = "FINAL" if notes.final else "DRAFT"
    return (f"{notes.family.reference} · Meeting {notes.held_on:%d/%m/%Y} · {state} · "
            f"{notes.consent.scope_text()}")


def venue(notes: MeetingNotes) -> str:
    if notes.remote:
        return f"Remote ({notes.venue})" if notes.venue else "Remote"
    return notes.venue or w.NOT_RECORDED


def attendees_table(b: Builder, notes: MeetingNotes, headers: tuple[str, ...],
                    labels: dict[str, str] = w.ATTENDANCE) -> None:
    rows = [(a.name, a.role or ("Family member" if a.family_member else ""),
             a.agency or ("Family" if a.family_member else ""), labels[a.status])
            for a in notes.attendees]
    b.table(headers, rows or [("No one was recorded", "", "", "")], (4.6, 4.6, 4.6, 3.2))


def columns_table(b: Builder, notes: MeetingNotes, headers: tuple[str, str, str]) -> None:
    values = (notes.worried_about, notes.working_well, notes.needs_to_happen)
    b.table(headers, [tuple(v or "—" for v in values)], (5.67, 5.67, 5.66))


def scaling_table(b: Builder, notes: MeetingNotes) -> None:
    b.para(w.SCALE_MEANING)
    last = f"Last meeting ({notes.previous_held_on:%d/%m/%Y})" if notes.previous_held_on \
        else "Last meeting"
    rows = [(w.SCORED_BY[s.scored_by], w.fmt_score(s.previous), w.fmt_score(s.score),
             w.fmt_change(s.change), s.note) for s in notes.scores]
    b.table(("Scored by", last, "This meeting", "Change", "Note"),
            rows or [("No scores recorded", "—", "—", "—", "")], (3.0, 3.2, 2.6, 1.8, 6.4))


def _status(line: ActionLine) -> Cell:
    return Cell(line.status, "OVERDUE" if line.overdue else "")


def _described(a: ActionLine) -> str:
    return a.description + (f"\nFor: {a.need}" if a.need else "")


def review_table(b: Builder, lines: tuple[ActionLine, ...], with_note: bool = True,
                 status_header: str = "Status at review") -> None:
    rows = [(_described(a), a.agency, a.owner, w.fmt_short(a.due_on), _status(a),
             *((a.note,) if with_note else ())) for a in lines]
    headers = ("Action", "Agency", "Who", "Due", status_header,
               *(("Note",) if with_note else ()))
    widths = (5.0, 2.8, 2.4, 2.2, 2.2, 2.4) if with_note else (6.6, 3.0, 2.3, 2.3, 2.8)
    b.table(headers, rows, widths)


def actions_by_agency(b: Builder, groups: tuple[AgencyGroup, ...], show_kind: bool) -> None:
    for group in groups:
        b.heading(group.agency, 2)
        rows = []
        for a in group.actions:
            kind = "Professional task" if a.kind == "professional" else "Family action"
            first = _described(a) if show_kind else a.description
            rows.append((first, a.owner, w.fmt_short(a.due_on),
                         kind if show_kind else a.need or "—", _status(a)))
        b.table(("Action", "Who", "By when", "Kind" if show_kind else "For", "Status"), rows,
                ACTION_WIDTHS)


def write_agency(notes: MeetingNotes, template: Template) -> bytes:
    b = Builder(template)
    f = notes.family
    b.title(w.MEETING_KIND[notes.kind])
    b.lead(w.AGENCY_INTRO.format(kind=w.MEETING_KIND[notes.kind].lower(),
                                 day=w.fmt_day(notes.held_on)))
    for label, value in (("Family reference", f.reference), ("Household", f.household_name),
                         ("Date", w.fmt_day(notes.held_on)), ("Venue", venue(notes)),
                         ("Chair", notes.chair or w.NOT_RECORDED),
                         ("Notes taken by", notes.note_taker or w.NOT_RECORDED),
                         ("Lead professional", f"{f.lead_practitioner}, {f.lead_agency}"),
                         ("Status", "Final" if notes.final else "Draft — not yet agreed")):
        b.labelled(label, value)
    h = w.H_AGENCY
    b.heading(h["attendees"])
    attendees_table(b, notes, ("Name", "Role", "Agency", "Attendance"))
    updates = [a for a in notes.attendees if a.written_update.strip()]
    if updates:
        b.heading("Written updates", 2)
        for a in updates:
            b.heading(f"{a.name}, {a.agency or a.role} ({w.ATTENDANCE[a.status].lower()})", 3)
            b.text_block(a.written_update, w.NOT_RECORDED)
    b.heading(h["consent"])
    c = notes.consent
    b.labelled("Consent confirmed at this meeting", "Yes" if notes.consent_confirmed else "No")
    if c.given_on is not None:
        b.labelled("Consent given", f"{w.fmt_day(c.given_on)} by {c.given_by or 'the family'}"
                   + (f" (privacy notice {c.notice_version})" if c.notice_version else ""))
        b.labelled("Shared with", ", ".join(c.agencies) or "no agencies named")
        b.labelled("For", c.purposes or w.NOT_RECORDED)
    if c.withdrawn_on is not None:
        b.labelled("Consent withdrawn", w.fmt_day(c.withdrawn_on))
    if c.safeguarding_override:
        b.labelled("Shared without consent", "on safeguarding grounds (decision recorded)")
    b.heading(h["family"])
    b.text_block(notes.family_update, w.NOT_RECORDED)
    b.heading(h["child"])
    b.text_block(notes.child_voice, w.NOT_RECORDED)
    b.labelled("How the child's voice was heard", notes.child_voice_how or w.NOT_RECORDED)
    b.heading(h["practitioners"])
    b.text_block(notes.practitioner_updates, w.NOT_RECORDED)
    b.heading(h["columns"])
    columns_table(b, notes, w.COLUMNS_AGENCY)
    b.heading(h["scaling"])
    scaling_table(b, notes)
    b.heading(h["review"])
    if notes.reviewed:
        review_table(b, notes.reviewed)
    else:
        b.para("No actions were reviewed at this meeting.")
    b.heading(h["new"])
    actions_by_agency(b, notes.new_actions, show_kind=True)
    if not notes.new_actions:
        b.para("No new actions were agreed.")
    b.heading(h["decision"])
    b.labelled("Decision", w.DECISION[notes.decision] if notes.decision else "Not yet made")
    b.labelled("Reason", notes.decision_reason or w.NOT_RECORDED)
    b.heading(h["next"])
    b.labelled("Date", w.fmt_day(notes.next_review_on) if notes.next_review_on
               else "No next review (the work is ending)" if notes.decision in
               ("close", "step_up") else "Not yet agreed")
    b.labelled("Venue", notes.next_venue or w.VENUE_TBC)
    if notes.addenda:
        b.heading(h["addenda"])
        b.bullets(notes.addenda)
    b.furniture(footer_line(notes), f"{template.council or 'Council'} logo")
    return b.finish(title=f"TAF meeting notes (agency copy) {f.reference}",
                    subject="Team Around the Family meeting notes", final=notes.final)

"""Meeting notes for the family: plain words, addressed to them, only their actions.

What may appear was decided when the notes were gathered for `Audience.FAMILY`; this writer
refuses notes gathered for any other audience so an agency copy can never be handed over
under a family title.
"""

from __future__ import annotations

from tafapp.exports import wording as w
from tafapp.exports.builder import Builder
from tafapp.exports.content import Audience, MeetingNotes
from tafapp.exports.notes_agency import (
    actions_by_agency,
    attendees_table,
    columns_table,
    footer_line,
    review_table,
    scaling_table,
    venue,
)
from tafapp.exports.template import Template

ATTENDANCE_FAMILY = {"present": "Came", "apologies": "Could not come",
                     "absent": "Did not come"}


def write_family(notes: MeetingNotes, template: Template) -> bytes:
    if notes.audience != Audience.FAMILY:
        raise ValueError("family notes must be gathered for the family audience")
    b = Builder(template)
    f, h = notes.family, w.H_FAMILY
    lead = f.lead_practitioner or "your lead professional"
    b.title("Notes from your meeting")
    b.lead(w.FAMILY_INTRO.format(kind=w.MEETING_KIND_FAMILY[notes.kind],
                                 day=w.fmt_day(notes.held_on), lead=lead))
    b.labelled("Your family reference", f.reference)
    b.labelled("Where", venue(notes))
    b.labelled("Your lead professional", f"{lead}, {f.lead_agency}" if f.lead_agency else lead)
    if not notes.final:
        b.labelled("Please note", "these notes are a draft and may still change")
    b.heading(h["attendees"])
    attendees_table(b, notes, ("Name", "Role", "Organisation", "At the meeting"),
                    ATTENDANCE_FAMILY)
    b.heading(h["consent"])
    agencies = ", ".join(notes.consent.agencies) or "the people in your team"
    b.para(w.FAMILY_CONSENT_YES.format(agencies=agencies) if notes.consent_confirmed
           else w.FAMILY_CONSENT_NO.format(lead=lead))
    b.heading(h["family"])
    b.text_block(notes.family_update, w.NOT_RECORDED)
    b.heading(h["child"])
    b.text_block(notes.child_voice, w.NOT_RECORDED)
    if notes.child_voice_how:
        b.labelled("How we heard this", notes.child_voice_how)
    b.heading(h["practitioners"])
    b.text_block(notes.practitioner_updates, w.NOT_RECORDED)
    b.heading(h["columns"])
    columns_table(b, notes, w.COLUMNS_FAMILY)
    b.heading(h["scaling"])
    scaling_table(b, notes)
    b.heading(h["review"])
    if notes.reviewed:
        review_table(b, notes.reviewed, with_note=False, status_header="How it went")
    else:
        b.para("There were no actions to look back at this time.")
    b.heading(h["new"])
    actions_by_agency(b, notes.new_actions, show_kind=False)
    if not notes.new_actions:
        b.para(w.FAMILY_NO_ACTIONS)
    b.heading(h["decision"])
    if notes.decision:
        b.para(w.DECISION_FAMILY[notes.decision])
    b.text_block(notes.decision_reason, "" if notes.decision else w.NOT_RECORDED)
    b.heading(h["next"])
    b.para(w.FAMILY_NEXT.format(day=w.fmt_day(notes.next_review_on))
           if notes.next_review_on else w.FAMILY_NEXT_NONE)
    if notes.next_review_on:
        b.labelled("Where", notes.next_venue or w.VENUE_TBC)
    b.furniture(footer_line(notes), f"{template.council or 'Council'} logo")
    return b.finish(title=f"TAF meeting notes (family copy) {f.reference}",
                    subject="Notes from your Team Around the Family meeting", final=notes.final)


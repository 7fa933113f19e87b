"""Every word of the Word documents that is not the family's own: headings, labels, plain-
language sentences. Kept in one place so wording is reviewed (and translated) as a whole."""

from __future__ import annotations

MARKING = "OFFICIAL-SENSITIVE"

MEETING_KIND = {
    "initial": "Initial Team Around the Family meeting",
    "review": "Team Around the Family review meeting",
    "closure": "Team Around the Family closure meeting",
    "step_down_transfer": "Step-down transfer meeting",
}

MEETING_KIND_FAMILY = {
    "initial": "your first Team Around the Family meeting",
    "review": "your Team Around the Family review meeting",
    "closure": "your last Team Around the Family meeting",
    "step_down_transfer": "the meeting to hand over your support",
}

ACTION_STATUS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "achieved": "Done",
    "partly": "Partly done",
    "not_achieved": "Not done",
    "cancelled": "Stopped",
}

ATTENDANCE = {"present": "Present", "apologies": "Apologies", "absent": "Did not attend"}

DECISION = {
    "continue": "Continue with the Team Around the Family plan",
    "step_up": "Step up to children's social care",
    "step_down": "Step down to universal services",
    "close": "Close the Team Around the Family plan",
}

DECISION_FAMILY = {
    "continue": "We will keep working together on your plan.",
    "step_up": "Your family will now be supported by children's social care.",
    "step_down": "Your family will now be supported by everyday (universal) services.",
    "close": "Your Team Around the Family plan is coming to an end.",
}

PERSON_ROLE = {"child": "Child", "parent_carer": "Parent or carer", "other_adult": "Other adult"}

SCORED_BY = {"family": "Family", "professional": "Professionals"}

NEED_STATUS = {"open": "Still working on this", "met": "Met", "closed": "Closed"}

FAMILY_GROUP = "The family"
NO_AGENCY = "No agency named"

SCALE_MEANING = ("0 means a referral to children's social care is needed; 10 means the "
                 "children's wellbeing is secure.")

# Headings, in agenda order (DOMAIN.md). The family copy uses its own plain headings.
H_AGENCY = {
    "attendees": "Who attended",
    "consent": "Confidentiality and consent",
    "family": "Family members' views",
    "child": "The child's voice",
    "practitioners": "Updates from practitioners",
    "columns": "What we are worried about, what is working well, what needs to happen",
    "scaling": "Scaling",
    "review": "Review of the last action plan",
    "new": "New actions, by agency",
    "decision": "Decision",
    "next": "Next review",
    "addenda": "Addenda",
}

H_FAMILY = {
    "attendees": "Who was there",
    "consent": "Sharing your information",
    "family": "What you told us",
    "child": "What the children told us",
    "practitioners": "What the workers told us",
    "columns": "What we talked about",
    "scaling": "How things are going (0 to 10)",
    "review": "How the last plan went",
    "new": "What happens next: your actions",
    "decision": "What we decided",
    "next": "Your next meeting",
    "addenda": "Changes made after the meeting",
}

COLUMNS_AGENCY = ("What are we worried about?", "What's working well?", "What needs to happen?")
COLUMNS_FAMILY = ("What we are worried about", "What is going well", "What needs to happen")

FAMILY_INTRO = ("These are the notes from {kind} on {day}. They are written for you. "
                "If something is not right, or you do not understand something, please tell "
                "{lead}.")
FAMILY_CONSENT_YES = ("At the start of the meeting we checked that you are still happy for "
                      "us to share information with the people in your team: {agencies}.")
FAMILY_CONSENT_NO = ("We did not confirm your consent at this meeting. {lead} will talk to "
                     "you about it.")
FAMILY_NO_ACTIONS = "No new actions were agreed for you at this meeting."
FAMILY_NEXT = "Your next meeting is on {day}."
FAMILY_NEXT_NONE = "No next meeting has been arranged."
VENUE_TBC = "To be confirmed"
NOT_RECORDED = "Not recorded."
NOT_REVIEWED = "Not reviewed at this meeting."

AGENCY_INTRO = ("Notes of the {kind} held on {day}. For the team around the family: share "
                "only with the agencies named in the family's consent.")
PLAN_INTRO_FAMILY = ("This is your family plan as it stands on {day}. It is written in your "
                     "words. Please tell {lead} if anything is wrong.")
PLAN_INTRO_AGENCY = ("The family plan as it stands on {day}, with every action by agency, "
                     "including professional tasks.")

COORDINATOR_TITLE = "Coordinator summary"


def fmt_day(day: object) -> str:
    """A date as people in England write it: 3 March 2026."""
    from datetime import date

    if not isinstance(day, date):
        return "—"
    return f"{day.day} {day:%B %Y}"


def fmt_short(day: object) -> str:
    """A date for a narrow table column: 3 Mar 2026."""
    from datetime import date

    if not isinstance(day, date):
        return "—"
    return f"{day.day} {day:%b %Y}"


def fmt_score(value: int | None) -> str:
    return "—" if value is None else str(value)


def fmt_change(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)

"""Read a meeting or a family's plan into `content` rows for one audience.

The family audience is filtered here, before any writer runs: professional tasks, written
updates, confidential notes and everything about a person whose information consent keeps
back from the family (`Person.share_with_family=False`) are never loaded into the rows.
Confidential notes (`Family.confidential_notes`, `Meeting.confidential_notes`, confidential
case notes) are never gathered for any audience: a shared document never carries them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from tafapp.core.reference import outcomes
from tafapp.exports import wording as w
from tafapp.exports.content import (
    ActionLine,
    AgencyGroup,
    Attendee,
    Audience,
    ConsentInfo,
    FamilyHeader,
    FamilyPlan,
    MeetingNotes,
    NeedLine,
    PersonLine,
    ScoreLine,
)
from tafapp.exports.lookup import Lookup, live
from tafapp.exports.timecheck import meeting_timescales
from tafapp.models import (
    Action,
    ActionReview,
    Attendance,
    Consent,
    Family,
    Meeting,
    MeetingAddendum,
    MeetingStatus,
    Scaling,
)
from tafapp.services import validation as v


def _header(look: Lookup, on: date) -> FamilyHeader:
    f = look.family
    lead = look.practitioner(f.lead_practitioner_id)
    people = tuple(PersonLine(p.full_name, w.PERSON_ROLE[p.role.value], p.age_on(on))
                   for pid, p in look.people.items() if not look.hidden_person(pid))
    return FamilyHeader(f.reference, f.household_name, lead.name if lead else "",
                        look.agency(f.lead_agency_id), people)


def _consent(session: Session, look: Lookup, on: date) -> ConsentInfo:
    """The latest consent given on or before `on` (withdrawn or not: a withdrawal is shown)."""
    rows = [c for c in live(session, Consent, Consent.family_id == look.family.id)
            if c.given_on <= on]
    if not rows:
        return ConsentInfo(None, "", (), "", "", None, False)
    c = max(rows, key=lambda r: (r.given_on, r.created_hlc))
    by = look.people.get(c.given_by_person_id) if c.given_by_person_id else None
    names = tuple(look.agency(uuid.UUID(str(a))) for a in c.scope_agency_ids)
    withdrawn = c.withdrawn_on if c.withdrawn_on and c.withdrawn_on <= on else None
    return ConsentInfo(c.given_on, "" if by is None or look.hidden_person(by.id)
                       else by.full_name, tuple(n for n in names if n), c.scope_purposes,
                       c.privacy_notice_version, withdrawn, c.safeguarding_override)


def group_by_agency(lines: Iterable[ActionLine]) -> tuple[AgencyGroup, ...]:
    """Agencies in alphabetical order, the family's own actions first."""
    groups: dict[str, list[ActionLine]] = defaultdict(list)
    for line in lines:
        groups[line.agency].append(line)
    order = sorted(groups, key=lambda g: (g != w.FAMILY_GROUP, g == w.NO_AGENCY, g.lower()))
    return tuple(AgencyGroup(g, tuple(sorted(groups[g], key=_due_key))) for g in order)


def _due_key(line: ActionLine) -> tuple[bool, date]:
    return (line.due_on is None, line.due_on or date.max)


def _attendees(session: Session, look: Lookup, meeting: Meeting) -> tuple[Attendee, ...]:
    out = []
    rows = live(session, Attendance, Attendance.meeting_id == meeting.id)
    look.preload((a.agency_id for a in rows), ())
    for a in rows:
        if look.hidden_person(a.person_id):
            continue
        agency = look.agency(a.agency_id)
        update = "" if look.for_family else a.written_update
        out.append(Attendee(a.name, a.role, agency, a.status.value, update,
                            a.person_id is not None))
    order = {"present": 0, "apologies": 1, "absent": 2}
    return tuple(sorted(out, key=lambda x: (order[x.status], not x.family_member)))


def _previous(look: Lookup, meeting: Meeting) -> Meeting | None:
    rows = [m for m in look.meetings
            if m.id != meeting.id and (m.held_on, m.created_hlc) < (meeting.held_on,
                                                                   meeting.created_hlc)]
    return max(rows, key=lambda m: (m.held_on, m.created_hlc)) if rows else None


def _overall_scores(session: Session, meeting_id: uuid.UUID | None) -> dict[str, Scaling]:
    if meeting_id is None:
        return {}
    rows = live(session, Scaling, Scaling.meeting_id == meeting_id, Scaling.need_id.is_(None))
    return {r.scored_by.value: r for r in rows}


def _scores(session: Session, meeting: Meeting, prev: Meeting | None) -> tuple[ScoreLine, ...]:
    now = _overall_scores(session, meeting.id)
    before = _overall_scores(session, prev.id if prev else None)
    out = []
    for who in ("family", "professional"):
        cur, old = now.get(who), before.get(who)
        if cur is None and old is None:
            continue
        out.append(ScoreLine(who, cur.score if cur else None, old.score if old else None,
                             cur.note if cur else ""))
    return tuple(out)


def _preload_names(look: Lookup, actions: list[Action]) -> None:
    """The agencies and practitioners the actions and the header name, in one query each."""
    look.preload([a.owner_agency_id for a in actions] + [look.family.lead_agency_id],
                 [a.owner_practitioner_id for a in actions] + [look.family.lead_practitioner_id])


def _actions(session: Session, look: Lookup, meeting: Meeting, prev: Meeting | None
             ) -> tuple[tuple[ActionLine, ...], tuple[AgencyGroup, ...]]:
    """(reviewed, new). New: written once this meeting's record was started (any time before
    the next meeting for a first meeting) and not reviewed here. Reviewed: reviewed here,
    plus earlier actions still open that the meeting did not review (marked so)."""
    reviews = {r.action_id: r for r in live(session, ActionReview,
                                             ActionReview.meeting_id == meeting.id)}
    later = [m.created_hlc for m in look.meetings
             if (m.held_on, m.created_hlc) > (meeting.held_on, meeting.created_hlc)]
    upper = min(later) if later else None
    lower = meeting.created_hlc if prev is not None else None
    reviewed, new = [], []
    actions = live(session, Action, Action.family_id == look.family.id)
    _preload_names(look, actions)
    for a in actions:
        if not look.shows_action(a) or (upper is not None and a.created_hlc > upper):
            continue
        r = reviews.get(a.id)
        if r is not None:
            reviewed.append(look.action_line(a, r.status, meeting.held_on, r.note))
        elif lower is None or a.created_hlc > lower:
            new.append(look.action_line(a, a.status, meeting.held_on))
        elif a.status.is_open:
            reviewed.append(look.action_line(a, a.status, meeting.held_on,
                                             w.NOT_REVIEWED))
    reviewed.sort(key=lambda x: (x.agency != w.FAMILY_GROUP, x.agency.lower(), _due_key(x)))
    return tuple(reviewed), group_by_agency(new)


def gather_meeting(session: Session, meeting_id: uuid.UUID | str, audience: Audience,
                   *, council: str = "") -> MeetingNotes:
    meeting: Meeting = v.get_live(session, Meeting, meeting_id, "meeting_id")
    family: Family = v.get_live(session, Family, meeting.family_id)
    look = Lookup(session, family, audience)
    prev = _previous(look, meeting)
    reviewed, new = _actions(session, look, meeting, prev)
    addenda = tuple(f"{w.fmt_day(a.written_on)} — {a.text}" for a in live(
        session, MeetingAddendum, MeetingAddendum.meeting_id == meeting.id))
    return MeetingNotes(
        audience=audience, family=_header(look, meeting.held_on),
        consent=_consent(session, look, meeting.held_on), kind=meeting.kind.value,
        held_on=meeting.held_on, venue=meeting.venue, remote=meeting.remote,
        chair=meeting.chair, note_taker=meeting.note_taker,
        final=meeting.status == MeetingStatus.FINAL,
        consent_confirmed=meeting.consent_confirmed,
        attendees=_attendees(session, look, meeting), family_update=meeting.family_update,
        child_voice=meeting.child_voice, child_voice_how=meeting.child_voice_how,
        practitioner_updates=meeting.practitioner_updates,
        worried_about=meeting.worried_about, working_well=meeting.working_well,
        needs_to_happen=meeting.needs_to_happen, scores=_scores(session, meeting, prev),
        previous_held_on=prev.held_on if prev else None, reviewed=reviewed, new_actions=new,
        decision=meeting.decision.value if meeting.decision else None,
        decision_reason=meeting.decision_reason, next_review_on=meeting.next_review_on,
        next_venue=_next_venue(look, meeting), addenda=addenda,
        timescales=meeting_timescales(session, family, meeting, prev),
        key_dates=_key_dates(look, meeting, prev), council=council)


def _key_dates(look: Lookup, meeting: Meeting,
               prev: Meeting | None) -> tuple[tuple[str, date | None], ...]:
    family = look.family
    first = min((m.held_on for m in look.meetings), default=None)
    return (("Request for help", family.request_on), ("First contact", family.first_contact_on),
            ("Plan opened", family.opened_on), ("First TAF meeting", first),
            ("Previous meeting", prev.held_on if prev else None),
            ("This meeting", meeting.held_on), ("Next review", meeting.next_review_on))


def _next_venue(look: Lookup, meeting: Meeting) -> str:
    """The venue of the next review if it is already booked as a meeting record."""
    if meeting.next_review_on is None:
        return ""
    for m in look.meetings:
        if m.held_on == meeting.next_review_on and m.id != meeting.id:
            return "Remote" if m.remote else m.venue
    return ""


def gather_plan(session: Session, family_id: uuid.UUID | str, audience: Audience,
                as_at: date) -> FamilyPlan:
    family: Family = v.get_live(session, Family, family_id, "family_id")
    look = Lookup(session, family, audience)
    actions = live(session, Action, Action.family_id == family.id)
    _preload_names(look, actions)
    lines = [look.action_line(a, a.status, as_at) for a in actions if look.shows_action(a)]
    needs = tuple(
        NeedLine(outcomes().get(n.outcome_code or "", "Other"),
                 look.people[n.person_id].full_name if n.person_id in look.people else "",
                 n.worried_about, n.working_well, n.needs_to_happen, n.family_words,
                 w.NEED_STATUS[n.status.value])
        for n in look.needs.values() if look.shows_need(n))
    meetings = look.meetings
    held = tuple(sorted(m.held_on for m in meetings if m.held_on <= as_at))
    agreed = [m for m in sorted(meetings, key=lambda m: (m.held_on, m.created_hlc))
              if m.next_review_on is not None]
    return FamilyPlan(
        audience=audience, family=_header(look, as_at), consent=_consent(session, look, as_at),
        as_at=as_at, needs=needs, actions=group_by_agency(lines),
        reviews_held=held, next_review_on=agreed[-1].next_review_on if agreed else None,
        final=bool(meetings) and all(m.status == MeetingStatus.FINAL for m in meetings))

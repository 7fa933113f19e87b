"""A meeting as frozen rows for the live meeting screen: the meeting's fields, attendance,
the actions to review (open when the meeting began, or reviewed at it), the actions agreed at
it, this meeting's and the last meeting's scores, and the suggested next review.

No Qt. "Agreed at this meeting" means created after the meeting was started (HLCs sort in
time order on one device), which is how the screen adds them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.core.timescales import suggest_next_review
from tafapp.models import ActionKind, ActionReview, Meeting, MeetingKind, Scaling, ScoredBy
from tafapp.services import meeting_setup
from tafapp.services import meetings as meeting_service
from tafapp.services import ui_support as ui
from tafapp.storage import audit

TEXT_FIELDS = ("venue", "chair", "note_taker", "family_update", "child_voice",
               "child_voice_how", "practitioner_updates", "worried_about", "working_well",
               "needs_to_happen", "decision_reason", "confidential_notes")


@dataclass(frozen=True)
class AttendanceRow:
    id: uuid.UUID
    name: str
    role: str
    agency: str
    status: str
    written_update: str


@dataclass(frozen=True)
class ReviewRow:
    action: ui.ActionRow
    reviewed_status: str | None
    note: str


@dataclass(frozen=True)
class MeetingFields:
    id: uuid.UUID
    family_id: uuid.UUID
    kind: str
    held_on: date
    status: str
    remote: bool
    consent_confirmed: bool
    decision: str
    next_review_on: date | None
    venue: str
    chair: str
    note_taker: str
    family_update: str
    child_voice: str
    child_voice_how: str
    practitioner_updates: str
    worried_about: str
    working_well: str
    needs_to_happen: str
    decision_reason: str
    confidential_notes: str

    @property
    def is_final(self) -> bool:
        return self.status == "final"


@dataclass(frozen=True)
class AddendumRow:
    id: uuid.UUID
    written_on: date
    author: str
    text: str


@dataclass(frozen=True)
class MeetingView:
    meeting: MeetingFields
    family_reference: str
    household_name: str
    attendance: tuple[AttendanceRow, ...]
    reviews: tuple[ReviewRow, ...]
    new_actions: tuple[ui.ActionRow, ...]
    scores: dict[str, tuple[int, str]]
    previous_scores: dict[str, int]
    previous_held_on: date | None
    suggested_next_review: date
    people: tuple[ui.PersonRow, ...]
    needs: tuple[ui.NeedRow, ...]
    directory: ui.Directory
    addenda: tuple[AddendumRow, ...]


def _fields(m: Meeting) -> MeetingFields:
    values = {f.name: getattr(m, f.name) for f in fields(MeetingFields)
              if f.name not in ("kind", "status", "decision")}
    return MeetingFields(kind=m.kind.value, status=m.status.value,
                         decision=m.decision.value if m.decision else "", **values)


_SCALINGS = (select(Scaling.meeting_id, Scaling.scored_by, Scaling.score, Scaling.note)
             .where(Scaling.meeting_id.in_(bindparam("ids", expanding=True)),
                    Scaling.need_id.is_(None), Scaling.deleted_hlc.is_(None))
             .order_by(Scaling.created_hlc))


def _scores(session: Session, meeting_id: uuid.UUID, previous_id: uuid.UUID | None
            ) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
    """This meeting's overall scores (score, note) and the previous meeting's, in one query
    (as `ui_support_edits.scaling_state` and `meetings.scores` give them one at a time)."""
    ids = [meeting_id] if previous_id is None else [meeting_id, previous_id]
    now: dict[str, tuple[int, str]] = {}
    before: dict[str, int] = {}
    for row in session.execute(_SCALINGS, {"ids": ids}):
        if row.meeting_id == meeting_id:
            now.setdefault(row.scored_by.value, (row.score, row.note))
        else:
            before[row.scored_by.value] = row.score
    return now, before


def meeting_view(session: Session, meeting_id: uuid.UUID, today: date | None = None,
                 known: ui.Directory | None = None) -> MeetingView:
    """`known`: a directory the caller has checked is current (`ui.directory_stamp`)."""
    today = today or date.today()
    m: Meeting = ui.live_row(session, Meeting, meeting_id)
    family = ui.family_view(session, m.family_id, today, known=known, plan_only=True)
    reviewed = {r.action_id: r for r in ui.live_rows(session, ActionReview, "meeting_id", m.id)}
    reviews, new = [], []
    for a in family.actions:
        if a.id in reviewed:
            reviews.append(ReviewRow(a, reviewed[a.id].status.value, reviewed[a.id].note))
        elif a.created_hlc > m.created_hlc:
            new.append(a)
        elif a.status in ("not_started", "in_progress"):
            reviews.append(ReviewRow(a, None, ""))
    d = family.directory
    prev = meeting_service.previous_meeting(session, m)
    scores, previous_scores = _scores(session, m.id, prev.id if prev else None)
    first_review = m.kind == MeetingKind.INITIAL
    return MeetingView(
        _fields(m), family.header.reference, family.header.household_name,
        tuple(AttendanceRow(r.id, r.name, r.role, d.agency_name(r.agency_id), r.status.value,
                            r.written_update) for r in ui.attendance(session, m.id)),
        tuple(sorted(reviews, key=lambda r: (r.action.kind != ActionKind.FAMILY.value,
                                             r.action.owner_agency, r.action.created_hlc))),
        tuple(new),
        {by: scores[by] for by in (ScoredBy.FAMILY.value, ScoredBy.PROFESSIONAL.value)
         if by in scores},
        previous_scores,
        prev.held_on if prev else None,
        suggest_next_review(m.held_on, first_review=first_review),
        family.people, family.needs, d,
        tuple(AddendumRow(a.id, a.written_on, a.author, a.text)
              for a in ui.addenda(session, m.id)),
    )


def resume_or_start(session: Session, family_id: uuid.UUID, kind: str,
                    today: date | None = None) -> uuid.UUID:
    """The family's draft meeting (to carry on after a crash or a break), else a meeting of
    this kind already finalised today (shown, not duplicated), else a new one held today, set
    up from the record. One family never has two drafts from this screen."""
    draft = meeting_service.draft_for(session, family_id)
    if draft is not None:
        return draft.id
    held = today or date.today()
    final = meeting_setup.final_held_on(session, family_id, kind, held)
    if final is not None:
        return final.id
    draft = meeting_service.start_meeting(session, family_id, held_on=held, kind=kind)
    meeting_setup.set_up(session, draft)
    return draft.id


@dataclass(frozen=True)
class Gap:
    """Something a meeting usually covers that this one has not: `code` is
    `actions_not_reviewed`, `no_child_voice` or `no_scaling`."""

    code: str
    text: str
    items: tuple[str, ...] = ()


def gaps(view: MeetingView) -> list[Gap]:
    """What is not yet done in a meeting, for the confirmation before finalising."""
    out = []
    unreviewed = [r.action.description for r in view.reviews if r.reviewed_status is None]
    if unreviewed:
        n = len(unreviewed)
        out.append(Gap("actions_not_reviewed",
                       f"{n} of {len(view.reviews)} actions not reviewed" if n > 1 else
                       f"1 of {len(view.reviews)} actions not reviewed", tuple(unreviewed)))
    if not view.meeting.child_voice.strip():
        out.append(Gap("no_child_voice", "the child's voice is not recorded"))
    if not view.scores:
        out.append(Gap("no_scaling", "no scaling score (neither the family's nor the "
                                     "professionals')"))
    return out


def before_finalising(session: Session, meeting_id: uuid.UUID) -> list[Gap]:
    """What to confirm before finalising: InputRejected if the meeting cannot be finalised
    at all (no decision, no next review), else what is not done."""
    meeting_service.ready_to_finalise(session, meeting_id)
    return gaps(meeting_view(session, meeting_id))


def finalise_decided(session: Session, meeting_id: uuid.UUID, reason: str = "",
                     who: str = "") -> list[Gap]:
    """Finalise, knowing what is not done: with anything missing a reason is required, and
    the gaps and the reason are kept in the audit trail and as the meeting's first addendum
    (so every copy of the notes and the hub see them). Returns the gaps finalised with."""
    found = gaps(meeting_view(session, meeting_id))
    reason = (reason or "").strip()
    if found and not reason:
        raise InputRejected("finalise_reason", "say why the meeting is finalised with these "
                                               "things not done")
    meeting_service.finalise(session, meeting_id, who=who)
    if found:
        summary = "; ".join(g.text for g in found)
        audit.record(session, "meeting", meeting_id, "finalised with things not done", who=who,
                     detail={"not_done": [g.code for g in found], "reason": reason})
        meeting_service.add_addendum(
            session, meeting_id, f"Finalised with things not done ({summary}). Why: {reason}",
            author=who)
    return found

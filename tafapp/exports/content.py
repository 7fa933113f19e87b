"""What a Word document says, as frozen plain data gathered from the record.

Writers only ever see these rows, never a Session, so what reaches a document is decided in
one place (`gather.py`): a row that is not here cannot leak into a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tafapp.services.ui_support import FamilyHeader


class Audience(StrEnum):
    """Who a document is for; it decides what is gathered, not only how it is worded."""

    FAMILY = "family"
    AGENCY = "agency"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class PersonLine:
    name: str
    role: str
    age: int | None


@dataclass(frozen=True)
class ConsentInfo:
    """The consent in force on the document's date (None fields when no consent is recorded)."""

    given_on: date | None
    given_by: str
    agencies: tuple[str, ...]
    purposes: str
    notice_version: str
    withdrawn_on: date | None
    safeguarding_override: bool

    @property
    def active(self) -> bool:
        return self.given_on is not None and self.withdrawn_on is None

    def scope_text(self) -> str:
        """One line for the footer: with whom the family agreed information is shared."""
        if self.given_on is None:
            return "Consent: none recorded"
        if self.withdrawn_on is not None:
            return f"Consent withdrawn {self.withdrawn_on:%d/%m/%Y}"
        names = ", ".join(self.agencies) or "no agencies named"
        return f"Consent {self.given_on:%d/%m/%Y}: {names}"


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    agency: str
    status: str  # present / apologies / absent
    written_update: str
    family_member: bool


@dataclass(frozen=True)
class ScoreLine:
    """A 0–10 scaling score beside the previous meeting's score by the same people."""

    scored_by: str  # family / professional
    score: int | None
    previous: int | None
    note: str

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass(frozen=True)
class ActionLine:
    description: str
    kind: str  # family / professional
    agency: str
    owner: str
    due_on: date | None
    status: str
    overdue: bool
    note: str
    need: str


@dataclass(frozen=True)
class AgencyGroup:
    agency: str
    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class NeedLine:
    outcome: str
    person: str
    worried_about: str
    working_well: str
    needs_to_happen: str
    family_words: str
    status: str


@dataclass(frozen=True)
class TimescaleCheck:
    """One timescale at this meeting: `met` is None when it cannot be judged yet."""

    label: str
    target: str
    actual: str
    met: bool | None


@dataclass(frozen=True)
class MeetingNotes:
    audience: Audience
    family: FamilyHeader
    consent: ConsentInfo
    kind: str
    held_on: date
    venue: str
    remote: bool
    chair: str
    note_taker: str
    final: bool
    consent_confirmed: bool
    attendees: tuple[Attendee, ...]
    family_update: str
    child_voice: str
    child_voice_how: str
    practitioner_updates: str
    worried_about: str
    working_well: str
    needs_to_happen: str
    scores: tuple[ScoreLine, ...]
    previous_held_on: date | None
    reviewed: tuple[ActionLine, ...]
    new_actions: tuple[AgencyGroup, ...]
    decision: str | None
    decision_reason: str
    next_review_on: date | None
    next_venue: str
    addenda: tuple[str, ...]
    timescales: tuple[TimescaleCheck, ...]
    key_dates: tuple[tuple[str, date | None], ...] = ()
    council: str = ""

    @property
    def agencies_present(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for a in self.attendees:
            if a.status == "present" and a.agency:
                seen.setdefault(a.agency)
        return tuple(seen)


@dataclass(frozen=True)
class FamilyPlan:
    audience: Audience
    family: FamilyHeader
    people: tuple[PersonLine, ...]  # those this audience may see
    consent: ConsentInfo
    as_at: date
    needs: tuple[NeedLine, ...]
    actions: tuple[AgencyGroup, ...]
    reviews_held: tuple[date, ...]
    next_review_on: date | None
    final: bool

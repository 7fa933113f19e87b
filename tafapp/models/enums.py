"""Fixed vocabularies of the record. Lists a council may change (sectors, outcomes, closure
reasons, levels of need) are reference data in resources/reference.json instead."""

from __future__ import annotations

from enum import StrEnum


class FamilyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class PersonRole(StrEnum):
    CHILD = "child"
    PARENT_CARER = "parent_carer"
    OTHER_ADULT = "other_adult"


class Send(StrEnum):
    NONE = "none"
    SEN_SUPPORT = "sen_support"
    EHCP = "ehcp"


class ActionKind(StrEnum):
    FAMILY = "family"
    PROFESSIONAL = "professional"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
"""An action still to do (the caseload, the report summary and `ActionStatus.is_open`)."""


class NeedStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    CLOSED = "closed"


class MeetingKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"
    CLOSURE = "closure"
    STEP_DOWN_TRANSFER = "step_down_transfer"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class Decision(StrEnum):
    CONTINUE = "continue"
    STEP_UP = "step_up"
    STEP_DOWN = "step_down"
    CLOSE = "close"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class ScoredBy(StrEnum):
    FAMILY = "family"
    PROFESSIONAL = "professional"


class StepDirection(StrEnum):
    UP = "up"
    DOWN = "down"

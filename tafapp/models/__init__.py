"""SQLAlchemy models of the TAF record. No Qt, no files, no sessions opened here."""

from tafapp.models.base import Base, Syncable, new_id, syncable_tables
from tafapp.models.caseload_indexes import CASELOAD_INDEXES
from tafapp.models.directory import Agency, Practitioner
from tafapp.models.enums import (
    ActionKind,
    ActionStatus,
    AttendanceStatus,
    Decision,
    FamilyStatus,
    MeetingKind,
    MeetingStatus,
    NeedStatus,
    PersonRole,
    ScoredBy,
    Send,
    StepDirection,
)
from tafapp.models.family import (
    CaseNote,
    Consent,
    Family,
    Person,
    Reading,
    Referral,
    StepChange,
    TeamMember,
)
from tafapp.models.hub import AppliedOp, Conflict, DeviceSync, PacketLog, Share
from tafapp.models.local import AuditEvent, LocalSecret, OutboxOp, SyncState
from tafapp.models.meeting import ActionReview, Attendance, Meeting, MeetingAddendum, Scaling
from tafapp.models.plan import Action, Need
from tafapp.models.registry import Device, TrustedHub
from tafapp.models.report_indexes import REPORT_INDEXES

__all__ = [
    "CASELOAD_INDEXES",
    "Action", "ActionKind", "ActionReview", "ActionStatus", "Agency", "Attendance",
    "AttendanceStatus", "AuditEvent", "Base", "CaseNote", "Consent", "Decision", "Family",
    "FamilyStatus", "LocalSecret", "Meeting", "MeetingAddendum", "MeetingKind", "MeetingStatus",
    "Need", "NeedStatus", "OutboxOp", "Person", "PersonRole", "Practitioner", "Reading",
    "Referral", "Scaling", "ScoredBy", "Send", "StepChange", "StepDirection", "SyncState",
    "Syncable", "TeamMember", "new_id", "syncable_tables",
    "AppliedOp", "Conflict", "DeviceSync", "PacketLog", "Share",
    "Device", "TrustedHub",
    "REPORT_INDEXES",
]

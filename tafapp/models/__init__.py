"""SQLAlchemy models of the TAF record. No Qt, no files, no sessions opened here.

Index-only declarations (`caseload_indexes`, `report_indexes`) are not imported here: the
database gets them from the migrations, and declaring them loads SQL dialects the app does
not otherwise need at start-up. `load_index_declarations()` adds them to the metadata for
Alembic and the schema tests.

The names below are loaded on first use (PEP 562), all model modules at once, so that every
table is on `Base.metadata` before any of them is used (foreign keys name tables by string).
`tafapp.models.enums` can therefore be imported without SQLAlchemy: the app's first screen
needs only the enums.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tafapp.models.base import Base, Syncable, new_id, syncable_tables
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
    from tafapp.models.hub import AppliedOp, Conflict, DeviceSync, HeldOp, PacketLog, Share
    from tafapp.models.local import AuditEvent, LocalSecret, OutboxOp, SyncState
    from tafapp.models.meeting import ActionReview, Attendance, Meeting, MeetingAddendum, Scaling
    from tafapp.models.plan import Action, Need
    from tafapp.models.registry import Device, TrustedHub
    from tafapp.models.report_summary import (
        SUMMARY_TABLES,
        ReportAction,
        ReportFamily,
        ReportNeedMet,
        ReportReferral,
        ReportReview,
        ReportScaling,
    )

__all__ = [
    "Action", "ActionKind", "ActionReview", "ActionStatus", "Agency", "Attendance",
    "AttendanceStatus", "AuditEvent", "Base", "CaseNote", "Consent", "Decision", "Family",
    "FamilyStatus", "LocalSecret", "Meeting", "MeetingAddendum", "MeetingKind", "MeetingStatus",
    "Need", "NeedStatus", "OutboxOp", "Person", "PersonRole", "Practitioner", "Reading",
    "Referral", "Scaling", "ScoredBy", "Send", "StepChange", "StepDirection", "SyncState",
    "Syncable", "TeamMember", "new_id", "syncable_tables",
    "AppliedOp", "Conflict", "DeviceSync", "HeldOp", "PacketLog", "Share",
    "Device", "TrustedHub",
    "SUMMARY_TABLES", "ReportAction", "ReportFamily", "ReportNeedMet", "ReportReferral",
    "ReportReview", "ReportScaling",
]

_MODULES = ("base", "enums", "directory", "family", "hub", "local", "meeting", "plan",
            "registry", "report_summary")


def load_all() -> None:
    """Declare every model (idempotent)."""
    for name in _MODULES:
        importlib.import_module(f"tafapp.models.{name}")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'tafapp.models' has no attribute {name!r}")
    load_all()
    for module in _MODULES:
        found = getattr(importlib.import_module(f"tafapp.models.{module}"), name, None)
        if found is not None:
            globals()[name] = found
            return found
    raise AttributeError(name)


def load_index_declarations() -> None:
    """Register every index declared apart from its table on `Base.metadata`."""
    import tafapp.models.caseload_indexes  # noqa: F401
    import tafapp.models.report_indexes  # noqa: F401

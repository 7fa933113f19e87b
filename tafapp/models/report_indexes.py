"""Indexes for the coordinator's reports (services/reports), declared apart from the tables.

On PostgreSQL most carry INCLUDE columns, so a report reads the index alone (an index-only
scan) instead of fetching scattered table rows; on a 1,000,000-family hub that is the
difference between seconds and a fraction of one (docs/bench-reports.md). SQLite ignores
INCLUDE and gets the plain key columns. Partial indexes hold only the rows a report asks for
(open families, open actions, people with SEND).
"""

from __future__ import annotations

from sqlalchemy import Index, and_, text

from tafapp.models.family import Family, Person, Referral, StepChange
from tafapp.models.meeting import Meeting, Scaling
from tafapp.models.plan import Action, Need
from tafapp.models.report_summary import (
    ReportAction,
    ReportFamily,
    ReportNeedMet,
    ReportReferral,
    ReportReview,
    ReportScaling,
)

_OPEN_FAMILY = and_(Family.closed_on.is_(None), Family.status == "open")
_OPEN_ACTION = text("status IN ('not_started', 'in_progress')")
_HAS_SEND = text("send <> 'none'")
_STILL_OPEN = ReportAction.until.is_(None)
_OPEN_SUMMARY = and_(ReportFamily.closed_on.is_(None), ReportFamily.status == "open")

REPORT_INDEXES = (
    Index("ix_report_family_id", Family.id,
          postgresql_include=["deleted_hlc", "lead_agency_id", "opened_on", "closed_on",
                              "status"]),
    Index("ix_report_family_closed", Family.closed_on,
          postgresql_include=["opened_on", "status", "lead_agency_id", "deleted_hlc",
                              "closure_reason", "id", "reference", "postcode",
                              "household_name"]),
    Index("ix_report_family_open", Family.opened_on,
          postgresql_include=["lead_agency_id", "deleted_hlc"],
          postgresql_where=_OPEN_FAMILY, sqlite_where=_OPEN_FAMILY),
    Index("ix_report_family_opened", Family.opened_on,
          postgresql_include=["closed_on", "status", "lead_agency_id", "deleted_hlc",
                              "id", "reference", "postcode", "household_name"]),
    Index("ix_report_family_request", Family.request_on,
          postgresql_include=["first_contact_on", "lead_agency_id", "deleted_hlc"]),
    Index("ix_report_meeting_family_held", Meeting.family_id, Meeting.held_on,
          postgresql_include=["kind", "deleted_hlc", "id"]),
    Index("ix_report_meeting_next_review", Meeting.next_review_on,
          postgresql_include=["family_id", "held_on", "deleted_hlc", "id"]),
    Index("ix_report_scaling_meeting", Scaling.meeting_id,
          postgresql_include=["scored_by", "score", "deleted_hlc"]),
    Index("ix_report_action_open", Action.family_id,
          postgresql_include=["owner_agency_id", "due_on", "deleted_hlc", "status"],
          postgresql_where=_OPEN_ACTION, sqlite_where=_OPEN_ACTION),
    Index("ix_report_action_completed", Action.completed_on,
          postgresql_include=["family_id", "owner_agency_id", "due_on", "deleted_hlc",
                              "status"]),
    Index("ix_report_person_send", Person.family_id,
          postgresql_include=["send", "deleted_hlc"],
          postgresql_where=_HAS_SEND, sqlite_where=_HAS_SEND),
    Index("ix_report_need_family", Need.family_id,
          postgresql_include=["status", "outcome_code", "deleted_hlc"]),
    Index("ix_report_need_met", Need.met_on,
          postgresql_include=["family_id", "outcome_code", "status", "deleted_hlc"]),
    Index("ix_report_referral_made", Referral.made_on,
          postgresql_include=["family_id", "outcome_on", "deleted_hlc"]),
    Index("ix_report_step_change_on", StepChange.on,
          postgresql_include=["family_id", "direction", "deleted_hlc"]),
    # The hub's summary tables (models/report_summary.py).
    Index("ix_report_sum_request", ReportFamily.request_on,
          postgresql_include=["first_contact_on", "first_taf_on", "lead_agency_id"]),
    Index("ix_report_sum_closed", ReportFamily.closed_on,
          postgresql_include=["opened_on", "status", "send_level", "outcomes_met",
                              "came_back"]),
    Index("ix_report_sum_opened", ReportFamily.opened_on, postgresql_include=["re_referred"]),
    Index("ix_report_sum_reference", ReportFamily.reference, ReportFamily.family_id,
          postgresql_include=["lead_agency_id"]),
    Index("ix_report_sum_open", ReportFamily.opened_on, postgresql_include=["send_level"],
          postgresql_where=_OPEN_SUMMARY, sqlite_where=_OPEN_SUMMARY),
    Index("ix_report_sum_review_due", ReportReview.due,
          postgresql_include=["next_held", "closed_on", "lead_agency_id", "family_id",
                              "reference"]),
    Index("ix_report_sum_scaling_closed", ReportScaling.closed_on,
          postgresql_include=["scored_by", "first", "last"]),
    Index("ix_report_sum_need_met_on", ReportNeedMet.met_on,
          postgresql_include=["outcome_code", "family_id", "previous_same", "previous_any"]),
    Index("ix_report_sum_referral_made", ReportReferral.made_on,
          postgresql_include=["fed_back"]),
    Index("ix_report_sum_action_open", ReportAction.opened_on,
          postgresql_include=["closed_on", "family_open", "owner_agency_id", "due_on"],
          postgresql_where=_STILL_OPEN, sqlite_where=_STILL_OPEN),
    Index("ix_report_sum_action_until", ReportAction.until,
          postgresql_include=["opened_on", "closed_on", "family_open", "owner_agency_id",
                              "due_on"]),
)

"""Hub-only summary tables for the coordinator's reports (docs/decisions-reports.md).

Derived data, never synced and never edited by hand: each row is a function of one live
family's own rows (its record, meetings, scores, needs, people and referrals), except two
flags on `ReportFamily` that also look at other families of the same household. The hub
recomputes the rows of exactly the families a transaction touched, in that transaction
(storage/reports/summary.py), so the reports read a few narrow rows per family instead of
every meeting and score. A tombstoned family has no rows here.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base


class ReportFamily(Base):
    """One live family: its dates and lead, and what the reports need from its other rows."""

    __tablename__ = "report_family"

    family_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    lead_agency_id: Mapped[uuid.UUID | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(24))
    request_on: Mapped[date | None] = mapped_column(Date)
    first_contact_on: Mapped[date | None] = mapped_column(Date)
    # The first initial TAF meeting held on or after the request.
    first_taf_on: Mapped[date | None] = mapped_column(Date)
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # The household's keys, kept to find the other families a change can affect.
    reference: Mapped[str] = mapped_column(String(40))
    postcode: Mapped[str] = mapped_column(String(12))
    household: Mapped[str] = mapped_column(String(200))
    send_level: Mapped[int] = mapped_column(Integer)  # 2 EHCP, 1 SEN support only, 0 none
    outcomes_met: Mapped[int] = mapped_column(Integer)  # live needs met with an outcome code
    # Opened within 12 months after another episode of the household closed.
    re_referred: Mapped[bool] = mapped_column(Boolean)
    # The household opened again within six months after this closure.
    came_back: Mapped[bool] = mapped_column(Boolean)


class ReportReview(Base):
    """A review a live meeting agreed (`due`), and the family's next meeting after it."""

    __tablename__ = "report_review"

    meeting_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    due: Mapped[date] = mapped_column(Date)
    next_held: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    lead_agency_id: Mapped[uuid.UUID | None] = mapped_column()
    reference: Mapped[str] = mapped_column(String(40))  # the family's, for drill-down lists


class ReportScaling(Base):
    """A family's first and last meeting score by one scorer, when it scored at two or more
    meetings (a meeting's score is the mean of that scorer's scores there)."""

    __tablename__ = "report_scaling"

    family_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    scored_by: Mapped[str] = mapped_column(String(24), primary_key=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    first: Mapped[float] = mapped_column(Float)
    last: Mapped[float] = mapped_column(Float)


class ReportNeedMet(Base):
    """A live need met on a known date with a Supporting Families outcome code."""

    __tablename__ = "report_need_met"

    need_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    met_on: Mapped[date] = mapped_column(Date)
    outcome_code: Mapped[str] = mapped_column(String(40))
    # The met date of the family's previous need met (in date order, then need id) with the
    # same outcome code / with any code; None for the first. A need counts its family for a
    # period when the previous one falls before the period: each family once, no DISTINCT.
    previous_same: Mapped[date | None] = mapped_column(Date)
    previous_any: Mapped[date | None] = mapped_column(Date)


class ReportReferral(Base):
    """A live referral, and whether its outcome was fed back."""

    __tablename__ = "report_referral"

    referral_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    made_on: Mapped[date] = mapped_column(Date)
    fed_back: Mapped[bool] = mapped_column(Boolean)


class ReportAction(Base):
    """A live action that is or was open (not cancelled), with its family's dates: `until` is
    the day it was completed, None while it is still open."""

    __tablename__ = "report_action"

    action_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    owner_agency_id: Mapped[uuid.UUID | None] = mapped_column()
    due_on: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    family_open: Mapped[bool] = mapped_column(Boolean)  # status open with no closure date


SUMMARY_TABLES = (ReportFamily, ReportReview, ReportScaling, ReportNeedMet, ReportReferral,
                  ReportAction)

"""The family plan: needs (three columns, outcome code) and actions."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tafapp.models.base import Base, Syncable, str_enum
from tafapp.models.enums import ActionKind, ActionStatus, NeedStatus
from tafapp.models.overdue import action_overdue


class Need(Syncable, Base):
    __tablename__ = "need"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    outcome_code: Mapped[str | None] = mapped_column(String(40))
    worried_about: Mapped[str] = mapped_column(Text, default="")
    working_well: Mapped[str] = mapped_column(Text, default="")
    needs_to_happen: Mapped[str] = mapped_column(Text, default="")
    family_words: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NeedStatus] = mapped_column(str_enum(NeedStatus), default=NeedStatus.OPEN)
    met_on: Mapped[date | None] = mapped_column(Date)


class Action(Syncable, Base):
    """A family action (in the plan the family holds) or a professional task (case record only).

    The owner is a named practitioner and/or agency, or a family member (`owner_person_id`);
    `owner_name` keeps the name as written when the owner is not in the directory.
    """

    __tablename__ = "action"

    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("family.id"), index=True)
    need_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("need.id"), index=True)
    kind: Mapped[ActionKind] = mapped_column(str_enum(ActionKind), default=ActionKind.FAMILY)
    description: Mapped[str] = mapped_column(Text)
    owner_agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    owner_practitioner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("practitioner.id"))
    owner_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus), default=ActionStatus.NOT_STARTED
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")

    def is_overdue(self, today: date) -> bool:
        return self.deleted_hlc is None and action_overdue(self.status, self.due_on, today)

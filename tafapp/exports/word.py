"""Word exports, end to end: gather for the audience, write on the council's template, save.

    with store.read() as s:
        done = word.export_meeting_notes(s, meeting_id, "family", "notes.docx")
    for warning in done.warnings: print(warning.message())

Rendering needs only a read session; saving is atomic (temp file, fsync, rename).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.exports.content import Audience, MeetingNotes
from tafapp.exports.files import propose_filename, write_atomically
from tafapp.exports.gather import gather_meeting, gather_plan
from tafapp.exports.template import Template, TemplateWarning, load_template
from tafapp.models import Family, Meeting
from tafapp.services import validation as v

NOTES_VARIANTS = ("family", "agency", "coordinator")
PLAN_VARIANTS = ("family", "agency")
TemplateChoice = str | os.PathLike[str] | None


@dataclass(frozen=True)
class Rendered:
    data: bytes
    filename: str
    warnings: tuple[TemplateWarning, ...]


@dataclass(frozen=True)
class Exported:
    path: Path
    warnings: tuple[TemplateWarning, ...]


def _variant(value: str, allowed: tuple[str, ...]) -> Audience:
    if value not in allowed:
        raise InputRejected("variant", f"'{value}' is not one of {', '.join(allowed)}")
    return Audience(value)


def _notes_writer(audience: Audience) -> Callable[[MeetingNotes, Template], bytes]:
    from tafapp.exports.notes_agency import write_agency
    from tafapp.exports.notes_coordinator import write_coordinator
    from tafapp.exports.notes_family import write_family

    return {Audience.FAMILY: write_family, Audience.AGENCY: write_agency,
            Audience.COORDINATOR: write_coordinator}[audience]


def meeting_filename(session: Session, meeting_id: uuid.UUID | str, variant: str) -> str:
    meeting: Meeting = v.get_live(session, Meeting, meeting_id, "meeting_id")
    family: Family = v.get_live(session, Family, meeting.family_id)
    what = "coordinator-summary" if variant == "coordinator" else "meeting-notes"
    return propose_filename(family.reference, what, variant, meeting.held_on)


def plan_filename(session: Session, family_id: uuid.UUID | str, variant: str,
                  as_at: date) -> str:
    family: Family = v.get_live(session, Family, family_id, "family_id")
    return propose_filename(family.reference, "family-plan", variant, as_at)


def render_meeting_notes(session: Session, meeting_id: uuid.UUID | str, variant: str, *,
                         template: TemplateChoice = None) -> Rendered:
    audience = _variant(variant, NOTES_VARIANTS)
    tpl = load_template(template)
    notes = gather_meeting(session, meeting_id, audience, council=tpl.council)
    data = _notes_writer(audience)(notes, tpl)
    return Rendered(data, meeting_filename(session, meeting_id, variant), tuple(tpl.warnings))


def render_family_plan(session: Session, family_id: uuid.UUID | str, variant: str, *,
                       as_at: date | None = None, template: TemplateChoice = None) -> Rendered:
    from tafapp.exports.plan_doc import write_plan

    audience = _variant(variant, PLAN_VARIANTS)
    day = as_at or date.today()
    tpl = load_template(template)
    data = write_plan(gather_plan(session, family_id, audience, day), tpl)
    return Rendered(data, plan_filename(session, family_id, variant, day), tuple(tpl.warnings))


def export_meeting_notes(session: Session, meeting_id: uuid.UUID | str, variant: str,
                         out: str | os.PathLike[str], *,
                         template: TemplateChoice = None) -> Exported:
    done = render_meeting_notes(session, meeting_id, variant, template=template)
    return Exported(write_atomically(out, done.data), done.warnings)


def export_family_plan(session: Session, family_id: uuid.UUID | str, variant: str,
                       out: str | os.PathLike[str], *, as_at: date | None = None,
                       template: TemplateChoice = None) -> Exported:
    done = render_family_plan(session, family_id, variant, as_at=as_at, template=template)
    return Exported(write_atomically(out, done.data), done.warnings)

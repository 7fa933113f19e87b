"""The families behind a report, one row each: references by default, names only on request
(an export with names is recorded in the audit trail by the caller)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Agency, Family, Practitioner
from tafapp.services.reports.partnership import _lead_join, lead_sector
from tafapp.storage.reports.conditions import send_levels
from tafapp.storage.reports.period import Period
from tafapp.storage.reports.sql import live_family, worked_in

_SEND = {2: "ehcp", 1: "sen_support"}


def family_rows(session: Session, period: Period, include_names: bool = False
                ) -> list[dict[str, Any]]:
    """Families open at any time in the period, by reference."""
    lv = send_levels()
    cols = [Family.reference, Family.status, lead_sector(), Family.request_on, Family.opened_on,
            Family.closed_on, Family.closure_reason, lv.c.level]
    if include_names:
        cols += [Family.household_name, Practitioner.name]
    q = (select(*cols).select_from(Family).outerjoin(Agency, _lead_join())
         .outerjoin(lv, lv.c.family_id == Family.id)
         .where(live_family(), worked_in(period.start, period.end))
         .order_by(Family.reference, Family.opened_on))
    if include_names:
        q = q.outerjoin(Practitioner, Practitioner.id == Family.lead_practitioner_id)
    out = []
    for r in session.execute(q):
        row = {"reference": r[0], "status": str(getattr(r[1], "value", r[1])),
               "lead_sector": r[2], "request_on": r[3], "opened_on": r[4], "closed_on": r[5],
               "closure_reason": r[6] or "", "send": _SEND.get(r[7] or 0, "none")}
        if include_names:
            row.update(household_name=r[8], lead_practitioner=r[9] or "")
        out.append(row)
    return out

"""A report as a file (JSON, CSV, XLSX). Names leave the hub only when asked for, and that
choice is recorded in the audit trail in the caller's transaction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.services.reports import REPORTS, run, tabular
from tafapp.services.reports.roster import family_rows
from tafapp.services.reports.tables import tables
from tafapp.storage import audit
from tafapp.storage.reports.period import Period


def build(session: Session, which: str, period: Period, today: date, *, families: bool = False,
          include_names: bool = False) -> dict[str, Any]:
    if which != "all" and which not in REPORTS:
        raise InputRejected("report", f"'{which}' is not one of {', '.join(REPORTS)}, all")
    data = run(session, which, period, today)
    if families or include_names:
        data["families"] = family_rows(session, period, include_names)
    return data


def render(data: dict[str, Any], fmt: str, include_names: bool = False) -> bytes:
    if fmt == "json":
        return (json.dumps(data, indent=2, default=str) + "\n").encode("utf-8")
    if fmt == "csv":
        return tabular.csv_text(tables(data, include_names)).encode("utf-8")
    if fmt == "xlsx":
        return tabular.xlsx_bytes(tables(data, include_names))
    raise InputRejected("format", f"'{fmt}' is not one of {', '.join(tabular.FORMATS)}")


def export(session: Session, which: str, period: Period, today: date, fmt: str,
           out: Path | None, *, families: bool = False, include_names: bool = False,
           who: str = "") -> bytes:
    """Build, render and (with `out`) write the report; returns the bytes. With names, an
    audit event says who exported which report with names, and where to."""
    data = build(session, which, period, today, families=families, include_names=include_names)
    body = render(data, fmt, include_names)
    if out is not None:
        tabular.write_bytes(out, body)
    if include_names:
        audit.record(session, "report", which, "exported with names", who=who, detail={
            "report": which, "period": period.as_dict(), "format": fmt,
            "file": str(out) if out else "(standard output)",
            "families": len(data.get("families", []))})
    return body

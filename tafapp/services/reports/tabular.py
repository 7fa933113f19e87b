"""Tables out as CSV or XLSX. No Qt.

A `Table` is typed columns over plain rows. XLSX gets one sheet per table with real cell types
(numbers as numbers, dates as dates, shares as percentages); CSV is one "long" file, one line
per cell (`table,key,column,value`), so tables of different shapes share a file and a script
can filter it. Files are written to a temporary name and renamed, so a failed export never
leaves half a file where the old one was.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

Kind = Literal["text", "int", "float", "percent", "date", "month"]
FORMATS = ("json", "csv", "xlsx")
_NUMBER_FORMATS = {"int": "0", "float": "0.0", "percent": "0.0%", "date": "yyyy-mm-dd",
                   "month": "mmm yyyy"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    """`name` is the sheet name (31 characters at most); the first column is the row key."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        if len(self.name) > 31:
            raise ValueError(f"sheet name too long: {self.name!r}")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.name}: row {row!r} does not fit the columns")


def _csv_value(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind in ("date", "month") and isinstance(value, date):
        return value.isoformat()[:7] if kind == "month" else value.isoformat()
    return str(value)


def csv_text(tables: Sequence[Table]) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["table", "key", "column", "value"])
    for t in tables:
        key_col = t.columns[0]
        for row in t.rows:
            key = _csv_value(row[0], key_col.kind)
            for col, value in zip(t.columns[1:], row[1:], strict=True):
                out.writerow([t.name, key, col.key, _csv_value(value, col.kind)])
    return buf.getvalue()


def write_bytes(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename: the old file survives a failed write."""
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_csv(tables: Sequence[Table], path: Path) -> None:
    write_bytes(path, csv_text(tables).encode("utf-8"))


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for t in tables:
        sheet = book.create_sheet(t.name)
        sheet.append([t.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([c.title for c in t.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            sheet.append(list(row))
        for i, col in enumerate(t.columns, start=1):
            fmt = _NUMBER_FORMATS.get(col.kind)
            width = max([len(col.title), *(len(_csv_value(r[i - 1], col.kind)) for r in t.rows)])
            sheet.column_dimensions[sheet.cell(2, i).column_letter].width = min(60, width + 2)
            if fmt is None:
                continue
            for (cell,) in sheet.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.number_format = fmt
        sheet.freeze_panes = "B3"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_xlsx(tables: Sequence[Table], path: Path) -> None:
    write_bytes(path, xlsx_bytes(tables))

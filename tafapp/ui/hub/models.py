"""Item models for the sync screens: each a read-only table over frozen rows, replaced whole
by `set_rows` (a model reset). Cell text is worked out here, never in a paint method."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from tafapp.ui.hub.queries import ConflictRow, ConflictValue, DeviceRow

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

_ROOT = QModelIndex()

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's frozen dataclass."""

# Pale fill with dark text, and the cell's own words carry the meaning (never colour alone).
_BAD_BG = QBrush(QColor("#f9dcdc"))
_BAD_FG = QBrush(QColor("#6b0000"))
_OK_BG = QBrush(QColor("#dff0df"))
_OK_FG = QBrush(QColor("#124d12"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncModels", text)


def readable_time(at: datetime | None) -> str:
    """Local time, the way a coordinator writes it: 24 Nov 2026, 14:05."""
    if at is None:
        return ""
    local = at.astimezone() if at.tzinfo is not None else at
    return f"{local.day} {local:%b %Y, %H:%M}"


def short_id(text: str) -> str:
    return text[:8] if len(text) > 8 else text


class RowsModel(QAbstractTableModel, Generic[R]):
    """A flat table of frozen rows; subclasses give the headers and the cell text."""

    headers: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return _tr(self.headers[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, index.column())
        return None

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError

    def background(self, row: R, column: int) -> QBrush | None:
        return None

    def foreground(self, row: R, column: int) -> QBrush | None:
        return None


# -- import results ---------------------------------------------------------------------------


class ResultColumn(enum.IntEnum):
    FILE = 0
    STATUS = 1
    APPLIED = 2
    DUPLICATES = 3
    CONFLICTS = 4
    EXPLANATION = 5


class ResultsModel(RowsModel[dict[str, Any]]):
    """One row per imported file: the dicts of `packets.import_files`, each with an added
    `sentence` (what a coordinator reads) and `file_name`."""

    headers = ("File", "Result", "Changes applied", "Already here", "Conflicts",
               "What this means")
    _status = {"applied": "Imported", "duplicate": "Already imported", "rejected": "Refused"}

    def text(self, row: dict[str, Any], column: int) -> str:
        col = ResultColumn(column)
        if col is ResultColumn.FILE:
            return str(row.get("file_name", ""))
        if col is ResultColumn.STATUS:
            return _tr(self._status.get(row["status"], row["status"]))
        if col is ResultColumn.APPLIED:
            return str(row["ops_applied"])
        if col is ResultColumn.DUPLICATES:
            return str(row["ops_duplicate"])
        if col is ResultColumn.CONFLICTS:
            return str(row["conflicts"])
        return str(row.get("sentence", ""))

    def background(self, row: dict[str, Any], column: int) -> QBrush | None:
        if column != ResultColumn.STATUS:
            return None
        return _BAD_BG if row["status"] == "rejected" else _OK_BG

    def foreground(self, row: dict[str, Any], column: int) -> QBrush | None:
        if column != ResultColumn.STATUS:
            return None
        return _BAD_FG if row["status"] == "rejected" else _OK_FG


# -- devices ------------------------------------------------------------------------------------


class DevicesModel(RowsModel[DeviceRow]):
    headers = ("Device", "Fingerprint", "Registered", "Status")

    def text(self, row: DeviceRow, column: int) -> str:
        if column == 0:
            return f"{row.name or _tr('(no name)')} · {short_id(row.id)}"
        if column == 1:
            return row.fingerprint
        if column == 2:
            return readable_time(row.added_at)
        if row.revoked_at is not None:
            return _tr("Revoked {when}").format(when=readable_time(row.revoked_at))
        return _tr("Registered")

    def background(self, row: DeviceRow, column: int) -> QBrush | None:
        return _BAD_BG if column == 3 and row.revoked else None

    def foreground(self, row: DeviceRow, column: int) -> QBrush | None:
        return _BAD_FG if column == 3 and row.revoked else None


# -- conflicts ----------------------------------------------------------------------------------


def field_label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class ConflictsModel(RowsModel[ConflictRow]):
    headers = ("Family", "Record", "Field", "Values")
    """Values: how many differing values the field holds."""

    def text(self, row: ConflictRow, column: int) -> str:
        if column == 0:
            name = f" ({row.family_name})" if row.family_name else ""
            return f"{row.family_reference or _tr('no family')}{name}"
        if column == 1:
            return field_label(row.entity)
        if column == 2:
            return _tr("whole record (deleted)") if row.kind == "delete" else field_label(
                row.field)
        return str(len(row.values))


def value_text(v: ConflictValue, kind: str = "field") -> str:
    """A value as a person reads it: text as typed, empty shown as such, others as JSON. In a
    delete conflict each edit says which field it changed."""
    if v.deletes_record:
        return _tr("Deleted the record")
    if kind == "delete":
        return _tr("Changed {field} to: {value}").format(field=field_label(v.field).lower(),
                                                         value=value_text(v))
    if v.value is None or v.value == "":
        return _tr("(left empty)")
    if isinstance(v.value, str):
        return v.value
    if isinstance(v.value, bool):
        return _tr("Yes") if v.value else _tr("No")
    return json.dumps(v.value, ensure_ascii=False)


class ValuesModel(RowsModel[ConflictValue]):
    """The values of one conflict side by side: one row each, with who, when and which packet."""

    headers = ("Value", "Who", "When", "Packet (imported)", "Shown now")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = "field"

    def set_conflict(self, row: ConflictRow | None) -> None:
        self.kind = row.kind if row is not None else "field"
        self.set_rows(row.values if row is not None else ())

    def text(self, row: ConflictValue, column: int) -> str:
        if column == 0:
            return value_text(row, self.kind)
        if column == 1:
            return f"{row.device_name or _tr('unknown device')} · {short_id(row.device_id)}"
        if column == 2:
            return readable_time(row.at)
        if column == 3:
            return packet_text(row)
        return _tr("Yes") if row.provisional_winner else ""


def packet_text(v: ConflictValue) -> str:
    if v.packet_sequence is None:
        return short_id(v.packet_id)
    at = v.packet_imported_at
    when = f"{at.day} {at:%b, %H:%M}" if at is not None else ""
    return _tr("No. {n} ({when})").format(n=v.packet_sequence, when=when)


"""Read-only item models over frozen rows from one service query (HOUSE_STYLE rule 5).

`RowsModel` is a flat table; `GroupedRowsModel` a two-level tree (a group row, then its
rows), used for the family plan grouped by agency. Both are refilled whole with `set_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def display(value: Any) -> str:
    """How a cell shows a value: UK dates, Yes/No, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def words(code: str | None) -> str:
    """An enum value as words a reader expects ("not_started" → "Not started")."""
    return (code or "").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]
    sort_key: Callable[[Any], Any] | None = None


Alert = Callable[[Any], bool]


def _cell(row: Any, col: Column, role: int, alert: Alert | None) -> Any:
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return display(col.value(row))
    if role == Qt.ItemDataRole.ToolTipRole:
        text = display(col.value(row))
        return text if len(text) > 30 else None
    if role == ROW_ROLE:
        return row
    if role == Qt.ItemDataRole.ForegroundRole and alert is not None and alert(row):
        return QBrush(QColor("#a4262c"))
    return None


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None,
                 alert: Alert | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._alert = alert

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, index: QModelIndex) -> Any | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        return _cell(row, self._columns[index.column()], role, self._alert)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section].title
        return None


_GROUP = 0  # internal id of a group row; a child's internal id is its group's number + 1


class GroupedRowsModel(QAbstractItemModel):
    """Groups (title, rows) as top-level items with the rows as their children."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None,
                 alert: Alert | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._groups: list[tuple[str, list[Any]]] = []
        self._alert = alert

    def set_groups(self, groups: Sequence[tuple[str, Sequence[Any]]]) -> None:
        self.beginResetModel()
        self._groups = [(title, list(rows)) for title, rows in groups]
        self.endResetModel()

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(t, list(r)) for t, r in self._groups]

    def row_at(self, index: QModelIndex) -> Any | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index(self, row: int, column: int,
              parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            title, rows = self._groups[index.row()]
            if index.column() != 0:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{title} ({len(rows)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        row = self.row_at(index)
        return _cell(row, self._columns[index.column()], role, self._alert)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section].title
        return None

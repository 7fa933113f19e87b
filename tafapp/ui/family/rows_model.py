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


_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
_ALERT = QColor("#a4262c")


@dataclass(frozen=True)
class _Line:
    """A row with its cells' text worked out once (views ask for it many times)."""

    row: Any
    texts: tuple[str, ...]
    alert: bool


def _line(row: Any, columns: Sequence[Column], alert: Alert | None) -> _Line:
    return _Line(row, tuple(display(c.value(row)) for c in columns),
                 alert is not None and alert(row))


def _cell(line: _Line, column: int, role: int) -> Any:
    if role in _TEXT_ROLES:
        return line.texts[column]
    if role == Qt.ItemDataRole.ToolTipRole:
        # The whole text, whatever the column's width: a narrow column elides it.
        return line.texts[column] or None
    if role == ROW_ROLE:
        return line.row
    if role == Qt.ItemDataRole.ForegroundRole and line.alert:
        return QBrush(_ALERT)
    return None


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None,
                 alert: Alert | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._lines: list[_Line] = []
        self._alert = alert

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._lines = [_line(r, self._columns, self._alert) for r in rows]
        self.endResetModel()

    def rows(self) -> list[Any]:
        return [line.row for line in self._lines]

    def row_at(self, index: QModelIndex) -> Any | None:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        return self._lines[index.row()].row

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()
        if not index.isValid() or not 0 <= r < len(self._lines) \
                or not 0 <= c < len(self._columns):
            return None
        return _cell(self._lines[r], c, role)

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
        self._groups: list[tuple[str, list[_Line]]] = []
        self._alert = alert

    def set_groups(self, groups: Sequence[tuple[str, Sequence[Any]]]) -> None:
        self.beginResetModel()
        self._groups = [(title, [_line(r, self._columns, self._alert) for r in rows])
                        for title, rows in groups]
        self.endResetModel()

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(t, [line.row for line in lines]) for t, lines in self._groups]

    def _line_at(self, index: QModelIndex) -> _Line | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def row_at(self, index: QModelIndex) -> Any | None:
        line = self._line_at(index)
        return None if line is None else line.row

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
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                        Qt.ItemDataRole.ToolTipRole):
                return f"{title} ({len(rows)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        line = self._line_at(index)
        return None if line is None else _cell(line, index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section].title
        return None

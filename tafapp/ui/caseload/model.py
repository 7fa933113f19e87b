"""The caseload table model: frozen `CaseloadRow`s from `services.caseload`, filtered and
sorted inside the model.

Why not a QSortFilterProxyModel: on 10,000 families a proxy calls back into Python once per
row for every keystroke (and once per comparison when sorting), which misses the 16 ms
budget. Here each row's search key and sort keys are computed once per load; a keystroke is
one list comprehension over plain strings, then a model reset that the view answers by
asking only for the rows it shows.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from tafapp.services.caseload import CaseloadRow

Index = QModelIndex | QPersistentModelIndex
Painted = tuple[str, QBrush | None, QBrush | None, bool]

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's frozen CaseloadRow."""
ID_ROLE = Qt.ItemDataRole.UserRole + 2
"""The family id as text."""
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3
"""True where this cell shows something overdue (the model decides, not the paint code)."""

# Dark text on a pale warning fill: readable on light and dark system themes alike, and the
# cell text itself says "overdue" so colour is never the only signal.
_WARN_BG = QBrush(QColor("#fbe3cf"))
_WARN_FG = QBrush(QColor("#6b2800"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseloadModel", text)


class Column(enum.IntEnum):
    REFERENCE = 0
    FAMILY = 1
    POSTCODE = 2
    LEVEL = 3
    LEAD_AGENCY = 4
    NEXT_REVIEW = 5
    OVERDUE_ACTIONS = 6


_COLUMNS = tuple(Column)
_NCOLUMNS = len(_COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _ALIGNMENT,
                       int(Qt.ItemDataRole.FontRole), int(Qt.ItemDataRole.DecorationRole),
                       int(Qt.ItemDataRole.CheckStateRole)})
"""Roles answered from the cell's dict (absent = None: the view's font, no icon, no box)."""
MEMO_SIZE = 256  # filter results kept per load: a few lists of row numbers
_CENTRED = frozenset({Column.LEVEL, Column.OVERDUE_ACTIONS})
_WHOLE_TEXT_TIPS = frozenset({Column.REFERENCE, Column.FAMILY, Column.POSTCODE,
                              Column.LEAD_AGENCY, Column.NEXT_REVIEW})
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)

_HEADERS = {
    Column.REFERENCE: "Reference",
    Column.FAMILY: "Family",
    Column.POSTCODE: "Postcode",
    Column.LEVEL: "Level of need",
    Column.LEAD_AGENCY: "Lead agency",
    Column.NEXT_REVIEW: "Next review",
    Column.OVERDUE_ACTIONS: "Overdue actions",
}


def format_date(d: date | None) -> str:
    return "" if d is None else f"{d.day} {d:%b %Y}"


def _sort_key(row: CaseloadRow, column: Column) -> tuple[Any, ...]:
    # Empty values sort last in ascending order whatever the column's type.
    if column is Column.REFERENCE:
        return (row.reference.lower(),)
    if column is Column.FAMILY:
        return (row.household_name.lower(), row.reference)
    if column is Column.POSTCODE:
        return (row.postcode == "", row.postcode.replace(" ", "").upper(), row.reference)
    if column is Column.LEVEL:
        return (row.level_of_need, row.reference)
    if column is Column.LEAD_AGENCY:
        return (row.lead_agency == "", row.lead_agency.lower(), row.reference)
    if column is Column.NEXT_REVIEW:
        nxt = row.next_review_on
        return (nxt is None, nxt or date.max, row.reference)
    return (row.overdue_actions, row.reference)


class CaseloadModel(QAbstractTableModel):
    """Rows are set with `set_rows`; `set_filter` and `sort` change which rows show, in what
    order, without another query."""

    def __init__(self, levels: dict[int, str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._levels = levels or {}
        self._all: list[CaseloadRow] = []
        self._keys: list[str] = []
        self._order: list[int] = []
        self._view: list[int] = []
        self._needle: tuple[str, ...] = ()
        self._sort: tuple[Column, Qt.SortOrder] = (Column.REFERENCE,
                                                   Qt.SortOrder.AscendingOrder)
        self._handlers = self._make_handlers()
        self._memo: dict[tuple[str, ...], list[int]] = {}
        self._cells: dict[int, tuple[dict[int, Any], ...]] = {}
        self._painted: dict[int, tuple[Painted, ...]] = {}
        self.overdue_lists: dict[uuid.UUID, str] = {}
        """Each family's overdue actions as text, once the page has asked (for the tooltip)."""

    # -- loading, filtering, sorting -------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._cells = {}
        self._painted = {}
        self._keys = [r.search_key for r in self._all]
        self._order = self._sorted_order(*self._sort)
        self._view = self._filtered(self._order)
        self._memo = {self._needle: self._view}
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show rows whose name, reference or postcode contain every word of `text`."""
        needle = tuple(text.lower().split())
        if needle == self._needle:
            return
        # Typing on narrows: when every old word lies inside some new word, the new matches
        # are a subset of the rows shown now, so only those need testing.
        # Deleting goes back through texts already filtered: those results are remembered.
        view = self._memo.get(needle)
        if view is None:
            narrower = bool(self._needle) and all(
                any(old in new for new in needle) for old in self._needle)
            view = self._filtered(self._view if narrower else self._order, needle)
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[needle] = view
        self.beginResetModel()
        self._view = view
        self._needle = needle
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [(self._view[i.row()], i.column()) for i in old]
        self._sort = (Column(column), order)
        self._order = self._sorted_order(*self._sort)
        self._view = self._filtered(self._order)
        self._memo = {self._needle: self._view}
        where = {src: pos for pos, src in enumerate(self._view)}
        self.changePersistentIndexList(
            old, [self.index(where[src], col) for src, col in old_rows])
        self.layoutChanged.emit()

    def _sorted_order(self, column: Column, order: Qt.SortOrder) -> list[int]:
        rows = self._all
        return sorted(range(len(rows)), key=lambda i: _sort_key(rows[i], column),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def _filtered(self, order: list[int], needle: tuple[str, ...] | None = None) -> list[int]:
        keys = self._keys
        rows = order
        # One plain comprehension per word, each over the survivors of the last: no generator
        # per row, which matters at 10,000 rows.
        for word in self._needle if needle is None else needle:
            rows = [i for i in rows if word in keys[i]]
        return list(rows) if rows is order else rows

    # -- queries -----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> CaseloadRow:
        return self._all[self._view[row]]

    def family_id(self, row: int) -> uuid.UUID:
        return self.row_at(row).id

    def row_of(self, family_id: uuid.UUID) -> int | None:
        for pos, src in enumerate(self._view):
            if self._all[src].id == family_id:
                return pos
        return None

    # -- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return _tr(_HEADERS[Column(section)])
        return None

    # No `flags` override: QAbstractTableModel's own (enabled, selectable, never has children)
    # is what this table needs, and answering it in C++ saves two Python calls per cell per
    # paint.

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt API
        # The base class asks rowCount and columnCount (two Python calls) for every cell the
        # view paints; one bounds check here is one call.
        if parent.isValid() or not (0 <= row < len(self._view) and 0 <= column < _NCOLUMNS):
            return QModelIndex()
        return self.createIndex(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _ANSWERED:
            cell = self._cell(index)
            return None if cell is None else cell.get(role)
        handler = self._handlers.get(role)
        if handler is None or not index.isValid():
            return None
        pos = index.row()
        if not 0 <= pos < len(self._view):
            return None
        return handler(self._all[self._view[pos]], _COLUMNS[index.column()])

    def multiData(self, index: Index,  # noqa: N802 - Qt API
                  roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N803 - Qt API
        # The delegate asks seven roles of every cell it paints in one call (Qt 6); answered
        # here, that is one Python call per cell instead of seven calls to `data`.
        cell = self._cell(index)
        for i in range(len(roleDataSpan)):
            slot = roleDataSpan[i]
            role = slot.role()
            if role in _ANSWERED:
                value = None if cell is None else cell.get(role)
            else:
                value = self.data(index, role)
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def painted(self, row: int, column: int) -> Painted | None:
        """What the caseload delegate paints in a cell: its text, the overdue fill and text
        colour (None when not overdue) and whether it is centred. The same answers as the
        display, background, foreground and alignment roles (a test holds them equal)."""
        if not (0 <= row < len(self._view) and 0 <= column < _NCOLUMNS):
            return None
        src = self._view[row]
        cells = self._painted.get(src)
        if cells is None:
            cells = self._painted[src] = tuple(
                (c[_DISPLAY], c.get(_BACKGROUND), c.get(_FOREGROUND), _ALIGNMENT in c)
                for c in self._row_cells(src))
        return cells[column]

    def _cell(self, index: Index) -> dict[int, Any] | None:
        """The painted roles of one cell."""
        pos = index.row()
        if not 0 <= pos < len(self._view) or not index.isValid():
            return None
        return self._row_cells(self._view[pos])[index.column()]

    def _row_cells(self, src: int) -> tuple[dict[int, Any], ...]:
        """The roles of every cell of one row, made once and kept while the rows are."""
        cells = self._cells.get(src)
        if cells is None:
            cells = self._cells[src] = self._cells_of(self._all[src])
        return cells

    def _cells_of(self, row: CaseloadRow) -> tuple[dict[int, Any], ...]:
        out = []
        for column in _COLUMNS:
            cell: dict[int, Any] = {_DISPLAY: self._display(row, column)}
            if self._overdue(row, column):
                cell[_BACKGROUND], cell[_FOREGROUND] = _WARN_BG, _WARN_FG
            if column in _CENTRED:
                cell[_ALIGNMENT] = _CENTRE
            out.append(cell)
        return tuple(out)

    def _make_handlers(self) -> dict[int, Any]:
        """The roles not answered from the cell's dict (see `_ANSWERED`)."""
        return {
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            OVERDUE_ROLE: self._overdue,
            ROW_ROLE: lambda r, c: r,
            ID_ROLE: lambda r, c: str(r.id),
        }

    @staticmethod
    def _overdue(row: CaseloadRow, column: Column) -> bool:
        if column is Column.NEXT_REVIEW:
            return row.review_overdue
        if column is Column.OVERDUE_ACTIONS:
            return row.overdue_actions > 0
        return False

    def _display(self, row: CaseloadRow, column: Column) -> str:
        if column is Column.REFERENCE:
            return row.reference
        if column is Column.FAMILY:
            return row.household_name
        if column is Column.POSTCODE:
            return row.postcode
        if column is Column.LEVEL:
            return str(row.level_of_need)
        if column is Column.LEAD_AGENCY:
            return row.lead_agency
        if column is Column.NEXT_REVIEW:
            if row.next_review_on is None:
                return _tr("not set")
            text = format_date(row.next_review_on)
            return _tr("{date} (overdue)").format(date=text) if row.review_overdue else text
        return str(row.overdue_actions) if row.overdue_actions else ""

    def _tooltip(self, row: CaseloadRow, column: Column) -> str | None:
        if column is Column.LEVEL:
            return self._levels.get(row.level_of_need)
        if column is Column.OVERDUE_ACTIONS and row.overdue_actions:
            listed = self.overdue_lists.get(row.id)
            if listed:
                return listed
            if row.overdue_actions == 1:
                return _tr("1 action is past its due date (select the family to see which)")
            return _tr("{n} actions are past their due date (select the family to see "
                       "which)").format(n=row.overdue_actions)
        if column is Column.NEXT_REVIEW and row.review_overdue:
            return _tr("The review date has passed without a review meeting")
        if column is Column.LEAD_AGENCY and row.lead_practitioner:
            return _tr("{agency}; lead professional: {name}").format(
                agency=self._display(row, column), name=row.lead_practitioner)
        if column in _WHOLE_TEXT_TIPS:  # a narrow window or large text may cut these
            return self._display(row, column) or None
        return None

"""Table models over frozen report rows: one generic model, a column list per table.

Each column says how to show a row's value and how to sort it; rows are never edited, so a
reload is a model reset over a new tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from tafapp.core.reference import sectors
from tafapp.services.reports.drilldown import DrillRow
from tafapp.services.reports.outcomes import CountRow
from tafapp.services.reports.partnership import SectorRow
from tafapp.services.reports.timeliness import AgencyOverdue

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's frozen dataclass."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def sector_label(code: str) -> str:
    return sectors().get(code, code) if code else _tr("No lead agency")


@dataclass(frozen=True)
class Col(Generic[R]):
    title: str
    show: Callable[[R], str]
    numeric: bool = False


class RowsModel(QAbstractTableModel, Generic[R]):
    """Read-only rows; numbers right-aligned; the row itself under ROW_ROLE for drill-down."""

    def __init__(self, columns: Sequence[Col[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._cols = tuple(columns)
        self._rows: tuple[R, ...] = ()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cols)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], self._cols[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return col.show(row)  # the tooltip: the whole text of a cell cut short
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._cols):
            return self._cols[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


def sector_model(parent: Any = None) -> RowsModel[SectorRow]:
    return RowsModel([
        Col(_tr("Lead sector"), lambda r: r.label if r.sector else _tr("No lead agency")),
        Col(_tr("Partner"), lambda r: _tr("yes") if r.partner else _tr("no")),
        Col(_tr("Open"), lambda r: str(r.open_at_end), True),
        Col(_tr("Opened"), lambda r: str(r.opened), True),
        Col(_tr("Closed"), lambda r: str(r.closed), True),
        Col(_tr("Share"), lambda r: pct(r.share_of_led), True),
    ], parent)


def overdue_model(parent: Any = None) -> RowsModel[AgencyOverdue]:
    return RowsModel([
        Col(_tr("Agency"), lambda r: r.agency),
        Col(_tr("Sector"), lambda r: sector_label(r.sector) if r.sector else ""),
        Col(_tr("Open actions"), lambda r: str(r.open_actions), True),
        Col(_tr("Overdue"), lambda r: str(r.overdue), True),
        Col(_tr("Overdue share"), lambda r: pct(r.overdue_share), True),
    ], parent)


def closure_model(parent: Any = None) -> RowsModel[CountRow]:
    return RowsModel([
        Col(_tr("Closure reason"), lambda r: r.label),
        Col(_tr("Families"), lambda r: str(r.count), True),
    ], parent)


def drill_model(parent: Any = None) -> RowsModel[DrillRow]:
    return RowsModel([
        Col(_tr("Reference"), lambda r: r.reference),
        Col(_tr("Lead sector"), lambda r: sector_label(r.lead_sector)),
    ], parent)

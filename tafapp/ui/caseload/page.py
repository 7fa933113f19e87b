"""My caseload: the families on this computer, filtered as you type, opened with Enter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tafapp.services.caseload import CaseloadRow
from tafapp.ui import ops
from tafapp.ui.caseload.delegate import CaseloadDelegate
from tafapp.ui.caseload.model import CaseloadModel, Column

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _levels() -> dict[int, str]:
    from tafapp.core.reference import reference

    return {int(x["level"]): str(x["label"]) for x in reference()["levels_of_need"]}


def load_rows(session: object, include_closed: bool) -> list[CaseloadRow]:
    """The caseload query, run on the database thread."""
    from tafapp.services import caseload

    return caseload.caseload(session, date.today(), include_closed=include_closed)  # type: ignore[arg-type]


class CaseloadPage(QWidget):
    sig_open_family = Signal(object)
    """The person opened a family (Enter or double-click): its uuid.UUID."""
    sig_loaded = Signal(int)
    """The caseload was (re)loaded: how many families it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseloadModel(_levels(), self)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(self.tr("&Filter:"), self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(
            self.tr("Search by family name, reference or postcode (Ctrl+F)"))
        self.filter_edit.setAccessibleName(self.tr("Filter families"))
        self.filter_edit.setAccessibleDescription(
            self.tr("Shows families whose name, reference or postcode contain every word "
                    "typed. Press Down to move to the list."))
        self.filter_edit.setClearButtonEnabled(True)
        label.setBuddy(self.filter_edit)
        top.addWidget(label)
        top.addWidget(self.filter_edit, 1)
        self.closed_check = QCheckBox(self.tr("Include &closed families"), self)
        self.closed_check.setAccessibleName(self.tr("Include closed families"))
        top.addWidget(self.closed_check)
        layout.addLayout(top)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(CaseloadDelegate(self.table))
        self.table.setAccessibleName(self.tr("Families"))
        self.table.setAccessibleDescription(self.tr("Press Enter to open the selected family."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        # Fixed row heights and no resize-to-contents: the view then asks the model only for
        # the rows on screen, which keeps filtering 10,000 families inside a frame.
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(Column.LEAD_AGENCY, QHeaderView.ResizeMode.Stretch)
        fm, header_fm = self.fontMetrics(), hh.fontMetrics()
        # Widths from the longest text each column usually holds, so references and dates
        # are never cut off; the header's title (and its sort arrow) always fits too.
        samples = {Column.REFERENCE: "TAF-2026-WWW-0000", Column.FAMILY: "Lewandowski family",
                   Column.POSTCODE: "WW00 0WW", Column.LEVEL: "0",
                   Column.NEXT_REVIEW: "30 Sep 2026 (overdue)", Column.OVERDUE_ACTIONS: "00"}
        pad = 3 * fm.horizontalAdvance("M")
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, max(fm.horizontalAdvance(sample),
                                                  header_fm.horizontalAdvance(title)) + pad)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("How many families are shown"))
        layout.addWidget(self.count_label)
        self.setTabOrder(self.filter_edit, self.closed_check)
        self.setTabOrder(self.closed_check, self.table)
        self._update_count()

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.closed_check.toggled.connect(lambda _checked: self.reload())
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.installEventFilter(self)
        self.filter_edit.installEventFilter(self)
        self.model.modelReset.connect(self._update_count)

    # -- public ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the caseload again (after an edit, an import or unlocking)."""
        include_closed = self.closed_check.isChecked()
        ops.run_query(self, lambda s: load_rows(s, include_closed), on_done=self.set_rows)

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        self.model.set_rows(rows)
        self.sig_loaded.emit(self.model.total)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def focus_filter(self) -> None:
        """Ctrl+F (the main window owns the shortcut, so it works from any screen)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def selected_family(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.family_id(index.row()) if index.isValid() else None

    # -- slots -------------------------------------------------------------------------------

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_family.emit(self.model.family_id(index.row()))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if shown == total:
            text = self.tr("1 family") if total == 1 else self.tr("{n} families").format(n=total)
        else:
            text = self.tr("Showing {shown} of {total} families").format(shown=shown,
                                                                           total=total)
        self.count_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.table and key in _OPEN_KEYS:
            self._on_table_activated(self.table.currentIndex())
            return True
        if watched is self.filter_edit and key == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        if watched is self.filter_edit and key in _OPEN_KEYS and self.model.rowCount() == 1:
            self._on_table_activated(self.model.index(0, 0))
            return True
        return False

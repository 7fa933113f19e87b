"""My caseload: the families on this computer, filtered as you type, opened with Enter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tafapp.services.caseload import CaseloadRow
from tafapp.ui import ops
from tafapp.ui.caseload.delegate import CaseloadDelegate
from tafapp.ui.caseload.model import CaseloadModel, Column
from tafapp.ui.tables import WrappingHeader, show_focus

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SHOWN_OVERDUE = 4  # overdue actions listed under the table; the list keeps its room


def _levels() -> dict[int, str]:
    from tafapp.core.reference import reference

    return {int(x["level"]): str(x["label"]) for x in reference()["levels_of_need"]}


def overdue_text(session: object, row: CaseloadRow) -> str:
    """The family's overdue actions as lines a person reads (run on the database thread)."""
    from tafapp.services import caseload

    items = caseload.overdue_actions(session, row.id, date.today())  # type: ignore[arg-type]
    lines = [QCoreApplication.translate("CaseloadPage", "Overdue for {0}:").format(
        row.household_name)]
    for a in items:
        who = ", ".join(x for x in (a.owner, a.agency) if x)
        lines.append("• " + QCoreApplication.translate(
            "CaseloadPage", "{0} — {1}, due {2}").format(
                a.description, who or "no owner", a.due_on.strftime("%d/%m/%Y")))
    return "\n".join(lines)


def load_rows(session: object, include_closed: bool) -> list[CaseloadRow]:
    """The caseload query, run on the database thread."""
    from tafapp.services import caseload

    return caseload.caseload(session, date.today(), include_closed=include_closed)  # type: ignore[arg-type]


class CaseloadPage(QWidget):
    sig_open_family = Signal(object)
    """The person opened a family (Enter or double-click): its uuid.UUID."""
    sig_loaded = Signal(int)
    """The caseload was (re)loaded: how many families it holds."""
    sig_new_family = Signal()
    """The person asked to start a new family."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseloadModel(_levels(), self)
        self.hidden_closed = 0
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(150)  # arrowing down the list asks once, at the end
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(self.tr("F&ilter:"), self)
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
        self.new_button = QPushButton(self.tr("&New family…"), self)
        self.new_button.setObjectName("new_family")
        self.new_button.setAccessibleName(self.tr("New family"))
        self.new_button.setToolTip(self.tr("Start a new family's record (Ctrl+N)"))
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.table = QTableView(self)
        self.table.setHorizontalHeader(WrappingHeader(self.table))
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
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(Column.LEAD_AGENCY, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        show_focus(self.table)
        layout.addWidget(self.table, 1)
        self.overdue_label = QLabel(self)
        self.overdue_label.setObjectName("overdue_detail")
        self.overdue_label.setWordWrap(True)
        self.overdue_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overdue_label.hide()
        layout.addWidget(self.overdue_label)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("How many families are shown"))
        layout.addWidget(self.count_label)
        self.setTabOrder(self.filter_edit, self.closed_check)
        self.setTabOrder(self.closed_check, self.table)
        self._update_count()

    def _fit_columns(self) -> None:
        """Row height and column widths from the current font, so references and dates are
        never cut off and each header's title fits (on two lines if need be: the header
        wraps); again whenever the text size changes."""
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        fm, header_fm = self.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        samples = {Column.REFERENCE: "TAF-2026-WWW-0000", Column.FAMILY: "Lewandowski family",
                   Column.POSTCODE: "WW00 0WW", Column.LEVEL: "0",
                   Column.NEXT_REVIEW: "30 Sep 2026 (overdue)", Column.OVERDUE_ACTIONS: "00"}
        pad = 2 * fm.horizontalAdvance("M")
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            word = max((header_fm.horizontalAdvance(w) for w in title.split()), default=0)
            self.table.setColumnWidth(column, max(fm.horizontalAdvance(sample), word) + pad)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.closed_check.toggled.connect(lambda _checked: self.reload())
        self.new_button.clicked.connect(self.sig_new_family)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.installEventFilter(self)
        self.filter_edit.installEventFilter(self)
        self.model.modelReset.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._detail_timer.start())
        self._detail_timer.timeout.connect(self.show_overdue)

    # -- public ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the caseload again (after an edit, an import or unlocking)."""
        include_closed = self.closed_check.isChecked()
        ops.run_query(self, lambda s: load_rows(s, include_closed), on_done=self.set_rows)

    def refresh_extras(self) -> None:
        """How many closed families are hidden, and the current family's overdue actions
        (asked once the store is open: not on the start-up path)."""
        from tafapp.services import caseload

        if not self.closed_check.isChecked():
            ops.run_query(self, caseload.closed_count, on_done=self._on_closed_counted)
        self.show_overdue()

    def _on_closed_counted(self, n: int) -> None:
        self.hidden_closed = n
        self._update_count()

    def show_overdue(self) -> None:
        """List the selected family's overdue actions under the table (and in its tooltip)."""
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None or not row.overdue_actions or ops.built_store() is None:
            self.overdue_label.hide()
            return
        ops.run_query(self, lambda s: overdue_text(s, row),
                      on_done=lambda text: self._on_overdue_listed(row, text))

    def _on_overdue_listed(self, row: CaseloadRow, text: str) -> None:
        self.model.overdue_lists[row.id] = text
        index = self.table.currentIndex()
        if index.isValid() and self.model.row_at(index.row()).id == row.id:
            lines = text.splitlines()
            if len(lines) > SHOWN_OVERDUE + 1:  # the rest are in the tooltip and the record
                more = len(lines) - 1 - SHOWN_OVERDUE
                lines = lines[:SHOWN_OVERDUE + 1] + [self.tr(
                    "…and {n} more: hover over the number, or open the family").format(n=more)]
                text = "\n".join(lines)
            self.overdue_label.setText(text)
            self.overdue_label.setAccessibleName(text)
            self.overdue_label.show()

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        self.model.overdue_lists.clear()
        self.model.set_rows(rows)
        self.sig_loaded.emit(self.model.total)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        if ops.built_store() is not None:
            self.refresh_extras()

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
        if self.hidden_closed and not self.closed_check.isChecked():
            hidden = self.tr("1 closed family not shown") if self.hidden_closed == 1 else \
                self.tr("{n} closed families not shown").format(n=self.hidden_closed)
            text = self.tr("{0} · {1} (tick “Include closed families” to list them)").format(
                text, hidden)
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

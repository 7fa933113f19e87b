"""The coordinator's dashboard: a period, headline figures, four charts, tables, the families
behind any number, and exports. Everything reaches the database through `ui.ops`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tafapp.services.reports import Period, Snapshot, snapshot
from tafapp.services.reports.drilldown import Drill, drill
from tafapp.ui import ops
from tafapp.ui.dashboard import charts, models
from tafapp.ui.dashboard.export_bar import ExportBar
from tafapp.ui.dashboard.period_picker import PeriodPicker
from tafapp.ui.dashboard.tiles import STYLE, Tile
from tafapp.ui.dashboard.wording import drill_title, tile_values
from tafapp.ui.tables import WrappingHeader, header_text, show_focus


class DashboardPage(QWidget):
    sig_loaded = Signal(object)
    """The Snapshot now on screen."""
    sig_drilled = Signal(object)
    """The Drill (families behind a number) now listed."""

    def __init__(self, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today
        self._period = Period.quarter(today())
        self.snapshot: Snapshot | None = None
        self._build_ui()
        self._connect()

    # -- building -------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.setStyleSheet(STYLE)
        self.picker = PeriodPicker(self._today())
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.exports = ExportBar(self._period_now, self._today)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.exports)
        self.tiles = [Tile(c, m) for c, m in (
            (self.tr("Led by partners"), "partner_led|*"),
            (self.tr("Families open"), "open_at_end|*"),
            (self.tr("First contact on time"), "first_contact_late|*"),
            (self.tr("Reviews on time"), "reviews|late"),
            (self.tr("Overdue actions"), "overdue_actions|*"),
            (self.tr("Re-referrals"), "re_referral|*"))]
        tile_row = QHBoxLayout()
        for t in self.tiles:
            tile_row.addWidget(t)
        self.views = {k: charts.chart_view() for k in ("trend", "closures", "reviews", "scaling")}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, view in enumerate(self.views.values()):
            grid.addWidget(view, i // 2, i % 2)
        chart_box = QWidget()
        chart_box.setLayout(grid)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(chart_box)
        split.addWidget(self._build_tables())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 460])
        self.status = QLabel()
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 8, 10, 6)
        page.addLayout(top)
        page.addLayout(tile_row)
        page.addWidget(split, 1)
        page.addWidget(self.status)

    def _build_tables(self) -> QWidget:
        self.sector_model = models.sector_model(self)
        self.overdue_model = models.overdue_model(self)
        self.closure_model = models.closure_model(self)
        self.drill_model = models.drill_model(self)
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableView] = {}
        for key, title, model in (("sector", self.tr("By lead sector"), self.sector_model),
                                  ("overdue", self.tr("Overdue actions"), self.overdue_model),
                                  ("closure", self.tr("Closure reasons"), self.closure_model)):
            self.tables[key] = self._table(model)
            self.tabs.addTab(self.tables[key], title)
        self.drill_title = QLabel(self.tr("Double-click a row or a figure to list its families."))
        self.drill_title.setWordWrap(True)
        self.drill_table = self._table(self.drill_model)
        box = QWidget()
        self._tables_box = box
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.tabs, 3)
        col.addWidget(self.drill_title)
        col.addWidget(self.drill_table, 2)
        return box

    def _table(self, model: models.RowsModel) -> QTableView:  # type: ignore[type-arg]
        view = QTableView()
        view.setHorizontalHeader(WrappingHeader(view))
        view.setModel(model)
        show_focus(view)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)  # system font
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Voluntary … sector"
        title = header_text(model, 0)  # the first column never narrower than its longest word
        header.setMinimumSectionSize(max(
            (view.fontMetrics().horizontalAdvance(w) for w in title.split()), default=0) + 16)
        return view

    def _fit_tables(self) -> None:
        """The tables' side is never narrower than the widest table's column titles (the charts
        give way): in large text on a 1366-pixel screen they would otherwise scroll sideways."""
        widest = 0
        for view in self.tables.values():
            header = view.horizontalHeader()
            columns = sum(header.sectionSizeHint(c) for c in range(header.count()))
            widest = max(widest, columns + 2 * view.frameWidth()
                         + view.verticalScrollBar().sizeHint().width())
        self._tables_box.setMinimumWidth(widest + 8)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self, self._fit_tables)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_tables()

    def _connect(self) -> None:
        self.picker.sig_changed.connect(self._on_picker_changed)
        self.refresh_button.clicked.connect(self.refresh)
        for t in self.tiles:
            t.sig_clicked.connect(self._on_tile_clicked)
        self.tables["sector"].doubleClicked.connect(self._on_sector_activated)
        self.tables["overdue"].doubleClicked.connect(self._on_overdue_activated)
        self.tables["closure"].doubleClicked.connect(self._on_closure_activated)
        self.exports.sig_message.connect(self.status.setText)

    def _period_now(self) -> Period:
        return self._period

    # -- loading --------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Reload every figure for the chosen period (in the background)."""
        period, today = self._period, self._today()
        self.status.setText(self.tr("Loading {0}…").format(period.label))
        ops.run_query(self, lambda s: snapshot(s, period, today), on_done=self._on_loaded)

    def _on_picker_changed(self, period: Period) -> None:
        self._period = period
        self.refresh()

    def _on_loaded(self, snap: Snapshot) -> None:
        if snap.period != self._period:
            return  # an older request finished after a newer choice
        self.snapshot = snap
        for tile, (figure, detail) in zip(self.tiles, tile_values(snap), strict=True):
            tile.show_value(figure, detail)
        p, t, o = snap.partnership, snap.timeliness, snap.outcomes
        self.views["trend"].setChart(charts.partner_trend(p.trend))
        self.views["closures"].setChart(charts.closure_reasons(o.closure_reasons))
        self.views["reviews"].setChart(charts.review_timeliness(t.reviews))
        self.views["scaling"].setChart(charts.scaling_change(o.scaling))
        self.sector_model.set_rows([r for r in p.by_sector if r.open_at_end or r.opened
                                    or r.closed])
        self.overdue_model.set_rows(t.overdue_actions)
        self.closure_model.set_rows([r for r in o.closure_reasons if r.count])
        self._fit_tables()
        self.status.setText(self.tr("{0}: {1} families worked with. Actions as at {2}.").format(
            snap.period.label, p.worked_with, t.as_at.strftime("%d %b %Y")))
        self.sig_loaded.emit(snap)

    # -- drill-down -----------------------------------------------------------------------
    def show_families(self, measure: str, key: str = "*") -> None:
        """List the families behind one number (references only)."""
        period, today = self._period, self._today()
        ops.run_query(self, lambda s: drill(s, measure, period, today, key),
                      on_done=self._on_drilled)

    def _on_drilled(self, result: Drill) -> None:
        self.drill_model.set_rows(result.rows)
        self.drill_title.setText(drill_title(result))
        self.sig_drilled.emit(result)

    def _on_tile_clicked(self, measure: str) -> None:
        name, key = measure.split("|")
        self.show_families(name, key)

    def _on_sector_activated(self, index: QModelIndex) -> None:
        self.show_families("open_at_end", self.sector_model.row_at(index.row()).sector)

    def _on_overdue_activated(self, index: QModelIndex) -> None:
        row = self.overdue_model.row_at(index.row())
        self.show_families("overdue_actions", str(row.agency_id) if row.agency_id else "")

    def _on_closure_activated(self, index: QModelIndex) -> None:
        self.show_families("closure_reason", self.closure_model.row_at(index.row()).code)

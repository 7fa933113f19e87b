"""Choose the reporting period: the month, quarter or year containing a day, or two dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from tafapp.core.errors import InputRejected
from tafapp.services.reports import Period

KINDS = ("month", "quarter", "year", "custom")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PeriodPicker(QWidget):
    sig_changed = Signal(object)
    """A valid Period was chosen."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._build_ui()
        self._connect()
        self._on_kind_changed()

    def _build_ui(self) -> None:
        self.kind = QComboBox()
        for key, label in zip(KINDS, (self.tr("Month"), self.tr("Quarter"), self.tr("Year"),
                                      self.tr("Between dates")), strict=True):
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(1)
        self.on = self._date_edit(self._today, self.tr("A day in the period"))
        self.start = self._date_edit(Period.quarter(self._today).start, self.tr("First day"))
        self.end = self._date_edit(self._today, self.tr("Last day"))
        self.to_label = QLabel(self.tr("to"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b33a3a;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Period"))
        label.setBuddy(self.kind)
        for w in (label, self.kind, self.on, self.start, self.to_label, self.end, self.problem):
            row.addWidget(w)

    def _date_edit(self, d: date, tip: str) -> QDateEdit:
        edit = QDateEdit(_qdate(d))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setToolTip(tip)
        return edit

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        for edit in (self.on, self.start, self.end):
            edit.dateChanged.connect(self._on_date_changed)

    def period(self) -> Period:
        """The chosen period; raises InputRejected when the custom dates are the wrong way."""
        kind = self.kind.currentData()
        if kind == "custom":
            return Period(_pydate(self.start.date()), _pydate(self.end.date()))
        return Period.of(kind, _pydate(self.on.date()))

    def _on_kind_changed(self) -> None:
        custom = self.kind.currentData() == "custom"
        self.on.setVisible(not custom)
        for w in (self.start, self.to_label, self.end):
            w.setVisible(custom)
        self._on_date_changed()

    def _on_date_changed(self) -> None:
        try:
            period = self.period()
        except InputRejected:
            self.problem.setText(self.tr("The last day is before the first day."))
            return
        self.problem.clear()
        self.sig_changed.emit(period)

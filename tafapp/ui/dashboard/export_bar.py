"""Export buttons: the whole report for the period as JSON, CSV or XLSX, with the families
worked with by reference. Names only after a warning; the export records that choice in the
audit trail (services.reports.export)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from tafapp.services.reports import Period
from tafapp.services.reports.export import export
from tafapp.ui import files, ops

FILTERS = {"json": "JSON (*.json)", "csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}


class ExportBar(QWidget):
    sig_message = Signal(str)
    """A sentence for the status line (saved, or why not)."""
    sig_exported = Signal(str)
    """The path of a file just written."""

    def __init__(self, period: Callable[[], Period], today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._period, self._today = period, today
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.names = QCheckBox(self.tr("Include &names"))
        self.names.setToolTip(self.tr("Exports list families by reference only unless this is "
                                      "ticked"))
        row.addWidget(self.names)
        self.buttons = {fmt: QPushButton(self.tr("Export {0}").format(fmt.upper()))
                        for fmt in FILTERS}
        for b in self.buttons.values():
            row.addWidget(b)

    def _connect(self) -> None:
        self.names.toggled.connect(self._on_names_toggled)
        for fmt, button in self.buttons.items():
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))

    def _on_names_toggled(self, on: bool) -> None:
        if on:
            QMessageBox.warning(self, self.tr("Names in exports"), self.tr(
                "Exports will include household names and lead professionals. That makes the "
                "file personal data: keep it on council systems only. Each export with names "
                "is recorded in the audit trail."))

    def export(self, fmt: str) -> None:
        period = self._period()
        suggested = f"taf-report-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the report"),
                                              str(files.start_folder() / suggested), FILTERS[fmt])
        if not path:
            return
        files.remember(Path(path))
        names = self.names.isChecked()
        if names and QMessageBox.question(self, self.tr("Export with names?"), self.tr(
                "This file will contain names. Export it, and record that in the audit trail?")
                ) != QMessageBox.StandardButton.Yes:
            self.sig_message.emit(self.tr("Nothing was exported."))
            return
        out, today = Path(path), self._today()
        ops.run_op(self, lambda s: export(s, "all", period, today, fmt, out, families=True,
                                          include_names=names),
                   on_done=lambda _b: self._on_done(out))

    def _on_done(self, out: Path) -> None:
        self.sig_message.emit(self.tr("Saved the report to {0}.").format(out))
        self.sig_exported.emit(str(out))

"""The hub's registered devices, and writing a receipt for one of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.ui import errors, ops
from tafapp.ui.hub import queries
from tafapp.ui.hub.models import ROW_ROLE, DevicesModel, short_id
from tafapp.ui.hub.queries import DeviceRow
from tafapp.ui.tables import row_table

PACKET_SUFFIX = ".tafpacket"


def default_folder() -> Path:
    from tafapp.ui.files import start_folder

    return start_folder()


def with_suffix(path: str) -> Path:
    target = Path(path)
    return target if target.suffix.lower() == PACKET_SUFFIX else target.with_name(
        target.name + PACKET_SUFFIX)


def receipt_file_name(name: str, device_id: str) -> str:
    """`receipt-sam-lee-0193ab12.tafpacket`: whose receipt it is, at a glance."""
    return f"receipt-{(name or 'device').replace(' ', '-').lower()}" \
        f"-{short_id(device_id)}{PACKET_SUFFIX}"


class DevicesPanel(QGroupBox):
    """Registered and revoked devices; "Write receipt for a device…" saves the next receipt
    for the chosen active device (acknowledgements, resolved values, shared families)."""

    sig_receipt_written = Signal(dict)
    """What `packets.export_receipt` reported, once the receipt file was written and checked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setTitle(self.tr("Devices and receipts"))
        self.model = DevicesModel(self)
        self.view = row_table(self, self.model, self.tr("Registered devices"))
        self.receipt_button = QPushButton(self.tr("Write receipt for a device…"), self)
        self.receipt_button.setToolTip(self.tr(
            "Save a receipt for a practitioner's laptop: it confirms what the hub received and "
            "carries back resolved conflicts and shared families."))
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.receipt_button.clicked.connect(self._on_receipt_clicked)

    def reload(self) -> None:
        ops.run_query(self, queries.devices, on_done=self._on_devices_loaded)

    def _on_devices_loaded(self, rows: list[DeviceRow]) -> None:
        self.model.set_rows(rows)
        active = [r for r in rows if not r.revoked]
        self.receipt_button.setEnabled(bool(active))
        if not rows:
            self.empty_label.setText(self.tr(
                "No laptops are registered yet. Register a practitioner's laptop on the "
                "Laptops screen; its packets can then be imported."))
        else:
            self.empty_label.setText(self.tr("{active} registered, {revoked} revoked.").format(
                active=len(active), revoked=len(rows) - len(active)))

    def _selected(self) -> DeviceRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None

    def _on_receipt_clicked(self) -> None:
        device = self._choose_device()
        if device is None:
            return
        name = receipt_file_name(device.name, device.id)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt"), str(default_folder() / name),
            self.tr("Sync packet (*.tafpacket)"))
        if not path:
            return
        self._write_receipt(device, with_suffix(path))

    def _choose_device(self) -> DeviceRow | None:
        active = [r for r in self.model.rows() if not r.revoked]
        if not active:
            return None
        labels = [f"{r.name or self.tr('(no name)')} · {r.id}" for r in active]
        picked = self._selected()
        start = next((i for i, r in enumerate(active) if picked and r.id == picked.id), 0)
        label, ok = QInputDialog.getItem(self, self.tr("Write a receipt"),
                                         self.tr("Which device is the receipt for?"),
                                         labels, start, False)
        if not ok or label not in labels:
            return None
        return active[labels.index(label)]

    def _write_receipt(self, device: DeviceRow, target: Path) -> None:
        from tafapp.sync import packets

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> dict[str, Any]:
            return packets.export_receipt(ops.current_store(), device.id, target)

        ops.run_task(self, job, on_done=lambda r: self._on_receipt_written(device, r),
                     on_error=lambda exc: errors.show(self, exc),
                     title=self.tr("Writing the receipt"))

    def _on_receipt_written(self, device: DeviceRow, result: dict[str, Any]) -> None:
        QMessageBox.information(self, self.tr("Receipt saved"), self.tr(
            "Saved {file} for {device}. It confirms {acks} changes and carries {records} "
            "records. Give it to the practitioner to import on their laptop.").format(
                file=Path(result["file"]).name, device=device.name or device.id,
                acks=result.get("acknowledged", 0), records=result.get("records", 0)))
        self.sig_receipt_written.emit(result)

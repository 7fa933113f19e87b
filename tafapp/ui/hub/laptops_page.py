"""The coordinator's Laptops screen (hub only): register a practitioner's laptop from its
identity file (fingerprint compared aloud), see each laptop's last packet, last receipt and
families, share a family with a laptop, write receipts (one laptop, or all at once into a
folder) and revoke a lost laptop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import TafError
from tafapp.sync import connection, registry
from tafapp.sync.connection import DeviceSummary
from tafapp.ui import errors, ops
from tafapp.ui.connect.fingerprint import IDENTITY_FILTER, CompareDialog, documents_folder
from tafapp.ui.hub.devices_panel import receipt_file_name, with_suffix
from tafapp.ui.hub.laptops_model import LaptopColumn, LaptopsModel
from tafapp.ui.hub.models import ROW_ROLE
from tafapp.ui.hub.share_dialog import ShareDialog
from tafapp.ui.tables import row_table


def _write_receipts(devices: list[DeviceSummary], folder: Path, progress: ops.Progress,
                    cancelled: Callable[[], bool]) -> list[dict[str, Any]]:
    from tafapp.sync import packets

    out = []
    for i, d in enumerate(devices):
        if cancelled():
            break
        out.append(packets.export_receipt(ops.current_store(), d.id,
                                          folder / receipt_file_name(d.name, d.id)))
        progress(i + 1, len(devices))
    return out


class LaptopsPage(QWidget):
    sig_changed = Signal()
    """A laptop was registered or revoked, or a family shared: other screens may reload."""
    sig_receipts_written = Signal(list)
    """The `packets.export_receipt` results of the receipts just written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()
        self.reload()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("<h2>Laptops</h2>"), self)
        intro = QLabel(self.tr(
            "Each practitioner's laptop sends you its identity file once. Register it here, "
            "comparing the fingerprint with the practitioner by phone or in person; then its "
            "packets can be imported, and you write each laptop a receipt."), self)
        intro.setWordWrap(True)
        self.model = LaptopsModel(self)
        self.view = row_table(self, self.model, self.tr("Registered laptops"),
                              stretch=LaptopColumn.LAPTOP)
        self.register_button = QPushButton(self.tr("&Register a laptop…"), self)
        self.register_button.setDefault(True)
        self.share_button = QPushButton(self.tr("&Share a family…"), self)
        self.receipt_button = QPushButton(self.tr("Write r&eceipt…"), self)
        self.receipt_button.setToolTip(self.tr("The next receipt for the chosen laptop"))
        self.all_button = QPushButton(self.tr("Write receipts for &all…"), self)
        self.all_button.setToolTip(self.tr("One receipt per active laptop, into one folder"))
        self.revoke_button = QPushButton(self.tr("Revo&ke…"), self)
        self.revoke_button.setToolTip(self.tr("A lost or stolen laptop: refuse its packets"))
        row = QHBoxLayout()
        for b in (self.register_button, self.share_button, self.receipt_button,
                  self.all_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Last result"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.result_label)

    def _connect(self) -> None:
        self.register_button.clicked.connect(self._on_register_clicked)
        self.share_button.clicked.connect(self._on_share_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)
        self.all_button.clicked.connect(self._on_all_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.reload()

    def reload(self, select_id: str = "") -> None:
        ops.run_query(self, connection.device_summaries,
                      on_done=lambda rows: self._on_loaded(rows, select_id))

    def _on_loaded(self, rows: list[DeviceSummary], select_id: str) -> None:
        chosen = self.selected()
        keep = select_id or (chosen.id if chosen else "")
        self.model.set_rows(rows)
        active = [r for r in rows if not r.revoked]
        self.share_button.setEnabled(bool(active))
        self.all_button.setEnabled(bool(active))
        at = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        if at >= 0:
            self.view.selectRow(at)
            self.view.scrollTo(self.model.index(at, 0))
        if not rows:
            self.result_label.setText(self.tr(
                "No laptop is registered yet. Ask each practitioner for their laptop's "
                "identity file (Send and receive → Save this laptop's identity file)."))
        self._on_selection_changed()

    def selected(self) -> DeviceSummary | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None

    def _on_selection_changed(self, *_a: QItemSelection) -> None:
        d = self.selected()
        live = d is not None and not d.revoked
        self.receipt_button.setEnabled(live)
        self.revoke_button.setEnabled(live)

    def _failed(self, exc: BaseException) -> None:
        errors.show(self, exc)
        self.reload()

    # -- register -------------------------------------------------------------------------

    def _on_register_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open the laptop's identity file"), documents_folder(),
            self.tr(IDENTITY_FILTER))
        if path:
            self.register_from(Path(path))

    def register_from(self, path: Path) -> None:
        try:
            ident = connection.read_identity(path, "practitioner")
        except TafError as exc:
            errors.show(self, exc)
            return
        who = self.tr("<b>{name}</b><br>This file says it is a practitioner's laptop. Its "
                      "fingerprint:").format(name=ident["name"] or ident["id"])
        ask = self.tr("Ask the practitioner to read their laptop's fingerprint to you (Send "
                      "and receive screen), by phone or in person. Does every group match?")
        if not CompareDialog.confirm(self, title=self.tr("Compare the laptop's fingerprint"),
                                     who=who, fingerprint=ident["fingerprint"], ask=ask,
                                     confirm=self.tr("They &match: register")):
            self.result_label.setText(self.tr(
                "Not registered. If the fingerprints differ, ask the practitioner to save "
                "and send the file again."))
            return
        ops.run_op(self, lambda s: connection.register_device(s, ident).id,
                   on_done=lambda dev_id: self._on_registered(dev_id, ident),
                   on_error=self._failed)

    def _on_registered(self, dev_id: str, ident: dict[str, Any]) -> None:
        self.result_label.setText(self.tr(
            "Registered {name}. Its packets can now be imported; share families with it and "
            "write it a receipt here.").format(name=ident["name"] or dev_id))
        self.sig_changed.emit()
        self.reload(dev_id)

    # -- share ----------------------------------------------------------------------------

    def _on_share_clicked(self) -> None:
        current = self.selected()
        dialog = ShareDialog(self.model.rows(), current.id if current else "", self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        self.share(*dialog.chosen())  # type: ignore[misc]  # chosen() is not None: checked above

    def share(self, family_id: object, device_id: str) -> None:
        ops.run_op(self, lambda s: connection.share_family(s, str(family_id), device_id),
                   on_done=lambda added: self._on_shared(added, device_id),
                   on_error=self._failed)

    def _on_shared(self, added: bool, device_id: str) -> None:
        name = next((d.name for d in self.model.rows() if d.id == device_id), device_id)
        self.result_label.setText(self.tr(
            "Shared with {name}: the family travels in that laptop's next receipt.").format(
                name=name) if added else self.tr("{name} already had that family.").format(
                name=name))
        self.sig_changed.emit()
        self.reload(device_id)

    # -- receipts -------------------------------------------------------------------------

    def _on_receipt_clicked(self) -> None:
        d = self.selected()
        if d is None or d.revoked:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt"),
            str(Path(documents_folder()) / receipt_file_name(d.name, d.id)),
            self.tr("Sync packet (*.tafpacket)"))
        if path:
            self.write_receipt(d, with_suffix(path))

    def write_receipt(self, d: DeviceSummary, target: Path) -> None:
        from tafapp.sync import packets

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> dict[str, Any]:
            return packets.export_receipt(ops.current_store(), d.id, target)

        ops.run_task(self, job, on_done=lambda r: self._on_receipts([r]),
                     on_error=self._failed, title=self.tr("Writing the receipt"))

    def _on_all_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder for the receipts"), documents_folder())
        if folder:
            self.write_all(Path(folder))

    def write_all(self, folder: Path) -> None:
        active = [d for d in self.model.rows() if not d.revoked]
        ops.run_task(self, lambda p, c: _write_receipts(active, folder, p, c),
                     on_done=self._on_receipts, on_error=self._failed,
                     title=self.tr("Writing receipts"))

    def _on_receipts(self, results: list[dict[str, Any]]) -> None:
        names = ", ".join(Path(r["file"]).name for r in results)
        folder = Path(results[0]["file"]).parent if results else ""
        if len(results) == 1:
            text = self.tr("Saved {name} in {folder}. Give it to its practitioner to import "
                           "on Send and receive.").format(name=names, folder=folder)
        else:
            text = self.tr("Saved {n} receipts in {folder}: {names}. Give each to its "
                           "practitioner to import on Send and receive.").format(
                               n=len(results), folder=folder, names=names)
        self.result_label.setText(text)
        self.sig_receipts_written.emit(results)
        self.reload()

    # -- revoke ---------------------------------------------------------------------------

    def _on_revoke_clicked(self) -> None:
        d = self.selected()
        if d is None or d.revoked:
            return
        answer = QMessageBox.question(
            self, self.tr("Revoke this laptop?"), self.tr(
                "Revoke {name}? Its packets will be refused from now on and it gets no more "
                "receipts. Changes already imported stay. A revoked laptop cannot be "
                "registered again: its practitioner would need a new profile.").format(
                    name=d.name or d.id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.run_op(self, lambda s: registry.revoke_device(s, d.id).id,
                   on_done=lambda dev_id: self._on_revoked(d), on_error=self._failed)

    def _on_revoked(self, d: DeviceSummary) -> None:
        self.result_label.setText(self.tr("Revoked {name}.").format(name=d.name or d.id))
        self.sig_changed.emit()
        self.reload(d.id)

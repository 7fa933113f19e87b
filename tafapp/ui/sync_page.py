"""Send and receive (practitioner): what is waiting for the hub, when packets and receipts
last moved, writing a sync packet and importing the coordinator's receipt.

A packet is cumulative: it carries every change the hub has not yet confirmed, so the count
here only falls when a receipt is imported, and writing a second packet before then is
harmless."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tafapp.ui import errors, ops
from tafapp.ui.connect.hub_box import HubConnectionBox
from tafapp.ui.connect.news_box import NewsBox
from tafapp.ui.files import SavedMessage
from tafapp.ui.held_box import HeldBox
from tafapp.ui.hub.queries import SyncOverview, sync_overview

PACKET_SUFFIX = ".tafpacket"


def _when(at: datetime | None) -> str:
    if at is None:
        return ""
    local = at.astimezone() if at.tzinfo is not None else at
    return f"{local.day} {local:%b %Y, %H:%M}"


def _folder() -> Path:
    from tafapp.ui.files import start_folder

    return start_folder()


class SyncPage(QWidget):
    """The practitioner's "Send and receive" screen."""

    sig_packet_written = Signal(dict)
    """What `packets.export_changes` reported, after the file was read back and checked."""
    sig_receipt_imported = Signal(object)
    """The `ImportResult` of a receipt import (applied, duplicate or rejected)."""
    sig_open_family = Signal(object)
    """A family named in the news from the hub was clicked: its UUID."""
    sig_changed = Signal()
    """A receipt was applied (families shared, values settled, changes confirmed): the main
    window reloads the caseload and the count of changes waiting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_box: SavedMessage | None = None
        """The last "Sync packet written" message (window-modal, not blocking)."""
        self.overview: SyncOverview | None = None
        self._build_ui()
        self._connect()
        self.reload()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("<h2>Send and receive</h2>"), self)
        intro = QLabel(self.tr(
            "Your changes travel to the coordinator's hub in a sync packet: an encrypted file "
            "you send by secure email, a shared drive or a USB stick. The coordinator sends "
            "back a receipt confirming what arrived."), self)
        intro.setWordWrap(True)
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("syncWarning")
        self.warning_label.setStyleSheet(
            "#syncWarning { background: #fff3cd; color: #4d3800; border: 1px solid #d8b24a;"
            " padding: 8px; }")
        self.warning_label.setAccessibleName(self.tr("Warning"))
        self.connection_box = HubConnectionBox(self)
        self.pending_value = QLabel(self)
        self.export_value = QLabel(self)
        self.receipt_value = QLabel(self)
        for label in (self.pending_value, self.export_value, self.receipt_value):
            label.setWordWrap(True)
        status_box = QGroupBox(self.tr("Status"), self)
        form = QFormLayout(status_box)
        form.addRow(self.tr("Changes not yet confirmed:"), self.pending_value)
        form.addRow(self.tr("Last sync packet written:"), self.export_value)
        form.addRow(self.tr("Last receipt imported:"), self.receipt_value)
        self.news_box = NewsBox(self)
        self.write_button = QPushButton(self.tr("&Write sync packet…"), self)
        self.write_button.setDefault(True)
        self.receipt_button = QPushButton(self.tr("Import &receipt…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Last result"))
        self.held_box = HeldBox(self)
        steps = QLabel(self.tr(
            "<b>How it works</b><ol>"
            "<li>Write a sync packet and save it where you can send it from.</li>"
            "<li>Send the file to your coordinator (secure email, shared drive or an encrypted "
            "USB stick). Only the hub can open it.</li>"
            "<li>When the coordinator sends back a receipt, import it here: your changes then "
            "count as confirmed, and you receive any families shared with you and any "
            "conflicts the coordinator settled.</li></ol>"
            "Writing a packet twice, or losing one, is harmless: the next packet carries "
            "everything not yet confirmed."), self)
        steps.setWordWrap(True)
        column = QWidget(self)
        # Long lines are hard to read on a wide window: keep the text to a readable measure.
        column.setMaximumWidth(64 * self.fontMetrics().horizontalAdvance("M"))
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addWidget(self.warning_label)
        inner.addWidget(self.news_box)
        inner.addWidget(self.connection_box)
        inner.addWidget(status_box)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        inner.addWidget(self.result_label)
        inner.addWidget(self.held_box)
        inner.addSpacing(12)
        inner.addWidget(steps)
        inner.addStretch(1)
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.addWidget(column, 1)
        row.addStretch(0)
        # Large text on a 768-pixel-high screen: the page scrolls rather than clipping.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _connect(self) -> None:
        self.connection_box.sig_connection_changed.connect(self.reload)
        self.news_box.sig_open_family.connect(self.sig_open_family)
        self.write_button.clicked.connect(self._on_write_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.reload()

    # -- status -------------------------------------------------------------------------------

    def reload(self) -> None:
        ops.run_query(self, sync_overview, on_done=self._on_loaded)
        if self.overview is None or self.overview.role == "practitioner":
            self.connection_box.reload()
            self.news_box.reload()
            self.held_box.reload()

    def _on_loaded(self, ov: SyncOverview) -> None:
        self.overview = ov
        if ov.pending == 0:
            self.pending_value.setText(self.tr("None: the hub has confirmed all your changes."))
        else:
            self.pending_value.setText(self.tr("{n}, carried by every packet until a receipt "
                                               "confirms them").format(n=ov.pending))
        self.export_value.setText(_when(ov.last_export_at) or self.tr("Never"))
        self.receipt_value.setText(_when(ov.last_receipt_at) or self.tr("Never"))
        self.connection_box.setVisible(ov.role == "practitioner")
        warnings = self._warnings(ov)
        self.warning_label.setText("\n\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        practitioner = ov.role == "practitioner"
        self.write_button.setEnabled(practitioner and ov.hub_name is not None
                                     and not ov.demo_data)
        self.receipt_button.setEnabled(practitioner and ov.hub_name is not None)

    def _warnings(self, ov: SyncOverview) -> list[str]:
        out = []
        if ov.role != "practitioner":
            out.append(self.tr("This profile is the coordinator's hub: it imports packets and "
                               "writes receipts on the Import packets screen."))
            return out
        if ov.hub_name is None:
            out.append(self.tr(
                "This laptop is not connected to a hub yet, so it cannot write a sync packet. "
                "Open the hub's identity file your coordinator sent you (below)."))
        if ov.demo_data:
            out.append(self.tr(
                "This profile holds made-up demo families, so it cannot write sync packets: "
                "the hub never received the demo families. Record real families in a profile "
                "without demo data."))
        return out

    # -- writing a packet ---------------------------------------------------------------------

    def _on_write_clicked(self) -> None:
        ov = self.overview
        seq = ov.next_sequence if ov is not None else 1
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the sync packet"),
            str(_folder() / f"changes-{seq:04d}{PACKET_SUFFIX}"),
            self.tr("Sync packet (*.tafpacket)"))
        if path:
            from tafapp.ui.files import remember

            remember(Path(path))
            self.write_packet(Path(path))

    def write_packet(self, target: Path) -> None:
        """Export every unconfirmed change to `target`; the confirmation appears only after the
        engine has written the file, read it back and checked it."""
        from tafapp.sync import packets

        if target.suffix.lower() != PACKET_SUFFIX:
            target = target.with_name(target.name + PACKET_SUFFIX)

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> dict[str, Any]:
            return packets.export_changes(ops.current_store(), target)

        ops.run_task(self, job, on_done=self._on_packet_written,
                     on_error=self._on_failed, title=self.tr("Writing the sync packet"))

    def _on_packet_written(self, result: dict[str, Any]) -> None:
        path = Path(result["file"])
        text = self.tr(
            "Sync packet written and checked: {file} carries {n} changes (packet no. {seq}). "
            "Send it to your coordinator; the changes stay listed until their receipt "
            "confirms them.").format(file=path.name, n=result["ops"], seq=result["sequence"])
        self.result_label.setText(self.tr("{text} Folder: {folder}").format(
            text=text, folder=path.parent))
        self.saved_box = SavedMessage(self, path, self.tr("Sync packet written"), text,
                                      document=False)
        self.saved_box.buttonClicked.connect(self.saved_box.act)
        self.saved_box.open()
        self.sig_packet_written.emit(result)
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.result_label.setText(self.tr("Nothing was written or changed."))
        errors.show(self, exc)
        self.reload()

    # -- importing a receipt ------------------------------------------------------------------

    def _on_receipt_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the receipt"), str(_folder()),
            self.tr("Sync packet (*.tafpacket);;All files (*)"))
        if path:
            from tafapp.ui.files import remember

            remember(Path(path))
            self.import_receipt(Path(path))

    def import_receipt(self, path: Path) -> None:
        from tafapp.sync import packets

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> Any:
            return packets.import_file(ops.current_store(), path)

        ops.run_task(self, job, on_done=self._on_receipt_imported, on_error=self._on_failed,
                     title=self.tr("Importing the receipt"))

    def _on_receipt_imported(self, result: Any) -> None:
        if result.status == "applied":
            text = self.tr("Receipt imported: the hub confirmed {n} of your changes.").format(
                n=result.ops_applied)
        elif result.status == "duplicate":
            text = self.tr("This receipt was imported before; nothing changed.")
        else:
            text = self.tr("Receipt refused: {why}").format(why=result.message or result.reason)
        self.result_label.setText(text)
        if result.status == "rejected":
            QMessageBox.warning(self, self.tr("Receipt refused"), text)
        self.sig_receipt_imported.emit(result)
        if result.status == "applied":
            self.sig_changed.emit()
        self.reload()

"""Import packets at the hub: pick or drop several `.tafpacket` files, import them behind a
progress dialog (each file all-or-nothing, Cancel stops between files), then a table of what
happened to each, in words a coordinator understands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tafapp.ui import errors, ops
from tafapp.ui.hub import queries
from tafapp.ui.hub.devices_panel import PACKET_SUFFIX, DevicesPanel, default_folder
from tafapp.ui.hub.models import ResultColumn, ResultsModel


def packet_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The `.tafpacket` files among `paths`, each once, in the order given."""
    seen: dict[Path, None] = {}
    for p in paths:
        path = Path(p)
        if path.suffix.lower() == PACKET_SUFFIX and path.is_file():
            seen.setdefault(path, None)
    return list(seen)


class ImportPage(QWidget):
    """The coordinator's import screen (hub only)."""

    sig_imported = Signal(list)
    """The per-file results of an import (dicts of `packets.import_files`, plus `sentence`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._build_ui()
        self._connect()
        self.setAcceptDrops(True)
        self.devices.reload()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("<h2>Import packets</h2>"), self)
        intro = QLabel(self.tr(
            "Choose the sync packets practitioners sent you, or drop them on this page. Each "
            "file is imported whole or not at all; a damaged or unexpected file changes "
            "nothing."), self)
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose packets…"), self)
        self.choose_button.setDefault(True)
        self.choose_button.setToolTip(self.tr("Pick one or more .tafpacket files to import"))
        self.model = ResultsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Import results"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultColumn.EXPLANATION, QHeaderView.ResizeMode.Stretch)
        self.summary_label = QLabel(self.tr("Nothing imported yet in this session."), self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("Import summary"))
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.devices = DevicesPanel(self)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addStretch(1)
        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.view, 1)
        results_layout.addWidget(self.summary_label)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(results)
        split.addWidget(self.devices)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_clicked)

    def reload(self) -> None:
        self.devices.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        # Devices may have been added or revoked from the command line meanwhile.
        super().showEvent(event)
        self.devices.reload()

    # -- choosing files -----------------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose packets to import"), str(default_folder()),
            self.tr("Sync packets (*.tafpacket);;All files (*)"))
        if files:
            self.import_paths([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if not self._busy and packet_paths([u.toLocalFile() for u in urls if u.isLocalFile()]):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = packet_paths([u.toLocalFile() for u in event.mimeData().urls()
                              if u.isLocalFile()])
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- importing ----------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import `paths` in the background; the results table shows the outcome."""
        files = list(paths)
        if not files or self._busy:  # one import at a time: a drop mid-import is refused
            return

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> list[dict[str, Any]]:
            return queries.import_packets(ops.current_store(), files, progress, cancelled)

        self._set_busy(True)
        ops.run_task(self, job, on_done=lambda r: self._on_imported(files, r),
                     on_error=self._on_import_failed, title=self.tr("Importing packets"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.choose_button.setEnabled(not busy)

    def _on_import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        errors.show(self, exc)

    def _on_imported(self, files: list[Path], results: list[dict[str, Any]]) -> None:
        from tafapp.sync import packets

        self._set_busy(False)
        rows = [{**r, "file_name": Path(r["file"]).name, "sentence": self.sentence(r)}
                for r in results]
        self.model.set_rows(rows)
        self.view.resizeRowsToContents()
        text = packets.summary(results) if results else self.tr("No file was imported.")
        if len(results) < len(files):
            text += " " + self.tr("Stopped after {done} of {total} files; the others were not "
                                  "touched.").format(done=len(results), total=len(files))
        self.summary_label.setText(text)
        self.sig_imported.emit(rows)

    # -- wording ------------------------------------------------------------------------------

    def sentence(self, result: dict[str, Any]) -> str:
        """What a result means for the coordinator, and what to do next."""
        status = result["status"]
        if status == "applied":
            text = self.tr("Imported: {n} changes applied.").format(n=result["ops_applied"])
            if result.get("conflicts"):
                text += " " + self.tr("{n} conflicts need a decision on the Conflicts "
                                      "screen.").format(n=result["conflicts"])
            if result.get("ops_held"):
                text += " " + self.tr("{n} changes were held for you to accept or refuse on "
                                      "the Held changes screen.").format(n=result["ops_held"])
            return text
        if status == "duplicate":
            return self.tr("This packet was imported before; nothing changed.")
        return self.reason_sentence(str(result.get("reason", "")),
                                    str(result.get("message", "")))

    def reason_sentence(self, code: str, fallback: str = "") -> str:
        sentences = {
            "not_a_packet": self.tr(
                "This file is not a sync packet. Check you chose the right file (packets end "
                "in .tafpacket)."),
            "corrupt": self.tr(
                "This packet is damaged (cut short or changed on the way). Nothing was "
                "imported; ask the practitioner to write a new packet."),
            "bad_signature": self.tr(
                "This packet's signature does not match its contents, so it may have been "
                "tampered with. Nothing was imported; ask for a fresh packet and tell your "
                "information governance lead."),
            "unknown_device": self.tr(
                "This packet comes from a laptop this hub does not know. Check its fingerprint "
                "with the practitioner and register it, then import again."),
            "revoked_device": self.tr(
                "This packet comes from a laptop whose access was revoked. Nothing was "
                "imported; speak to the practitioner if this is unexpected."),
            "wrong_recipient": self.tr(
                "This packet was made for a different hub, so it cannot be opened here. Check "
                "the practitioner enrolled with this hub's identity file."),
            "schema_too_new": self.tr(
                "This packet was written by a newer version of tafapp. Update tafapp here, "
                "then import it again."),
            "too_large": self.tr(
                "This file is larger than tafapp accepts, so it was not read. Ask the sender "
                "to write the packet again, or contact support."),
            "replay": self.tr(
                "A packet with this identity was imported before with different contents: this "
                "copy was altered or forged. Nothing was changed."),
            "needs_earlier_packet": self.tr(
                "This packet builds on an earlier one from the same laptop that has not been "
                "imported yet. Import the earlier packet first; nothing was changed."),
            "device_mismatch": self.tr(
                "This packet's contents claim to come from a different laptop than the one "
                "that signed it. Nothing was imported; tell your information governance lead."),
            "wrong_kind": self.tr(
                "This is a receipt for a laptop, not a packet of changes for the hub. Nothing "
                "was changed."),
            "disk_full": self.tr(
                "The disk is full, so this packet was not imported and nothing from it was "
                "kept. Free some space, then import it again."),
            "database_refused": self.tr(
                "The hub's database refused a value in this packet, so nothing from it was "
                "kept. Keep the file and tell support; the other files were imported on their "
                "own."),
            "internal_error": self.tr(
                "tafapp stopped on an unexpected error with this packet, so nothing from it "
                "was kept. Keep the file and tell support; the other files were imported on "
                "their own."),
        }
        return sentences.get(code) or fallback or self.tr(
            "This packet was refused ({code}); nothing was changed.").format(code=code)

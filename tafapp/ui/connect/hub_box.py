"""The practitioner's "Connect to the hub" box on the Send and receive page: open the hub's
identity file, compare its fingerprint aloud, enrol; save this laptop's identity file to send
back. It says which of the four stages (`tafapp.sync.connection`) the laptop is in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import TafError
from tafapp.sync import connection
from tafapp.sync.connection import LaptopConnection
from tafapp.ui import errors, ops
from tafapp.ui.connect.fingerprint import (
    IDENTITY_FILTER,
    IDENTITY_SUFFIX,
    CompareDialog,
    FingerprintLabel,
    documents_folder,
)


def identity_file_name(owner: str) -> str:
    """`laptop-sam-lee.tafid`: a name the coordinator can tell apart from the others."""
    slug = re.sub(r"[^a-z0-9]+", "-", owner.lower()).strip("-") or "this-laptop"
    return f"laptop-{slug}{IDENTITY_SUFFIX}"


class HubConnectionBox(QGroupBox):
    """Enrolling with the hub and sending this laptop's identity back, in two buttons."""

    sig_connection_changed = Signal()
    """The laptop enrolled with a hub or saved its identity file: the page reloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: LaptopConnection | None = None
        self.owner = ""
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setTitle(self.tr("Connection to the hub"))
        self.stage_label = QLabel(self)
        self.stage_label.setWordWrap(True)
        self.stage_label.setAccessibleName(self.tr("Connection state"))
        self.hub_value = QLabel(self)
        self.hub_value.setWordWrap(True)
        self.hub_fingerprint = FingerprintLabel(self)
        self.own_fingerprint = FingerprintLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("Hub:"), self.hub_value)
        form.addRow(self.tr("Hub fingerprint:"), self.hub_fingerprint)
        form.addRow(self.tr("This laptop's fingerprint:"), self.own_fingerprint)
        self.open_button = QPushButton(self.tr("&Open the hub's identity file…"), self)
        self.open_button.setToolTip(self.tr(
            "The file your coordinator sent you; you compare its fingerprint with them"))
        self.save_button = QPushButton(self.tr("Save this laptop's &identity file…"), self)
        self.save_button.setToolTip(self.tr(
            "A file of public keys (no family information) for your coordinator to register"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage_label)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.open_button.clicked.connect(self._on_open_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)

    def show_state(self, state: LaptopConnection, owner: str) -> None:
        self.state, self.owner = state, owner
        self.stage_label.setText(self.stage_sentence(state))
        self.hub_value.setText(state.hub_name or self.tr("Not connected yet"))
        self.hub_fingerprint.set_fingerprint(state.hub_fingerprint)
        self.own_fingerprint.set_fingerprint(state.own_fingerprint)
        enrolled = state.stage != "not_enrolled"
        self.open_button.setText(self.tr("Change &hub…") if enrolled
                                 else self.tr("&Open the hub's identity file…"))
        self.open_button.setDefault(not enrolled)
        self.save_button.setEnabled(enrolled)

    def stage_sentence(self, state: LaptopConnection) -> str:
        return {
            "not_enrolled": self.tr(
                "<b>Step 1 of 2: not connected.</b> Your coordinator sends you the hub's "
                "identity file. Open it here and compare its fingerprint with them by phone or "
                "in person."),
            "identity_not_saved": self.tr(
                "<b>Step 2 of 2: connected to {hub}, but the hub does not know this laptop "
                "yet.</b> Save this laptop's identity file and send it to your coordinator. "
                "You can write sync packets already.").format(hub=state.hub_name),
            "waiting_for_receipt": self.tr(
                "<b>Waiting for the coordinator.</b> This laptop's identity file was saved; "
                "when the coordinator has registered it and imported your first packet, their "
                "receipt confirms the connection. You can write sync packets meanwhile."),
            "connected": self.tr(
                "<b>Connected to {hub}.</b> The hub knows this laptop: its receipts arrive "
                "here.").format(hub=state.hub_name),
        }[state.stage]

    def reload(self) -> None:
        ops.run_query(self, lambda s: (connection.laptop_connection(s),
                                       connection.owner_name(s)),
                      on_done=lambda got: self.show_state(*got))

    # -- step 1: the hub's identity ----------------------------------------------------------

    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open the hub's identity file"), documents_folder(),
            self.tr(IDENTITY_FILTER))
        if path:
            self.enrol_from(Path(path))

    def enrol_from(self, path: Path) -> None:
        """Read `path`, ask whether the fingerprints match, enrol only on "they match"."""
        try:
            ident = connection.read_identity(path, "hub")
        except TafError as exc:
            errors.show(self, exc)
            return
        hub = ident["name"] or ident["id"]
        replacing = self.state is not None and self.state.stage != "not_enrolled" \
            and self.state.hub_id != ident["id"]
        who = self.tr("<b>{hub}</b><br>This file says it is the coordinator's hub. Its "
                      "fingerprint:").format(hub=hub)
        ask = self.tr(
            "Ask your coordinator to read the hub's fingerprint to you, by phone or in person "
            "(not in the email the file came with). Does every group match?")
        if replacing:
            ask += " " + self.tr("This laptop's packets will go to this hub from now on, "
                                 "instead of {old}.").format(old=self.state.hub_name)
        if not CompareDialog.confirm(self, title=self.tr("Compare the hub's fingerprint"),
                                     who=who, fingerprint=ident["fingerprint"], ask=ask,
                                     confirm=self.tr("They &match: connect")):
            QMessageBox.information(self, self.tr("Not connected"), self.tr(
                "Nothing was changed. If the fingerprints differ, the file may have been "
                "altered: ask your coordinator for a fresh copy."))
            return
        ops.run_op(self, lambda s: connection.enrol(s, ident), on_done=self._on_enrolled)

    def _on_enrolled(self, result: dict[str, Any]) -> None:
        self.sig_connection_changed.emit()
        QMessageBox.information(self, self.tr("Connected to the hub"), self.tr(
            "This laptop now trusts {hub}: your sync packets are encrypted so that only it can "
            "open them.\n\nNext: save this laptop's identity file and send it to your "
            "coordinator.").format(hub=result["name"] or result["hub_id"]))

    # -- step 2: this laptop's identity ------------------------------------------------------

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save this laptop's identity file"),
            str(Path(documents_folder()) / identity_file_name(self.owner)),
            self.tr(IDENTITY_FILTER))
        if path:
            self.save_identity(Path(path))

    def save_identity(self, target: Path) -> None:
        if not target.suffix:
            target = target.with_name(target.name + IDENTITY_SUFFIX)
        ops.run_op(self, lambda s: connection.save_identity(s, target),
                   on_done=self._on_identity_saved)

    def _on_identity_saved(self, doc: dict[str, Any]) -> None:
        from tafapp.ui.connect.fingerprint import spoken

        self.sig_connection_changed.emit()
        path = Path(doc["file"])
        QMessageBox.information(self, self.tr("Identity file saved"), self.tr(
            "Saved {name} in {folder}.\n\nSend it to your coordinator (it holds no family "
            "information). When they register it, read them this laptop's fingerprint:\n\n"
            "{fp}").format(name=path.name, folder=path.parent, fp=spoken(doc["fingerprint"])))

"""Hand a family to a practitioner, or add a co-worker: pick the family (search by reference,
name or postcode), pick the practitioner's laptop. The family's whole record travels in that
laptop's next receipt."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tafapp.sync import connection
from tafapp.sync.connection import DeviceSummary, FamilyChoice
from tafapp.ui import ops

SEARCH_DELAY_MS = 200


class ShareDialog(QDialog):
    """Accepted with a family and an active laptop chosen: `chosen()`."""

    def __init__(self, laptops: Sequence[DeviceSummary], device_id: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.laptops = [d for d in laptops if not d.revoked]
        self.families: list[FamilyChoice] = []
        self._build_ui()
        self._connect()
        start = next((i for i, d in enumerate(self.laptops) if d.id == device_id), 0)
        self.laptop.setCurrentIndex(start)
        self._search()

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Share a family with a practitioner"))
        intro = QLabel(self.tr(
            "Hand a family to a practitioner, or add a co-worker: the family's whole record "
            "goes to their laptop in its next receipt. Families already on a laptop stay "
            "there."), self)
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Reference, household name or postcode"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Families"))
        self.laptop = QComboBox(self)
        for d in self.laptops:
            self.laptop.addItem(self.tr("{name} ({n} families)").format(
                name=d.name or d.id, n=d.families), d.id)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Find a family:"), self.search)
        form.addRow(self.list)
        form.addRow(self.tr("&Practitioner's laptop:"), self.laptop)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Share"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(52 * self.fontMetrics().horizontalAdvance("M"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self._timer.timeout.connect(self._search)
        self.list.currentRowChanged.connect(self._on_choice_changed)
        self.laptop.currentIndexChanged.connect(self._on_choice_changed)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)

    def _search(self) -> None:
        text = self.search.text()
        ops.run_query(self, lambda s: connection.find_families(s, text),
                      on_done=self._on_found)

    def _on_found(self, rows: list[FamilyChoice]) -> None:
        self.families = rows
        self.list.clear()
        names = {d.id: d.name or d.id for d in self.laptops}
        for f in rows:
            held = ", ".join(names.get(d, d[:8]) for d in f.shared_with)
            text = f"{f.reference}  {f.household_name}  {f.postcode}".strip()
            item = QListWidgetItem(text + (self.tr("  — on: {who}").format(who=held)
                                           if held else ""))
            item.setData(Qt.ItemDataRole.UserRole, str(f.id))
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        self.message.setText("" if rows else self.tr("No family matches."))
        self._on_choice_changed()

    def _on_choice_changed(self) -> None:
        chosen = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(chosen is not None)
        if chosen is not None:
            fam = self.families[self.list.currentRow()]
            if chosen[1] in fam.shared_with:
                self.message.setText(self.tr("That laptop already has this family."))
            elif self.families:
                self.message.setText("")

    def chosen(self) -> tuple[uuid.UUID, str] | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.families) or self.laptop.currentIndex() < 0:
            return None
        return self.families[row].id, str(self.laptop.currentData())

    def _on_accepted(self) -> None:
        if self.chosen() is not None:
            self.accept()

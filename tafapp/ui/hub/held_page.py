"""The hub's held changes: ops an import would not apply on its own (a family not shared with
the device, a field the hub works out, a clock too far ahead, a value the app would refuse),
each with the reason in words, and the coordinator's decision — accept (apply it through the
normal merge) or refuse (drop it; the laptop learns it in its next receipt). Each decision is
written to the audit trail by the engine."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from tafapp.ui import errors, ops
from tafapp.ui.hub import queries
from tafapp.ui.hub.models import ROW_ROLE, RowsModel, field_label, readable_time, short_id
from tafapp.ui.tables import row_table


def _tr(text: str) -> str:
    return QCoreApplication.translate("HeldPage", text)


# The reason codes of `sync.held`, worded for a coordinator with what to weigh.
REASON_WORDS = {
    "not_shared": "Not shared with that laptop. Accept only if the family was handed over "
                  "and this change should stand.",
    "hub_field": "A detail the hub works out itself; a laptop's value is never used. Refuse.",
    "clock_ahead": "The laptop's clock was too far ahead. Accept if its date is now right.",
    "invalid_value": "A value the app would not accept when typed. Refuse, unless the "
                     "council's lists changed since.",
}


@dataclass(frozen=True)
class HeldRow:
    id: str
    family: str
    entity: str
    field: str
    value: Any
    device: str
    reason: str
    message: str
    held_at: Any


def held_rows(session: Session) -> list[HeldRow]:
    """Every change still held, with its family's reference and the sending laptop's name."""
    from tafapp.models import Device, Family
    from tafapp.sync import held

    out = []
    for h in held.list_held(session):
        fam = session.get(Family, uuid.UUID(h["family_id"])) if h["family_id"] else None
        dev = session.get(Device, h["device_id"])
        out.append(HeldRow(
            h["id"], f"{fam.reference} ({fam.household_name})" if fam else "",
            h["entity"], h["field"], h["value"],
            (dev.name if dev and dev.name else "") or short_id(h["device_id"]), h["reason"],
            h["message"], h["held_at"]))
    return out


def _decide(s: Session, held_id: str, accept: bool) -> dict[str, Any]:
    from tafapp.sync import held

    who = queries.display_name(s) or "coordinator"
    return (held.accept if accept else held.refuse)(s, held_id, who=who)


class HeldModel(RowsModel[HeldRow]):
    headers = ("Family", "Change", "Value", "From", "Why it is held")

    def text(self, row: HeldRow, column: int) -> str:
        if column == 0:
            return row.family or _tr("(directory or new record)")
        if column == 1:
            return f"{field_label(row.entity)}: {field_label(row.field).lower()}"
        if column == 2:
            text = row.value if isinstance(row.value, str) else json.dumps(row.value)
            return text[:200] if text else _tr("(left empty)")
        if column == 3:
            return row.device
        return f"{_tr(REASON_WORDS.get(row.reason, row.reason))} ({row.message})"


class HeldPage(QWidget):
    """Held changes at the hub (hub only)."""

    sig_decided = Signal(dict)
    """The decided change (`held.describe`) plus `ops`, how many ops the decision covered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()
        self.reload()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("<h2>Held changes</h2>"), self)
        intro = QLabel(self.tr(
            "Changes in imported packets that the hub did not apply on its own. Nothing here "
            "is lost: accept a change to apply it, or refuse it; the laptop that sent it is "
            "told in its next receipt."), self)
        intro.setWordWrap(True)
        self.model = HeldModel(self)
        self.view = row_table(self, self.model, self.tr("Held changes"), stretch=4, wrap=True)
        self.count_label = QLabel(self)
        self.accept_button = QPushButton(self.tr("&Accept the change"), self)
        self.accept_button.setToolTip(self.tr("Apply it as if the hub had taken it on import"))
        self.refuse_button = QPushButton(self.tr("&Refuse the change"), self)
        self.refuse_button.setToolTip(self.tr("Drop it; the laptop is told in its next receipt"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.refuse_button)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Last decision"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

    def _connect(self) -> None:
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.refuse_button.clicked.connect(self._on_refuse_clicked)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        # Packets imported on another screen may have held more changes.
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        ops.run_query(self, held_rows, on_done=self._on_loaded)

    def _on_loaded(self, rows: list[HeldRow]) -> None:
        self.model.set_rows(rows)
        self.view.resizeRowsToContents()
        if not rows:
            count = self.tr("No held changes: every imported change was applied.")
        elif len(rows) == 1:
            count = self.tr("1 held change")
        else:
            count = self.tr("{n} held changes").format(n=len(rows))
        self.count_label.setText(count)
        if rows:
            self.view.selectRow(0)
        self._update_buttons()

    def current(self) -> HeldRow | None:
        picked = self.view.selectionModel().selectedRows()
        return self.model.data(picked[0], ROW_ROLE) if picked else None

    def _on_view_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current()
        self.accept_button.setEnabled(row is not None and row.reason != "hub_field")
        self.refuse_button.setEnabled(row is not None)

    def _on_accept_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self.decide(row, accept=True)

    def _on_refuse_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self.decide(row, accept=False)

    def decide(self, row: HeldRow, *, accept: bool) -> None:
        """Accept or refuse `row`, then reload the list."""
        ops.run_op(self, lambda s: _decide(s, row.id, accept),
                   on_done=self._on_decided, on_error=lambda exc: errors.show(self, exc))

    def _on_decided(self, out: dict[str, Any]) -> None:
        what = self.tr("Accepted") if out["status"] == "accepted" else self.tr("Refused")
        self.status_label.setText(self.tr(
            "{what}: {change} from {when} ({n} op(s)); written to the audit trail.").format(
            what=what, change=f"{field_label(out['entity'])}: {field_label(out['field']).lower()}",
            when=readable_time(_parsed(out["held_at"])), n=out["ops"]))
        self.sig_decided.emit(out)
        self.reload()


def _parsed(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)

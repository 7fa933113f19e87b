"""The meeting history, and the way into live meeting mode."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tafapp.models import MeetingKind
from tafapp.services.ui_support import MeetingRow
from tafapp.services.ui_support_meeting import resume_or_start
from tafapp.ui.family.common import Section, button_row, make_table, selected
from tafapp.ui.family.forms import add_item, combo_value, find_data
from tafapp.ui.family.rows_model import Column, RowsModel, words

MEETING_COLUMNS = (
    Column("Held on", lambda m: m.held_on),
    Column("Kind", lambda m: words(m.kind)),
    Column("Status", lambda m: "Final" if m.status == "final" else "Draft (in progress)"),
    Column("Decision", lambda m: words(m.decision)),
    Column("Next review", lambda m: m.next_review_on),
)


class HistorySection(Section):
    sig_open_meeting = Signal(object)
    """A meeting (uuid) to show in live meeting mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(MEETING_COLUMNS, self, alert=lambda m: m.status == "draft")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self.table = make_table(self.model, "meetings_table")
        layout.addWidget(self.table, 1)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Kind of meeting"))
        for kind in MeetingKind:
            add_item(self.kind_combo, words(kind.value), kind.value)
        self.kind_combo.setCurrentIndex(find_data(self.kind_combo, MeetingKind.REVIEW.value))
        self.start_button = QPushButton(self.tr("&Start or resume meeting"))
        self.open_button = QPushButton(self.tr("&Open meeting"))
        row = QHBoxLayout()
        label = QLabel(self.tr("&Kind:"))
        label.setBuddy(self.kind_combo)
        row.addWidget(label)
        row.addWidget(self.kind_combo)
        row.addLayout(button_row(self.start_button, self.open_button))
        layout.addLayout(row)
        self.start_button.clicked.connect(self.start_meeting)
        self.open_button.clicked.connect(lambda: self._open(selected(self.table)))
        self.table.activated.connect(lambda _i: self._open(selected(self.table)))

    def refresh(self) -> None:
        assert self.view is not None
        self.model.set_rows(self.view.meetings)

    def _open(self, row: MeetingRow | None) -> None:
        if row is None:
            self.message.setText(self.tr("Choose a meeting first."))
            self.message.show()
            return
        self.sig_open_meeting.emit(row.id)

    def start_meeting(self) -> None:
        """Resume the family's draft meeting if there is one, else start one today."""
        fid, kind = self.family_id, combo_value(self.kind_combo)
        self.run(lambda s: resume_or_start(s, fid, kind), on_done=self.sig_open_meeting.emit)

"""Step 1: the meeting itself (date, venue, chair, note taker) and who is here — attendance
and apologies with written updates."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QPushButton, QWidget

from tafapp.models import AttendanceStatus
from tafapp.services import meetings
from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support import Directory, PersonRow
from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui.family.common import make_table, selected
from tafapp.ui.family.forms import add_item, combo_value
from tafapp.ui.family.rows_model import Column, RowsModel, words
from tafapp.ui.meeting.options import replace_rows
from tafapp.ui.meeting.step_base import MeetingContext, Step
from tafapp.ui.meeting.widgets import LineField, NoteEdit, field_box

ATTENDANCE_COLUMNS = (
    Column("Name", lambda a: a.name),
    Column("Role", lambda a: a.role),
    Column("Agency", lambda a: a.agency),
    Column("Here?", lambda a: words(a.status)),
    Column("Written update", lambda a: a.written_update),
)


class WhoStep(Step):
    title = "Welcome, who is here and apologies"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RowsModel(ATTENDANCE_COLUMNS, self,
                               alert=lambda a: a.status != AttendanceStatus.PRESENT.value)
        self._directory: Directory | None = None
        self._people: tuple[PersonRow, ...] = ()
        b = ctx.binder
        grid = QGridLayout()
        grid.addWidget(b.text("held_on", self.tr("&Date (dd/mm/yyyy)"), multiline=False), 0, 0)
        grid.addWidget(b.text("venue", self.tr("V&enue"), multiline=False), 0, 1)
        grid.addWidget(b.check("remote", self.tr("Held &remotely")), 0, 2)
        grid.addWidget(b.text("chair", self.tr("C&hair"), multiline=False), 1, 0)
        grid.addWidget(b.text("note_taker", self.tr("N&ote taker"), multiline=False), 1, 1)
        self.layout_.addLayout(grid)
        self.table = make_table(self.model, "attendance_table", stretch=(0, 4))
        self.layout_.addWidget(self.table, 1)
        self._build_entry()

    def _build_entry(self) -> None:
        row = QGridLayout()
        self.who = QComboBox()
        self.who.setEditable(True)  # pick someone known or type a name
        self.who.setObjectName("attendee")
        self.role = LineField("attendee_role")
        self.status = QComboBox()
        self.status.setObjectName("attendee_status")
        for st in AttendanceStatus:
            add_item(self.status, words(st.value), st.value)
        self.update_edit = NoteEdit("attendee_update")
        self.update_edit.setMaximumHeight(60)
        self.add_button = QPushButton(self.tr("&Add person"))
        self.remove_button = QPushButton(self.tr("Remove"))
        for col, (label, w) in enumerate(((self.tr("&Who"), self.who),
                                          (self.tr("Ro&le"), self.role),
                                          (self.tr("&Status"), self.status))):
            row.addWidget(field_box(label, w), 0, col)
        row.addWidget(field_box(self.tr("Written &update (for apologies)"), self.update_edit),
                      1, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addLayout(buttons, 2, 0, 1, 3)
        for col, weight in enumerate((2, 2, 1)):
            row.setColumnStretch(col, weight)
        self.add_button.setAccessibleName(self.tr("Add person to attendance"))
        self.remove_button.setAccessibleName(self.tr("Remove the chosen attendee"))
        self.layout_.addLayout(row)
        self.add_button.clicked.connect(self.add_attendee)
        self.remove_button.clicked.connect(lambda: self.remove(selected(self.table)))

    def fill(self, view: MeetingView) -> None:
        self.model.set_rows(view.attendance)
        # Blank, then the family's people, then every practitioner. The directory (hundreds
        # of names) is refilled only when it changes; another family swaps its few people.
        typed = self.who.currentText()
        if view.directory != self._directory:
            self._directory = view.directory
            self._people = ()
            self.who.clear()
            add_item(self.who, "", None)
            for pr in view.directory.practitioners:
                self.who.addItem(f"{pr.name} ({pr.agency})" if pr.agency else pr.name,
                                 ("practitioner", pr.id))
        if view.people != self._people:
            replace_rows(self.who, 1, len(self._people),
                         [(f"{p.full_name} (family)", ("person", p.id)) for p in view.people])
            self._people = view.people
        self.who.setEditText(typed)

    def add_attendee(self) -> None:
        data = combo_value(self.who)
        text = self.who.currentText()
        if data is not None and self.who.itemText(self.who.currentIndex()) != text:
            data = None  # the user typed over a chosen name
        kwargs: dict[str, Any] = {"role": self.role.text(), "status": combo_value(self.status),
                                  "written_update": self.update_edit.toPlainText()}
        if data is None:
            kwargs["name"] = text
        elif data[0] == "person":
            kwargs["person_id"] = data[1]
        else:
            kwargs["practitioner_id"] = data[1]
        mid = self.ctx.meeting_id
        holder: dict[str, Any] = {}

        def do(s: Any) -> Any:
            row = meetings.add_attendance(s, mid, **kwargs)
            holder["id"] = row.id
            return row

        self.run_undoable(self.tr("add an attendee"), do,
                          lambda s: ui_edits.remove(s, "attendance", holder["id"]),
                          lambda s: ui_edits.restore(s, "attendance", holder["id"]),
                          on_done=lambda _r: self._clear_entry())

    def _clear_entry(self) -> None:
        self.who.setCurrentIndex(0)
        self.who.setEditText("")
        self.role.clear()
        self.update_edit.clear()
        self.status.setCurrentIndex(0)
        self.who.setFocus()

    def remove(self, row: Any) -> None:
        if row is None:
            self.say(self.tr("Choose someone in the list first."))
            return
        rid = row.id
        self.run_undoable(self.tr("remove an attendee"),
                          lambda s: ui_edits.remove(s, "attendance", rid),
                          lambda s: ui_edits.restore(s, "attendance", rid))

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.who, self.role, self.status, self.update_edit, self.add_button,
                  self.remove_button):
            w.setEnabled(not read_only)

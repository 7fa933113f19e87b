"""Review every open action, one by one, then agree new actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QPushButton, QWidget

from tafapp.models import ActionStatus
from tafapp.services import meetings, plans
from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support_meeting import MeetingView, ReviewRow
from tafapp.ui.family.actions import KIND_HELP, KIND_OPTIONS
from tafapp.ui.family.common import (
    SOMEONE_ELSE,
    agency_options,
    make_table,
    selected,
    who_fields,
    who_options,
)
from tafapp.ui.family.forms import add_item, combo_value, find_data
from tafapp.ui.family.rows_model import Column, RowsModel, words
from tafapp.ui.meeting.options import refill
from tafapp.ui.meeting.step_base import MeetingContext, Step
from tafapp.ui.meeting.widgets import LineField, NoteEdit, field_box
from tafapp.ui.tables import DetailPane, select_where

REVIEW_COLUMNS = (
    Column("Action", lambda r: r.action.description),
    Column("Who", lambda r: r.action.owner or r.action.owner_agency),
    Column("Agency", lambda r: r.action.owner_agency),
    Column("Due", lambda r: r.action.due_on),
    Column("Reviewed as", lambda r: words(r.reviewed_status) if r.reviewed_status
           else "(not yet reviewed)"),
    Column("Note", lambda r: r.note),
)
NEW_COLUMNS = (
    Column("Action", lambda a: a.description),
    Column("Kind", lambda a: "Family action" if a.kind == "family" else "Professional task"),
    Column("Who", lambda a: a.owner),
    Column("Agency", lambda a: a.owner_agency),
    Column("By", lambda a: a.due_on),
)


class ReviewStep(Step):
    title = "Review the last plan, action by action"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RowsModel(REVIEW_COLUMNS, self, alert=lambda r: r.reviewed_status is None)
        self.table = make_table(self.model, "review_table", stretch=(0, 5))
        # What the action is matters most here: its text wraps in the cell, and the chosen
        # one is shown whole beneath the list.
        self.table.setWordWrap(True)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_a: self.table.resizeRowsToContents())
        self.layout_.addWidget(self.table, 1)
        self.detail = DetailPane()
        self.detail.follow(self.table)
        self.layout_.addWidget(self.detail)
        row = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName("review_status")
        for st in ActionStatus:
            add_item(self.status, words(st.value), st.value)
        self.note = LineField("review_note")
        self.record_button = QPushButton(self.tr("&Record review"))
        self.record_button.setAccessibleName(self.tr("Record the review of the chosen action"))
        row.addWidget(field_box(self.tr("&Status now"), self.status))
        row.addWidget(field_box(self.tr("N&ote"), self.note), 2)
        row.addWidget(self.record_button)
        self.layout_.addLayout(row)
        self.record_button.clicked.connect(lambda: self.review(selected(self.table)))
        self.note.returnPressed.connect(lambda: self.review(selected(self.table)))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

    def fill(self, view: MeetingView) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(view.reviews)
        self.table.resizeRowsToContents()
        if self.model.rowCount():
            self.table.selectRow(min(max(current, 0), self.model.rowCount() - 1))

    def _on_table_row_changed(self, *_a: Any) -> None:
        row = selected(self.table)
        if row is None:
            return
        status = row.reviewed_status or row.action.status
        self.status.setCurrentIndex(max(find_data(self.status, status), 0))
        self.note.setText(row.note)

    def review(self, row: ReviewRow | None, status: str | None = None,
               note: str | None = None) -> None:
        if row is None:
            self.say(self.tr("Choose an action in the list first."))
            return
        mid, aid = self.ctx.meeting_id, row.action.id
        status = status or combo_value(self.status)
        note = self.note.text() if note is None else note
        before = (row.reviewed_status, row.note, row.action.status)
        nxt = self.table.currentIndex().row() + 1

        def moved(_r: Any) -> None:  # on to the next action, for fast entry
            if nxt < self.model.rowCount():
                self.table.selectRow(nxt)
            self.table.setFocus()

        self.run_undoable(self.tr("review an action"),
                          lambda s: meetings.review_action(s, mid, aid, status, note),
                          lambda s: ui_edits.set_review_state(s, mid, aid, *before),
                          on_done=moved)

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.status, self.note, self.record_button):
            w.setEnabled(not read_only)


class NewActionsStep(Step):
    title = "Agree new actions"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RowsModel(NEW_COLUMNS, self)
        self._lists: tuple[Any, ...] | None = None
        self._just_added: Any = None
        grid = QGridLayout()
        self.description = NoteEdit("new_action_description")
        self.description.setMaximumHeight(70)
        self.kind = QComboBox()
        self.kind.setObjectName("new_action_kind")
        for text, value in KIND_OPTIONS:
            add_item(self.kind, self.tr(text), value)
        self.kind.setToolTip(self.tr(KIND_HELP))
        self.kind.setAccessibleDescription(self.tr(KIND_HELP))
        self.who = QComboBox()
        self.who.setObjectName("new_action_who")
        self.name = LineField("new_action_name")
        self.name.setEnabled(False)
        self.agency = QComboBox()
        self.agency.setObjectName("new_action_agency")
        self.due = LineField("new_action_due")
        self.due.setPlaceholderText("dd/mm/yyyy")
        self.add_button = QPushButton(self.tr("&Add action"))
        self.add_button.setAccessibleName(self.tr("Add the new action"))
        grid.addWidget(field_box(self.tr("&What will happen"), self.description), 0, 0, 1, 3)
        grid.addWidget(field_box(self.tr("&Kind"), self.kind), 1, 0)
        grid.addWidget(field_box(self.tr("Who will &do it"), self.who), 1, 1)
        grid.addWidget(field_box(self.tr("Agenc&y"), self.agency), 1, 2)
        grid.addWidget(field_box(self.tr("Their &name (if someone else)"), self.name), 2, 0)
        grid.addWidget(field_box(self.tr("&By when"), self.due), 2, 1)
        grid.addWidget(self.add_button, 2, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        self.layout_.addLayout(grid)
        self.table = make_table(self.model, "new_actions_table")
        self.layout_.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add)
        self.due.returnPressed.connect(self.add)
        self.who.currentIndexChanged.connect(
            lambda _i: self.name.setEnabled(combo_value(self.who) == SOMEONE_ELSE))

    def fill(self, view: MeetingView) -> None:
        self.model.set_rows(view.new_actions)
        if self._just_added is not None:
            added, self._just_added = self._just_added, None
            select_where(self.table, lambda row: row.id == added)
        here = {a.name for a in view.attendance}
        at_meeting = {p.id for p in view.directory.practitioners if p.name in here}
        lists = (view.directory, view.people, frozenset(at_meeting))
        if lists != self._lists:  # hundreds of practitioners: only on a change
            self._lists = lists
            refill(self.who, who_options(view.directory, view.people, at_meeting,
                                         self.tr("at this meeting")))
            refill(self.agency, agency_options(view.directory))
        if not self.due.text():
            self.due.setText((view.meeting.held_on + timedelta(weeks=6)).strftime("%d/%m/%Y"))

    def add(self) -> None:
        fid = self.ctx.view.meeting.family_id  # type: ignore[union-attr]
        desc = self.description.toPlainText()
        fields = {"kind": combo_value(self.kind), "owner_agency_id": combo_value(self.agency),
                  "due_on": self.due.text(),
                  **who_fields(combo_value(self.who), self.name.text())}
        holder: dict[str, Any] = {}

        def do(s: Any) -> Any:
            action = plans.add_action(s, fid, desc, **fields)
            holder["id"] = action.id
            return action

        self.run_undoable(self.tr("add an action"), do,
                          lambda s: ui_edits.remove(s, "action", holder["id"]),
                          lambda s: ui_edits.restore(s, "action", holder["id"]),
                          on_done=self._added)

    def _added(self, action: Any) -> None:
        # Chosen in the list once the meeting is read again (just after this).
        self._just_added = action.id
        self.tell(self.tr("Added: {0}").format(action.description))
        self.description.clear()
        self.name.clear()
        for combo in (self.who, self.agency):
            combo.setCurrentIndex(0)
        self.description.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.description, self.kind, self.who, self.name, self.agency, self.due,
                  self.add_button):
            w.setEnabled(not read_only)

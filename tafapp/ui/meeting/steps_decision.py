"""The decision and the next review date, which must be agreed before anyone leaves; then
finalise. A finalised meeting is locked: corrections are addenda."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tafapp.models import Decision
from tafapp.services import meetings
from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui import ops
from tafapp.ui.family.common import make_table
from tafapp.ui.family.rows_model import Column, RowsModel, words
from tafapp.ui.meeting.step_base import MeetingContext, Step
from tafapp.ui.meeting.widgets import NoteEdit, field_box

ADDENDUM_COLUMNS = (
    Column("Written on", lambda a: a.written_on),
    Column("By", lambda a: a.author),
    Column("Correction", lambda a: a.text),
)


class DecisionStep(Step):
    title = "The decision and the next review"

    sig_finalise = Signal()
    """The user asked to finalise the meeting."""

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        b = ctx.binder
        options: list[tuple[str, Any]] = [(self.tr("(not decided yet)"), None)]
        options += [(words(d.value), d.value) for d in Decision]
        self.layout_.addWidget(b.combo("decision", self.tr("&Decision"), options))
        self.layout_.addWidget(b.text("decision_reason", self.tr("&Reason for the decision")),
                               1)
        row = QHBoxLayout()
        row.addWidget(b.text("next_review_on", self.tr("&Next review date (dd/mm/yyyy)"),
                             multiline=False), 1)
        self.suggest_button = QPushButton()
        self.suggest_button.setObjectName("suggest_next_review")
        row.addWidget(self.suggest_button)
        self.layout_.addLayout(row)
        self.finalise_button = QPushButton(self.tr("F&inalise meeting (Ctrl+Enter)"))
        self.finalise_button.setObjectName("finalise_button")
        self.finalise_button.setAccessibleName(self.tr("Finalise the meeting"))
        self.layout_.addWidget(self.finalise_button)
        self._build_addenda()
        self._suggested: date | None = None
        self.suggest_button.clicked.connect(self.use_suggested)
        self.finalise_button.clicked.connect(self.sig_finalise)

    def _build_addenda(self) -> None:
        self.locked = QLabel(self.tr("This meeting is finalised and locked. To correct it, "
                                     "add an addendum."))
        self.locked.setWordWrap(True)
        self.addenda_model = RowsModel(ADDENDUM_COLUMNS, self)
        self.addenda_table = make_table(self.addenda_model, "addenda_table")
        self.addendum = NoteEdit("addendum_text")
        self.addendum.setMaximumHeight(80)
        self.addendum_button = QPushButton(self.tr("Add a&ddendum"))
        self.addendum_box = field_box(self.tr("&Correction"), self.addendum)
        for w in (self.locked, self.addenda_table, self.addendum_box, self.addendum_button):
            self.layout_.addWidget(w)
            w.hide()
        self.addendum_button.clicked.connect(self.add_addendum)

    def fill(self, view: MeetingView) -> None:
        self._suggested = view.suggested_next_review
        self.suggest_button.setText(self.tr("Use the suggested date: {0}").format(
            view.suggested_next_review.strftime("%d/%m/%Y")))
        self.suggest_button.setAccessibleName(self.suggest_button.text())
        self.addenda_model.set_rows(view.addenda)
        final = view.meeting.is_final
        for w in (self.locked, self.addenda_table, self.addendum_box, self.addendum_button):
            w.setVisible(final)

    def use_suggested(self) -> None:
        if self._suggested is None:
            return
        text = self._suggested.strftime("%d/%m/%Y")
        editor: Any = self.ctx.binder.editors["next_review_on"]
        editor.setText(text)
        self.ctx.binder.saver.schedule("next_review_on", text)
        editor.setFocus()

    def add_addendum(self) -> None:
        mid, text = self.ctx.meeting_id, self.addendum.toPlainText()

        def done(_r: Any) -> None:
            self.addendum.clear()
            self.ctx.reload()

        ops.run_op(self, lambda s: meetings.add_addendum(s, mid, text, written_on=date.today()),
                   on_done=done, on_error=self.on_error)

    def set_read_only(self, read_only: bool) -> None:
        self.suggest_button.setEnabled(not read_only)
        self.finalise_button.setEnabled(not read_only)

"""Closing the work (reason from reference data), reopening, stepping up and down."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from tafapp.core import reference
from tafapp.core.errors import InputRejected
from tafapp.models import StepDirection
from tafapp.services import families
from tafapp.ui.family.common import Section, button_row, date_field, make_table
from tafapp.ui.family.forms import FieldForm, FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel

STEP_COLUMNS = (
    Column("Direction", lambda s: "Step up to social care" if s.direction == "up"
           else "Step down"),
    Column("On", lambda s: s.on),
    Column("Family consented", lambda s: s.consent_given),
    Column("Reason", lambda s: s.reason),
)


class ClosureSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps_model = RowsModel(STEP_COLUMNS, self)
        self._active: FieldForm | None = None  # the form whose errors come back
        self._build_ui()
        self.close_button.clicked.connect(self._on_close_clicked)
        self.reopen_button.clicked.connect(self._on_reopen_clicked)
        self.step_button.clicked.connect(self._on_step_clicked)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.state_label = QLabel()
        self.state_label.setObjectName("closure_state")
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        layout.addWidget(self.message)
        box = QGroupBox(self.tr("Close the work"))
        col = QVBoxLayout(box)
        reasons = [("", None)] + [(label, code) for code, label
                                  in reference.closure_reasons().items()]
        self.close_form = FieldForm([
            FieldSpec("reason", "Reason for closing", "combo", reasons,
                      aliases=("closure_reason",)),
            date_field("closed_on", "Closed on"),
            FieldSpec("note", "Note", "multiline", aliases=("closure_note",)),
        ], box)
        self.close_button = QPushButton(self.tr("&Close the work"))
        self.reopen_button = QPushButton(self.tr("&Reopen"))
        col.addWidget(self.close_form)
        col.addLayout(button_row(self.close_button, self.reopen_button))
        layout.addWidget(box)
        step_box = QGroupBox(self.tr("Step up or step down"))
        col2 = QVBoxLayout(step_box)
        self.step_form = FieldForm([
            FieldSpec("direction", "Direction", "combo",
                      [(self.tr("Step up to children's social care"), StepDirection.UP.value),
                       (self.tr("Step down from children's social care"),
                        StepDirection.DOWN.value)]),
            date_field("on", "On"),
            FieldSpec("reason", "Reason", "multiline"),
            FieldSpec("consent_given", "The family consented", "check"),
        ], step_box)
        self.step_button = QPushButton(self.tr("Record &step"))
        self.steps_table = make_table(self.steps_model, "steps_table")
        col2.addWidget(self.step_form)
        col2.addLayout(button_row(self.step_button))
        col2.addWidget(self.steps_table)
        layout.addWidget(step_box, 1)

    def refresh(self) -> None:
        assert self.view is not None
        h = self.view.header
        closed = h.status == "closed"
        if closed:
            reason = reference.closure_reasons().get(h.closure_reason or "", "")
            self.state_label.setText(self.tr("Closed on {0}: {1}. {2}").format(
                h.closed_on.strftime("%d/%m/%Y") if h.closed_on else "", reason,
                h.closure_note))
        else:
            self.state_label.setText(self.tr("The family's plan is open."))
        self.close_button.setEnabled(not closed)
        self.reopen_button.setEnabled(closed)
        self.close_form.clear_errors()
        self.step_form.clear_errors()
        self.close_form.set_values({"closed_on": date.today()})
        self.step_form.set_values({"on": date.today()})
        self.steps_model.set_rows(self.view.steps)

    def _on_close_clicked(self) -> None:
        self.close_form.clear_errors()
        self._active = self.close_form
        v = self.close_form.values()
        fid = self.family_id
        self.run(lambda s: families.close_family(s, fid, v["reason"], v["closed_on"], v["note"]))

    def _on_reopen_clicked(self) -> None:
        fid = self.family_id
        self.run(lambda s: families.reopen_family(s, fid, date.today()))

    def _on_step_clicked(self) -> None:
        self.step_form.clear_errors()
        self._active = self.step_form
        v = self.step_form.values()
        fid = self.family_id
        self.run(lambda s: families.step_change(s, fid, v["direction"], v["on"], v["reason"],
                                                v["consent_given"]))

    def show_problem(self, exc: BaseException) -> None:
        form = self._active
        if isinstance(exc, InputRejected) and form is not None and form.field_for(exc.field):
            form.show_error(exc)
            return
        super().show_problem(exc)

"""Needs: the three columns, the family's own words and a Supporting Families outcome."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from tafapp.core import reference
from tafapp.services import plans
from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support import NeedRow
from tafapp.ui.family.common import Section, button_row, make_table, person_options, selected
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel
from tafapp.ui.undo import ServiceCommand, push_done

NEED_COLUMNS = (
    Column("Who", lambda n: n.person or "Whole family"),
    Column("What we are worried about", lambda n: n.worried_about),
    Column("What is working well", lambda n: n.working_well),
    Column("What needs to happen", lambda n: n.needs_to_happen),
    Column("Outcome", lambda n: n.outcome or "(none chosen)"),
)
EDITABLE = ("person_id", "worried_about", "working_well", "needs_to_happen", "family_words",
            "outcome_code")


class NeedsSection(Section):
    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.model = RowsModel(NEED_COLUMNS, self, alert=lambda n: not n.outcome_code)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.table = make_table(self.model, "needs_table", stretch=(1, 2, 3, 4))
        self.add_button = QPushButton(self.tr("A&dd need…"))
        self.edit_button = QPushButton(self.tr("Edit n&eed…"))
        self.remove_button = QPushButton(self.tr("Remove need"))
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.remove_button))
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(selected(self.table)))
        self.table.activated.connect(lambda _i: self.edit(selected(self.table)))
        self.remove_button.clicked.connect(lambda: self.remove(selected(self.table)))

    def refresh(self) -> None:
        assert self.view is not None
        self.model.set_rows(self.view.needs)

    def specs(self) -> list[FieldSpec]:
        assert self.view is not None
        outcomes = [("(choose an outcome)", None)] + [(label, code) for code, label
                                                       in reference.outcomes().items()]
        return [
            FieldSpec("person_id", "Who this is about", "combo",
                      person_options(self.view.people, "Whole family")),
            FieldSpec("worried_about", "What are we worried about?", "multiline"),
            FieldSpec("working_well", "What is working well?", "multiline"),
            FieldSpec("needs_to_happen", "What needs to happen?", "multiline"),
            FieldSpec("family_words", "In the family's own words", "multiline"),
            FieldSpec("outcome_code", "Supporting Families outcome", "combo", outcomes),
        ]

    def edit(self, row: NeedRow | None) -> EditDialog:
        fid = self.family_id
        after = self.sig_changed.emit

        def submit(values: dict[str, Any]) -> Any:
            if row is None:
                return lambda s: plans.add_need(s, fid, **values)
            return lambda s: plans.update_need(s, row.id, **values)

        def saved(result: Any) -> None:
            if row is None:
                self.confirm_added(self.table, result, self.tr("Added the need."))
                nid = result.id
                push_done(self.undo_stack, ServiceCommand(
                    self.tr("add a need"), lambda s: ui_edits.restore(s, "need", nid),
                    lambda s: ui_edits.remove(s, "need", nid), after, self.show_problem))
            else:
                old = {k: getattr(row, k) for k in EDITABLE}
                new = dialog.form.values()
                push_done(self.undo_stack, ServiceCommand(
                    self.tr("edit a need"), lambda s: plans.update_need(s, row.id, **new),
                    lambda s: plans.update_need(s, row.id, **old), after, self.show_problem))
            after()

        dialog = EditDialog(self.tr("Add a need") if row is None else self.tr("Edit a need"),
                            self.specs(), submit, self, on_saved=saved)
        if row is not None:
            dialog.form.set_values({k: getattr(row, k) for k in EDITABLE})
        dialog.open()
        return dialog

    def remove(self, row: NeedRow | None) -> None:
        if row is None:
            self.message.setText(self.tr("Choose a need first."))
            self.message.show()
            return
        nid = row.id
        after = self.sig_changed.emit
        self.run(lambda s: ui_edits.remove(s, "need", nid), on_done=lambda _r: push_done(
            self.undo_stack, ServiceCommand(
                self.tr("remove a need"), lambda s: ui_edits.remove(s, "need", nid),
                lambda s: ui_edits.restore(s, "need", nid), after, self.show_problem)))

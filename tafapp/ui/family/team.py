"""The team around the family: agencies, named practitioners, the lead professional."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from tafapp.services import families, team
from tafapp.services.ui_support import TeamRow
from tafapp.ui.family.common import (
    Section,
    agency_options,
    button_row,
    date_field,
    make_table,
    practitioner_options,
    selected,
)
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel

TEAM_COLUMNS = (
    Column("Agency", lambda t: t.agency),
    Column("Practitioner", lambda t: t.practitioner),
    Column("Role in the team", lambda t: t.role_in_taf),
    Column("Lead professional", lambda t: t.is_lead),
    Column("Joined", lambda t: t.joined_on),
    Column("Left", lambda t: t.left_on),
)


class TeamSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(TEAM_COLUMNS, self, alert=lambda t: t.left_on is not None)
        layout = QVBoxLayout(self)
        self.lead_label = QLabel()
        self.lead_label.setObjectName("lead_label")
        layout.addWidget(self.lead_label)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.table = make_table(self.model, "team_table")
        self.add_button = QPushButton(self.tr("&Add to the team…"))
        self.edit_button = QPushButton(self.tr("Ed&it…"))
        self.lead_button = QPushButton(self.tr("Make lea&d professional"))
        self.end_button = QPushButton(self.tr("L&eft the team…"))
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.lead_button,
                                    self.end_button))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(lambda: self.edit_member(selected(self.table)))
        self.table.activated.connect(lambda _i: self.edit_member(selected(self.table)))
        self.lead_button.clicked.connect(lambda: self.make_lead(selected(self.table)))
        self.end_button.clicked.connect(lambda: self.end_member(selected(self.table)))

    def refresh(self) -> None:
        assert self.view is not None
        h = self.view.header
        lead = f"{h.lead_practitioner} ({h.lead_agency})" if h.lead_practitioner else \
            self.tr("nobody yet")
        self.lead_label.setText(self.tr("Lead professional: ") + lead)
        self.model.set_rows(self.view.team)

    def _choose_first(self) -> bool:
        self.message.setText(self.tr("Choose a team member first."))
        self.message.show()
        return False

    def add_member(self) -> EditDialog:
        assert self.view is not None
        fid = self.family_id
        d = self.view.directory
        specs = [FieldSpec("agency_id", "Agency", "combo", agency_options(d, "")),
                 FieldSpec("practitioner_id", "Named practitioner", "combo",
                           practitioner_options(d)),
                 FieldSpec("role_in_taf", "Role in the team"),
                 date_field("joined_on", "Joined on")]

        def submit(values: dict[str, Any]) -> Any:
            if values["agency_id"] is None and values["practitioner_id"] is not None:
                p = next(p for p in d.practitioners if p.id == values["practitioner_id"])
                values["agency_id"] = p.agency_id
            if values["agency_id"] is None:
                from tafapp.core.errors import InputRejected

                raise InputRejected("agency_id", "choose the agency")
            return lambda s: team.add_team_member(s, fid, **values)

        def saved(result: Any) -> None:
            self.confirm_added(self.table, result, self.tr("Added to the team."))
            self.sig_changed.emit()

        dialog = EditDialog(self.tr("Add to the team"), specs, submit, self, on_saved=saved)
        dialog.form.set_values({"joined_on": date.today()})
        dialog.open()
        return dialog

    def edit_member(self, row: TeamRow | None) -> EditDialog | None:
        if row is None:
            self._choose_first()
            return None
        assert self.view is not None
        specs = [FieldSpec("practitioner_id", "Named practitioner", "combo",
                           practitioner_options(self.view.directory)),
                 FieldSpec("role_in_taf", "Role in the team"),
                 date_field("joined_on", "Joined on"), date_field("left_on", "Left on")]
        dialog = EditDialog(self.tr("Edit a team member"), specs,
                            lambda v: lambda s: team.update_team_member(s, row.id, **v),
                            self, on_saved=lambda _r: self.sig_changed.emit())
        dialog.form.set_values({"practitioner_id": row.practitioner_id,
                                "role_in_taf": row.role_in_taf, "joined_on": row.joined_on,
                                "left_on": row.left_on})
        dialog.open()
        return dialog

    def make_lead(self, row: TeamRow | None) -> None:
        if row is None or row.practitioner_id is None:
            self.message.setText(self.tr("Choose a team member with a named practitioner."))
            self.message.show()
            return
        fid, pid = self.family_id, row.practitioner_id
        self.run(lambda s: families.set_lead(s, fid, pid))

    def end_member(self, row: TeamRow | None) -> EditDialog | None:
        if row is None:
            self._choose_first()
            return None
        dialog = EditDialog(self.tr("Left the team"), [date_field("left_on", "Left on")],
                            lambda v: lambda s: team.end_team_member(s, row.id, v["left_on"]),
                            self, on_saved=lambda _r: self.sig_changed.emit())
        dialog.form.set_values({"left_on": date.today()})
        dialog.open()
        return dialog

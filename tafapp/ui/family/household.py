"""Household details and the people in it (SEND, communication needs)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from tafapp.core import reference
from tafapp.models import PersonRole, Send
from tafapp.services import families, people
from tafapp.services.ui_support import PersonRow
from tafapp.ui.family.common import Section, button_row, date_field, enum_options, make_table
from tafapp.ui.family.common import selected as selected_row
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldForm, FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel, words

PEOPLE_COLUMNS = (
    Column("Name", lambda p: p.full_name),
    Column("Role", lambda p: words(p.role)),
    Column("Born", lambda p: p.date_of_birth),
    Column("In household", lambda p: p.in_household),
    Column("SEND", lambda p: {"none": "", "sen_support": "SEN support",
                              "ehcp": "EHCP"}.get(p.send, p.send)),
    Column("School or setting", lambda p: p.school_or_setting),
    Column("Communication needs", lambda p: p.communication_needs),
)


def household_specs() -> list[FieldSpec]:
    levels = [(f"{k} – {v}", k) for k, v in reference.levels_of_need().items()]
    return [
        FieldSpec("household_name", "Household name"),
        FieldSpec("address", "Address", "multiline"),
        FieldSpec("postcode", "Postcode"),
        FieldSpec("language", "Language at home"),
        FieldSpec("interpreter_needed", "Interpreter needed", "check"),
        FieldSpec("level_of_need", "Level of need", "combo", levels),
        date_field("request_on", "Help requested on"),
        date_field("opened_on", "Opened on"),
    ]


def person_specs() -> list[FieldSpec]:
    sends = [("None", Send.NONE.value), ("SEN support", Send.SEN_SUPPORT.value),
             ("EHCP (Education, Health and Care Plan)", Send.EHCP.value)]
    return [
        FieldSpec("first_name", "First name"), FieldSpec("last_name", "Last name"),
        date_field("date_of_birth", "Date of birth"),
        FieldSpec("role", "Role", "combo", enum_options(PersonRole)),
        FieldSpec("in_household", "Lives in the household", "check"),
        FieldSpec("send", "Special educational needs (SEND)", "combo", sends),
        FieldSpec("school_or_setting", "School or setting"),
        FieldSpec("communication_needs", "Communication needs", "multiline"),
    ]


class HouseholdSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people_model = RowsModel(PEOPLE_COLUMNS, self)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        box = QGroupBox(self.tr("Household"))
        inner = QVBoxLayout(box)
        self.form = FieldForm(household_specs(), box)
        self.save_button = QPushButton(self.tr("&Save household"))
        inner.addWidget(self.form)
        inner.addLayout(button_row(self.save_button))
        layout.addWidget(box)
        people_box = QGroupBox(self.tr("People"))
        col = QVBoxLayout(people_box)
        self.people_table = make_table(self.people_model, "people_table")
        self.add_person_button = QPushButton(self.tr("&Add person…"))
        self.edit_person_button = QPushButton(self.tr("&Edit person…"))
        col.addWidget(self.people_table)
        col.addLayout(button_row(self.add_person_button, self.edit_person_button))
        layout.addWidget(people_box, 1)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.add_person_button.clicked.connect(lambda: self.edit_person(None))
        self.edit_person_button.clicked.connect(
            lambda: self.edit_person(selected_row(self.people_table)))
        self.people_table.doubleClicked.connect(
            lambda _i: self.edit_person(selected_row(self.people_table)))

    def refresh(self) -> None:
        assert self.view is not None
        h = self.view.header
        self.form.clear_errors()
        self.form.set_values({name: getattr(h, name) for name in self.form.values()})
        self.people_model.set_rows(self.view.people)

    def _on_save_clicked(self) -> None:
        self.form.clear_errors()
        values = self.form.values()
        fid = self.family_id
        self.run(lambda s: families.update_family(s, fid, **values))

    def show_problem(self, exc: BaseException) -> None:
        from tafapp.core.errors import InputRejected

        if isinstance(exc, InputRejected) and self.form.field_for(exc.field):
            self.form.show_error(exc)
            return
        super().show_problem(exc)

    def edit_person(self, row: PersonRow | None) -> EditDialog:
        fid = self.family_id

        def submit(values: dict[str, Any]) -> Any:
            if row is None:
                return lambda s: people.add_person(s, fid, **values)
            return lambda s: people.update_person(s, row.id, **values)

        title = self.tr("Add a person") if row is None else self.tr("Edit a person")
        def saved(result: Any) -> None:
            if row is None:
                self.confirm_added(self.people_table, result, self.tr("Added {0} to the household.")
                                   .format(dialog.form.values().get("first_name", "")))
            self.sig_changed.emit()

        dialog = EditDialog(title, person_specs(), submit, self, on_saved=saved)
        if row is not None:
            dialog.form.set_values({k: getattr(row, k) for k in dialog.form.values()})
        else:
            dialog.form.set_values({"in_household": True})
        dialog.open()
        return dialog

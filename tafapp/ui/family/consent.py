"""Consent to share: who gave it, when, to which agencies, for what; withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from tafapp.services import people
from tafapp.services.ui_support import ConsentRow
from tafapp.ui.family.common import (
    Section,
    agency_options,
    button_row,
    date_field,
    make_table,
    person_options,
    selected,
)
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel

CONSENT_COLUMNS = (
    Column("Given by", lambda c: c.given_by),
    Column("Given on", lambda c: c.given_on),
    Column("Shared with", lambda c: c.scope_agencies),
    Column("For", lambda c: c.scope_purposes),
    Column("Privacy notice", lambda c: c.privacy_notice_version),
    Column("Withdrawn on", lambda c: c.withdrawn_on),
)


class ConsentSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(CONSENT_COLUMNS, self, alert=lambda c: c.withdrawn_on is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.table = make_table(self.model, "consent_table", stretch=(2, 3))
        self.add_button = QPushButton(self.tr("Record c&onsent…"))
        self.edit_button = QPushButton(self.tr("&Edit consent…"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw consent…"))
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.withdraw_button))
        self.add_button.clicked.connect(self.record)
        self.edit_button.clicked.connect(lambda: self.edit(selected(self.table)))
        self.withdraw_button.clicked.connect(lambda: self.withdraw(selected(self.table)))

    def refresh(self) -> None:
        assert self.view is not None
        self.model.set_rows(self.view.consents)

    def record(self) -> EditDialog:
        assert self.view is not None
        fid = self.family_id
        adults = [p for p in self.view.people if p.role != "child"] + \
                 [p for p in self.view.people if p.role == "child"]  # a competent young person
        specs = [
            FieldSpec("given_by_person_id", "Given by", "combo", person_options(adults, "")),
            date_field("given_on", "Given on"),
            FieldSpec("scope_agency_ids", "Share with these agencies", "multi",
                      agency_options(self.view.directory, None)),
            FieldSpec("scope_purposes", "For these purposes", "multiline"),
            FieldSpec("privacy_notice_version", "Privacy notice version"),
        ]

        def submit(values: dict[str, Any]) -> Any:
            return lambda s: people.record_consent(s, fid, **values)

        def saved(result: Any) -> None:
            self.confirm_added(self.table, result, self.tr("Consent recorded."))
            self.sig_changed.emit()

        dialog = EditDialog(self.tr("Record consent"), specs, submit, self, on_saved=saved)
        dialog.form.set_values({"given_on": date.today()})
        dialog.open()
        return dialog

    def edit(self, row: ConsentRow | None) -> EditDialog | None:
        """Correct the scope, purposes, notice version or date of a consent."""
        if row is None:
            self.message.setText(self.tr("Choose a consent first."))
            self.message.show()
            return None
        assert self.view is not None
        specs = [date_field("given_on", "Given on"),
                 FieldSpec("scope_agency_ids", "Share with these agencies", "multi",
                           agency_options(self.view.directory, None)),
                 FieldSpec("scope_purposes", "For these purposes", "multiline"),
                 FieldSpec("privacy_notice_version", "Privacy notice version")]
        dialog = EditDialog(self.tr("Edit consent"), specs,
                            lambda v: lambda s: people.update_consent(s, row.id, **v),
                            self, on_saved=lambda _r: self.sig_changed.emit())
        dialog.form.set_values({"given_on": row.given_on,
                                "scope_agency_ids": list(row.scope_agency_ids),
                                "scope_purposes": row.scope_purposes,
                                "privacy_notice_version": row.privacy_notice_version})
        dialog.open()
        return dialog

    def withdraw(self, row: ConsentRow | None) -> EditDialog | None:
        if row is None:
            self.message.setText(self.tr("Choose the consent that was withdrawn first."))
            self.message.show()
            return None
        specs = [date_field("withdrawn_on", "Withdrawn on")]
        dialog = EditDialog(self.tr("Withdraw consent"), specs,
                            lambda v: lambda s: people.withdraw_consent(s, row.id,
                                                                        v["withdrawn_on"]),
                            self, on_saved=lambda _r: self.sig_changed.emit())
        dialog.form.set_values({"withdrawn_on": date.today()})
        dialog.open()
        return dialog

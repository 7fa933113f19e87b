"""Referrals and their outcomes (closing the loop referrers asked for)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from tafapp.services import team
from tafapp.services.ui_support import ReferralRow
from tafapp.ui.family.common import (
    Section,
    agency_options,
    button_row,
    date_field,
    make_table,
    selected,
)
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldSpec
from tafapp.ui.family.rows_model import Column, RowsModel

REFERRAL_COLUMNS = (
    Column("To", lambda r: r.to_service),
    Column("From", lambda r: r.from_agency),
    Column("Made on", lambda r: r.made_on),
    Column("Why", lambda r: r.reason),
    Column("Outcome", lambda r: r.outcome or "(waiting)"),
    Column("Outcome on", lambda r: r.outcome_on),
)


class ReferralsSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(REFERRAL_COLUMNS, self, alert=lambda r: not r.outcome)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.table = make_table(self.model, "referrals_table",
                                stretch=(0, 1, 3, 4))
        self.add_button = QPushButton(self.tr("&Add referral…"))
        self.outcome_button = QPushButton(self.tr("Record &outcome…"))
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.outcome_button))
        self.add_button.clicked.connect(self.add)
        self.outcome_button.clicked.connect(lambda: self.outcome(selected(self.table)))

    def refresh(self) -> None:
        assert self.view is not None
        self.model.set_rows(self.view.referrals)

    def add(self) -> EditDialog:
        assert self.view is not None
        fid = self.family_id
        specs = [FieldSpec("to_service", "Referred to (service)"),
                 FieldSpec("from_agency_id", "Referred by (agency)", "combo",
                           agency_options(self.view.directory)),
                 date_field("made_on", "Made on"),
                 FieldSpec("reason", "Why", "multiline")]

        def submit(values: dict[str, Any]) -> Any:
            return lambda s: team.add_referral(s, fid, **values)

        def saved(result: Any) -> None:
            self.confirm_added(self.table, result, self.tr("Added the referral to {0}.")
                               .format(dialog.form.values().get("to_service", "")))
            self.sig_changed.emit()

        dialog = EditDialog(self.tr("Add a referral"), specs, submit, self, on_saved=saved)
        dialog.form.set_values({"made_on": date.today()})
        dialog.open()
        return dialog

    def outcome(self, row: ReferralRow | None) -> EditDialog | None:
        if row is None:
            self.message.setText(self.tr("Choose a referral first."))
            self.message.show()
            return None
        specs = [FieldSpec("outcome", "What happened", "multiline"),
                 date_field("outcome_on", "On")]
        dialog = EditDialog(
            self.tr("Referral outcome"), specs,
            lambda v: lambda s: team.record_referral_outcome(s, row.id, v["outcome"],
                                                             v["outcome_on"]),
            self, on_saved=lambda _r: self.sig_changed.emit())
        dialog.form.set_values({"outcome_on": date.today(), "outcome": row.outcome})
        dialog.open()
        return dialog

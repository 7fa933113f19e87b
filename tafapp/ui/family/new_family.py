"""New family: a short form (household, address and postcode, the day help was asked for, level
of need, lead professional), a warning when a family of that name and postcode is already on
this laptop, and the new record opened with its next steps."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from tafapp.core import reference
from tafapp.core.errors import InputRejected
from tafapp.services import families
from tafapp.services.families import NEW_FAMILY_LEVEL, SameFamily
from tafapp.services.ui_support import Directory
from tafapp.ui import ops
from tafapp.ui.family.common import cached_directory, date_field
from tafapp.ui.family.forms import FieldForm, FieldSpec


def new_family_specs() -> list[FieldSpec]:
    levels = [(f"{k} – {v}", k) for k, v in reference.levels_of_need().items()]
    return [
        FieldSpec("household_name", "Household &name", placeholder="e.g. Smith household"),
        FieldSpec("address", "&Address", "multiline"),
        FieldSpec("postcode", "&Postcode", placeholder="e.g. TS18 1AB"),
        date_field("request_on", "Help &requested on"),
        FieldSpec("level_of_need", "&Level of need", "combo", levels),
        FieldSpec("lead_practitioner_id", "Lead pro&fessional", "combo",
                  aliases=("lead_agency_id",)),
    ]


def _lead_options(d: Directory, me: uuid.UUID | None) -> list[tuple[str, Any]]:
    """This laptop's practitioner first (the usual lead), then everyone else by name."""
    def label(p: Any) -> str:
        return f"{p.name} ({p.agency})" if p.agency else p.name

    mine = [(label(p) + " — me", p.id) for p in d.practitioners if p.id == me]
    rest = [(label(p), p.id) for p in d.practitioners if p.id != me]
    return mine + rest + [("(nobody yet)", None)]


def _load(s: Session) -> tuple[Directory, uuid.UUID | None]:
    return cached_directory(s), families.my_practitioner_id(s)


class NewFamilyDialog(QDialog):
    sig_created = Signal(object)
    """The family (uuid) was opened."""
    sig_open_existing = Signal(object)
    """The person chose the family (uuid) already on this laptop instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family_id: uuid.UUID | None = None
        self._build_ui()
        self._connect()
        ops.run_query(self, _load, on_done=self._on_loaded)

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("New family"))
        self.setAccessibleName(self.tr("New family"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Start a family's Early Help record. You can add the people, "
                               "consent and the team on the next screen."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm(new_family_specs(), self)
        self.form.set_values({"request_on": date.today(), "level_of_need": NEW_FAMILY_LEVEL})
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton(self.tr("&Open the family's record"))
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter anywhere in the form opens the record; it never cancels what was typed.
        cancel.setAutoDefault(False)
        self.create_button.setDefault(True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(560, self.screen().availableGeometry().width() - 40)
                             if self.screen() else 560)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def _on_loaded(self, result: tuple[Directory, uuid.UUID | None]) -> None:
        d, me = result
        self.form.set_options("lead_practitioner_id", _lead_options(d, me))
        self.form.set_values({"lead_practitioner_id": me})

    def submit(self) -> None:
        """Check for the same family first, then open the record."""
        self.form.clear_errors()
        values = self.form.values()
        name, postcode = values["household_name"], values["postcode"]
        ops.run_query(self, lambda s: families.same_families(s, name, postcode),
                      on_done=lambda same: self._on_checked(values, same),
                      on_error=self._on_error)

    def _on_checked(self, values: dict[str, Any], same: list[SameFamily]) -> None:
        if same and not self._confirm_duplicate(same):
            return
        ops.run_op(self, lambda s: families.new_family(
            s, values["household_name"], postcode=values["postcode"],
            address=values["address"], request_on=values["request_on"],
            level_of_need=values["level_of_need"],
            lead_practitioner_id=values["lead_practitioner_id"]).id,
            on_done=self._on_created, on_error=self._on_error)

    def _confirm_duplicate(self, same: list[SameFamily]) -> bool:
        """True to open a new family anyway; the person may open the existing one instead."""
        first = same[0]
        states = {"closed": self.tr("closed"), "open": self.tr("open")}
        refs = ", ".join(f"{f.reference} ({states.get(f.status, f.status)})" for f in same)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("This family may be here already"),
                          self.tr("A family called {0} at {1} is already on this laptop: {2}."
                                  ).format(first.household_name, first.postcode, refs),
                          parent=self)
        box.setInformativeText(self.tr("Open that record, or start a second one only if this "
                                       "is a different household."))
        open_button = box.addButton(self.tr("&Open {0}").format(first.reference),
                                    QMessageBox.ButtonRole.AcceptRole)
        new_button = box.addButton(self.tr("Start a &new record anyway"),
                                   QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.family_id = first.id
            self.sig_open_existing.emit(first.id)
            self.accept()
            return False
        return box.clickedButton() is new_button

    def _on_created(self, family_id: uuid.UUID) -> None:
        self.family_id = family_id
        self.sig_created.emit(family_id)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        if not isinstance(exc, InputRejected):
            raise exc
        self.form.show_error(exc)

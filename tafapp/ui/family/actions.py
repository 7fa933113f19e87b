"""The family plan's actions grouped by agency, and professional tasks kept apart from them.

Family actions are what the family is handed; professional tasks ("make a referral", "chase
housing") live in the case record only, so they are listed separately.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.models import ActionKind, ActionStatus
from tafapp.services import plans
from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support import ActionRow
from tafapp.ui.family.common import (
    SOMEONE_ELSE,
    Section,
    agency_options,
    button_row,
    date_field,
    enum_options,
    make_table,
    team_practitioners,
    who_choice,
    who_fields,
    who_options,
)
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.forms import FieldSpec, add_item, combo_value
from tafapp.ui.family.rows_model import Column, GroupedRowsModel, RowsModel, words
from tafapp.ui.undo import ServiceCommand, push_done

ACTION_COLUMNS = (
    Column("What", lambda a: a.description),
    Column("Who", lambda a: a.owner or "(nobody named)"),
    Column("By", lambda a: a.due_on),
    Column("Status", lambda a: words(a.status) + (" — overdue" if a.overdue else "")),
)
TASK_COLUMNS = (ACTION_COLUMNS[0], Column("Agency", lambda a: a.owner_agency),
                *ACTION_COLUMNS[1:])
EDITABLE = ("description", "kind", "need_id", "owner_agency_id", "owner_practitioner_id",
            "owner_person_id", "owner_name", "due_on", "evidence")
NO_AGENCY = "Family members and others"
KIND_OPTIONS = (("Family action — in the family's plan", ActionKind.FAMILY.value),
                ("Professional task — case record only", ActionKind.PROFESSIONAL.value))
KIND_HELP = ("A family action is a step in the plan the family is given: something the family "
             "or a worker does with them. A professional task is work behind the scenes, such "
             "as making a referral or chasing a service: it stays in the case record and is "
             "left out of the family's copy.")


def group_by_agency(rows: list[ActionRow]) -> list[tuple[str, list[ActionRow]]]:
    groups: dict[str, list[ActionRow]] = defaultdict(list)
    for a in rows:
        groups[a.owner_agency or NO_AGENCY].append(a)
    return sorted(groups.items(), key=lambda g: (g[0] == NO_AGENCY, g[0].lower()))


class ActionsSection(Section):
    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.plan_model = GroupedRowsModel(ACTION_COLUMNS, self, alert=lambda a: a.overdue)
        self.tasks_model = RowsModel(TASK_COLUMNS, self, alert=lambda a: a.overdue)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        plan_box = QGroupBox(self.tr("Family plan — actions by agency"))
        col = QVBoxLayout(plan_box)
        self.plan_tree = make_table(self.plan_model, "family_plan_tree", tree=True)
        self._fit_tree_columns()
        col.addWidget(self.plan_tree)
        layout.addWidget(plan_box, 3)
        tasks_box = QGroupBox(self.tr("Professional tasks (case record only)"))
        col2 = QVBoxLayout(tasks_box)
        self.tasks_table = make_table(self.tasks_model, "professional_tasks_table",
                                      stretch=(0, 1))
        col2.addWidget(self.tasks_table)
        layout.addWidget(tasks_box, 2)
        self.add_button = QPushButton(self.tr("Add &action…"))
        self.edit_button = QPushButton(self.tr("Edit act&ion…"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Status of the chosen action"))
        for text, value in enum_options(ActionStatus):
            add_item(self.status_combo, text, value)
        self.status_button = QPushButton(self.tr("Set stat&us"))
        self.remove_button = QPushButton(self.tr("Remove action"))
        row = button_row(self.add_button, self.edit_button, self.remove_button)
        row.insertWidget(3, self.status_combo)
        row.insertWidget(4, self.status_button)
        self.buttons = row
        layout.addLayout(row)

    def _fit_tree_columns(self) -> None:
        # Fixed widths from the font (not sized by content): sizing a tree by content costs a
        # full pass over it on every expand, the biggest part of opening a family. Worked out
        # again when the text size changes.
        header = self.plan_tree.header()
        metrics = self.plan_tree.fontMetrics()
        for column, sample in ((1, "Practitioner Name Here"), (2, "00/00/0000"),
                               (3, "Not achieved — overdue")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_tree_columns()

    def _connect(self) -> None:
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        self.plan_tree.activated.connect(lambda _i: self._edit_if_action(self.plan_tree))
        self.tasks_table.activated.connect(lambda _i: self._edit_if_action(self.tasks_table))
        self.status_button.clicked.connect(
            lambda: self.set_status(self.current(), combo_value(self.status_combo)))
        self.remove_button.clicked.connect(lambda: self.remove(self.current()))
        self.plan_tree.clicked.connect(lambda _i: self.tasks_table.clearSelection())
        self.tasks_table.clicked.connect(lambda _i: self.plan_tree.clearSelection())

    def _edit_if_action(self, view: Any) -> None:
        row = view.model().row_at(view.currentIndex())
        if row is not None:
            self.edit(row)

    def current(self) -> ActionRow | None:
        """The chosen action: in whichever list last had focus."""
        for view in (self.tasks_table, self.plan_tree) if self.tasks_table.hasFocus() \
                else (self.plan_tree, self.tasks_table):
            if view.selectionModel().hasSelection():
                row = view.model().row_at(view.currentIndex())
                if row is not None:
                    return row
        return None

    def refresh(self) -> None:
        assert self.view is not None
        family = [a for a in self.view.actions if a.kind == ActionKind.FAMILY.value]
        self.plan_model.set_groups(group_by_agency(family))
        for group in range(self.plan_model.rowCount()):  # an agency's name reads across
            self.plan_tree.setFirstColumnSpanned(group, QModelIndex(), True)
        self.plan_tree.expandAll()
        self.tasks_model.set_rows([a for a in self.view.actions
                                   if a.kind == ActionKind.PROFESSIONAL.value])

    def specs(self) -> list[FieldSpec]:
        assert self.view is not None
        d = self.view.directory
        needs = [("(no particular need)", None)] + [
            ((n.worried_about or n.needs_to_happen)[:60], n.id) for n in self.view.needs]
        team = team_practitioners(self.view.team)
        return [
            FieldSpec("description", "What will happen", "multiline"),
            FieldSpec("kind", "Kind", "combo", KIND_OPTIONS, extra={"help": KIND_HELP}),
            FieldSpec("need_id", "For the need", "combo", needs),
            FieldSpec("who", "Who will do it", "combo",
                      who_options(d, self.view.people, team),
                      aliases=("owner", "owner_practitioner_id", "owner_person_id")),
            FieldSpec("owner_name", "Their name (if someone else)"),
            FieldSpec("owner_agency_id", "Agency", "combo", agency_options(d)),
            date_field("due_on", "By when"),
            FieldSpec("evidence", "How we will know it is done", "multiline"),
        ]

    @staticmethod
    def service_values(values: dict[str, Any]) -> dict[str, Any]:
        """The form's values as the services take them (one "Who" → the owner fields)."""
        out = dict(values)
        out.update(who_fields(out.pop("who"), out.get("owner_name", "")))
        return out

    @staticmethod
    def form_values(row: ActionRow) -> dict[str, Any]:
        values = {k: getattr(row, k) for k in EDITABLE}
        values["who"] = who_choice(row.owner_practitioner_id, row.owner_person_id,
                                   row.owner_name)
        return values

    def edit(self, row: ActionRow | None, kind: str = ActionKind.FAMILY.value) -> EditDialog:
        fid = self.family_id
        after = self.sig_changed.emit

        def submit(form: dict[str, Any]) -> Any:
            values = self.service_values(form)
            if row is None:
                desc = values.pop("description")
                return lambda s: plans.add_action(s, fid, desc, **values)
            return lambda s: plans.update_action(s, row.id, **values)

        def saved(result: Any) -> None:
            if row is None:
                family = getattr(result, "kind", None) != ActionKind.PROFESSIONAL
                self.confirm_added(self.plan_tree if family else self.tasks_table, result,
                                   self.tr("Added: {0}").format(result.description))
                aid = result.id
                push_done(self.undo_stack, ServiceCommand(
                    self.tr("add an action"), lambda s: ui_edits.restore(s, "action", aid),
                    lambda s: ui_edits.remove(s, "action", aid), after, self.show_problem))
            else:
                old = {k: getattr(row, k) for k in EDITABLE}
                new = self.service_values(dialog.form.values())
                push_done(self.undo_stack, ServiceCommand(
                    self.tr("edit an action"), lambda s: plans.update_action(s, row.id, **new),
                    lambda s: plans.update_action(s, row.id, **old), after, self.show_problem))
            after()

        title = self.tr("Add an action") if row is None else self.tr("Edit an action")
        dialog = EditDialog(title, self.specs(), submit, self, on_saved=saved)
        if row is not None:
            dialog.form.set_values(self.form_values(row))
        else:
            dialog.form.set_values({"kind": kind})
        who = dialog.form.widget("who")
        name = dialog.form.widget("owner_name")

        def follow_who() -> None:  # the name is asked for only for someone not listed
            name.setEnabled(combo_value(who) == SOMEONE_ELSE)

        who.currentIndexChanged.connect(follow_who)
        follow_who()
        dialog.open()
        return dialog

    def _need_choice(self) -> bool:
        self.message.setText(self.tr("Choose an action first."))
        self.message.show()
        return False

    def set_status(self, row: ActionRow | None, status: str) -> None:
        if row is None:
            self._need_choice()
            return
        aid, old, after = row.id, row.status, self.sig_changed.emit
        today = date.today()
        self.run(lambda s: plans.set_action_status(s, aid, status, today),
                 on_done=lambda _r: push_done(self.undo_stack, ServiceCommand(
                     self.tr("set an action's status"),
                     lambda s: plans.set_action_status(s, aid, status, today),
                     lambda s: plans.set_action_status(s, aid, old, today), after,
                     self.show_problem)))

    def remove(self, row: ActionRow | None) -> None:
        if row is None:
            self._need_choice()
            return
        aid, after = row.id, self.sig_changed.emit
        self.run(lambda s: ui_edits.remove(s, "action", aid),
                 on_done=lambda _r: push_done(self.undo_stack, ServiceCommand(
                     self.tr("remove an action"), lambda s: ui_edits.remove(s, "action", aid),
                     lambda s: ui_edits.restore(s, "action", aid), after, self.show_problem)))

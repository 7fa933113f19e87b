"""The plan tab: needs, the family plan by agency, professional tasks, and the checker beside
them. Edits here go on the page's undo stack (Ctrl+Z / Ctrl+Shift+Z)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGroupBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from tafapp.services.plan_checker import Finding
from tafapp.services.ui_support import FamilyView
from tafapp.ui.family.actions import ActionsSection
from tafapp.ui.family.checker import CheckerPanel
from tafapp.ui.family.needs import NeedsSection
from tafapp.ui.tables import DetailPane
from tafapp.ui.undo import undo_actions


class PlanSection(QWidget):
    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.needs = NeedsSection(undo_stack)
        self.actions = ActionsSection(undo_stack)
        self.checker = CheckerPanel()
        self._build_ui()
        self.checker.sig_goto.connect(self._on_checker_goto)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.undo_action, self.redo_action = undo_actions(self.undo_stack, self)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last plan edit"))
        self.undo_button.setToolTip(self.tr("Undo the last plan edit (Ctrl+Z)"))
        self.redo_button = QPushButton(self.tr("Redo"))
        self.redo_button.setAccessibleName(self.tr("Redo"))
        self.redo_button.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        # On the actions' button row, not a row of their own: a 768-pixel screen needs every
        # line of the plan for the needs and actions themselves.
        self.actions.buttons.addWidget(self.undo_button)
        self.actions.buttons.addWidget(self.redo_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        needs_box = QGroupBox(self.tr("Needs"))
        QVBoxLayout(needs_box).addWidget(self.needs)
        rows = QSplitter(Qt.Orientation.Vertical)
        rows.addWidget(needs_box)
        rows.addWidget(self.actions)
        rows.setStretchFactor(0, 2)
        rows.setStretchFactor(1, 3)
        rows.setSizes([400, 600])
        rows.setChildrenCollapsible(False)
        col.addWidget(rows, 1)
        self.detail = DetailPane()
        for view in (self.needs.table, self.actions.plan_tree, self.actions.tasks_table):
            self.detail.follow(view)
        lines = self.detail.fontMetrics().lineSpacing()
        self.detail.setMaximumHeight(4 * lines + 12)
        col.addWidget(self.detail)
        split.addWidget(left)
        split.addWidget(self.checker)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([960, 320])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

    def set_view(self, view: FamilyView, findings: Sequence[Finding]) -> None:
        self.needs.set_view(view)
        self.actions.set_view(view)
        self.checker.set_findings(findings, sum(a.overdue for a in view.actions))

    def _on_checker_goto(self, kind: str, item_id: uuid.UUID) -> None:
        if kind == "need":
            self._select(self.needs.table, item_id)
            return
        if not self._select(self.actions.plan_tree, item_id):
            self._select(self.actions.tasks_table, item_id)

    def _select(self, view: object, item_id: uuid.UUID) -> bool:
        model = view.model()  # type: ignore[attr-defined]
        parents = [None] if not hasattr(model, "groups") else \
            [model.index(g, 0) for g in range(model.rowCount())]
        for parent in parents:
            p = parent if parent is not None else model.index(-1, -1)
            for r in range(model.rowCount(p)):
                idx = model.index(r, 0, p)
                row = model.row_at(idx)
                if row is not None and row.id == item_id:
                    view.setCurrentIndex(idx)  # type: ignore[attr-defined]
                    view.selectionModel().select(  # type: ignore[attr-defined]
                        idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
                    view.setFocus()  # type: ignore[attr-defined]
                    return True
        return False

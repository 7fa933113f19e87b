"""The hub's conflicts screen: every field two practitioners changed differently while
offline, the values side by side with who made each and when, and a decision — keep one of
them or, for a text field, write a merged value. The engine records the decision in the audit
trail and clears the family's conflict flag once its last conflict is settled."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from tafapp.ui import errors, ops
from tafapp.ui.hub import queries
from tafapp.ui.hub.models import ROW_ROLE, ConflictsModel, ValuesModel, field_label
from tafapp.ui.hub.queries import ConflictRow, ConflictValue


def _resolve(s: Session, row: ConflictRow, how: dict[str, Any]) -> dict[str, Any]:
    from tafapp.sync import conflicts

    who = queries.display_name(s) or "coordinator"
    out = conflicts.resolve(s, row.id, who=who, **how)
    s.flush()
    still = queries.family_conflicted(s, row.family_id) if row.family_id else False
    return {**out, "family_still_conflicted": still}


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class ConflictsPage(QWidget):
    """Open conflicts at the hub (hub only)."""

    sig_resolved = Signal(dict)
    """The settled conflict (`conflicts.describe`) plus `family_still_conflicted`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()
        self.reload()

    def _build_ui(self) -> None:
        title = QLabel(self.tr("<h2>Conflicts</h2>"), self)
        intro = QLabel(self.tr(
            "Two practitioners changed the same detail while offline. Until you decide, the "
            "hub shows the most recent value; the other is kept, never lost."), self)
        intro.setWordWrap(True)
        self.model = ConflictsModel(self)
        self.list_view = _table(self, self.tr("Open conflicts"))
        self.list_view.setModel(self.model)
        self.count_label = QLabel(self)
        self.detail = self._build_detail()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addWidget(self.count_label)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        # The list's four short columns fit in 40% of a 1366-pixel window without scrolling.
        split.setSizes([520, 780])
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Last decision"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.status_label)

    def _build_detail(self) -> QGroupBox:
        box = QGroupBox(self.tr("The values"), self)
        self.heading = QLabel(box)
        self.heading.setWordWrap(True)
        self.values_model = ValuesModel(self)
        self.values_view = _table(box, self.tr("Conflicting values"))
        self.values_view.setModel(self.values_model)
        # The value itself takes the spare width and wraps; who/when/packet stay on one line.
        self.values_view.horizontalHeader().setStretchLastSection(False)
        self.values_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.keep_button = QPushButton(self.tr("Keep the selected value"), box)
        self.merged_label = QLabel(self.tr("Or write a merged value:"), box)
        self.merged_edit = QPlainTextEdit(box)
        self.merged_edit.setAccessibleName(self.tr("Merged value"))
        self.merged_edit.setTabChangesFocus(True)
        self.merged_edit.setMaximumHeight(5 * self.fontMetrics().height())
        self.merged_label.setBuddy(self.merged_edit)
        self.merge_button = QPushButton(self.tr("Use the merged value"), box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.heading)
        layout.addWidget(self.values_view, 1)
        layout.addWidget(self.merged_label)
        layout.addWidget(self.merged_edit)
        layout.addLayout(buttons)
        return box

    def _connect(self) -> None:
        self.list_view.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.values_view.selectionModel().selectionChanged.connect(
            self._on_values_selection_changed)
        self.merged_edit.textChanged.connect(self._update_buttons)
        self.keep_button.clicked.connect(self._on_keep_clicked)
        self.merge_button.clicked.connect(self._on_merge_clicked)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        # Packets imported on another screen may have added or settled conflicts.
        super().showEvent(event)
        self.reload()

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        ops.run_query(self, queries.open_conflicts, on_done=self._on_loaded)

    def _on_loaded(self, rows: list[ConflictRow]) -> None:
        previous = self.current()
        self.model.set_rows(rows)
        self.list_view.resizeRowsToContents()
        if rows:
            self.count_label.setText(self.tr("{n} open conflicts").format(n=len(rows))
                                     if len(rows) != 1 else self.tr("1 open conflict"))
        else:
            self.count_label.setText(self.tr("No open conflicts: every change has merged."))
        ids = [r.id for r in rows]
        keep = ids.index(previous.id) if previous is not None and previous.id in ids else 0
        if rows:
            self.list_view.selectRow(keep)
        else:
            self._show(None)

    def current(self) -> ConflictRow | None:
        picked = self.list_view.selectionModel().selectedRows()
        return self.model.data(picked[0], ROW_ROLE) if picked else None

    def _chosen_value(self) -> ConflictValue | None:
        picked = self.values_view.selectionModel().selectedRows()
        return self.values_model.data(picked[0], ROW_ROLE) if picked else None

    def _on_list_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show(self.current())

    def _on_values_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _show(self, row: ConflictRow | None) -> None:
        self.values_model.set_conflict(row)
        self.values_view.resizeRowsToContents()
        self.merged_edit.clear()
        if row is None:
            self.heading.setText(self.tr("Choose a conflict on the left."))
        else:
            what = self.tr("whether the record stays deleted") if row.kind == "delete" else \
                field_label(row.field)
            # Rich text: names typed by practitioners are escaped, never read as markup.
            name = f" ({escape(row.family_name)})" if row.family_name else ""
            self.heading.setText(self.tr("<b>{family}</b>{name} — {entity}: {what}").format(
                family=escape(row.family_reference) or self.tr("no family"), name=name,
                entity=field_label(row.entity), what=what))
        text_ok = row is not None and row.text_field
        self.merged_label.setVisible(text_ok)
        self.merged_edit.setVisible(text_ok)
        self.merge_button.setVisible(text_ok)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen, row = self._chosen_value(), self.current()
        if row is not None and row.kind == "delete" and chosen is not None:
            self.keep_button.setText(self.tr("Keep the record deleted") if
                                     chosen.deletes_record else
                                     self.tr("Restore the record with this change"))
        else:
            self.keep_button.setText(self.tr("Keep the selected value"))
        self.keep_button.setEnabled(chosen is not None)
        self.merge_button.setEnabled(self.current() is not None and
                                     bool(self.merged_edit.toPlainText().strip()))

    # -- deciding -----------------------------------------------------------------------------

    def _on_keep_clicked(self) -> None:
        row, value = self.current(), self._chosen_value()
        if row is not None and value is not None:
            self.resolve(row, {"choose": value.index})

    def _on_merge_clicked(self) -> None:
        row = self.current()
        text = self.merged_edit.toPlainText().strip()
        if row is not None and text:
            self.resolve(row, {"merged_value": text})

    def resolve(self, row: ConflictRow, how: dict[str, Any]) -> None:
        """Settle `row` (`{"choose": n}` or `{"merged_value": text}`), then reload the list."""
        ops.run_op(self, lambda s: _resolve(s, row, how),
                   on_done=lambda out: self._on_resolved(row, out),
                   on_error=lambda exc: errors.show(self, exc))

    def _on_resolved(self, row: ConflictRow, out: dict[str, Any]) -> None:
        family = row.family_reference or self.tr("the record")
        text = self.tr("Decision saved for {family} ({field}) and written to the audit "
                       "trail.").format(family=family, field=field_label(row.field))
        if row.family_id:
            text += " " + (self.tr("{family} still has other conflicts.") if
                           out["family_still_conflicted"] else
                           self.tr("{family} has no conflicts left.")).format(family=family)
        self.status_label.setText(text)
        self.sig_resolved.emit(out)
        self.reload()

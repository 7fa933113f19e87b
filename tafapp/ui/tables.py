"""What every list in the app shares so that it reads on a 1366×768 laptop and in large text:
headers that wrap instead of being cut, a focus that can be seen, and a detail pane that shows
the chosen row's text whole (a cell too narrow for its text is elided, with the whole text in
its tooltip: `rows_model`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

HEADER_PADDING = 8
"""Horizontal room a header section keeps around its text (the style's margin each side)."""

WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap

FOCUS_WIDTH = 2


def header_text(model: QAbstractItemModel | None, section: int) -> str:
    if model is None:
        return ""
    value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value)


class WrappingHeader(QHeaderView):
    """A horizontal header whose titles wrap onto more lines when a column is narrow, and
    which grows in height to show them whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(WRAP)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self._height = 0
        self.sectionResized.connect(self._on_section_resized)

    def needed_height(self) -> int:
        metrics = self.fontMetrics()
        tallest = metrics.height()
        for section in range(self.count()):
            if self.isSectionHidden(section):
                continue
            width = max(self.sectionSize(section) - HEADER_PADDING, 8)
            text = header_text(self.model(), section)
            tallest = max(tallest, metrics.boundingRect(QRect(0, 0, width, 10_000),
                                                        int(WRAP), text).height())
        return tallest + 8

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.needed_height()))

    def _on_section_resized(self, *_args: Any) -> None:
        height = self.needed_height()
        if height != self._height:
            self._height = height
            # After this resize settles: the view lays its header out again from sizeHint.
            QTimer.singleShot(0, self, self.geometriesChanged.emit)


class FocusRing(QWidget):
    """A frame in the highlight colour around a list while it has the keyboard focus: the
    style's own cue on a table is a dotted cell outline that can hardly be seen. Drawn by a
    see-through child rather than a style sheet, which would pin the list's font and stop it
    following large text."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._view = view
        view.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Resize,
                    QEvent.Type.Show):
            self.setGeometry(self._view.rect())
            self.setVisible(self._view.hasFocus())
            self.raise_()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = FOCUS_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))


def show_focus(view: QAbstractItemView) -> FocusRing:
    return FocusRing(view)


class DetailPane(QLabel):
    """The chosen row of one or more lists, every column whole: what an elided cell hides.
    `follow(view)` for each list; the last one whose current row changed is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail_pane")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(self.tr("The chosen row in full"))
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setMargin(4)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.clear_detail()

    def follow(self, view: QAbstractItemView) -> None:
        view.selectionModel().currentRowChanged.connect(
            lambda current, _previous, v=view: self.show_row(v.model(), current))
        model = view.model()
        model.modelReset.connect(lambda m=model: self._on_model_reset(m))

    def _on_model_reset(self, model: QAbstractItemModel) -> None:
        if model is self._shown:
            self.clear_detail()

    def clear_detail(self) -> None:
        self._shown: QAbstractItemModel | None = None
        self.setText(self.tr("Choose a row to read it in full here."))

    def show_row(self, model: QAbstractItemModel, index: QModelIndex) -> None:
        self._shown = model
        if not index.isValid():
            self.clear_detail()
            return
        parts = []
        for column in range(model.columnCount(index.parent())):
            cell = model.index(index.row(), column, index.parent())
            value = model.data(cell, Qt.ItemDataRole.DisplayRole)
            if value in (None, ""):
                continue
            title = header_text(model, column)
            text = html.escape(str(value))
            parts.append(f"<b>{html.escape(title)}:</b> {text}" if title else text)
        self.setText("<br>".join(parts) if parts else "")


def select_where(view: QAbstractItemView, wanted: Callable[[Any], bool]) -> bool:
    """Select and scroll to the first row (in a table, or one level down in a tree) whose
    record `wanted` accepts; the model must offer `row_at(index)`."""
    model: Any = view.model()
    parents = [QModelIndex()] + [model.index(g, 0) for g in range(model.rowCount())
                                 if model.rowCount(model.index(g, 0)) > 0]
    for parent in parents:
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            row = model.row_at(index)
            if row is not None and wanted(row):
                view.setCurrentIndex(index)
                view.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
                return True
    return False


def notice_label(name: str = "notice") -> QLabel:
    """A line that confirms what was just done ("Added: …"); hidden until there is news."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #0b6a0b;")
    label.hide()
    return label


def row_table(parent: QWidget, model: QAbstractItemModel, name: str, *,
              stretch: int | None = None, wrap: bool = False) -> QTableView:
    """A read-only list of records, one chosen at a time: columns sized to their contents,
    `stretch` (or the last one) taking the rest of the width."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(wrap)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view

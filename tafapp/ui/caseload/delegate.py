"""Paints the caseload's cells with text laid out once, not on every paint.

The default delegate hands each cell to the style, which lays its text out again (and works
out whether to elide it) every time the cell is painted: most of the cost of repainting the
caseload after a keystroke. Here each text is elided for its column's width and laid out
once, as a QStaticText kept while the font and width stay the same, and the cell is painted
with a fill and one `drawStaticText`.

A cell the style must draw itself is handed to the default delegate: the cell with keyboard
focus (its focus frame), right-to-left layouts, and cells whose roles this fast path does not
know. The model decides what a cell says and when it is overdue (`CaseloadModel.painted`), as
it does for the default delegate, so screen readers, tooltips and sorting are unchanged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex

CACHE_SIZE = 4096
"""Laid-out texts kept: about a screenful per column for every filter typed lately."""

_SELECTED = QStyle.StateFlag.State_Selected
_FOCUSED = QStyle.StateFlag.State_HasFocus
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active


class CaseloadDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[tuple[str, str, int], tuple[QStaticText, float]] = {}
        self._metrics: dict[str, tuple[QFontMetricsF, int]] = {}
        self._margin = -1.0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        painted = getattr(model, "painted", None)
        cell = painted(index.row(), index.column()) if painted is not None else None
        state = option.state
        if (cell is None or state & _FOCUSED
                or option.direction == Qt.LayoutDirection.RightToLeft):
            super().paint(painter, option, index)
            return
        text, warn_bg, warn_fg, centred = cell
        rect = option.rect
        palette = option.palette
        group = _group(state)
        if state & _SELECTED:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
            pen = palette.color(group, QPalette.ColorRole.HighlightedText)
        elif warn_bg is not None:
            painter.fillRect(rect, warn_bg)
            pen = warn_fg.color()
        else:
            pen = palette.color(group, QPalette.ColorRole.Text)
        if not text:
            return
        margin = self._text_margin(option)
        static, width = self._laid_out(text, option.font, int(rect.width() - 2 * margin))
        fm, height = self._font(option.font)
        left = rect.x() + margin
        if centred:
            left = rect.x() + (rect.width() - width) / 2
        top = rect.y() + (rect.height() - height) // 2
        painter.setPen(pen)
        painter.setFont(option.font)
        painter.drawStaticText(QPointF(left, top), static)

    def _text_margin(self, option: QStyleOptionViewItem) -> float:
        if self._margin < 0:
            widget = option.widget
            style = widget.style() if widget is not None else None
            metric = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) \
                if style is not None else 2
            self._margin = float(metric + 1)  # as QCommonStyle places item text
        return self._margin

    def _font(self, font: QFont) -> tuple[QFontMetricsF, int]:
        key = font.key()
        found = self._metrics.get(key)
        if found is None:
            fm = QFontMetricsF(font)
            found = self._metrics[key] = (fm, QFontMetrics(font).height())
        return found

    def _laid_out(self, text: str, font: QFont, room: int) -> tuple[QStaticText, float]:
        key = (text, font.key(), room)
        found = self._texts.get(key)
        if found is None:
            fm, _height = self._font(font)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            if len(self._texts) >= CACHE_SIZE:
                self._texts.clear()
            found = self._texts[key] = (static, fm.horizontalAdvance(shown))
        return found


def _group(state: Any) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    if not state & _ACTIVE:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Normal

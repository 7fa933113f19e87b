"""Paints the caseload's cells with text laid out once, not on every paint.

The default delegate hands each cell to the style, which lays its text out again (and works
out whether to elide it) every time the cell is painted. Here each text is elided for its
column's width and laid out once, as a QStaticText kept while the font, palette and width
stay the same, and a cell is painted with at most one fill and one `drawStaticText`. What
every cell shares (font, metrics, colours, margin) is worked out once and again only when the
table's font, palette or style changes; each paint call does as little Python as it can, since
it runs for every visible cell on every keystroke.

A cell the style must draw itself goes to the default delegate: the cell with keyboard focus
(its focus frame), right-to-left layouts, a disabled table, and any model that does not
answer `painted`. The model decides what a cell says and when it is overdue
(`CaseloadModel.painted`), as it does for the style's delegate, so screen readers, tooltips
and sorting are unchanged. Text is placed as the style places it (elided and measured in
fractional pixels, centred the same way); a test compares the two delegates' pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

Index = QModelIndex | QPersistentModelIndex

CACHE_SIZE = 4096
"""Laid-out texts kept: about a screenful per column for every filter typed lately."""

_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_RTL = Qt.LayoutDirection.RightToLeft
_LOOK_EVENTS = frozenset({QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                          QEvent.Type.StyleChange, QEvent.Type.ApplicationFontChange,
                          QEvent.Type.ApplicationPaletteChange})


@dataclass(frozen=True)
class _Look:
    """What every cell of the table shares, read from the first cell painted."""

    font: QFont
    metrics: QFontMetricsF
    text_height: int
    margin: int
    colours: dict[bool, tuple[QColor, QBrush, QColor]]
    """Text, highlight and highlighted text, for an active window (True) and an inactive."""


class CaseloadDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._look: _Look | None = None
        self._texts: dict[tuple[str, int], tuple[QStaticText, float]] = {}
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _LOOK_EVENTS:
            self._look = None  # read again from the next cell painted
            self._texts.clear()
        return False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painted = getattr(index.model(), "painted", None)
        cell = painted(index.row(), index.column()) if painted is not None else None
        state = option.state.value
        if (cell is None or state & _FOCUSED or not state & _ENABLED
                or option.direction is _RTL):
            super().paint(painter, option, index)
            return
        look = self._look or self._read_look(option)
        text, warn_bg, warn_fg, centred = cell
        rect: tuple[int, int, int, int] = option.rect.getRect()  # type: ignore[assignment]  # the stubs type getRect() as object
        x, y, width, height = rect
        colour, highlight, highlighted = look.colours[bool(state & _ACTIVE)]
        if state & _SELECTED:
            painter.fillRect(x, y, width, height, highlight)
            pen = highlighted
        elif warn_bg is not None:
            painter.fillRect(x, y, width, height, warn_bg)
            pen = warn_fg.color()
        else:
            pen = colour
        if not text:
            return
        margin = look.margin
        static, advance = self._laid_out(look, text, width - 2 * margin)
        top = y + (height - look.text_height) // 2
        painter.setPen(pen)
        painter.setFont(look.font)
        if centred:
            painter.drawStaticText(QPointF(x + (width - advance) / 2, top), static)
        else:
            painter.drawStaticText(x + margin, top, static)

    def _read_look(self, option: QStyleOptionViewItem) -> _Look:
        widget = option.widget
        style = widget.style() if widget is not None else None
        focus_margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget)
                        if style is not None else 2)
        palette, role = option.palette, QPalette.ColorRole
        colours = {}
        for active, group in ((True, QPalette.ColorGroup.Active),
                              (False, QPalette.ColorGroup.Inactive)):
            colours[active] = (palette.color(group, role.Text),
                               palette.brush(group, role.Highlight),
                               palette.color(group, role.HighlightedText))
        self._look = _Look(
            font=QFont(option.font), metrics=QFontMetricsF(option.font),
            text_height=QFontMetrics(option.font).height(),
            margin=focus_margin + 1,  # where QCommonStyle places an item's text
            colours=colours)
        self._texts.clear()
        return self._look

    def _laid_out(self, look: _Look, text: str, room: int) -> tuple[QStaticText, float]:
        key = (text, room)
        found = self._texts.get(key)
        if found is None:
            shown = look.metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=look.font)
            if len(self._texts) >= CACHE_SIZE:
                self._texts.clear()
            found = self._texts[key] = (static, look.metrics.horizontalAdvance(shown))
        return found

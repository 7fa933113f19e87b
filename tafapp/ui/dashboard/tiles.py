"""Headline figures across the top of the dashboard; clicking one lists the families behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

STYLE = """
QFrame#tile { background: palette(base); border: 1px solid #d5dbe1; border-radius: 8px; }
QFrame#tile:hover { border-color: #1f5fa8; }
QLabel#figure { color: #1f5fa8; font-size: 22px; font-weight: 600; }
QLabel#caption { font-weight: 600; }
QLabel#detail { color: palette(placeholder-text); }
"""


class Tile(QFrame):
    sig_clicked = Signal(str)
    """The tile's drill-down measure key."""

    def __init__(self, caption: str, measure: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Click to list the families behind this figure"))
        self.caption = QLabel(caption)
        self.caption.setObjectName("caption")
        self.figure = QLabel("–")
        self.figure.setObjectName("figure")
        self.detail = QLabel("")
        self.detail.setObjectName("detail")
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 12, 6)
        box.setSpacing(0)
        for w in (self.caption, self.figure, self.detail):
            box.addWidget(w)

    def show_value(self, figure: str, detail: str) -> None:
        self.figure.setText(figure)
        self.detail.setText(detail)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.measure)
        super().mousePressEvent(event)

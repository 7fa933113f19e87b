"""The meeting page's own keys and its large-text mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


def page_key(page: QWidget, keys: list[str], text: str, slot: Callable[[], None]) -> QAction:
    """A shortcut that works anywhere inside `page` (the editors there pass these keys up)."""
    action = QAction(text, page)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    page.addAction(action)
    return action


def set_large_text(page: QWidget, on: bool, factor: float) -> None:
    """Bigger text for a shared screen. Off, the page inherits the window's font again (the
    system size, or the app's own text-size setting)."""
    if not on:
        page.setFont(QFont())  # nothing resolved: inherit everything
        return
    parent = page.parentWidget()
    base = parent.font() if parent is not None else QApplication.font()
    font = QFont()
    font.setPointSizeF(base.pointSizeF() * factor)
    page.setFont(font)

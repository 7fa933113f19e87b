"""The meeting page's own keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def page_key(page: QWidget, keys: list[str], text: str, slot: Callable[[], None]) -> QAction:
    """A shortcut that works anywhere inside `page` (the editors there pass these keys up)."""
    action = QAction(text, page)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    page.addAction(action)
    return action

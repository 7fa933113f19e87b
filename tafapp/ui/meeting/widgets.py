"""Editors for meeting mode that leave the page's own keys to the page.

A text box normally keeps Ctrl+Z for its private undo and swallows Ctrl+PgUp/PgDown and
Ctrl+Enter; here undo is the meeting's (over saved edits, so it reaches the record) and those
keys move between agenda steps and finalise, wherever the cursor is.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

PAGE_KEYS = (
    QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"),
    QKeySequence("Ctrl+PgDown"), QKeySequence("Ctrl+PgUp"), QKeySequence("Ctrl+Return"),
    QKeySequence("Ctrl+Enter"),
)


def is_page_key(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in PAGE_KEYS)


class NoteEdit(QPlainTextEdit):
    """Multi-line notes; Tab moves to the next control (keyboard users must get out)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and is_page_key(e):  # type: ignore[arg-type]  # a ShortcutOverride is a QKeyEvent
            e.ignore()
            return False
        return super().event(e)


class LineField(QLineEdit):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and is_page_key(e):  # type: ignore[arg-type]  # a ShortcutOverride is a QKeyEvent
            e.ignore()
            return False
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if is_page_key(e):
            e.ignore()
            return
        super().keyPressEvent(e)


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet("color: #a4262c;")
    label.setWordWrap(True)
    label.hide()
    return label


def field_box(label_text: str, editor: QWidget, error: QLabel | None = None) -> QWidget:
    """A label (with its mnemonic bound to the editor) above the editor and its error."""
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    label = QLabel(label_text)
    label.setBuddy(editor)
    label.setWordWrap(True)
    editor.setAccessibleName(label_text.replace("&", ""))
    col.addWidget(label)
    col.addWidget(editor, 1)
    if error is not None:
        col.addWidget(error)
    return box


def heading(text: str) -> QLabel:
    """A step's heading; rich text keeps it relative to the page font (large-text mode)."""
    label = QLabel(f"<h2>{html.escape(text)}</h2>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label

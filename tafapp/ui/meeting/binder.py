"""Binds meeting fields to editors: typing schedules a draft save, loading and undo put values
back without scheduling anything, rejections show under the field they name."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from tafapp.ui.family.forms import add_item, combo_value, find_data
from tafapp.ui.meeting.drafts import DraftSaver
from tafapp.ui.meeting.widgets import LineField, NoteEdit, error_label, field_box


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class Binder:
    def __init__(self, saver: DraftSaver) -> None:
        self.saver = saver
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.loading = False
        saver.sig_rejected.connect(self.show_error)
        saver.sig_accepted.connect(self.clear_error)

    def text(self, key: str, label: str, multiline: bool = True) -> QWidget:
        """A text field (a date is a one-line text field, parsed by the services)."""
        editor: QWidget = NoteEdit(key) if multiline else LineField(key)
        if isinstance(editor, NoteEdit):
            editor.textChanged.connect(lambda: self._edited(key, editor.toPlainText()))
        else:
            assert isinstance(editor, LineField)
            editor.textEdited.connect(lambda t: self._edited(key, t))
        return self._bind(key, label, editor)

    def check(self, key: str, label: str) -> QWidget:
        box = QCheckBox(label)
        box.setObjectName(key)
        box.toggled.connect(lambda on: self._edited(key, on))
        self.saver.register(key, label.replace("&", ""))
        self.editors[key] = box
        box.setAccessibleName(label.replace("&", ""))
        return box

    def combo(self, key: str, label: str, options: list[tuple[str, Any]]) -> QWidget:
        combo = QComboBox()
        combo.setObjectName(key)
        for text, value in options:
            add_item(combo, text, value)
        combo.currentIndexChanged.connect(lambda _i: self._edited(key, combo_value(combo)))
        return self._bind(key, label, combo)

    def _bind(self, key: str, label: str, editor: QWidget) -> QWidget:
        self.saver.register(key, label.replace("&", ""))
        self.editors[key] = editor
        self.errors[key] = error_label(key)
        return field_box(label, editor, self.errors[key])

    def _edited(self, key: str, value: Any) -> None:
        if not self.loading:
            self.saver.schedule(key, value)

    def apply(self, key: str, value: Any) -> None:
        """Show a value (from the record or from undo) without scheduling a save."""
        editor = self.editors.get(key)
        if editor is None:
            return
        self.loading = True
        try:
            if isinstance(editor, NoteEdit):
                if editor.toPlainText() != to_text(value):
                    editor.setPlainText(to_text(value))
            elif isinstance(editor, LineField):
                editor.setText(to_text(value))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(find_data(editor, value), 0))
        finally:
            self.loading = False

    def value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, NoteEdit):
            return editor.toPlainText()
        if isinstance(editor, LineField):
            return editor.text()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        assert isinstance(editor, QComboBox)
        return combo_value(editor)

    def show_error(self, key: str, message: str) -> None:
        label = self.errors.get(key)
        if label is None:
            return
        label.setText(message[:1].upper() + message[1:])
        label.show()
        self.editors[key].setAccessibleDescription(message)

    def clear_error(self, key: str) -> None:
        label = self.errors.get(key)
        if label is not None and not label.isHidden():
            label.hide()
            self.editors[key].setAccessibleDescription("")

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            if isinstance(editor, NoteEdit | LineField):
                editor.setReadOnly(read_only)
            else:
                editor.setEnabled(not read_only)

"""The Settings dialog, built from the declarations in `settings.ALL` (nothing listed twice)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tafapp.ui import settings


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[str, tuple[settings.Setting[Any], QWidget]] = {}
        self._build_ui()

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for setting in settings.ALL:
            editor = self._editor(setting)
            editor.setAccessibleName(settings.title(setting))
            if isinstance(editor, QCheckBox):
                form.addRow(editor)
            else:
                form.addRow(settings.title(setting), editor)
            self._editors[setting.key] = (setting, editor)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _editor(self, setting: settings.Setting[Any]) -> QWidget:
        current = settings.value(setting)
        if setting.type is bool:
            box = QCheckBox(settings.title(setting), self)
            box.setChecked(bool(current))
            return box
        spin = QSpinBox(self)
        spin.setRange(setting.minimum if setting.minimum is not None else 0,
                      setting.maximum if setting.maximum is not None else 1_000_000)
        spin.setValue(int(current))
        return spin

    def _on_accepted(self) -> None:
        for setting, editor in self._editors.values():
            if isinstance(editor, QCheckBox):
                settings.set_value(setting, editor.isChecked())
            elif isinstance(editor, QSpinBox):
                settings.set_value(setting, editor.value())
        self.accept()

"""Forms built from field specs, with each service error shown beside the field it names.

Services raise `InputRejected(field, message)`; `FieldForm.show_error` puts the message under
that field (and moves focus there), so a practitioner sees exactly what to fix and loses
nothing they typed. Dates are typed as text (31/03/2026) and parsed by the services, so a
date like "31/02/2026" gets the services' plain-English message rather than a silent fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import InputRejected

Options = Sequence[tuple[str, Any]]


@dataclass(frozen=True)
class FieldSpec:
    """`kind`: text, multiline, date, combo, check or multi (a checkable list).
    `aliases`: other field names a service may use for this one (e.g. "owner")."""

    name: str
    label: str
    kind: str = "text"
    options: Options = ()
    aliases: tuple[str, ...] = ()
    placeholder: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _make(spec: FieldSpec) -> QWidget:
    if spec.kind == "multiline":
        w: QWidget = QPlainTextEdit()
        w.setTabChangesFocus(True)  # Tab moves on, so the form stays keyboard-operable
        w.setMinimumHeight(60)
        w.setMaximumHeight(120)
    elif spec.kind == "combo":
        w = QComboBox()
        for text, value in spec.options:
            add_item(w, text, value)
    elif spec.kind == "check":
        w = QCheckBox(spec.label)
    elif spec.kind == "multi":
        w = QListWidget()
        w.setMaximumHeight(110)
        for text, value in spec.options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            w.addItem(item)
    else:
        w = QLineEdit()
        w.setPlaceholderText(spec.placeholder or ("dd/mm/yyyy" if spec.kind == "date" else ""))
    w.setAccessibleName(spec.label.replace("&", ""))
    w.setObjectName(f"field_{spec.name}")
    return w


# Stored in a combo box instead of None. PySide6 6.12 on Python 3.11 drops a reference to None
# whenever it hands None back (see tafapp/ui/__init__.py); these pages never ask it to.
NO_VALUE = ""


def add_item(combo: QComboBox, text: str, value: Any) -> None:
    combo.addItem(text, NO_VALUE if value is None else value)


def item_value(combo: QComboBox, index: int) -> Any:
    if not 0 <= index < combo.count():
        return None
    data = combo.itemData(index)
    return None if isinstance(data, str) and data == NO_VALUE else data


def combo_value(combo: QComboBox) -> Any:
    """The chosen item's value (None for a blank choice or no choice)."""
    return item_value(combo, combo.currentIndex())


def find_data(combo: QComboBox, value: Any) -> int:
    """Index of the item holding `value` (compared as text: QVariant cannot compare UUIDs)."""
    wanted = "" if value is None else str(value)
    for i in range(combo.count()):
        data = item_value(combo, i)
        if ("" if data is None else str(data)) == wanted:
            return i
    return -1


def _to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class FieldForm(QWidget):
    """A form of fields; `values()` gives what the services take (dates as typed text)."""

    sig_edited = Signal()
    """Any field was changed by the user."""

    def __init__(self, specs: Sequence[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._specs = {s.name: s for s in specs}
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._build_ui(specs)

    def _build_ui(self, specs: Sequence[FieldSpec]) -> None:
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._general = QLabel()
        self._general.setObjectName("form_error")
        self._general.setWordWrap(True)
        self._general.setStyleSheet("color: #a4262c;")
        self._general.hide()
        layout.addRow(self._general)
        for spec in specs:
            widget = _make(spec)
            self._widgets[spec.name] = widget
            error = QLabel()
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet("color: #a4262c;")
            error.setWordWrap(True)
            error.hide()
            self._errors[spec.name] = error
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(widget)
            if spec.extra.get("help"):
                help_text = QLabel(spec.extra["help"])
                help_text.setObjectName(f"help_{spec.name}")
                help_text.setWordWrap(True)
                widget.setAccessibleDescription(spec.extra["help"])
                col.addWidget(help_text)
            col.addWidget(error)
            if spec.kind == "check":
                layout.addRow("", box)
            else:
                label = QLabel(spec.label)
                label.setBuddy(widget)
                layout.addRow(label, box)
            self._watch(widget)

    def _watch(self, w: QWidget) -> None:
        for sig in ("textEdited", "textChanged", "currentIndexChanged", "toggled",
                    "itemChanged"):
            signal = getattr(w, sig, None)
            if signal is not None and not (sig == "textChanged" and isinstance(w, QLineEdit)):
                signal.connect(self.sig_edited)

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def values(self) -> dict[str, Any]:
        return {name: self._value(name) for name in self._widgets}

    def _value(self, name: str) -> Any:
        w = self._widgets[name]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return combo_value(w)
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QListWidget):
            return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                    if w.item(i).checkState() == Qt.CheckState.Checked]
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            w = self._widgets.get(name)
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(_to_text(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(find_data(w, value), 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QListWidget):
                chosen = {str(x) for x in (value or [])}
                for i in range(w.count()):
                    item = w.item(i)
                    on = str(item.data(Qt.ItemDataRole.UserRole)) in chosen
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            elif isinstance(w, QLineEdit):
                w.setText(_to_text(value))

    def set_options(self, name: str, options: Options) -> None:
        w = self._widgets[name]
        assert isinstance(w, QComboBox)
        current = combo_value(w)
        w.blockSignals(True)
        w.clear()
        for text, value in options:
            add_item(w, text, value)
        w.setCurrentIndex(max(find_data(w, current), 0))
        w.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for w in self._widgets.values():
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.setReadOnly(read_only)
            else:
                w.setEnabled(not read_only)

    def field_for(self, service_field: str) -> str | None:
        if service_field in self._widgets:
            return service_field
        return next((s.name for s in self._specs.values() if service_field in s.aliases), None)

    def show_error(self, exc: InputRejected) -> None:
        """Show the message beside the field it names (or at the top) and focus that field."""
        name = self.field_for(exc.field)
        if name is None:
            self._general.setText(exc.message[:1].upper() + exc.message[1:])
            self._general.show()
            return
        label = self._errors[name]
        label.setText(exc.message[:1].upper() + exc.message[1:])
        label.show()
        self._widgets[name].setAccessibleDescription(exc.message)
        self._widgets[name].setFocus()

    def error_text(self, name: str) -> str:
        label = self._errors.get(name, self._general)
        return label.text() if not label.isHidden() else ""

    def clear_errors(self) -> None:
        for name, label in self._errors.items():
            label.hide()
            label.clear()
            self._widgets[name].setAccessibleDescription("")
        self._general.hide()

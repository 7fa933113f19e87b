"""A form in a dialog that closes only when the service accepts what was typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from tafapp.core.errors import InputRejected
from tafapp.ui import ops
from tafapp.ui.family.forms import FieldForm, FieldSpec

Submit = Callable[[dict[str, Any]], Callable[[Any], Any]]


class EditDialog(QDialog):
    """A form in a dialog. On OK, `submit(values)` gives the service call to run; the dialog
    closes only when the service accepts, otherwise the error shows beside its field."""

    def __init__(self, title: str, specs: Sequence[FieldSpec], submit: Submit,
                 parent: QWidget | None = None, on_saved: Callable[[Any], None] | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._submit = submit
        self._on_saved = on_saved
        self.result_value: Any = None
        self.form = FieldForm(specs, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _on_ok(self) -> None:
        self.form.clear_errors()
        try:
            job = self._submit(self.form.values())
        except InputRejected as exc:  # checks made before any service call
            self.form.show_error(exc)
            return
        ops.run_op(self, job, on_done=self._on_done, on_error=self._on_error)

    def _on_done(self, result: Any) -> None:
        self.result_value = result
        if self._on_saved is not None:
            self._on_saved(result)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, InputRejected):
            self.form.show_error(exc)
            return
        raise exc

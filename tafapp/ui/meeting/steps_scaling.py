"""Scaling: 0–10 by the family and by professionals, beside the last meeting's scores."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget
from sqlalchemy.orm import Session

from tafapp.services import ui_support_edits as ui_edits
from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui.meeting.step_base import MeetingContext, Step
from tafapp.ui.meeting.widgets import LineField, field_box

NOT_SCORED = -1


def _writer(scored_by: str) -> Any:
    def write(s: Session, meeting_id: uuid.UUID, value: Any) -> None:
        ui_edits.set_scaling_state(s, meeting_id, scored_by,
                                     None if value is None else tuple(value))
    return write


class ScoreEditor:
    """A spin box and a note that save together as one score."""

    def __init__(self, step: ScalingStep, by: str, label: str) -> None:
        self.key = f"score_{by}"
        self.spin = QSpinBox()
        self.spin.setObjectName(self.key)
        self.spin.setRange(NOT_SCORED, 10)
        self.spin.setSpecialValueText(step.tr("Not scored"))
        self.note = LineField(f"{self.key}_note")
        self.box = field_box(label, self.spin)
        self.note_box = field_box(step.tr("Why this score"), self.note)
        self.last = QLabel()
        self.last.setObjectName(f"{self.key}_last")
        self._binder = step.ctx.binder
        self._binder.saver.register(self.key, label.replace("&", ""), _writer(by))
        self.spin.valueChanged.connect(self._edited)
        self.note.textEdited.connect(self._edited)

    def state(self) -> tuple[int, str] | None:
        score = self.spin.value()
        return None if score == NOT_SCORED else (score, self.note.text())

    def show(self, state: Any) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(NOT_SCORED if state is None else int(state[0]))
        self.spin.blockSignals(False)
        self.note.setText("" if state is None else str(state[1]))

    def _edited(self, *_a: Any) -> None:
        if not self._binder.loading:
            self._binder.saver.schedule(self.key, self.state())


class ScalingStep(Step):
    title = "Scaling: how safe and well is the child? (0–10)"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        hint = QLabel(self.tr("10: the child's wellbeing is secure. 0: a referral to "
                              "children's social care is needed."))
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        grid = QGridLayout()
        self.family = ScoreEditor(self, "family", self.tr("The famil&y's score"))
        self.professional = ScoreEditor(self, "professional", self.tr("&Professionals' score"))
        for r, editor in enumerate((self.family, self.professional)):
            grid.addWidget(editor.box, r, 0)
            grid.addWidget(editor.note_box, r, 1)
            grid.addWidget(editor.last, r, 2)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)

    def editors(self) -> dict[str, ScoreEditor]:
        return {self.family.key: self.family, self.professional.key: self.professional}

    def fill(self, view: MeetingView) -> None:
        when = view.previous_held_on.strftime("%d/%m/%Y") if view.previous_held_on else ""
        for by, editor in (("family", self.family), ("professional", self.professional)):
            last = view.previous_scores.get(by)
            editor.last.setText(self.tr("Last meeting ({0}): {1}").format(when, last)
                                if last is not None else self.tr("No score last time"))
            editor.last.setAccessibleName(editor.last.text())

    def set_read_only(self, read_only: bool) -> None:
        for editor in (self.family, self.professional):
            editor.spin.setReadOnly(read_only)
            editor.note.setReadOnly(read_only)

"""The next steps a family's record still lacks (people, consent, the team), shown above the
tabs with a button for each that opens the right form. The services decide what is missing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from tafapp.services.ui_support import FamilyView, next_steps

STEPS = {"people": "&1 Add the people in the household…",
         "consent": "&2 Record consent…",
         "team": "&3 Add an agency to the team…"}


class NextSteps(QFrame):
    sig_step = Signal(str)
    """The person chose a step: `people`, `consent` or `team`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("next_steps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Next steps for this family"))
        row = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in STEPS.items():
            button = QPushButton(self.tr(text))
            button.setObjectName(f"next_{key}")
            button.setAccessibleName(self.tr(text).replace("&", "")[2:])
            button.clicked.connect(lambda _c=False, k=key: self.sig_step.emit(k))
            self.buttons[key] = button
            row.addWidget(button)
        self.hide()

    def set_view(self, view: FamilyView) -> None:
        steps = next_steps(view) if view.header.status == "open" else []
        for key, button in self.buttons.items():
            button.setVisible(key in steps)
        self.label.setText(self.tr("Next steps: {0}.").format(", ".join(
            self.tr({"people": "add the people", "consent": "record consent",
                     "team": "build the team"}[k]) for k in steps)))
        self.setVisible(bool(steps))

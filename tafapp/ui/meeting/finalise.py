"""Finalising is a decision: a confirmation that says the meeting will be locked, lists what is
not yet done (actions not reviewed, no child's voice, no scaling) and, when anything is,
asks why it is being finalised anyway. The services keep the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.services.ui_support_meeting import Gap

MAX_ITEMS = 6  # actions named in the list; the rest are counted


class FinaliseDialog(QDialog):
    sig_confirmed = Signal(str)
    """Finalise now, with this reason (empty when nothing is missing)."""

    def __init__(self, gaps: list[Gap], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaps = gaps
        self._build_ui()
        self.finalise_button.clicked.connect(self._on_finalise)
        self.buttons.rejected.connect(self.reject)

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Finalise this meeting?"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        lock = QLabel(self.tr("Once final, the meeting is locked: corrections are added "
                              "afterwards as addenda."))
        lock.setWordWrap(True)
        layout.addWidget(lock)
        self.gap_label = QLabel(self._gap_text())
        self.gap_label.setObjectName("finalise_gaps")
        self.gap_label.setTextFormat(Qt.TextFormat.RichText)
        self.gap_label.setWordWrap(True)
        self.gap_label.setAccessibleName(self.gap_label.text())
        layout.addWidget(self.gap_label)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("finalise_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.reason.setAccessibleName(self.tr("Why finalise with these things not done"))
        self.reason_label = QLabel(self.tr("&Why finalise now (kept with the meeting):"))
        self.reason_label.setBuddy(self.reason)
        self.error = QLabel()
        self.error.setObjectName("finalise_error")
        self.error.setStyleSheet("color: #a4262c;")
        self.error.setWordWrap(True)
        self.error.hide()
        for w in (self.reason_label, self.reason, self.error):
            layout.addWidget(w)
            w.setVisible(bool(self.gaps) and w is not self.error)
        self.buttons = QDialogButtonBox()
        self.finalise_button = QPushButton(self.tr("&Finalise anyway") if self.gaps
                                           else self.tr("&Finalise"))
        self.buttons.addButton(self.finalise_button, QDialogButtonBox.ButtonRole.AcceptRole)
        back = self.buttons.addButton(self.tr("Go &back to the meeting"),
                                      QDialogButtonBox.ButtonRole.RejectRole)
        # Going back is the safe choice, so Enter does that when something is missing.
        if self.gaps:
            self.finalise_button.setAutoDefault(False)
            back.setDefault(True)
        else:
            back.setAutoDefault(False)
            self.finalise_button.setDefault(True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.gaps:  # the reason is what is asked for; the cursor waits there
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def _gap_text(self) -> str:
        if not self.gaps:
            return self.tr("Everything on the agenda has been covered.")
        lines = []
        for gap in self.gaps:
            items = "".join(f"<li>{_esc(i)}</li>" for i in gap.items[:MAX_ITEMS])
            if len(gap.items) > MAX_ITEMS:
                items += "<li>" + self.tr("and {0} more").format(len(gap.items) - MAX_ITEMS) \
                    + "</li>"
            sub = f"<ul>{items}</ul>" if items else ""
            lines.append(f"<li>{_esc(gap.text[:1].upper() + gap.text[1:])}{sub}</li>")
        return self.tr("<b>Not done yet:</b>") + f"<ul>{''.join(lines)}</ul>"

    def _on_finalise(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.gaps and not reason:
            self.show_error(self.tr("Say why the meeting is finalised with these things not "
                                    "done, or go back and finish them."))
            return
        self.sig_confirmed.emit(reason)

    def show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()
        self.reason.setAccessibleDescription(message)
        self.reason.setFocus()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

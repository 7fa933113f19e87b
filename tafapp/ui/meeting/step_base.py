"""What every agenda step shares: the binder, the undo stack, a way to run service calls."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui import ops
from tafapp.ui.meeting.binder import Binder
from tafapp.ui.meeting.widgets import heading
from tafapp.ui.tables import notice_label
from tafapp.ui.undo import ServiceCommand, push_done


@dataclass
class MeetingContext:
    binder: Binder
    undo_stack: QUndoStack
    reload: Callable[[], None]
    view: MeetingView | None = None

    @property
    def meeting_id(self) -> uuid.UUID:
        assert self.view is not None
        return self.view.meeting.id


class Step(QWidget):
    """One agenda item. `title` shows in the step list; `fill` gets every fresh view."""

    title = ""

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(self.tr(self.title)))
        self.message = QLabel()
        self.message.setObjectName("step_message")
        self.message.setStyleSheet("color: #a4262c;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.layout_.addWidget(self.message)
        self.notice = notice_label("step_notice")
        self.layout_.addWidget(self.notice)

    def fill(self, view: MeetingView) -> None:
        """Show the meeting's rows (fields are filled by the binder)."""

    def set_read_only(self, read_only: bool) -> None:
        """Disable what the binder does not own."""

    def say(self, text: str) -> None:
        """A problem to put right (in red); empty clears it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:
            self.notice.hide()

    def tell(self, text: str) -> None:
        """What was just done ("Added: …")."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def run_undoable(self, text: str, do: Callable[[Session], Any],
                     undo: Callable[[Session], Any],
                     redo: Callable[[Session], Any] | None = None,
                     on_done: Callable[[Any], None] | None = None) -> None:
        """Run an edit, then record it for undo (redo repeats `redo` or `do`)."""
        def done(result: Any) -> None:
            self.say("")
            push_done(self.ctx.undo_stack, ServiceCommand(
                text, redo or do, undo, self.ctx.reload, self.on_error))
            if on_done is not None:
                on_done(result)
            self.ctx.reload()

        ops.run_op(self, do, on_done=done, on_error=self.on_error)

    def on_error(self, exc: BaseException) -> None:
        if not isinstance(exc, InputRejected):
            raise exc
        self.say(exc.message[:1].upper() + exc.message[1:])

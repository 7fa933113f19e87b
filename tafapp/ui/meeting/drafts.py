"""Saving a meeting as it is typed: nothing typed is lost.

Each edit is scheduled under a key; 500 ms after the last keystroke (or at once on a step
change, an undo, or closing) every pending key is written in one transaction, each key in its
own savepoint so one bad value (a date like 31/02) never holds back the others. A saved edit
becomes an undo step; consecutive edits of one field merge into one step.

A pause may never come while someone types on, so every unsaved value also goes to the draft
journal (`services.draft_journal`, in the encrypted store) at most JOURNAL_MS after it changed:
that timer is started by the first unjournaled edit and not restarted by the next ones, so it
fires while typing continues. A SIGKILL then loses at most the last second.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.services import draft_journal, meetings
from tafapp.ui import ops
from tafapp.ui.undo import push_done

DEBOUNCE_MS = 500
JOURNAL_MS = 400
_MERGE_ID = 0x7AF
Writer = Callable[[Session, uuid.UUID, Any], None]


def plain(value: Any) -> Any:
    """`value` as the journal stores it (JSON: a score's tuple comes back as a list)."""
    return json.loads(json.dumps(value))


def write_field(field: str) -> Writer:
    def write(s: Session, meeting_id: uuid.UUID, value: Any) -> None:
        meetings.update_meeting(s, meeting_id, **{field: value})
    return write


class DraftSaver(QObject):
    sig_saved = Signal()
    """Every pending edit has been written."""
    sig_rejected = Signal(str, str)
    """(key, message): a value the services refused; it stays on screen, unsaved."""
    sig_accepted = Signal(str)
    """A key whose value was written (clears an earlier rejection)."""
    sig_busy = Signal()
    """Edits are waiting to be written."""

    def __init__(self, undo_stack: QUndoStack, apply: Callable[[str, Any], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meeting_id: uuid.UUID | None = None
        self.undo_stack = undo_stack
        self._apply = apply  # puts a value back into its widget after undo/redo
        self._writers: dict[str, Writer] = {}
        self._labels: dict[str, str] = {}
        self._saved: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}
        self._in_flight = 0
        self._writing: dict[str, int] = {}  # keys written but not yet confirmed
        self._unsaved: dict[str, Any] = {}  # the latest value of each key not yet saved
        self.step_of: Callable[[], int] = lambda: 0  # the agenda step on screen
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._journal_timer = QTimer(self)
        self._journal_timer.setSingleShot(True)
        self._journal_timer.setInterval(JOURNAL_MS)
        self._journal_timer.timeout.connect(self.write_journal)

    def register(self, key: str, label: str, writer: Writer | None = None) -> None:
        self._writers[key] = writer or write_field(key)
        self._labels[key] = label

    def reset(self, meeting_id: uuid.UUID, saved: dict[str, Any]) -> None:
        """A meeting was (re)loaded: these are the values on disk."""
        self._timer.stop()
        self._journal_timer.stop()
        self._pending.clear()
        self._writing.clear()
        self._unsaved.clear()
        self.meeting_id = meeting_id
        self._saved = dict(saved)

    def schedule(self, key: str, value: Any) -> None:
        if self._saved.get(key) == value and key not in self._pending:
            if key in self._unsaved:  # typed back to what is saved, while a write is out
                self._unsaved[key] = value
                self._arm_journal()
            return
        self._pending[key] = value
        self._unsaved[key] = value
        self.sig_busy.emit()
        self._timer.start()
        self._arm_journal()

    def _arm_journal(self) -> None:
        if not self._journal_timer.isActive():
            self._journal_timer.start()

    def write_journal(self) -> None:
        """Put every unsaved value (and the step on screen) in the draft journal now."""
        self._journal_timer.stop()
        if self.meeting_id is None or not self._unsaved:
            return
        mid, step = self.meeting_id, self.step_of()
        values = {k: plain(v) for k, v in self._unsaved.items()}
        ops.run_op(self, lambda s: draft_journal.write(s, mid, step, values))

    def note_step(self, step: int) -> None:
        """The agenda step now on screen, so a restart reopens the meeting there."""
        if self.meeting_id is not None:
            mid = self.meeting_id
            ops.run_op(self, lambda s: draft_journal.write(s, mid, step))

    def keys(self) -> list[str]:
        return list(self._writers)

    def label_of(self, key: str) -> str:
        return self._labels.get(key, key)

    def is_pending(self, key: str) -> bool:
        """Typed but not yet confirmed on disk: a reload must not put an older value back."""
        return key in self._pending or self._writing.get(key, 0) > 0

    @property
    def idle(self) -> bool:
        return not self._pending and self._in_flight == 0

    def flush(self) -> None:
        """Write every pending edit now."""
        self._timer.stop()
        if not self._pending or self.meeting_id is None:
            return
        batch, self._pending = self._pending, {}
        mid = self.meeting_id
        writers = dict(self._writers)

        def job(s: Session) -> dict[str, str]:
            errors: dict[str, str] = {}
            for key, value in batch.items():
                try:
                    with s.begin_nested():
                        writers[key](s, mid, value)
                except InputRejected as exc:
                    errors[key] = exc.message
            draft_journal.saved(s, mid, [k for k in batch if k not in errors])
            return errors

        self._in_flight += 1
        for key in batch:
            self._writing[key] = self._writing.get(key, 0) + 1
        ops.run_op(self, job, on_done=lambda errors: self._on_written(batch, errors),
                   on_error=lambda exc: self._on_failed(batch, exc))

    def _settle(self, batch: dict[str, Any]) -> None:
        self._in_flight -= 1
        for key in batch:
            self._writing[key] -= 1

    def _on_failed(self, batch: dict[str, Any], exc: BaseException) -> None:
        self._settle(batch)
        if isinstance(exc, InputRejected):  # e.g. the meeting was finalised elsewhere
            self.sig_rejected.emit(exc.field, exc.message)
            return
        raise exc

    def _on_written(self, batch: dict[str, Any], errors: dict[str, str]) -> None:
        self._settle(batch)
        for key, value in batch.items():
            if key in errors:
                self.sig_rejected.emit(key, errors[key])
                continue
            old = self._saved.get(key)
            self._saved[key] = value
            if key not in self._pending and self._unsaved.get(key) == value:
                del self._unsaved[key]
            self.sig_accepted.emit(key)
            push_done(self.undo_stack, DraftEditCommand(
                self, key, old, value, self.tr("edit {0}").format(self._labels.get(key, key))))
        if self.idle:
            self.sig_saved.emit()

    def write_now(self, key: str, value: Any) -> None:
        """Undo/redo: write a value at once and put it back on screen when written."""
        mid, writer = self.meeting_id, self._writers[key]
        if mid is None:
            return

        def job(s: Session) -> None:
            writer(s, mid, value)
            draft_journal.saved(s, mid, [key])

        def done(_r: Any) -> None:
            self._saved[key] = value
            self._pending.pop(key, None)
            self._unsaved.pop(key, None)
            self._apply(key, value)
            self.sig_accepted.emit(key)

        ops.run_op(self, job, on_done=done, on_error=self._on_undo_failed)

    def _on_undo_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputRejected):
            self.sig_rejected.emit(exc.field, exc.message)
            return
        raise exc


class DraftEditCommand(QUndoCommand):
    """One field's edit; consecutive edits of the same field merge into one undo step."""

    def __init__(self, saver: DraftSaver, key: str, old: Any, new: Any, text: str) -> None:
        super().__init__(text)
        self.saver, self.key, self.old, self.new = saver, key, old, new
        self._first = True

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DraftEditCommand) or other.key != self.key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._first:  # already written by the saver
            self._first = False
            return
        self.saver.write_now(self.key, self.new)

    def undo(self) -> None:
        self.saver.write_now(self.key, self.old)

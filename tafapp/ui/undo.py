"""Undo and redo over service calls (QUndoStack).

A command is pushed only after its first run succeeded (`push_done`), so a rejected edit
never lands on the stack. Undo and redo each run one service call through `ops.run_op` and
then call `after` (the screen reloads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from tafapp.ui import ops

Job = Callable[[Session], Any]
After = Callable[[], None]


class ServiceCommand(QUndoCommand):
    """`redo_job` re-applies the edit, `undo_job` reverses it; both are service calls."""

    def __init__(self, text: str, redo_job: Job, undo_job: Job, after: After | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(text)
        self._redo_job = redo_job
        self._undo_job = undo_job
        self._after = after
        self._on_error = on_error
        self._first = True

    def _run(self, job: Job) -> None:
        ops.run_op(None, job, on_done=lambda _r: self._after and self._after(),
                   on_error=self._on_error)

    def redo(self) -> None:
        if self._first:  # the edit was already made before the command was pushed
            self._first = False
            return
        self._run(self._redo_job)

    def undo(self) -> None:
        self._run(self._undo_job)


def push_done(stack: QUndoStack, command: QUndoCommand) -> None:
    """Record an edit that has already been applied."""
    stack.push(command)


def undo_actions(stack: QUndoStack, owner: QWidget) -> tuple[QAction, QAction]:
    """Undo (Ctrl+Z) and redo (Ctrl+Shift+Z, Ctrl+Y) actions scoped to `owner` and its
    children, so two pages each keep their own history."""
    undo = stack.createUndoAction(owner, owner.tr("Undo"))
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = stack.createRedoAction(owner, owner.tr("Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        action.setShortcutContext(action.shortcutContext().WidgetWithChildrenShortcut)
        owner.addAction(action)
    return undo, redo

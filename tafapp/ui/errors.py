"""Typed errors from `tafapp.core.errors`, worded for a person: what happened and what to do next.

`install(window)` makes the main window the place where background-job errors appear
(`ops.set_error_handler`). Errors the domain raised on purpose carry a message already written
for people; the sentence here frames it. Anything else is a bug: the person is told so plainly
and the traceback goes to the log, never swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from tafapp.core import errors as e
from tafapp.ui import ops

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def title_for(exc: BaseException) -> str:
    """A short heading for the message box."""
    if isinstance(exc, e.WrongPassphrase):
        return _tr("Wrong passphrase")
    if isinstance(exc, e.ProfileBusy):
        return _tr("Already open")
    if isinstance(exc, e.KeyMissing):
        return _tr("Key not found")
    if isinstance(exc, e.Locked):
        return _tr("Locked")
    if isinstance(exc, e.SchemaTooNew):
        return _tr("Newer version needed")
    if isinstance(exc, e.StoreCorrupt):
        return _tr("Database damaged")
    if isinstance(exc, e.DiskFull):
        return _tr("Disk full")
    if isinstance(exc, e.InputRejected | e.NotFound):
        return _tr("Not saved")
    return _tr("Something went wrong")


def message_for(exc: BaseException) -> str:
    """One or two plain sentences. Typed errors keep their own wording (it names the problem);
    the frame adds what happens next."""
    if isinstance(exc, e.InputRejected):
        return _tr("Please check “{field}”: {message}. Nothing was saved.").format(
            field=exc.field.replace("_", " "), message=exc.message)
    if isinstance(exc, e.NotFound):
        return _tr("That {entity} is no longer on this computer (it may have been removed "
                   "by a sync). Refresh the list and try again.").format(entity=exc.entity)
    if isinstance(exc, e.WrongPassphrase):
        return _tr("That passphrase is not right for this profile. Check Caps Lock and try "
                   "again.")
    if isinstance(exc, e.CaptureBypassed):
        return _tr("tafapp refused a change that would not have been sent to the hub, so "
                   "nothing was saved. Please report this.")
    if isinstance(exc, e.TafError):
        return str(exc)
    if _is_database_error(exc):
        return _tr("tafapp could not read its database, so nothing was changed. If this "
                   "happens again, close tafapp and contact support.")
    if isinstance(exc, OSError):
        return _tr("The computer refused a file operation: {detail}. Nothing was lost.").format(
            detail=exc.strerror or str(exc))
    return _tr("An unexpected error stopped that action; nothing half-done was kept. "
               "Details were written to the log ({kind}).").format(kind=type(exc).__name__)


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError)


def show(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, e.TafError | OSError):
        log.error("unexpected error reached the window", exc_info=exc)
    QMessageBox.warning(parent, title_for(exc), message_for(exc))


def install(parent: QWidget | None) -> Callable[[BaseException], None]:
    """Route every background-job error without its own handler to a message box on `parent`."""

    def handler(exc: BaseException) -> None:
        show(parent, exc)

    ops.set_error_handler(handler)
    return handler

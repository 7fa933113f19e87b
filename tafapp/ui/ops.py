"""The only door from widgets to services.

Every service call runs on one worker thread (so the database sees one writer and the window
never freezes) and its result is posted back to the GUI thread:

    run_query(self, lambda s: caseload.rows(s, today), on_done=self._on_rows_loaded)
    run_op(self, lambda s: plans.set_action_status(s, aid, st), on_done=self._on_saved)
    run_task(self, import_packets_fn, on_done=..., title=self.tr("Importing packets"))

`run_query` gets a read session, `run_op` a write transaction (committed when the function
returns, rolled back if it raises). `run_task` is for long work: the function takes
`(progress, cancelled)` and is shown behind a QProgressDialog after 500 ms, with Cancel.
Tests call `set_inline(True)` so everything runs synchronously in the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from tafapp.errors import TafError
from tafapp.store import Store

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)

_state: dict[str, Any] = {"store": None, "inline": False, "pool": None, "on_error": None}


def set_store(store: Store | None) -> None:
    _state["store"] = store


def current_store() -> Store:
    store = _state["store"]
    if store is None:
        raise RuntimeError("no store is open")
    return store


def set_inline(inline: bool) -> None:
    """Run jobs synchronously (tests)."""
    _state["inline"] = inline


def set_error_handler(handler: Failed | None) -> None:
    """What happens to an error when the caller gave no `on_error` (the main window shows it)."""
    _state["on_error"] = handler


def _pool() -> QThreadPool:
    if _state["pool"] is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)  # one database thread, like Anki's collection thread
        _state["pool"] = pool
    return _state["pool"]


def wait_idle(msecs: int = 30000) -> bool:
    """Block until queued jobs have finished (shutdown, tests)."""
    return _state["pool"] is None or _state["pool"].waitForDone(msecs)


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it, so callbacks run in the GUI thread."""

    sig_done = Signal(object)
    """The job's result."""
    sig_failed = Signal(object)
    """The exception the job raised."""
    sig_progress = Signal(int, int)
    """(done, total) from a long task."""

    def __init__(self, on_done: Done | None, on_error: Failed | None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.sig_done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.sig_failed.connect(self._fail, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, result: object) -> None:
        _live.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _fail(self, exc: object) -> None:
        _live.discard(self)
        assert isinstance(exc, BaseException)
        handler = self._on_error or _state["on_error"]
        if handler is not None:
            handler(exc)
        else:
            log.error("unhandled error in background job", exc_info=exc)


_live: set[_Relay] = set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, never swallowed
            if not isinstance(exc, TafError):
                log.exception("background job failed")
            self._relay.sig_failed.emit(exc)
        else:
            self._relay.sig_done.emit(result)


def _submit(fn: Callable[[], Any], on_done: Done | None, on_error: Failed | None) -> None:
    if _state["inline"]:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - same contract as the threaded path
            handler = on_error or _state["on_error"]
            if handler is None:
                raise
            handler(exc)
            return
        if on_done is not None:
            on_done(result)
        return
    relay = _Relay(on_done, on_error)
    _live.add(relay)
    _pool().start(_Job(fn, relay))


def run_query(parent: QObject | None, fn: Callable[[Session], T], on_done: Done | None = None,
              on_error: Failed | None = None) -> None:
    def job() -> T:
        with current_store().read() as s:
            return fn(s)

    _submit(job, on_done, on_error)


def run_op(parent: QObject | None, fn: Callable[[Session], T], on_done: Done | None = None,
           on_error: Failed | None = None) -> None:
    def job() -> T:
        with current_store().begin() as s:
            return fn(s)

    _submit(job, on_done, on_error)


def run_task(parent: QWidget | None, fn: Callable[[Progress, Callable[[], bool]], T],
             on_done: Done | None = None, on_error: Failed | None = None,
             title: str = "") -> None:
    """Long work behind a progress dialog. `fn(progress, cancelled)`: call progress(done, total)
    as it goes and stop early (leaving nothing half-written) when cancelled() is true."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    flag = {"cancel": False}
    dialog.canceled.connect(lambda: flag.update(cancel=True))
    progress_relay = _Relay(None, None)
    progress_relay.sig_progress.connect(
        lambda d, t: (dialog.setMaximum(max(t, 0)), dialog.setValue(d)),
        Qt.ConnectionType.QueuedConnection,
    )

    def finish(callback: Callable[[Any], None] | None) -> Callable[[Any], None]:
        def inner(value: Any) -> None:
            dialog.reset()
            dialog.deleteLater()
            if callback is not None:
                callback(value)
            elif isinstance(value, BaseException) and _state["on_error"] is not None:
                _state["on_error"](value)
        return inner

    def job() -> T:
        def progress(done: int, total: int) -> None:
            if _state["inline"]:
                return
            progress_relay.sig_progress.emit(done, total)

        return fn(progress, lambda: flag["cancel"])

    _submit(job, finish(on_done), finish(on_error) if on_error else finish(None))

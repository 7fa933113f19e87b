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

At start-up the store may be given as a way to build it (`set_store_source`): the first screen
is read from the start-up connection (`run_call`), and the SQLAlchemy `Store` is built on first
use or in the background after the first paint (`prepare_store`), so its imports are not paid
before the families are on screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from tafapp.core.errors import TafError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tafapp.storage.store import Store

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)

_state: dict[str, Any] = {"store": None, "source": None, "inline": False, "pool": None,
                          "beside": None, "on_error": None, "preparing": None}
_building = threading.Lock()


def set_store(store: Store | None) -> None:
    _state["store"] = store
    _state["source"] = None


def set_store_source(build: Callable[[], Store]) -> None:
    """The store is `build()`, called once on first use (`current_store`, from any thread)."""
    _state["store"] = None
    _state["source"] = build


def has_store() -> bool:
    """A store is open or ready to be built (without building it)."""
    return _state["store"] is not None or _state["source"] is not None


def built_store() -> Store | None:
    """The store if it has been built, without building it."""
    return _state["store"]  # type: ignore[no-any-return]


def current_store() -> Store:
    store = _state["store"]
    if store is not None:
        return store  # type: ignore[no-any-return]
    with _building:
        if _state["store"] is None:
            build = _state["source"]
            if build is None:
                raise RuntimeError("no store is open")
            if isinstance(build, BaseException):
                raise build  # building failed before: the same error, not a second attempt
            try:
                _state["store"] = build()
            except Exception as exc:
                _state["source"] = exc
                raise
            _state["source"] = None
        return _state["store"]  # type: ignore[no-any-return]


def prepare_store() -> None:
    """Build the store in a background thread (after the first paint), so the first job that
    needs a session does not wait for SQLAlchemy's imports. Errors are left for that job."""
    if _state["store"] is not None or _state["source"] is None or _state["preparing"]:
        return
    if _state["inline"]:
        current_store()
        return

    def build() -> None:
        try:
            current_store()
        except Exception:  # noqa: BLE001 - the first job that needs the store raises it again
            log.warning("building the store in the background failed", exc_info=True)

    thread = threading.Thread(target=build, name="tafapp-store", daemon=True)
    _state["preparing"] = thread
    thread.start()


def finish_preparing() -> None:
    """Wait for a background `prepare_store` (shutdown)."""
    thread = _state["preparing"]
    if thread is not None:
        thread.join()
        _state["preparing"] = None


def set_inline(inline: bool) -> None:
    """Run jobs synchronously (tests)."""
    _state["inline"] = inline


def is_inline() -> bool:
    return bool(_state["inline"])


def set_error_handler(handler: Failed | None) -> None:
    """What happens to an error when the caller gave no `on_error` (the main window shows it)."""
    _state["on_error"] = handler


def _pool(name: str = "pool") -> QThreadPool:
    if _state.get(name) is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)  # one database thread, like Anki's collection thread
        _state[name] = pool
    return _state[name]  # type: ignore[no-any-return]


def wait_idle(msecs: int = 30000) -> bool:
    """Block until queued jobs have finished (shutdown, tests)."""
    return all(_state.get(name) is None or _state[name].waitForDone(msecs)
               for name in ("pool", "beside"))


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


def _submit(fn: Callable[[], Any], on_done: Done | None, on_error: Failed | None,
            pool: str = "pool") -> None:
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
    _pool(pool).start(_Job(fn, relay))


def run_call(parent: QObject | None, fn: Callable[[], T], on_done: Done | None = None,
             on_error: Failed | None = None) -> None:
    """A job on the database thread that needs no session (start-up, before the Store)."""
    _submit(fn, on_done, on_error)


def run_beside(parent: QObject | None, fn: Callable[[], T], on_done: Done | None = None,
               on_error: Failed | None = None) -> None:
    """A long read on its own connection and thread, beside the database thread (the
    start-up integrity check), so the person's reads do not queue behind it."""
    _submit(fn, on_done, on_error, pool="beside")


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

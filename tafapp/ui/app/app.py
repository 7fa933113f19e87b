"""The desktop app: QApplication, open (or, on a first run, create) the profile, show the main
window with its lock. `main()` returns the process exit code (0, or the error's CLI code).

Start-up imports only what the first screen needs. An existing profile is opened on a plain
SQLCipher connection (`tafapp.storage.opening`: lock, key, proven key, schema not newer, identity);
the caseload's first rows are read from it on the database thread while the window is built;
the integrity check (`tafapp.ui.app.startup_check`) follows on its own thread and connection once
they are painted (reads go on meanwhile, writes wait for its verdict); SQLAlchemy, the models
and the `Store` come after the first paint (`ops.prepare_store`). Other screens, python-docx
and the packet crypto are imported where they are used.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from tafapp.core.errors import TafError
from tafapp.storage.opening import Opened
from tafapp.storage.profile import Profile
from tafapp.ui import ops, settings
from tafapp.ui.app.startup_check import check_integrity_first

if TYPE_CHECKING:
    from tafapp.storage.store import Store
    from tafapp.ui.app.startup import Early
    from tafapp.ui.lock import LockController
    from tafapp.ui.main_window import MainWindow


@dataclass
class Shell:
    """What `build_shell` made: kept together so tests, screenshots and the benchmark build
    exactly what a person gets. `opened` is the start-up connection until the integrity check
    has finished with it."""

    window: MainWindow
    lock: LockController
    opened: Opened | None = None
    painted: threading.Event = field(default_factory=threading.Event)
    """Set once the caseload's first rows are on screen (at once when there is no start-up
    connection)."""

    @property
    def store(self) -> Store:
        return ops.current_store()

    def stop_checking(self) -> None:
        """Closing: stop a start-up integrity check still running (no verdict is recorded)."""
        opened = self.opened
        if opened is not None:
            opened.interrupt()
        self.painted.set()


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(settings.APPLICATION)
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationDisplayName("tafapp")
    settings.apply_text_size(app)
    return app


def owner_name(store: Store) -> str:
    from tafapp.models import SyncState
    from tafapp.storage.opening import NAME_KEY

    with store.read() as s:
        row = s.get(SyncState, NAME_KEY)
        return row.value if row is not None else ""


def _store_from(opened: Opened) -> Store:
    from tafapp.storage.store import store_from

    return store_from(opened)


def build_shell(source: Store | Opened) -> Shell:
    """The main window on an open store (or a profile opened for start-up), its error handler
    and lock wired, caseload loading."""
    opened = source if isinstance(source, Opened) else None
    first = _FirstRows()
    if opened is not None:
        ops.set_store_source(lambda: _store_from(opened))
        if opened.conn is not None:
            # Queued before the window's modules are imported and its widgets built: the
            # query's SQLite work runs on the database thread meanwhile.
            first.query(opened)
        role, owner, profile = opened.role, opened.owner, opened.profile
    else:
        store: Store = source  # type: ignore[assignment]
        ops.set_store(store)
        role, owner, profile = store.role, owner_name(store), store.profile
    from tafapp.ui import errors
    from tafapp.ui.lock import LockController
    from tafapp.ui.main_window import MainWindow
    from tafapp.ui.unlock import needs_passphrase, unlock_check

    window = MainWindow(role=role, owner=owner)
    errors.install(window)
    lock = LockController(window, unlock_check(profile), needs_passphrase(profile),
                          settings.value(settings.IDLE_LOCK_MINUTES))
    window.lock_controller = lock  # type: ignore[attr-defined]
    window.lock_action.triggered.connect(lock.lock)
    window.lock_button.clicked.connect(lock.lock)
    lock.sig_unlocked.connect(window.refresh)
    shell = Shell(window, lock, opened)
    if opened is None:
        shell.painted.set()
        window.refresh()
        _after_first_paint(window)
    else:
        window.sig_first_paint.connect(shell.painted.set)
        # After the first paint: these need the Store, built only then.
        window.sig_first_paint.connect(lambda: _after_first_paint(window))
        first.window_ready(window)
    return shell


def _after_first_paint(window: MainWindow) -> None:
    """The demo's tour (a demo profile only) and any unread news from the hub."""
    from tafapp.ui.connect.news_box import announce
    from tafapp.ui.connect.tour import attach_tour

    attach_tour(window)
    announce(window)


FIRST_ROWS_WAIT_S = 1.0


class _FirstRows:
    """The caseload's first rows, read on the start-up connection, and the window they go to.
    Started before Qt (tafapp.ui.app.startup), the rows are usually ready once the window is built:
    they are then set before the window is shown, so its first paint has them (waiting at
    most FIRST_ROWS_WAIT_S; otherwise they arrive through the database thread's job)."""

    def __init__(self) -> None:
        self.rows: object = None
        self.window: MainWindow | None = None
        self.opened: Opened | None = None
        self.delivered = False

    def query(self, opened: Opened) -> None:
        from datetime import date

        from tafapp.services.caseload import caseload_sqlite

        self.opened = opened
        execute = opened.conn.execute
        # Open families only: the "Include closed families" box starts unticked.
        job = opened.first_rows or (lambda: caseload_sqlite(execute, date.today()))
        ops.run_call(None, job, on_done=self._arrived)

    def _arrived(self, rows: object) -> None:
        self.rows = rows
        self._hand_over()

    def window_ready(self, window: MainWindow) -> None:
        self.window = window
        ready = self.opened.first_rows_ready if self.opened is not None else None
        if self.rows is None and ready is not None and not ops.is_inline() \
                and ready(FIRST_ROWS_WAIT_S):
            try:
                self.rows = self.opened.first_rows()  # type: ignore[union-attr,misc]
            except Exception:  # noqa: BLE001 - the database thread's job raises it again
                self.rows = None  # and the window's error handler shows it
        self._hand_over()

    def _hand_over(self) -> None:
        if self.rows is not None and self.window is not None and not self.delivered:
            self.delivered = True
            rows, self.rows = self.rows, None
            self.window.show_first_rows(rows)


def open_store(profile: str | None, db: str | None, early: Early | None = None
               ) -> tuple[Store | Opened, bool]:
    """What to show and whether the person chose to try the demo: an existing profile opened
    for start-up (`Opened`, no SQLAlchemy yet), or a Store (a new profile, a hub by URL, a
    profile whose schema had to be migrated first). `early` is what `ui.app.startup.begin` did
    before Qt. Raises UnlockCancelled or a TafError."""
    from tafapp.ui.unlock import create_new, open_for_start

    if db:
        from tafapp.storage import store as store_mod

        return store_mod.open_url(db), False
    where = Profile.at(profile)
    if early is not None and early.error is not None:
        raise early.error
    if where.exists or where.vault_path.exists():
        opened = early.opened if early is not None and early.opened is not None \
            else open_for_start(where)
        if not opened.current:
            return _store_from(opened), False  # migrate before anything is shown
        return opened, False
    st, choice = create_new(where)
    return st, choice.demo


def launch(app: QApplication, source: Store | Opened, demo: bool = False
           ) -> tuple[Shell, list[int]]:
    """Everything `main` does between opening the profile and the event loop: the window, the
    first caseload query, the integrity check queued behind it, the window shown. The list
    gets the exit code 3 if the integrity check fails."""
    damaged: list[int] = []
    shell = build_shell(source)
    built = ops.built_store()
    if shell.opened is not None or (built is not None and built.profile is not None):
        def stop() -> None:
            damaged.append(3)
            shell.window.close()
            app.quit()

        check_integrity_first(shell, stop)
    if damaged:
        return shell, damaged
    shell.window.restore_state()
    shell.window.show()
    if demo:
        shell.window.statusBar().showMessage(shell.window.tr(
            "This is the practice laptop; the tour on the right walks you through the sync "
            "loop."), 15000)
    return shell, damaged


def close(shell: Shell | None, source: Store | Opened) -> None:
    """After the event loop: stop the integrity check if it still runs, wait for the database
    thread, close the store (releasing the profile lock)."""
    if shell is not None:
        shell.stop_checking()
        shell.window.deleteLater()
    ops.wait_idle()
    ops.finish_preparing()
    ops.set_error_handler(None)
    built = ops.built_store()
    ops.set_store(None)
    if built is not None:
        built.close()
    if isinstance(source, Opened):
        source.close()
    elif source is not built:
        source.close()


def main(profile: str | None = None, db: str | None = None, *, early: Early | None = None,
         on_launched: Callable[[Shell], None] | None = None) -> int:
    """`early`: what `tafapp.ui.app.startup.begin` did before Qt was imported (`python main.py`).
    `on_launched` is called with the shell just before the event loop (the benchmark)."""
    from tafapp.ui.errors import show
    from tafapp.ui.unlock import UnlockCancelled

    app = application()
    try:
        source, demo = open_store(profile, db, early)
    except UnlockCancelled:
        return 4 if Profile.at(profile).exists and not db else 0
    except TafError as exc:
        show(None, exc)
        return exc.exit_code
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        # A hub URL that does not answer, or is not a database: say so, start nothing.
        from tafapp.core.errors import StoreError

        show(None, StoreError(f"The hub database at {db} could not be opened "
                              f"({type(exc).__name__}: {str(exc).splitlines()[0]}). "
                              "Check the address and that the server is running."))
        return 3
    shell: Shell | None = None
    try:
        shell, damaged = launch(app, source, demo)
        if damaged:
            return damaged[0]
        if on_launched is not None:
            on_launched(shell)
        code = int(app.exec())
        return damaged[0] if damaged else code
    finally:
        close(shell, source)

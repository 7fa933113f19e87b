"""The desktop app: QApplication, open (or, on a first run, create) the profile, show the main
window with its lock. `main()` returns the process exit code (0, or the error's CLI code).

Heavy libraries (python-docx, the packet crypto, the screens other than the caseload) are
imported where they are used, so the window appears quickly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QWidget

from tafapp.errors import TafError
from tafapp.profile import Profile
from tafapp.store import Store
from tafapp.ui import ops, settings
from tafapp.ui.lock import LockController
from tafapp.ui.main_window import MainWindow


@dataclass
class Shell:
    """What `build_shell` made: kept together so tests, screenshots and the benchmark build
    exactly what a person gets."""

    store: Store
    window: MainWindow
    lock: LockController


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
    from tafapp.cli.init import NAME_KEY
    from tafapp.models import SyncState

    with store.read() as s:
        row = s.get(SyncState, NAME_KEY)
        return row.value if row is not None else ""


def build_shell(store: Store) -> Shell:
    """The main window on an open store, its error handler and lock wired, caseload loading."""
    from tafapp.ui import errors
    from tafapp.ui.unlock import needs_passphrase, unlock_check

    ops.set_store(store)
    window = MainWindow(role=store.role, owner=owner_name(store))
    errors.install(window)
    lock = LockController(window, unlock_check(store), needs_passphrase(store),
                          settings.value(settings.IDLE_LOCK_MINUTES))
    window.lock_controller = lock  # type: ignore[attr-defined]
    window.lock_action.triggered.connect(lock.lock)
    window.lock_button.clicked.connect(lock.lock)
    lock.sig_unlocked.connect(window.refresh)
    window.refresh()
    return Shell(store, window, lock)


def integrity_job(store: Store) -> None:
    """The start-up integrity check (SQLCipher page HMACs and SQLite's quick check), run as
    the first job on the database thread once the caseload query is queued. Every write the
    person makes queues behind it on that single thread, so nothing is written to a damaged
    database; a failure copies the file aside (never deletes it) and raises StoreCorrupt."""
    from sqlalchemy.exc import DBAPIError

    from tafapp import store as store_mod
    from tafapp.errors import StoreCorrupt

    try:
        problems = store_mod.integrity_problems(store.engine)
    except (DBAPIError, MemoryError) as exc:
        # SQLCipher reports a page that fails its HMAC as "out of memory" on some paths.
        problems = [f"unreadable page ({type(exc).__name__})"]
    if not problems:
        if store.profile is not None:
            store_mod.record_integrity_ok(store.profile)
        return
    store.engine.dispose()  # checkpoint the WAL so the copy is the whole database
    aside = store_mod.set_aside(store.profile.db_path) if store.profile else None
    where = f" A copy was kept at {aside};" if aside else ""
    raise StoreCorrupt(f"The database failed its integrity check ({problems[0]}).{where} "
                       "contact support before doing anything else.")


def check_integrity_first(shell: Shell, on_damaged: object) -> None:
    def failed(exc: BaseException) -> None:
        from tafapp.ui.errors import show

        show(shell.window, exc)
        on_damaged()  # type: ignore[operator]

    ops.run_query(shell.window, lambda _s: integrity_job(shell.store), on_error=failed)


def add_demo_data(window: QWidget, families: int, on_done: object = None) -> None:
    """Generate demo families behind a progress dialog (Cancel keeps nothing)."""
    from tafapp.errors import DemoCancelled

    def job(progress: ops.Progress, cancelled: object) -> int:
        from tafapp.demo import generate

        with ops.current_store().begin() as s:
            generate(s, families=families, seed=2026, progress=progress,
                     cancelled=cancelled)  # type: ignore[arg-type]
        return families

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DemoCancelled):
            return
        from tafapp.ui.errors import show

        show(window, exc)

    ops.run_task(window, job, on_done=on_done, on_error=failed,  # type: ignore[arg-type]
                 title=window.tr("Adding demo families…"))


def open_store(profile: str | None, db: str | None) -> tuple[Store, bool]:
    """The store to show and whether the person asked for demo data. Raises UnlockCancelled
    or a TafError."""
    from tafapp import store as store_mod
    from tafapp.ui.unlock import create_new, open_existing

    if db:
        return store_mod.open_url(db), False
    where = Profile.at(profile)
    if where.exists or where.vault_path.exists():
        # The integrity check runs on the database thread after the window is up (see
        # integrity_job): on a large store it reads every page, which would hold up start-up.
        return open_existing(where, check=False), False
    st, choice = create_new(where)
    return st, choice.demo


def main(profile: str | None = None, db: str | None = None) -> int:
    from tafapp.ui.errors import show
    from tafapp.ui.first_run import DEMO_FAMILIES
    from tafapp.ui.unlock import UnlockCancelled

    app = application()
    try:
        store, demo = open_store(profile, db)
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
        from tafapp.errors import StoreError

        show(None, StoreError(f"The hub database at {db} could not be opened "
                              f"({type(exc).__name__}: {str(exc).splitlines()[0]}). "
                              "Check the address and that the server is running."))
        return 3
    damaged: list[int] = []
    shell: Shell | None = None
    try:
        shell = build_shell(store)
        if store.profile is not None:
            def stop() -> None:
                damaged.append(3)
                shell.window.close()
                app.quit()

            check_integrity_first(shell, stop)
        if damaged:
            return damaged[0]
        shell.window.restore_state()
        shell.window.show()
        if demo:
            add_demo_data(shell.window, DEMO_FAMILIES, on_done=lambda _n: shell.window.refresh())
        code = int(app.exec())
        return damaged[0] if damaged else code
    finally:
        if shell is not None:
            shell.window.deleteLater()
        ops.wait_idle()
        ops.set_error_handler(None)
        ops.set_store(None)
        store.close()

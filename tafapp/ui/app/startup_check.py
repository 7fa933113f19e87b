"""The start-up integrity check (SQLCipher page HMACs and SQLite's quick check), run beside
the database thread once the caseload's first rows are painted: reads go on meanwhile, every
write waits at the store's write gate for the verdict, and a damaged database is copied aside
and refuses all writes (docs/decisions-ui-shell.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tafapp.storage.opening import WriteGate
from tafapp.storage.profile import Profile
from tafapp.ui import ops

if TYPE_CHECKING:
    from tafapp.ui.app.app import Shell


def _check(shell: Shell) -> tuple[list[str], Profile | None]:
    """The problems the integrity check found, and the profile checked."""
    opened = shell.opened
    if opened is not None and opened.conn is not None:
        from tafapp.storage import opening

        try:
            if opened.stopping:
                raise opening.CheckInterrupted()
            return opening.integrity_problems(opened.conn), opened.profile
        finally:
            opened.close_connection()
    from sqlalchemy.exc import DBAPIError

    from tafapp.storage import store as store_mod

    store = ops.current_store()
    try:
        return store_mod.integrity_problems(store.engine), store.profile
    except (DBAPIError, MemoryError) as exc:
        # SQLCipher reports a page that fails its HMAC as "out of memory" on some paths.
        return [f"unreadable page ({type(exc).__name__})"], store.profile


FIRST_PAINT_WAIT_S = 3.0


def integrity_job(shell: Shell, gate: WriteGate) -> None:
    """The start-up integrity check (SQLCipher page HMACs and SQLite's quick check), run on its
    own connection and thread once the caseload's first rows are painted. The person's reads go
    on meanwhile; every write waits at `gate` until the check has passed, so nothing is written
    to a damaged database. A failure refuses those writes, copies the file aside (never deletes
    it) and raises StoreCorrupt. Stopped when the app closes first (`Shell.stop_checking`), it
    records nothing."""
    from tafapp.core.errors import StoreCorrupt
    from tafapp.storage import opening

    try:
        if not ops.is_inline():
            # It starts once the first rows are painted, not competing with the paint.
            shell.painted.wait(FIRST_PAINT_WAIT_S)
        try:
            problems, profile = _check(shell)
        except opening.CheckInterrupted:
            gate.release()
            return
        except MemoryError:  # SQLCipher reports a page failing its HMAC so on some paths
            problems = ["unreadable page (MemoryError)"]
            profile = shell.opened.profile if shell.opened is not None else None
        if not problems:
            if profile is not None:
                opening.record_integrity_ok(profile)
            gate.release()
            return
        message = f"The database failed its integrity check ({problems[0]})."
        gate.refuse(f"{message} Nothing more can be saved to it.")
        built = ops.built_store()
        if built is not None:
            built.engine.dispose()  # checkpoint the WAL so the copy is the whole database
        aside = opening.set_aside(profile.db_path) if profile else None
        where = f" A copy was kept at {aside};" if aside else ""
        raise StoreCorrupt(f"{message}{where} contact support before doing anything else.")
    finally:
        if gate.held:  # the check itself broke: no verdict, so no writes
            gate.refuse("The database's integrity check could not finish, so nothing more "
                        "can be saved. Restart tafapp.")


def check_integrity_first(shell: Shell, on_damaged: object) -> None:
    def failed(exc: BaseException) -> None:
        from tafapp.ui.errors import show

        show(shell.window, exc)
        on_damaged()  # type: ignore[operator]

    built = ops.built_store()
    gate = shell.opened.writes if shell.opened is not None else \
        built.writes if built is not None else None
    if gate is None:
        return
    gate.hold()  # before any write can be queued
    ops.run_beside(shell.window, lambda: integrity_job(shell, gate), on_error=failed)

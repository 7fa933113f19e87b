"""The desktop app's first moments, before Qt is imported (`python main.py` comes here).

An existing profile is opened on a plain SQLCipher connection (`tafapp.storage.opening`: lock, key
from the keyring or TAFAPP_PASSPHRASE, key proven, schema not newer, identity) and the
caseload's first query starts in a thread at once, so its SQLite work overlaps the import of
Qt, the QApplication and the window. Anything that needs a person (a passphrase to type, an
error to read) is left to `tafapp.ui.app.app.main`, which has Qt by then.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tafapp.core.errors import Locked, TafError, WrongPassphrase
from tafapp.storage.opening import Opened, open_raw
from tafapp.storage.profile import Profile


@dataclass
class Early:
    """What was done before Qt: the profile opened (or why not), the first rows under way."""

    opened: Opened | None = None
    error: TafError | None = None
    _thread: threading.Thread | None = None
    _result: dict[str, Any] = field(default_factory=dict)

    def start_first_rows(self) -> None:
        assert self.opened is not None and self.opened.conn is not None
        execute = self.opened.conn.execute

        def run() -> None:
            from tafapp.services.caseload import caseload_sqlite

            try:
                # Open families only: the "Include closed families" box starts unticked.
                self._result["rows"] = caseload_sqlite(execute, date.today())
            except BaseException as exc:  # noqa: BLE001 - raised again by first_rows()
                self._result["error"] = exc

        self._thread = threading.Thread(target=run, name="tafapp-first-rows", daemon=True)
        self._thread.start()

    def first_rows(self) -> Any:
        """The first rows (waits for the query); the connection is free again afterwards."""
        if self._thread is not None:
            self._thread.join()
        if "error" in self._result:
            raise self._result["error"]
        return self._result["rows"]

    def first_rows_ready(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the first query; True when it has finished."""
        if self._thread is None:
            return False
        self._thread.join(timeout)
        return not self._thread.is_alive()


def begin(profile: str | None, db: str | None) -> Early | None:
    """Open an existing profile without Qt and start its first query; None when there is
    nothing to open here (a hub by URL, a first run)."""
    if db:
        return None
    where = Profile.at(profile)
    if not (where.exists or where.vault_path.exists()):
        return None
    try:
        opened = open_raw(where)
    except (Locked, WrongPassphrase):
        return Early()  # a passphrase to ask for: the dialog comes with Qt
    except TafError as exc:
        return Early(error=exc)
    early = Early(opened=opened)
    if opened.current:
        early.start_first_rows()
        opened.first_rows = early.first_rows
        opened.first_rows_ready = early.first_rows_ready
    return early


def run(profile: str | None = None, db: str | None = None) -> int:
    """Start the desktop app; the process exit code."""
    early = begin(profile, db)
    from tafapp.ui.app.app import main

    return main(profile, db, early=early)

"""Opening a profile's database without SQLAlchemy: everything that must happen before any
family data is shown, on a plain SQLCipher connection.

Take the profile lock (a second instance is refused), unlock the key (keyring or passphrase),
open SQLCipher with the raw key, prove the key (an unopenable file is reported, never
replaced), refuse a schema written by a newer version, read the device identity. The app
shows its first screen from this connection and builds the SQLAlchemy `Store` after the first
paint (`tafapp.storage.store.store_from`); the command line goes through `store.open_profile`, which
uses the same steps. Importing this module costs no SQLAlchemy, Alembic or Qt.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tafapp.core.errors import ProfileBusy, SchemaTooNew, StoreCorrupt, StoreError, WrongPassphrase
from tafapp.storage.profile import Profile

DEVICE_KEY = "device_id"
ROLE_KEY = "role"
NAME_KEY = "display_name"
VERSIONS = Path(__file__).parents[1] / "migrations" / "versions"
TOO_NEW = ("This database was written by a newer version of tafapp. Install that version to "
           "open it; nothing was changed.")

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


@functools.cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, read from the shipped version files as text, so
    opening a store does not import Alembic unless there is something to migrate."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in VERSIONS.glob("*.py"):
        text_ = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text_), _DOWN.search(text_)
        if rev:
            graph[rev.group(1)] = tuple(re.findall(r"['\"]([^'\"]+)['\"]",
                                                   down.group(1) if down else ""))
    return graph


def head_revision() -> str:
    graph = revision_graph()
    followed = {d for downs in graph.values() for d in downs}
    heads = sorted(set(graph) - followed)
    if len(heads) != 1:
        raise StoreError(f"this build's migrations have {len(heads)} heads; expected one")
    return heads[0]


def lock_profile(profile: Profile) -> Any:
    """The profile's file lock, held until the store closes; ProfileBusy if another process
    (a window or a command) holds it."""
    from filelock import FileLock, Timeout

    profile.root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(profile.lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise ProfileBusy(
            "tafapp is already open on this profile (another window or command). Close it "
            "and try again."
        ) from None
    return lock


def configure(dbapi_conn: Any, key: bytes) -> None:
    """Key a fresh SQLCipher connection and set what every tafapp connection uses."""
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (BEGIN IMMEDIATE)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    cur.execute("PRAGMA cipher_memory_security = OFF")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA cache_size = -16384")  # 16 MiB of decrypted pages per connection
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def connect(path: Path, key: bytes) -> Any:
    """A keyed SQLCipher connection. Usable from another thread than the one that opened it,
    one thread at a time (the database thread takes it over after start-up)."""
    import sqlcipher3

    conn = sqlcipher3.dbapi2.connect(str(path), check_same_thread=False)
    try:
        configure(conn, key)
    except sqlcipher3.dbapi2.DatabaseError as exc:
        conn.close()
        raise _unreadable(exc) from exc
    return conn


def _unreadable(exc: Exception) -> StoreError:
    if "not a database" in str(exc):
        return WrongPassphrase(
            "The key does not open this database (wrong key, or not a tafapp database). "
            "Nothing was changed."
        )
    return StoreCorrupt(f"The database could not be read ({exc}). Nothing was changed.")


def prove_key(dbapi_conn: Any) -> None:
    """Read the schema: a wrong key reads as "not a database" (WrongPassphrase), anything
    else unreadable is StoreCorrupt. Nothing is written either way."""
    import sqlcipher3

    try:
        dbapi_conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        raise _unreadable(exc) from exc


def stored_revision(dbapi_conn: Any) -> str | None:
    found = dbapi_conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if found is None:
        return None
    row = dbapi_conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def check_revision(current: str | None) -> bool:
    """True when the schema is at this build's head; False when it needs migrating; raises
    SchemaTooNew for a revision this build does not know (written by a newer version)."""
    if current == head_revision():
        return True
    if current is not None and current not in revision_graph():
        raise SchemaTooNew(TOO_NEW)
    return False


def read_state(dbapi_conn: Any, *keys: str) -> dict[str, str]:
    marks = ", ".join("?" for _ in keys)
    rows = dbapi_conn.execute(f"SELECT key, value FROM sync_state WHERE key IN ({marks})", keys)
    return {str(k): str(v) for k, v in rows}


class WriteGate:
    """Writes wait here while the start-up integrity check runs; reads do not. Open until
    `hold()`; `release()` lets the waiting writes through, `refuse()` fails them (a damaged
    database is never written to)."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._done.set()
        self._refusal: str | None = None

    def hold(self) -> None:
        self._refusal = None
        self._done.clear()

    def release(self) -> None:
        self._done.set()

    def refuse(self, message: str) -> None:
        self._refusal = message
        self._done.set()

    @property
    def held(self) -> bool:
        return not self._done.is_set()

    def wait(self) -> None:
        """Return once writes may go ahead; StoreCorrupt if the check failed."""
        self._done.wait()
        if self._refusal is not None:
            raise StoreCorrupt(self._refusal)


@dataclass
class Opened:
    """A profile opened for the first screen: its lock held, its key proven, its schema at
    head (`current` False means it still needs migrating, which `store_from` does)."""

    profile: Profile
    key: bytes
    conn: Any
    lock: Any
    device_id: str
    role: str
    owner: str
    current: bool
    stopping: bool = False
    first_rows: Callable[[], Any] | None = None
    """The caseload's first rows when a query already started on `conn` (tafapp.ui.app.startup):
    nothing else may use `conn` until this has returned."""
    first_rows_ready: Callable[[float], bool] | None = None
    """Wait up to so many seconds for that query; True once it has finished."""

    def __post_init__(self) -> None:
        self._guard = threading.Lock()
        self.writes = WriteGate()

    def interrupt(self) -> None:
        """Stop a statement running on `conn` from another thread (closing the app). Never at
        the same time as the connection is being closed: SQLite's interrupt on a closed
        handle is a use after free."""
        self.stopping = True
        with self._guard:
            if self.conn is not None:
                self.conn.interrupt()

    def close_connection(self) -> None:
        if self.first_rows is not None:
            waiting, self.first_rows = self.first_rows, None
            with contextlib.suppress(Exception):  # only waiting for the query to let go
                waiting()
        with self._guard:
            if self.conn is not None:
                self.conn.close()
                self.conn = None

    def close(self) -> None:
        """Give everything back when no Store took it over (start-up stopped)."""
        self.close_connection()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_raw(profile: Profile, passphrase: str | None = None) -> Opened:
    """Open an existing profile up to the point where its families may be shown. Raises the
    same typed errors as `store.open_profile`; on any error the lock is released and nothing
    was written."""
    from tafapp.core.errors import InputRejected
    from tafapp.storage.vault import Vault

    if not profile.db_path.exists():
        raise InputRejected(
            "profile", f"there is no tafapp profile at {profile.root}; run `tafapp init` first"
        )
    lock = lock_profile(profile)
    conn = None
    try:
        key = Vault(profile).unlock(passphrase)
        conn = connect(profile.db_path, key)
        prove_key(conn)
        current = check_revision(stored_revision(conn))
        state = read_state(conn, DEVICE_KEY, ROLE_KEY, NAME_KEY) if current else {}
        if current and DEVICE_KEY not in state:
            raise StoreCorrupt("This database has no device identity; it was left untouched.")
        return Opened(profile, key, conn, lock, state.get(DEVICE_KEY, ""),
                      state.get(ROLE_KEY, "practitioner"), state.get(NAME_KEY, ""), current)
    except BaseException:
        if conn is not None:
            conn.close()
        lock.release()
        raise


class CheckInterrupted(Exception):
    """The integrity check was stopped (the app is closing): no verdict either way."""


def integrity_problems(dbapi_conn: Any) -> list[str]:
    """SQLCipher's page HMAC check and SQLite's quick check; an empty list means healthy.
    Raises CheckInterrupted if `dbapi_conn.interrupt()` stopped it."""
    import sqlcipher3

    problems: list[str] = []
    try:
        problems += [str(r[0]) for r in dbapi_conn.execute("PRAGMA cipher_integrity_check")]
        rows = [str(r[0]) for r in dbapi_conn.execute("PRAGMA quick_check")]
        problems += [r for r in rows if r != "ok"]
    except sqlcipher3.dbapi2.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise CheckInterrupted() from exc
        problems.append(f"unreadable page ({exc})")
    except sqlcipher3.dbapi2.DatabaseError as exc:
        problems.append(f"unreadable page ({exc})")
    return problems


def set_aside(path: Path) -> Path:
    """Copy a damaged database aside (never moved or deleted); returns the copy's path."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.copy2(path, aside)
    return aside


CHECK_MARKER = "integrity-checked"
CHECK_EVERY_S = 24 * 3600


def integrity_check_due(profile: Profile) -> bool:
    """True unless a full integrity check of this profile passed within the last day."""
    marker = profile.root / CHECK_MARKER
    return not marker.exists() or time.time() - marker.stat().st_mtime > CHECK_EVERY_S


def record_integrity_ok(profile: Profile) -> None:
    (profile.root / CHECK_MARKER).touch()

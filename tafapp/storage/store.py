"""Engines and sessions: the SQLCipher store of a profile, or a PostgreSQL hub by URL.

Opening a profile: take the profile lock, unlock the key, open SQLCipher with the raw key,
prove the key, check integrity, refuse a database written by a newer version, migrate an
older one (after copying it aside). Nothing here ever creates a new database over one that
cannot be opened.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from tafapp.core.errors import (
    DiskFull,
    InputRejected,
    SchemaTooNew,
    StoreCorrupt,
    WrongPassphrase,
    is_disk_full,
)
from tafapp.models import SyncState
from tafapp.storage import capture, opening, summary_upkeep
from tafapp.storage.opening import CHECK_EVERY_S as CHECK_EVERY_S
from tafapp.storage.opening import CHECK_MARKER as CHECK_MARKER
from tafapp.storage.opening import integrity_check_due, record_integrity_ok, set_aside
from tafapp.storage.profile import Profile
from tafapp.storage.vault import KdfParams, Vault

DEVICE_KEY = opening.DEVICE_KEY
ROLE_KEY = opening.ROLE_KEY


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parents[1] / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return opening.head_revision()


def _known_revisions() -> set[str]:
    return set(opening.revision_graph())


def current_revision(conn: Any) -> str | None:
    from sqlalchemy import inspect as sa_inspect

    if not sa_inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, backup_from: Path | None = None) -> None:
    """Bring the schema to head. A newer schema is refused; an older SQLite file is copied
    aside first, so a failed migration never costs the user their data."""
    with engine.connect() as conn:
        current = current_revision(conn)
    head = head_revision()
    if current == head:
        return
    if current is not None and current not in _known_revisions():
        raise SchemaTooNew(opening.TOO_NEW)
    if current is not None and backup_from is not None and backup_from.exists():
        engine.dispose()
        shutil.copy2(backup_from, backup_from.with_name(f"{backup_from.name}.before-{head}"))
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def _sqlcipher_engine(path: Path, key: bytes) -> Engine:
    import sqlcipher3

    # One worker thread uses the pool after the main thread opened it; each connection is
    # still used by one thread at a time.
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3.dbapi2,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        opening.configure(dbapi_conn, key)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _prove_key(engine: Engine) -> None:
    from sqlalchemy.exc import DatabaseError

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DatabaseError as exc:
        engine.dispose()
        if "not a database" not in str(exc.orig):
            raise StoreCorrupt(f"The database could not be read ({exc.orig}). Nothing was "
                               "changed.") from exc
        raise WrongPassphrase(
            "The key does not open this database (wrong key, or not a tafapp database). "
            "Nothing was changed."
        ) from exc


def integrity_problems(engine: Engine) -> list[str]:
    """SQLCipher's page HMAC check and SQLite's quick check; an empty list means healthy."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        return opening.integrity_problems(conn.connection.dbapi_connection)


@dataclass
class Store:
    """An open database. Use `begin()` for a unit of work; close() releases the profile lock."""

    engine: Engine
    device_id: str
    role: str
    profile: Profile | None = None
    _lock: Any = None
    writes: opening.WriteGate = field(default_factory=opening.WriteGate)
    """Held while the app's start-up integrity check runs: `begin()` waits for it."""
    _factory: sessionmaker[Session] = field(init=False)
    _ctx: capture.CaptureContext = field(init=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        capture.install(self._factory)
        summary_upkeep.install(self._factory)
        with self._factory() as s:
            clock = capture.load_clock(s, self.device_id)
        self._ctx = capture.CaptureContext(self.device_id, clock)

    @property
    def clock(self) -> capture.HybridClock:
        return self._ctx.clock

    def session(self) -> Session:
        s = self._factory()
        s.info[capture.CAPTURE_KEY] = self._ctx
        return s

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE on SQLite): committed on success, rolled back
        on any exception. Waits while the start-up integrity check runs (`writes`), and
        raises StoreCorrupt if that check failed."""
        self.writes.wait()
        try:
            with self.session() as s, s.begin():
                yield s
        except DBAPIError as exc:
            if is_disk_full(exc):
                raise DiskFull("The disk is full, so nothing was saved. Free some space and "
                               "try again; what was saved before is safe.") from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.session() as s:
            try:
                yield s
            finally:
                s.rollback()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _lock_profile(profile: Profile) -> Any:
    return opening.lock_profile(profile)


def _read_identity(engine: Engine) -> tuple[str, str]:
    with Session(engine) as s:
        dev = s.get(SyncState, DEVICE_KEY)
        role = s.get(SyncState, ROLE_KEY)
        if dev is None:
            raise StoreCorrupt("This database has no device identity; it was left untouched.")
        return dev.value, role.value if role else "practitioner"


def _write_identity(engine: Engine, role: str) -> None:
    with Session(engine) as s, s.begin():
        if s.get(SyncState, DEVICE_KEY) is None:
            s.add(SyncState(key=DEVICE_KEY, value=uuid.uuid4().hex))
            s.add(SyncState(key=ROLE_KEY, value=role))


def create_profile(
    profile: Profile, role: str, passphrase: str | None = None, kdf: KdfParams | None = None
) -> Store:
    """Make a new profile: key, empty encrypted database at head, device identity."""
    if profile.db_path.exists() or profile.vault_path.exists():
        raise InputRejected("profile", f"a profile already exists at {profile.root}")
    lock = _lock_profile(profile)
    try:
        profile.write_meta(role)
        key = Vault(profile).create(passphrase, kdf)
        engine = _sqlcipher_engine(profile.db_path, key)
        _prove_key(engine)
        migrate(engine)
        _write_identity(engine, role)
        device_id, role = _read_identity(engine)
        return Store(engine, device_id, role, profile, lock)
    except BaseException:
        lock.release()
        raise


def open_profile(
    profile: Profile, passphrase: str | None = None, *, check: bool | str = True
) -> Store:
    """Open a profile's store. `check`: True runs the full integrity check now, False skips it
    (the app runs it in the background), "daily" runs it when the last one that passed is over
    a day old (the command line: the check reads every page, seconds on a large store)."""
    if not profile.db_path.exists():
        raise InputRejected(
            "profile", f"there is no tafapp profile at {profile.root}; run `tafapp init` first"
        )
    lock = _lock_profile(profile)
    try:
        key = Vault(profile).unlock(passphrase)
        engine = _sqlcipher_engine(profile.db_path, key)
        _prove_key(engine)
        if check == "daily":
            check = integrity_check_due(profile)
        if check:
            problems = integrity_problems(engine)
            if problems:
                engine.dispose()
                aside = set_aside(profile.db_path)
                raise StoreCorrupt(
                    f"The database failed its integrity check ({problems[0]}). A copy was kept "
                    f"at {aside}; contact support before doing anything else."
                )
            record_integrity_ok(profile)
        migrate(engine, backup_from=profile.db_path)
        device_id, role = _read_identity(engine)
        return Store(engine, device_id, role, profile, lock)
    except BaseException:
        lock.release()
        raise


def store_from(opened: opening.Opened) -> Store:
    """The SQLAlchemy store of a profile `opening.open_raw` opened; it takes over the profile
    lock. A schema that still needs migrating is migrated here (copied aside first), after the
    start-up connection is closed. The start-up connection is otherwise left to its owner."""
    try:
        engine = _sqlcipher_engine(opened.profile.db_path, opened.key)
        if not opened.current:
            opened.close_connection()
            migrate(engine, backup_from=opened.profile.db_path)
        device_id, role = _read_identity(engine)
    except BaseException:
        opened.close()
        raise
    store = Store(engine, device_id, role, opened.profile, opened.lock, opened.writes)
    opened.lock = None
    return store


def open_url(url: str, role: str = "hub", *, create: bool = False) -> Store:
    """A hub database by SQLAlchemy URL (PostgreSQL for a borough). Encryption at rest there is
    the server's job."""
    engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    if create:
        _write_identity(engine, role)
    device_id, role = _read_identity(engine)
    return Store(engine, device_id, role)

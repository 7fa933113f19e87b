"""Engines and sessions: the SQLCipher store of a profile, or a PostgreSQL hub by URL.

Opening a profile: take the profile lock, unlock the key, open SQLCipher with the raw key,
prove the key, check integrity, refuse a database written by a newer version, migrate an
older one (after copying it aside). Nothing here ever creates a new database over one that
cannot be opened.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
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
from tafapp.models import LocalSecret, SyncState
from tafapp.storage import capture, keystore, opening, summary_upkeep
from tafapp.storage.clock import HybridClock
from tafapp.storage.opening import CHECK_EVERY_S as CHECK_EVERY_S
from tafapp.storage.opening import CHECK_MARKER as CHECK_MARKER
from tafapp.storage.opening import integrity_check_due, record_integrity_ok, set_aside
from tafapp.storage.profile import Profile
from tafapp.storage.vault import KdfParams, Vault, new_recovery

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
    version: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return version


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
    keys: keystore.ExternalKeys | None = None
    """A hub's keys, kept outside its database; None on a laptop (keys in the database)."""
    recovery_key: str | None = None
    """Only on the Store that created the profile: the recovery key, to show once."""
    _factory: sessionmaker[Session] = field(init=False)
    _ctx: capture.CaptureContext = field(init=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        capture.install(self._factory)
        summary_upkeep.install(self._factory)
        with self._factory() as s:
            clock = capture.load_clock(s, self.device_id)
            old_secrets = self.keys is not None and s.scalar(
                select(LocalSecret.name).limit(1)) is not None
        self._ctx = capture.CaptureContext(self.device_id, clock)
        if old_secrets:
            self._move_keys_out()

    def _move_keys_out(self) -> None:
        """An older hub kept its private keys in its database: move them to its key store."""
        assert self.keys is not None
        if self.keys.recovery_recipient is None and not self.keys.path.exists():
            self.recovery_key, self.keys.recovery_recipient = new_recovery()
        with self.begin() as s:
            moved = keystore.move_out_of_database(s, self.keys)
            from tafapp.storage import audit

            audit.record(s, "identity", self.device_id, "private keys moved out of the database",
                         detail={"keys": moved, "to": self.keys.path.name})

    @property
    def clock(self) -> HybridClock:
        return self._ctx.clock

    def session(self) -> Session:
        s = self._factory()
        s.info[capture.CAPTURE_KEY] = self._ctx
        if self.keys is not None:
            s.info[keystore.KEYS_INFO] = self.keys
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


def _write_identity(engine: Engine, role: str) -> bool:
    """Give a new database its identity; False if it already had one."""
    with Session(engine) as s, s.begin():
        if s.get(SyncState, DEVICE_KEY) is not None:
            return False
        s.add(SyncState(key=DEVICE_KEY, value=uuid.uuid4().hex))
        s.add(SyncState(key=ROLE_KEY, value=role))
        return True


def _hub_keys(profile: Profile, device_id: str, role: str, passphrase: str | None,
              recipient: str | None, kdf: KdfParams | None = None
              ) -> keystore.ExternalKeys | None:
    if role != "hub":
        return None
    return keystore.ExternalKeys(profile, device_id, passphrase, recipient, kdf)


def create_profile(
    profile: Profile, role: str, passphrase: str | None = None, kdf: KdfParams | None = None
) -> Store:
    """Make a new profile: key, empty encrypted database at head, device identity."""
    if profile.db_path.exists() or profile.vault_path.exists():
        raise InputRejected("profile", f"a profile already exists at {profile.root}")
    lock = _lock_profile(profile)
    try:
        profile.write_meta(role)
        recovery_key, recipient = new_recovery()
        key = Vault(profile).create(passphrase, kdf, recipient)
        opening.create_private(profile.db_path)
        engine = _sqlcipher_engine(profile.db_path, key)
        _prove_key(engine)
        migrate(engine)
        _write_identity(engine, role)
        device_id, role = _read_identity(engine)
        keys = _hub_keys(profile, device_id, role, passphrase, recipient, kdf)
        return Store(engine, device_id, role, profile, lock, keys=keys,
                     recovery_key=recovery_key)
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
        keys = _hub_keys(profile, device_id, role, passphrase, Vault(profile).recovery_recipient)
        return Store(engine, device_id, role, profile, lock, keys=keys)
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
    keys = _hub_keys(opened.profile, device_id, role, opened.passphrase,
                     Vault(opened.profile).recovery_recipient)
    store = Store(engine, device_id, role, opened.profile, opened.lock, opened.writes, keys)
    opened.lock = None
    return store


ADMIN_DB_ENV = "TAFAPP_ADMIN_DB"


def open_url(url: str, role: str = "hub", *, create: bool = False,
             profile: Profile | None = None, passphrase: str | None = None,
             admin_url: str | None = None) -> Store:
    """A hub database by SQLAlchemy URL (PostgreSQL for a borough). Encryption at rest there is
    the server's job; the hub's private keys stay on this computer, in the keyring or in the
    profile folder (`profile`, by default the user's), never in the database.

    Migrations run as the owner role (`admin_url`, else TAFAPP_ADMIN_DB, else `url` itself);
    the store runs as `url`'s role, which needs data rights only (`tafapp.storage.pg_roles`)."""
    from tafapp.storage import pg_roles

    engine = create_engine(url, pool_pre_ping=True)
    admin_url = admin_url or os.environ.get(ADMIN_DB_ENV) or None
    pg_roles.migrate_as_owner(engine, admin_url, migrate)
    recovery_key = recipient = None
    if create:
        recovery_key, recipient = new_recovery()
        if not _write_identity(engine, role):
            recovery_key = recipient = None  # an existing hub: its keys stay as they are
    device_id, role = _read_identity(engine)
    keys = _hub_keys(Profile.at(profile.root if profile else None), device_id, role,
                     passphrase, recipient)
    return Store(engine, device_id, role, keys=keys, recovery_key=recovery_key)

"""A PostgreSQL server for hub tests: the one `.ci/run` started (TAFAPP_TEST_PG_URL), or a
throwaway cluster started here from the machine's PostgreSQL binaries.

Hub tests run least-privileged (docs/security.md, "PostgreSQL roles"): `hub_database` makes a
database owned by OWNER_ROLE (it runs the migrations) and hands the hub APP_ROLE's URL, which
has data rights only. Both roles are created here if the server lacks them (`.ci/run` creates
them too)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "TAFAPP_TEST_PG_URL"
OWNER_ROLE = "tafapp_owner"
APP_ROLE = "tafapp_app"


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server() -> Iterator[str | None]:
    """Yield a server URL (database `postgres`), or None if no PostgreSQL is available."""
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    data = tempfile.mkdtemp(prefix="tafapp-pg-")
    run: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        run = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*run, initdb, "-D", data, "-U", "tafapp", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    subprocess.run([*run, pg_ctl, "-D", data, "-o", opts, "-w", "-l", f"{data}/log", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://tafapp@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run, pg_ctl, "-D", data, "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"tafapp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _as(url: str, user: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user, password=None, database=database) \
        .render_as_string(hide_password=False)


def ensure_roles(server_url: str) -> None:
    """The owner role (may create databases, nothing more) and the app role (log in, nothing
    more), neither a superuser."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role, extra in ((OWNER_ROLE, "CREATEDB"), (APP_ROLE, "")):
            found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                 {"r": role}).scalar()
            if not found:
                conn.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEROLE {extra}"))
    admin.dispose()


@contextmanager
def hub_database(server_url: str) -> Iterator[tuple[str, str]]:
    """A new database owned by OWNER_ROLE, nobody else allowed to create in it: yields
    (app URL, owner URL). Dropped afterwards."""
    from sqlalchemy import create_engine, text

    ensure_roles(server_url)
    name = f"tafapp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
    from sqlalchemy.engine import make_url

    superuser = str(make_url(server_url).username)
    inside = create_engine(_as(server_url, superuser, name), isolation_level="AUTOCOMMIT")
    with inside.connect() as conn:
        conn.execute(text(f"ALTER SCHEMA public OWNER TO {OWNER_ROLE}"))
        conn.execute(text("REVOKE ALL ON SCHEMA public FROM PUBLIC"))
        conn.execute(text(f"REVOKE ALL ON DATABASE \"{name}\" FROM PUBLIC"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE \"{name}\" TO {APP_ROLE}"))
    inside.dispose()
    try:
        yield _as(server_url, APP_ROLE, name), _as(server_url, OWNER_ROLE, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

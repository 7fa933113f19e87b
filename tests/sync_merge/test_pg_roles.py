"""Issue 11 item 9: on PostgreSQL the migrations run as the owner role and the hub runs as a
role with data rights only (no DDL, no superuser)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from tafapp.cli import main as cli
from tafapp.core.errors import StoreError
from tafapp.storage.store import open_url


def test_the_hub_runs_with_data_rights_only(pg_url: str) -> None:
    with open_url(pg_url, create=True) as hub:
        assert hub.engine.url.username == "tafapp_app"
        with hub.engine.connect() as conn:
            assert conn.execute(text("SELECT rolsuper OR rolcreatedb OR rolcreaterole "
                                     "FROM pg_roles WHERE rolname = current_user")).scalar() \
                is False
        for ddl in ("CREATE TABLE intruder (x int)", "DROP TABLE family",
                    "ALTER TABLE family ADD COLUMN x int", "TRUNCATE audit_event",
                    "DELETE FROM alembic_version"):
            with hub.engine.connect() as conn, pytest.raises(ProgrammingError) as exc:
                conn.execute(text(ddl))
            assert exc.value.orig.sqlstate == "42501", ddl  # type: ignore[union-attr]
        with hub.begin() as s:  # data rights: it can do its work
            s.execute(text("INSERT INTO sync_state (key, value) VALUES ('probe', 'x')"))
            s.execute(text("DELETE FROM sync_state WHERE key = 'probe'"))


def test_without_the_owner_a_new_database_is_refused_with_a_reason(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAFAPP_ADMIN_DB")
    with pytest.raises(StoreError, match="--admin-db"):
        open_url(pg_url, create=True)
    engine = create_engine(pg_url)
    with engine.connect() as conn:  # nothing was half-made
        assert conn.execute(text("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_schema = 'public'")).scalar() == 0
    engine.dispose()


def test_the_command_line_takes_both_urls(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    owner = os.environ["TAFAPP_ADMIN_DB"]
    monkeypatch.delenv("TAFAPP_ADMIN_DB")
    assert cli(["--db", pg_url, "--admin-db", owner, "init", "--role", "hub", "--name",
                "Borough hub", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recovery_key"].startswith("AGE-SECRET-KEY-1")
    assert cli(["--db", pg_url, "identity", "--json", "--out", str(tmp_path / "hub.json")]) == 0
    assert json.loads(capsys.readouterr().out)["role"] == "hub"
    assert cli(["--db", pg_url, "audit", "verify", "--json"]) == 0

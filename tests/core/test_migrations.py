"""The shipped Alembic history and the models agree, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from tafapp.models import Base, load_index_declarations
from tafapp.storage.store import current_revision, head_revision, migrate


def _diff(engine) -> list:  # type: ignore[no-untyped-def]
    load_index_declarations()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_empty_sqlite_upgrades_to_head_with_no_diff(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path}/m.db")
    migrate(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    assert _diff(engine) == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_postgresql_upgrades_to_head_with_no_diff(pg_url: str) -> None:
    engine = create_engine(pg_url)
    migrate(engine)
    assert _diff(engine) == []
    engine.dispose()

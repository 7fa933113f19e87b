"""Alembic environment. tafapp runs migrations itself (store.migrate) with a live connection;
`alembic` on the command line works too with `-x url=...`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from tafapp.models import Base, load_index_declarations

load_index_declarations()

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass -x url=DATABASE_URL")
    with create_engine(url).begin() as conn:
        _run(conn)

"""PostgreSQL least privilege: two roles for one hub database.

- The **owner** role owns the schema and runs the migrations (DDL). The coordinator's
  everyday commands never need it: give it as `--admin-db URL` or TAFAPP_ADMIN_DB only when
  creating or upgrading the hub.
- The **app** role (the `--db URL`'s user) has data rights only: SELECT, INSERT, UPDATE,
  DELETE on the tables, USAGE on the sequences, SELECT on `alembic_version`; no DDL, no
  superuser. After every migration the owner grants these again, so a new table is covered.

With no owner URL the store migrates as the app role itself (a one-role setup, or a
database already at head); if that role may not run DDL, the refusal says to pass
`--admin-db`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, create_engine, text

from tafapp.core.errors import StoreError

_DATA_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
NEEDS_OWNER = ("The hub database needs creating or upgrading, which takes its owner role, "
               "and {role} may not change the schema (that is right: the hub runs with data "
               "rights only). Run the command once with --admin-db URL (or TAFAPP_ADMIN_DB) "
               "naming the owner role. Nothing was changed.")


def grant_data_rights(owner: Engine, app_role: str) -> None:
    """As the owner: give `app_role` data rights on every table and sequence, and nothing
    that changes the schema."""
    quote = owner.dialect.identifier_preparer.quote
    role = quote(app_role)
    with owner.begin() as conn:
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        conn.execute(text(f"GRANT {_DATA_RIGHTS} ON ALL TABLES IN SCHEMA public TO {role}"))
        conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))


def migrate_as_owner(engine: Engine, admin_url: str | None,
                     migrate: Callable[[Engine], None]) -> None:
    """Bring `engine`'s database to head with the owner role when one is given, then grant
    the app role its data rights; otherwise migrate as the app role (see the module)."""
    if engine.dialect.name != "postgresql":
        migrate(engine)
        return
    if admin_url:
        owner = create_engine(admin_url)
        try:
            migrate(owner)
            app_role = engine.url.username
            if app_role and app_role != owner.url.username:
                grant_data_rights(owner, app_role)
        finally:
            owner.dispose()
        return
    from sqlalchemy.exc import ProgrammingError

    try:
        migrate(engine)
    except ProgrammingError as exc:
        # insufficient_privilege, or no schema it may create in
        if getattr(exc.orig, "sqlstate", "") not in ("42501", "3F000"):
            raise
        raise StoreError(NEEDS_OWNER.format(role=engine.url.username or "this role")) \
            from None

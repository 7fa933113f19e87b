"""Bulk work in one transaction (the demo generator, a rebuild of the report summary).

On the encrypted SQLite store every page read from disk is decrypted into a page cache of
16 MiB per connection (`opening.py`): plenty for a person's edits, but a bulk insert into
tables with several indexes keeps evicting and decrypting the same index pages again. With a
larger cache for the length of the bulk work, rebuilding the summary of a 10,000-family store
took 5.5 s instead of 11.2 s, and 7.9 s instead of 13.1 s inside the demo's own transaction
(docs/bench-store.md). PostgreSQL manages its own buffers: nothing changes there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

BULK_CACHE_MIB = 128


@contextmanager
def larger_cache(session: Session, mib: int = BULK_CACHE_MIB) -> Iterator[None]:
    """A page cache of `mib` MiB on this session's SQLite connection while the block runs;
    the connection's own size afterwards, even when the block fails."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    before = int(dbapi.execute("PRAGMA cache_size").fetchone()[0])
    dbapi.execute(f"PRAGMA cache_size = -{int(mib) * 1024}")
    try:
        yield
    finally:
        # Straight on the DB-API connection: it works even when the transaction has failed.
        dbapi.execute(f"PRAGMA cache_size = {before}")


__all__ = ["BULK_CACHE_MIB", "larger_cache"]

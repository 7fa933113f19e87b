"""Bulk work gets a larger SQLite page cache for its length, and the connection gets its own
size back afterwards, also when the work fails."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tafapp.storage.bulk import BULK_CACHE_MIB, larger_cache
from tafapp.storage.store import Store, open_url


def _cache(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.execute(text("PRAGMA cache_size")).scalar_one())


def test_larger_cache_inside_and_the_old_size_after(store: Store) -> None:
    with store.begin() as s:
        before = _cache(s)
        with larger_cache(s):
            assert _cache(s) == -BULK_CACHE_MIB * 1024
        assert _cache(s) == before
        with pytest.raises(RuntimeError), larger_cache(s, mib=64):
            assert _cache(s) == -64 * 1024
            raise RuntimeError("the bulk work failed")
        assert _cache(s) == before


def test_larger_cache_changes_nothing_on_postgresql(pg_url: str) -> None:
    hub = open_url(pg_url, role="hub", create=True)
    try:
        with hub.begin() as s:
            before = s.execute(text("SHOW work_mem")).scalar_one()
            with larger_cache(s):
                assert s.execute(text("SELECT 1")).scalar_one() == 1
            assert s.execute(text("SHOW work_mem")).scalar_one() == before
    finally:
        hub.close()

"""Helpers for the report summary tests: the summary as rows, compared with a rebuild."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tafapp.models import SUMMARY_TABLES
from tafapp.storage.reports.summary import rebuild
from tafapp.storage.store import Store


def summary_rows(session: Any) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in SUMMARY_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        rows = session.execute(select(*table.columns)).all()
        out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def kept_vs_rebuilt(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    """The summary as the hub kept it, and as a rebuild from the raw tables writes it (the
    rebuild is rolled back)."""
    with store.read() as s:
        kept = summary_rows(s)
        rebuild(s)
        fresh = summary_rows(s)
    return kept, fresh


def assert_summary_current(store: Store) -> None:
    kept, fresh = kept_vs_rebuilt(store)
    for name in fresh:
        stale = sorted(set(kept[name]) - set(fresh[name]), key=repr)
        missing = sorted(set(fresh[name]) - set(kept[name]), key=repr)
        assert kept[name] == fresh[name], (
            f"{name} is stale: kept but not rebuilt {stale}; rebuilt but not kept {missing}")

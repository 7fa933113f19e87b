"""Change capture: every change to a syncable row becomes field-level ops in the outbox, in
the same flush, from one `before_flush` hook. Bulk UPDATE/DELETE/INSERT statements on
syncable tables are refused, so no write path can skip capture by accident.

A session is given a `CaptureContext` by the store (`session.info["capture"]`). Code that
replays ops from elsewhere (the hub applying a packet, a device applying a receipt) wraps its
writes in `suspended(session)` and maintains the sync columns itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from tafapp.core.errors import CaptureBypassed
from tafapp.models import OutboxOp, Syncable, SyncState, new_id, syncable_tables
from tafapp.models.base import SYNC_META
from tafapp.storage.clock import HybridClock
from tafapp.storage.codec import encode
from tafapp.storage.session_events import attach_once

CAPTURE_KEY = "capture"
SUSPEND_KEY = "capture_suspended"
BYPASS_OPTION = "tafapp_capture_bypass"
CLOCK_STATE_KEY = "clock"


@dataclass
class CaptureContext:
    device_id: str
    clock: HybridClock


def load_clock(session: Session, device_id: str) -> HybridClock:
    row = session.get(SyncState, CLOCK_STATE_KEY)
    return HybridClock(device_id, row.value if row and row.value else None)


def synced_fields(cls: type[Any]) -> list[str]:
    """The fields of a syncable model that travel as ops (everything but the sync metadata)."""
    return [a.key for a in inspect(cls).column_attrs if a.key not in SYNC_META]


@contextmanager
def suspended(session: Session) -> Iterator[None]:
    """Write without capture, for replaying ops that already have an origin elsewhere."""
    before = session.info.get(SUSPEND_KEY, False)
    session.info[SUSPEND_KEY] = True
    try:
        yield
    finally:
        session.info[SUSPEND_KEY] = before


def tombstone(session: Session, row: Syncable) -> None:
    """Delete a syncable row the only allowed way: mark it; the mark travels as an op."""
    ctx = _context(session)
    row.deleted_hlc = ctx.clock.tick()


def _context(session: Session) -> CaptureContext:
    ctx = session.info.get(CAPTURE_KEY)
    if not isinstance(ctx, CaptureContext):
        raise CaptureBypassed("this session has no change-capture context; use store.begin()")
    return ctx


def _default_for(cls: type[Any], key: str) -> Any:
    column = inspect(cls).columns[key]
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)
    return None


def _ops_for_new(obj: Syncable, ctx: CaptureContext) -> list[OutboxOp]:
    cls = type(obj)
    if obj.id is None:
        obj.id = new_id()
    hlc = ctx.clock.tick()
    ops: list[OutboxOp] = []
    versions: dict[str, str] = {}
    for key in synced_fields(cls):
        value = getattr(obj, key)
        if value is None:
            value = _default_for(cls, key)
            if value is not None:
                setattr(obj, key, value)
        ops.append(_op(cls.__tablename__, obj.id, key, value, None, hlc, ctx.device_id))
        versions[key] = hlc
    obj.created_hlc = hlc
    obj.updated_hlc = hlc
    obj.updated_by = ctx.device_id
    obj.versions = versions
    return ops


def _ops_for_dirty(obj: Syncable, ctx: CaptureContext) -> list[OutboxOp]:
    cls = type(obj)
    state = inspect(obj)
    changed: list[tuple[str, Any]] = []
    for key in synced_fields(cls):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        new = getattr(obj, key)
        old = hist.deleted[0] if hist.deleted else None
        if hist.deleted and encode(old) == encode(new):
            continue
        changed.append((key, new))
    if not changed:
        return []
    hlc = ctx.clock.tick()
    versions = dict(obj.versions or {})
    ops = [
        _op(cls.__tablename__, obj.id, key, value, versions.get(key), hlc, ctx.device_id)
        for key, value in changed
    ]
    for key, _ in changed:
        versions[key] = hlc
    obj.versions = versions
    obj.updated_hlc = hlc
    obj.updated_by = ctx.device_id
    return ops


def _op(
    entity: str, row_id: uuid.UUID, field: str, value: Any, base: str | None, hlc: str, dev: str
) -> OutboxOp:
    return OutboxOp(
        op_id=new_id(), entity=entity, row_id=row_id, field=field, value=encode(value),
        base_hlc=base, hlc=hlc, device_id=dev,
    )


def _save_clock(session: Session, ctx: CaptureContext) -> None:
    row = session.get(SyncState, CLOCK_STATE_KEY)
    if row is None:
        session.add(SyncState(key=CLOCK_STATE_KEY, value=ctx.clock.last))
    else:
        row.value = ctx.clock.last


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    if session.info.get(SUSPEND_KEY):
        return
    syncable_touched = any(isinstance(o, Syncable) for o in (*session.new, *session.dirty))
    for obj in session.deleted:
        if isinstance(obj, Syncable):
            raise CaptureBypassed(
                f"{type(obj).__tablename__} rows are never deleted; use capture.tombstone()"
            )
    if not syncable_touched:
        return
    ctx = _context(session)
    ops: list[OutboxOp] = []
    for obj in list(session.new):
        if isinstance(obj, Syncable):
            ops.extend(_ops_for_new(obj, ctx))
    for obj in list(session.dirty):
        if isinstance(obj, Syncable) and obj not in session.new:
            ops.extend(_ops_for_dirty(obj, ctx))
    if ops:
        session.add_all(ops)
        _save_clock(session, ctx)


def _guard_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    if state.execution_options.get(BYPASS_OPTION) or state.session.info.get(SUSPEND_KEY):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in syncable_tables():
        raise CaptureBypassed(
            f"bulk statements on {name} would skip change capture; change rows through the ORM"
        )


def install(session_factory: Any) -> None:
    """Attach capture to a sessionmaker (or Session class). Idempotent."""
    attach_once(session_factory, "capture",
                (("before_flush", _before_flush), ("do_orm_execute", _guard_bulk)))


def bulk_insert(
    session: Session, model: type[Any], rows: Iterable[dict[str, Any]], *, queue: bool = True
) -> int:
    """Insert many rows of one syncable model fast, with their sync columns and (if `queue`)
    their ops, in one executemany each. Used by the demo generator and benchmarks."""
    ctx = _context(session)
    fields = synced_fields(model)
    defaults = {k: _default_for(model, k) for k in fields}
    table_rows: list[dict[str, Any]] = []
    op_rows: list[dict[str, Any]] = []
    for src in rows:
        row = {k: src.get(k, defaults[k]) for k in fields}
        row["id"] = src.get("id") or new_id()
        hlc = ctx.clock.tick()
        row.update(created_hlc=hlc, updated_hlc=hlc, updated_by=ctx.device_id,
                   versions=dict.fromkeys(fields, hlc))
        table_rows.append(row)
        if queue:
            for k in fields:
                op_rows.append({
                    "op_id": new_id(), "entity": model.__tablename__, "row_id": row["id"],
                    "field": k, "value": encode(row[k]), "base_hlc": None, "hlc": hlc,
                    "device_id": ctx.device_id,
                })
    if not table_rows:
        return 0
    _insert_many(session, model, table_rows)
    from tafapp.storage import summary_upkeep

    summary_upkeep.note_rows(session, model.__tablename__, table_rows)
    if op_rows:
        _insert_many(session, OutboxOp, op_rows)
    _save_clock(session, ctx)
    return len(table_rows)


def _versions_json(versions: dict[str, str]) -> str:
    """JSON text of a versions map. Keys are column names and values HLCs from our own clock
    (digits, dots and hex), so nothing needs escaping; `json.dumps` costs 3x as much."""
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in versions.items()) + "}"


def _insert_many(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """One executemany of same-shaped rows. On SQLite the statement is built once and each
    column's bind processor applied directly, skipping the ORM's per-row bookkeeping (most of
    the cost of a large demo); elsewhere the ORM's bulk insert does the same job."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        # render_nulls keeps every row the same shape: one executemany, not one per pattern
        # of NULLs.
        session.execute(insert(model), rows,
                        execution_options={BYPASS_OPTION: True, "render_nulls": True})
        return
    table = model.__table__
    columns = [c for c in table.columns if c.key in rows[0]]
    procs: list[Any] = []
    for col in columns:
        if col.key == "versions":
            procs.append(_versions_json)
        else:
            procs.append(col.type.dialect_impl(conn.dialect).bind_processor(conn.dialect))
    names = ", ".join(f'"{c.name}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    # Column by column, then zipped into rows: one comprehension per column instead of a
    # generator per row, about half the Python time of a large demo's writer.
    values = []
    for col, proc in zip(columns, procs, strict=True):
        key = col.key
        if proc is None:
            values.append([r[key] for r in rows])
        else:
            values.append([None if v is None else proc(v) for v in (r[key] for r in rows)])
    params = list(zip(*values, strict=True))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', params)


def pending_count(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(OutboxOp)) or 0

"""Test harness: fast plain-SQLite stores (copied from one migrated template), and moving
payloads between devices and a hub without the envelope (the envelope has its own tests)."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.orm import Session

from tafapp.models import AppliedOp, Conflict, PacketLog, SyncState, syncable_tables
from tafapp.storage.codec import encode
from tafapp.storage.store import Store, migrate
from tafapp.sync import outgoing, receipts
from tafapp.sync.apply import ImportResult, MergeRefused, import_changes

_TEMPLATE: dict[str, Path] = {}


def _engine(path: Path) -> Any:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _fk(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        # Throwaway test stores: durability is tested elsewhere (crash bench), speed matters.
        dbapi_conn.execute("PRAGMA synchronous = OFF")
        dbapi_conn.execute("PRAGMA journal_mode = MEMORY")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def sqlite_store(folder: Path, role: str, device_id: str | None = None) -> Store:
    """A plain SQLite store with foreign keys on, like a profile but without the cipher."""
    template = _TEMPLATE.get("t")
    if template is None or not template.exists():
        template = Path(folder).parent / f"template-{uuid.uuid4().hex}.db"
        engine = _engine(template)
        migrate(engine)
        engine.dispose()
        _TEMPLATE["t"] = template
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "store.db"
    shutil.copy(template, path)
    engine = _engine(path)
    dev = device_id or uuid.uuid4().hex
    with Session(engine) as s, s.begin():
        s.add(SyncState(key="device_id", value=dev))
        s.add(SyncState(key="role", value=role))
    return Store(engine, dev, role)


@dataclass(frozen=True)
class Packet:
    packet_id: str
    device_id: str
    sequence: int
    sha: str
    body: str
    op_count: int

    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


def export(dev: Store) -> Packet:
    with dev.begin() as s:
        ch = outgoing.gather_changes(s)
        body = json.dumps(ch.payload, sort_keys=True)
        sha = hashlib.sha256(body.encode()).hexdigest()
        outgoing.record_export(s, ch.sequence, sha)
    return Packet(uuid.uuid4().hex, dev.device_id, ch.sequence, sha, body, ch.op_count)


def deliver(hub: Store, p: Packet) -> ImportResult:
    """Import like `packet import` does: a refusal rolls the whole transaction back."""
    try:
        with hub.begin() as s:
            return import_changes(s, packet_id=p.packet_id, device_id=p.device_id,
                                  sequence=p.sequence, content_sha256=p.sha, payload=p.payload())
    except MergeRefused as exc:
        return ImportResult("rejected", reason=exc.code, message=exc.message)


def receipt(hub: Store, dev: Store) -> receipts.ReceiptResult:
    with hub.begin() as s:
        r = receipts.build_receipt(s, dev.device_id)
        receipts.record_receipt(s, dev.device_id, r.sequence)
    body = json.dumps(r.payload, sort_keys=True)
    with dev.begin() as s:
        return receipts.apply_receipt(s, packet_id=uuid.uuid4().hex,
                                      content_sha256=hashlib.sha256(body.encode()).hexdigest(),
                                      sender_id=hub.device_id, payload=json.loads(body))


def record_state(st: Store) -> dict[str, Any]:
    """Every syncable row (all columns), plus open conflicts: what convergence compares."""
    out: dict[str, Any] = {}
    with st.read() as s:
        for name, model in sorted(syncable_tables().items()):
            cols = [c.key for c in model.__table__.columns]  # type: ignore[attr-defined]
            rows = s.execute(select(*[getattr(model, c) for c in cols])).all()
            out[name] = sorted((tuple(encode(v) for v in r) for r in rows), key=repr)
        conflicts = s.scalars(select(Conflict).where(Conflict.status == "open")).all()
        out["conflicts"] = sorted(
            (c.kind, c.entity, str(c.row_id), c.field, json.dumps(c.values, sort_keys=True),
             c.winner) for c in conflicts)
    return out


def content_dump(st: Store) -> dict[str, Any]:
    """Every table's rows (all of them, not only syncable), for before/after comparisons."""
    out: dict[str, Any] = {}
    with st.read() as s:
        for table in sorted(st.engine.dialect.get_table_names(s.connection())):
            rows = s.execute(text(f'SELECT * FROM "{table}"')).all()
            out[table] = sorted(tuple(map(repr, r)) for r in rows)
    return out


def counts(st: Store) -> dict[str, int]:
    with st.read() as s:
        ops = s.scalars(select(AppliedOp.outcome)).all()
        packets = s.scalars(select(PacketLog.ops_duplicate)).all()
    return {"applied": ops.count("applied"), "noop": ops.count("noop"),
            "conflicted": ops.count("conflicted"), "duplicate": sum(packets)}

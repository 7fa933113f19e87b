"""Running a batch of hostile packets through `packets.import_files` and checking what must
hold for every file, whatever it holds:

1. no exception escapes the import; every file gets a result, a status and a sentence;
2. a refused file changes nothing at all (every table of the hub, compared by fingerprint
   before and after that file);
3. an accepted file's good ops are all recorded as applied (`applied_op`), so an honest
   packet in a mixed batch always goes in.

`FILE_CHECKS` is the place for more: each is called after every file with what the test
knows (the plans, the result, the hub) — for example, once ops are authorised per family,
"no op on a family not held changed it".
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from tafapp.models import AppliedOp
from tafapp.storage.store import Store
from tafapp.sync import packets
from tests.hostile.strategies import Materialised, Plan

STATUSES = {"applied", "duplicate", "rejected"}


@dataclass
class Sent:
    plans: list[Plan]
    made: Materialised
    path: Path


@dataclass
class Tally:
    packets: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)

    def add(self, result: dict[str, Any]) -> None:
        self.packets += 1
        self.by_status[result["status"]] = self.by_status.get(result["status"], 0) + 1
        if result["reason"]:
            self.by_reason[result["reason"]] = self.by_reason.get(result["reason"], 0) + 1


FileCheck = Callable[[Store, Sent, dict[str, Any]], None]


def _applied_ops_recorded(hub: Store, sent: Sent, result: dict[str, Any]) -> None:
    if result["status"] != "applied" or not sent.made.good_op_ids:
        return
    ids = {uuid.UUID(i) for i in sent.made.good_op_ids}
    with hub.read() as s:
        found = set(s.scalars(select(AppliedOp.op_id).where(AppliedOp.op_id.in_(list(ids)))))
    assert found == ids, f"good ops of an applied packet missing: {len(ids - found)}"


FILE_CHECKS: list[FileCheck] = [_applied_ops_recorded]


# Tables a refused packet may still write to: the audit trail, which records every file,
# refused ones too (issue 11 item 7), so "changes nothing" means "no record changed".
LOG_TABLES: frozenset[str] = frozenset({"audit_event"})


_SIDES: dict[str, sqlite3.Connection] = {}


def _side(path: str) -> sqlite3.Connection:
    """A connection of the test's own to a SQLite hub file, kept open: its `data_version`
    changes exactly when another connection commits, whatever table it wrote."""
    if path not in _SIDES:
        _SIDES[path] = sqlite3.connect(path, check_same_thread=False)
    return _SIDES[path]


def fingerprint(hub: Store) -> str:
    """Changes whenever anything in the hub changes, `LOG_TABLES` aside. PostgreSQL: a digest
    of every row of every table, in one round trip. SQLite: `data_version` (no commit at all)
    while `LOG_TABLES` is empty, else a digest of every row read as plain tuples."""
    path = hub.engine.url.database
    if hub.engine.dialect.name == "sqlite" and not LOG_TABLES and path:
        return f"v{_side(path).execute('PRAGMA data_version').fetchone()[0]}"
    with hub.read() as s:
        conn = s.connection()
        tables = [t for t in sorted(hub.engine.dialect.get_table_names(conn))
                  if t not in LOG_TABLES]
        if hub.engine.dialect.name == "postgresql":
            parts = ", ".join(
                f"(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                f'FROM "{t}" x)' for t in tables)
            return "".join(conn.execute(text(f"SELECT {parts}")).one())
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        digest = hashlib.sha256()
        for t in tables:
            rows = cursor.execute(f'SELECT * FROM "{t}"').fetchall()
            digest.update(repr(sorted(rows, key=repr)).encode())
        return digest.hexdigest()


def run_batch(hub: Store, batch: list[Sent], tally: Tally) -> list[dict[str, Any]]:
    """Import `batch` as one `import_files` call and check every file (see module doc)."""
    prints = [fingerprint(hub)]
    results = packets.import_files(hub, [b.path for b in batch],
                                   progress=lambda i, n: prints.append(fingerprint(hub)))
    assert len(results) == len(batch) == len(prints) - 1
    for i, (sent, result) in enumerate(zip(batch, results, strict=True)):
        tally.add(result)
        assert result["status"] in STATUSES, result
        assert result["message"] and "Traceback" not in result["message"], result
        if result["status"] == "rejected":
            assert result["reason"], result
            assert result["reason"] != "internal_error", (result, sent.plans)
            assert prints[i + 1] == prints[i], ("a refused packet changed the hub",
                                                result, sent.plans)
        if sent.made.all_good:
            assert result["status"] == "applied", (result, sent.plans)
        for check in FILE_CHECKS:
            check(hub, sent, result)
    return results

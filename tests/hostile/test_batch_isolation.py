"""Each file of a batch stands alone: whatever one packet makes the hub's database do (a value
it will not store, a full disk, an error nobody foresaw), that file is refused with a reason
and a sentence, nothing of it is kept, and the files around it are imported."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from tafapp.sync import packets
from tests.hostile.world import HostileWorld, hostile_world
from tests.sync_merge.harness import content_dump


@pytest.fixture
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    with hostile_world(tmp_path) as w:
        yield w


@pytest.fixture
def pg_world(tmp_path: Path, pg_url: str):  # type: ignore[no-untyped-def]
    with hostile_world(tmp_path, pg_url) as w:
        yield w


def _good(w: HostileWorld) -> Path:
    return w.forge.packet(w.forge.new_family()[1])


def _batch(w: HostileWorld, bad: Path) -> tuple[list[dict[str, Any]], list[Any]]:
    """good, bad, good: the results, and the hub's content after each file."""
    files = [_good(w), bad, _good(w)]
    dumps: list[Any] = [content_dump(w.hub)]
    results = packets.import_files(w.hub, files,
                                   progress=lambda i, n: dumps.append(content_dump(w.hub)))
    return results, dumps


def _isolated(results: list[dict[str, Any]], dumps: list[Any], reason: str) -> None:
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert results[1]["reason"] == reason, results[1]
    assert results[1]["message"] and "Traceback" not in results[1]["message"]
    assert dumps[2] == dumps[1], "the refused packet changed the hub"
    assert dumps[1] != dumps[0] and dumps[3] != dumps[2]


def _held_not_stored(results: list[dict[str, Any]], dumps: list[Any]) -> None:
    """A value the services refuse is held at the door (`invalid_value`): its packet is
    imported, the new family it would make is held whole, nothing of it reaches the records,
    and the files around it are imported."""
    assert [r["status"] for r in results] == ["applied", "applied", "applied"], results
    assert results[1]["ops_held"] == results[1]["ops_total"] > 0, results[1]
    assert results[1]["ops_applied"] == 0, results[1]
    assert dumps[2]["family"] == dumps[1]["family"], "a refused value reached the records"
    assert dumps[1] != dumps[0] and dumps[3]["family"] != dumps[2]["family"]


def test_an_integer_sqlite_cannot_store(world: HostileWorld) -> None:
    bad = world.forge.packet(world.forge.new_family(level_of_need=2**63)[1])
    _held_not_stored(*_batch(world, bad))


@pytest.mark.postgres
@pytest.mark.parametrize("values", [{"level_of_need": 2**40},
                                    {"household_name": "Nul\x00byte"}],
                         ids=["int_out_of_range", "nul_character"])
def test_values_postgresql_cannot_store(pg_world: HostileWorld, values: dict[str, Any]) -> None:
    bad = pg_world.forge.packet(pg_world.forge.new_family(**values)[1])
    _held_not_stored(*_batch(pg_world, bad))


def test_a_full_sqlite_database_is_a_full_disk(world: HostileWorld) -> None:
    """SQLite's own "database or disk is full", made real with max_page_count."""
    big = world.forge.packet([op for _ in range(60) for op in world.forge.new_family(
        closure_note="x" * 2000)[1]])
    engine = world.hub.engine

    def cap(dbapi_conn: Any, _rec: Any) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 8}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    try:
        results, dumps = _batch(world, big)
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()
    _isolated(results, dumps, "disk_full")
    assert "disk is full" in results[1]["message"]


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"),
                                 RuntimeError("an error nobody foresaw")],
                         ids=["enospc", "unexpected"])
def test_any_exception_stays_with_its_file(world: HostileWorld, exc: Exception,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = packets.import_changes
    bad_ids: set[str] = set()

    def flaky(session: Any, **kw: Any) -> Any:
        out = real(session, **kw)
        if kw["packet_id"] in bad_ids:
            raise exc  # after the merge wrote its rows: the rollback must undo them
        return out

    monkeypatch.setattr(packets, "import_changes", flaky)
    bad = _good(world)
    from tafapp.sync import identity, registry
    from tafapp.sync.envelope import open_packet

    with world.hub.read() as s:
        manifest, _ = open_packet(bad, identities=identity.age_identities(s),
                                  verify_key=registry.device_verify_key(s),
                                  expected_recipient_id=world.hub.device_id)
    bad_ids.add(manifest.packet_id)
    results, dumps = _batch(world, bad)
    _isolated(results, dumps, "disk_full" if isinstance(exc, OSError) else "internal_error")


def test_cli_answers_every_file_in_json(world: HostileWorld, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`packet import --json` over a batch with a value the services refuse (held) and a file
    that is not there (rejected): one JSON answer per file, a sentence each, exit 3, no
    traceback."""
    import json

    from tafapp.cli import packet as cli_packet

    files = [_good(world), world.forge.packet(world.forge.new_family(level_of_need=2**63)[1]),
             tmp_path / "missing.tafpacket", _good(world)]
    args = type("A", (), {"files": [str(f) for f in files], "json": True, "db": None})()
    monkey = pytest.MonkeyPatch()
    monkey.setattr(cli_packet, "open_store", lambda _a: _Borrowed(world.hub))
    try:
        code = cli_packet.run_import(args)  # type: ignore[arg-type]
    finally:
        monkey.undo()
    out = capsys.readouterr()
    doc = json.loads(out.out)
    assert code == 3 and "Traceback" not in out.err
    assert [r["status"] for r in doc] == ["applied", "applied", "rejected", "applied"]
    assert doc[1]["ops_held"] == doc[1]["ops_total"] > 0
    assert all(r["message"] for r in doc)


class _Borrowed:
    """The test's open hub as `open_store` returns it, without closing it afterwards."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __enter__(self) -> Any:
        return self.store

    def __exit__(self, *exc: object) -> None:
        return None

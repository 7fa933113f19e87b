"""Same seed and day, same families (ids apart); another seed, other families."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tafapp.demo import generate
from tafapp.models import base as model_base
from tafapp.models import syncable_tables
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tests.conftest import FAST_KDF

TODAY = date(2026, 11, 24)
SKIP = {"created_hlc", "updated_hlc", "updated_by", "versions", "deleted_hlc"}


def _snapshot(root: Path, families: int, seed: int, **kw: Any) -> dict[str, list[tuple]]:
    """Every syncable table's rows as sorted tuples of their content. Ids and links are
    fresh per run, so ids are left out and each reference becomes its sequence number."""
    store = create_profile(Profile(root), "practitioner", passphrase="snapshot pass",
                           kdf=FAST_KDF)
    try:
        with store.begin() as s:
            generate(s, families, seed=seed, today=TODAY, **kw)
        out: dict[str, list[tuple]] = {}
        with store.read() as s:
            for name, model in syncable_tables().items():
                cols = [c for c in model.__table__.columns if c.name not in SKIP]
                rows = []
                for row in s.execute(select(*cols)):
                    values = []
                    for col, value in zip(cols, row, strict=True):
                        if isinstance(value, uuid.UUID) or col.name.endswith("_ids"):
                            continue
                        if col.name == "reference":
                            value = value.rsplit("-", 1)[-1]
                        values.append(value)
                    rows.append(tuple(map(repr, values)))
                out[name] = sorted(rows)
        return out
    finally:
        store.close()


def test_same_seed_same_families(tmp_path: Path) -> None:
    one = _snapshot(tmp_path / "a", 30, seed=5)
    two = _snapshot(tmp_path / "b", 30, seed=5)
    assert one == two
    assert len(one["family"]) == 30 and len(one["meeting"]) > 30


def test_other_seed_other_families(tmp_path: Path) -> None:
    one = _snapshot(tmp_path / "a", 30, seed=5)
    other = _snapshot(tmp_path / "b", 30, seed=6)
    assert one["person"] != other["person"]


def test_worker_process_makes_the_same_rows(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The two-core path (rows made in a worker process) writes exactly what the one-process
    path writes; small chunks make the worker run with a handful of families."""
    import importlib

    gen = importlib.import_module("tafapp.demo.generate")
    monkeypatch.setattr(gen, "CHUNK", 8)
    inline = _snapshot(tmp_path / "a", 30, seed=9, workers=0)
    worker = _snapshot(tmp_path / "b", 30, seed=9, workers=1)
    assert inline == worker


def test_ids_are_fresh_uuid7(tmp_path: Path) -> None:
    store = create_profile(Profile(tmp_path / "p"), "practitioner", passphrase="snapshot pass",
                           kdf=FAST_KDF)
    try:
        with store.begin() as s:
            generate(s, 5, seed=1, today=TODAY)
        with store.read() as s:
            ids = list(s.scalars(select(syncable_tables()["family"].id)))
        assert all(i.version == 7 for i in ids) and len(set(ids)) == 5
        assert model_base.new_id().version == 7
    finally:
        store.close()

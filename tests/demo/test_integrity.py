"""Demo rows are valid records: reference data, sync columns, no outbox, reopenable store."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tafapp.core import reference
from tafapp.core.errors import DemoCancelled, InputRejected
from tafapp.demo import DEMO_KEY, generate, is_demo
from tafapp.models import Agency, Family, Need, OutboxOp, Person, SyncState, syncable_tables
from tafapp.services import validation as v
from tafapp.services.caseload import caseload
from tafapp.services.records import family_record
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_profile
from tests.conftest import FAST_KDF
from tests.demo.conftest import PASSPHRASE, SHAPE_FAMILIES, TODAY


def test_values_validate_against_reference_data(demo_store: Any) -> None:
    store = demo_store[0]
    with store.read() as s:
        for a in s.scalars(select(Agency)):
            assert v.sector(a.sector) == a.sector
        for f in s.scalars(select(Family)):
            assert v.postcode(f.postcode) == f.postcode
            assert v.level_of_need(f.level_of_need) in reference.levels_of_need()
            if f.closure_reason is not None:
                assert v.closure_reason(f.closure_reason) == f.closure_reason
            assert f.reference.startswith(f"TAF-{f.opened_on.year}-")
        for code in s.scalars(select(Need.outcome_code)):
            assert code in reference.outcomes()
        refs = list(s.scalars(select(Family.reference)))
        assert len(set(refs)) == len(refs)


def test_every_syncable_row_has_sync_columns_and_nothing_is_queued(demo_store: Any) -> None:
    store = demo_store[0]
    with store.read() as s:
        for name, model in syncable_tables().items():
            missing = s.scalar(select(func.count()).select_from(model).where(
                (model.created_hlc == "") | (model.updated_hlc == "")
                | (model.updated_by != store.device_id) | model.deleted_hlc.is_not(None)))
            assert missing == 0, name
            for versions in s.scalars(select(model.versions).limit(20)):
                assert versions, name
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 0
        assert s.get(SyncState, DEMO_KEY).value == "1"
        assert is_demo(s)


def test_services_read_demo_families(demo_store: Any) -> None:
    store = demo_store[0]
    with store.read() as s:
        rows = caseload(s, TODAY, include_closed=True)
        assert len(rows) == SHAPE_FAMILIES
        assert any(r.review_overdue for r in rows) and any(r.overdue_actions for r in rows)
        record = family_record(s, rows[0].id)
        assert record["people"] and record["needs"] and record["meetings"]
        assert all(a["owner"] for a in record["actions"])


def test_demo_data_survives_reopening(tmp_path: Any) -> None:
    profile = Profile(tmp_path / "reopen")
    store = create_profile(profile, "practitioner", passphrase=PASSPHRASE, kdf=FAST_KDF)
    try:
        with store.begin() as s:
            generate(s, 25, seed=3, today=TODAY)
        with store.read() as s:
            before = sorted(s.scalars(select(Person.first_name + " " + Person.last_name)))
    finally:
        store.close()
    again = open_profile(profile, PASSPHRASE)
    try:
        with again.read() as s:
            assert s.scalar(select(func.count()).select_from(Family)) == 25
            names = sorted(s.scalars(select(Person.first_name + " " + Person.last_name)))
            assert names == before
            assert is_demo(s)
    finally:
        again.close()


def test_bad_family_count_is_refused_and_nothing_written(store: Store) -> None:
    for bad in (0, -5, 100_001, True, "10"):
        with pytest.raises(InputRejected) as info, store.begin() as s:
            generate(s, bad)  # type: ignore[arg-type]
        assert info.value.field == "families"
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Agency)) == 0
        assert not is_demo(s)


def test_cancel_keeps_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(DemoCancelled), store.begin() as s:
        generate(s, 30, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: True)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Family)) == 0
        assert s.scalar(select(func.count()).select_from(Agency)) == 0
    assert seen == []


def test_demo_rows_written_in_bulk_reach_the_report_summary(demo_store: Any) -> None:
    """The generator writes with bulk inserts and rebuilds the report summary once at the
    end: the kept summary is what a rebuild from the demo's rows writes, one row per family."""
    from tests.reports.summary_check import kept_vs_rebuilt

    st, summary = demo_store
    kept, fresh = kept_vs_rebuilt(st)
    assert kept == fresh
    assert len(kept["report_family"]) == summary.families

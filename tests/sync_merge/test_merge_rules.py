"""The merge rules one by one, through real services on two devices and a hub."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tafapp.models import Action, AppliedOp, CaseNote, Conflict, Family, OutboxOp
from tafapp.services import directory, families, plans
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_url
from tafapp.sync import conflicts, receipts
from tests.sync_merge.harness import (
    counts,
    deliver,
    export,
    receipt,
    record_state,
    sqlite_store,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def trio(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "postgresql":
        hub = open_url(request.getfixturevalue("pg_url"), role="hub", create=True)
    else:
        hub = create_profile(Profile(tmp_path / "hub"), "hub")  # encrypted, as shipped
    a = sqlite_store(tmp_path / "a", "practitioner")
    b = sqlite_store(tmp_path / "b", "practitioner")
    yield hub, a, b
    for st in (hub, a, b):
        st.close()


def _family(dev: Store) -> tuple[str, str]:
    with dev.begin() as s:
        ag = directory.add_agency(s, "Riverside Primary", "school")
        fam = families.open_family(s, "Hughes", opened_on=date(2026, 9, 1))
        act = plans.add_action(s, fam.id, "Attend parenting course", owner_agency_id=ag.id,
                               due_on=date(2026, 10, 1))
        return str(fam.id), str(act.id)


def _share_both(hub: Store, a: Store, b: Store, fam_id: str) -> None:
    """a's family reaches the hub and then b through a share and a receipt."""
    assert deliver(hub, export(a)).status == "applied"
    with hub.begin() as s:
        receipts.share(s, fam_id, b.device_id, who="coordinator")
    receipt(hub, a)
    receipt(hub, b)


def _set(dev: Store, model: type, row_id: str, **changes: object) -> None:
    import uuid

    with dev.begin() as s:
        row = s.get(model, uuid.UUID(row_id))
        for k, v in changes.items():
            setattr(row, k, v)


def test_new_rows_are_created_and_receipt_prunes_outbox(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, _b = trio
    fam_id, _ = _family(a)
    res = deliver(hub, export(a))
    assert res.status == "applied" and res.ops_applied > 0 and res.ops_conflicted == 0
    with hub.read() as s:
        assert s.scalar(select(Family.household_name)) == "Hughes"
    assert receipt(hub, a).acknowledged == res.ops_applied
    with a.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 0


def test_edit_on_live_version_applies(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    _set(b, Action, act_id, description="Attend the Incredible Years course")
    res = deliver(hub, export(b))
    assert (res.ops_applied, res.ops_conflicted) == (1, 0)
    with hub.read() as s:
        assert s.scalar(select(Action.description)) == "Attend the Incredible Years course"


def test_same_value_is_noop_and_different_is_conflict(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    _set(a, Action, act_id, evidence="Certificate seen")
    _set(b, Action, act_id, evidence="Certificate seen")
    assert deliver(hub, export(a)).ops_applied == 1
    assert deliver(hub, export(b)).ops_noop == 1
    _set(a, Action, act_id, owner_name="Mum")
    _set(b, Action, act_id, owner_name="Dad")
    assert deliver(hub, export(b)).ops_applied == 1
    res = deliver(hub, export(a))
    assert res.ops_conflicted == 1 and res.conflicts == 1
    with hub.read() as s:
        c = s.scalar(select(Conflict))
        assert c is not None and sorted(v["value"] for v in c.values) == ["Dad", "Mum"]
        winner = max(c.values, key=lambda v: v["hlc"])
        assert s.scalar(select(Action.owner_name)) == winner["value"]
        assert s.scalar(select(Family.conflicted)) is True
        assert s.scalar(select(func.count()).select_from(AppliedOp).where(
            AppliedOp.field == "owner_name")) == 3  # creation + both edits


def test_conflict_winner_does_not_depend_on_arrival(tmp_path: Path) -> None:
    states = []
    for order in ((0, 1), (1, 0)):
        hub = sqlite_store(tmp_path / f"hub{order}", "hub")
        a = sqlite_store(tmp_path / f"a{order}", "practitioner", device_id="aaaa")
        b = sqlite_store(tmp_path / f"b{order}", "practitioner", device_id="bbbb")
        fam_id, act_id = _family(a)
        _share_both(hub, a, b, fam_id)
        _set(a, Action, act_id, owner_name="Mum")
        _set(b, Action, act_id, owner_name="Dad")
        packets = [export(a), export(b)]
        for i in order:
            deliver(hub, packets[i])
        with hub.read() as s:
            states.append((s.scalar(select(Action.owner_name)),
                           sorted(v["value"] for v in s.scalar(select(Conflict)).values)))
    assert states[0] == states[1]


def test_edit_against_delete_is_conflict_not_resurrection(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    import uuid

    with a.begin() as s:
        plans.remove_action(s, uuid.UUID(act_id))
    _set(b, Action, act_id, evidence="Went to two sessions")
    deliver(hub, export(a))
    res = deliver(hub, export(b))
    assert res.conflicts == 1
    with hub.read() as s:
        act = s.get(Action, uuid.UUID(act_id))
        assert act is not None and act.deleted_hlc is not None
        c = s.scalar(select(Conflict).where(Conflict.kind == "delete"))
        assert c is not None and {v["field"] for v in c.values} == {"deleted_hlc", "evidence"}


def test_append_only_notes_merge_by_union(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, _ = _family(a)
    _share_both(hub, a, b, fam_id)
    import uuid

    for dev, text in ((a, "Home visit"), (b, "School meeting")):
        with dev.begin() as s:
            s.add(CaseNote(family_id=uuid.UUID(fam_id), written_on=date(2026, 9, 3), text=text))
    for dev in (b, a):
        assert deliver(hub, export(dev)).ops_conflicted == 0
    with hub.read() as s:
        assert sorted(s.scalars(select(CaseNote.text))) == ["Home visit", "School meeting"]


def test_reimport_and_receipt_twice_are_noops(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, _b = trio
    _family(a)
    p = export(a)
    assert deliver(hub, p).status == "applied"
    before = record_state(hub)
    again = deliver(hub, p)
    assert again.status == "duplicate" and again.ops_duplicate == p.op_count
    assert record_state(hub) == before
    c = counts(hub)
    assert c["applied"] + c["noop"] + c["conflicted"] == p.op_count


def test_resolution_applies_value_and_is_audited(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    _set(a, Action, act_id, owner_name="Mum")
    _set(b, Action, act_id, owner_name="Dad")
    deliver(hub, export(a))
    deliver(hub, export(b))
    with hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        conflicts.resolve(s, c["id"], merged_value="Mum and Dad", who="Coordinator")
    with hub.read() as s:
        assert s.scalar(select(Action.owner_name)) == "Mum and Dad"
        assert conflicts.open_conflicts(s) == []
        assert s.scalar(select(Family.conflicted)) is False
    receipt(hub, a)
    with a.read() as s:
        assert s.scalar(select(Action.owner_name)) == "Mum and Dad"


@pytest.mark.parametrize("choice", [0, 1])
def test_delete_conflict_keep_or_restore(trio, choice: int) -> None:  # type: ignore[no-untyped-def]
    import uuid

    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    with a.begin() as s:
        plans.remove_action(s, uuid.UUID(act_id))
    _set(b, Action, act_id, evidence="Went to two sessions")
    deliver(hub, export(a))
    deliver(hub, export(b))
    with hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        assert c["kind"] == "delete" and c["values"][0]["field"] == "deleted_hlc"
        conflicts.resolve(s, c["id"], choose=choice, who="Coordinator")
    with hub.read() as s:
        act = s.get(Action, uuid.UUID(act_id))
        assert act is not None and act.evidence == "Went to two sessions"
        assert (act.deleted_hlc is not None) == (choice == 0)
        assert conflicts.open_conflicts(s) == []
    receipt(hub, b)
    with b.read() as s:
        assert (s.get(Action, uuid.UUID(act_id)).deleted_hlc is not None) == (choice == 0)


def test_receipt_keeps_a_pending_local_edit_and_stale_receipt_is_duplicate(trio) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import json
    import uuid

    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    _set(b, Action, act_id, owner_name="Dad")
    deliver(hub, export(b))
    with hub.begin() as s:
        old = receipts.build_receipt(s, a.device_id)
        receipts.record_receipt(s, a.device_id, old.sequence)
        new = receipts.build_receipt(s, a.device_id)
        receipts.record_receipt(s, a.device_id, new.sequence)
    _set(a, Action, act_id, evidence="Seen at home")  # pending on a, not yet sent

    def apply(r: receipts.Receipt) -> str:
        body = json.dumps(r.payload, sort_keys=True)
        with a.begin() as s:
            return receipts.apply_receipt(
                s, packet_id=uuid.uuid4().hex, sender_id=hub.device_id,
                content_sha256=hashlib.sha256(body.encode()).hexdigest(),
                payload=json.loads(body)).status

    assert apply(new) == "applied"
    assert apply(old) == "duplicate"
    with a.read() as s:
        act = s.get(Action, uuid.UUID(act_id))
        assert act.owner_name == "Dad" and act.evidence == "Seen at home"
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 1


def test_hub_writes_no_outbox_ops(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    fam_id, act_id = _family(a)
    _share_both(hub, a, b, fam_id)
    _set(a, Action, act_id, owner_name="Mum")
    _set(b, Action, act_id, owner_name="Dad")
    deliver(hub, export(a))
    deliver(hub, export(b))
    with hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        conflicts.resolve(s, c["id"], choose=0)
    with hub.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 0

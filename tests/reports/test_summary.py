"""The hub's report summary stays what a rebuild from the raw tables would write, through
packet imports (out of order, duplicated, refused), edits to scores and meetings, tombstones,
closure and reopening, a household's other episode arriving, and conflict resolution."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from tafapp.models import (
    Action,
    ActionStatus,
    Agency,
    Family,
    FamilyStatus,
    Meeting,
    MeetingKind,
    Need,
    NeedStatus,
    Person,
    Referral,
    ReportAction,
    ReportFamily,
    ReportReview,
    ReportScaling,
    Scaling,
    ScoredBy,
    Send,
)
from tafapp.storage.capture import tombstone
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_url
from tafapp.sync import conflicts, receipts
from tests.reports.summary_check import assert_summary_current
from tests.sync_merge.harness import deliver, export, receipt, sqlite_store

D = date


@pytest.fixture(params=["sqlite", "postgresql"])
def trio(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store, Store]]:
    if request.param == "postgresql":
        hub = open_url(request.getfixturevalue("pg_url"), role="hub", create=True)
    else:
        hub = create_profile(Profile(tmp_path / "hub"), "hub")
    a = sqlite_store(tmp_path / "a", "practitioner")
    b = sqlite_store(tmp_path / "b", "practitioner")
    yield hub, a, b
    for st in (hub, a, b):
        st.close()


def _seed(dev: Store) -> dict[str, uuid.UUID]:
    with dev.begin() as s:
        ag = Agency(name="Riverside Primary", sector="school")
        s.add(ag)
        s.flush()
        f = Family(reference="TAF-1", household_name="Hughes", postcode="TS1 1AA",
                   lead_agency_id=ag.id, request_on=D(2026, 1, 5), first_contact_on=D(2026, 1, 9),
                   opened_on=D(2026, 1, 12), status=FamilyStatus.OPEN)
        s.add(f)
        s.flush()
        m1 = Meeting(family_id=f.id, kind=MeetingKind.INITIAL, held_on=D(2026, 2, 2),
                     next_review_on=D(2026, 3, 16))
        m2 = Meeting(family_id=f.id, kind=MeetingKind.REVIEW, held_on=D(2026, 3, 20),
                     next_review_on=D(2026, 5, 1))
        s.add_all([m1, m2])
        s.flush()
        sc = [Scaling(meeting_id=m.id, scored_by=who, score=n)
              for m, who, n in ((m1, ScoredBy.FAMILY, 3), (m1, ScoredBy.PROFESSIONAL, 4),
                                (m2, ScoredBy.FAMILY, 6), (m2, ScoredBy.PROFESSIONAL, 5))]
        need = Need(family_id=f.id, outcome_code="education", status=NeedStatus.MET,
                    met_on=D(2026, 3, 1))
        act = Action(family_id=f.id, description="Course", owner_agency_id=ag.id,
                     due_on=D(2026, 2, 20), status=ActionStatus.IN_PROGRESS)
        s.add_all([*sc, need, act,
                   Person(family_id=f.id, first_name="Sam", send=Send.EHCP),
                   Referral(family_id=f.id, to_service="SALT", made_on=D(2026, 2, 1))])
        s.flush()
        return {"family": f.id, "m1": m1.id, "m2": m2.id, "score": sc[2].id, "need": need.id,
                "action": act.id, "agency": ag.id}


def _edit(dev: Store, model: type, row_id: uuid.UUID, **changes: Any) -> None:
    with dev.begin() as s:
        row = s.get(model, row_id)
        for k, v in changes.items():
            setattr(row, k, v)


def _remove(dev: Store, model: type, row_id: uuid.UUID) -> None:
    with dev.begin() as s:
        tombstone(s, s.get(model, row_id))


def _row(hub: Store, model: Any, key: Any, value: uuid.UUID) -> list[SimpleNamespace]:
    with hub.read() as s:
        rows = s.execute(select(*model.__table__.columns).where(key == value)).mappings()
        return [SimpleNamespace(**r) for r in rows]


def test_summary_follows_packets_edits_and_resolutions(trio) -> None:  # type: ignore[no-untyped-def]
    hub, a, b = trio
    ids = _seed(a)
    p1 = export(a)
    _edit(a, Scaling, ids["score"], score=9)  # an edited score
    _edit(a, Meeting, ids["m2"], held_on=D(2026, 3, 10))  # a moved meeting: now on time
    p2 = export(a)  # cumulative: carries p1's ops too (no receipt yet)
    assert deliver(hub, p2).status == "applied"  # out of order: the later packet first
    late = deliver(hub, p1)  # every op of the earlier packet is already here
    assert late.status == "applied" and late.ops_duplicate == late.ops_total
    assert_summary_current(hub)
    (fam,) = _row(hub, ReportFamily, ReportFamily.family_id, ids["family"])
    assert (fam.first_taf_on, fam.send_level, fam.outcomes_met) == (D(2026, 2, 2), 2, 1)
    reviews = {r.due: r.next_held for r in _row(hub, ReportReview, ReportReview.family_id,
                                                ids["family"])}
    assert reviews == {D(2026, 3, 16): D(2026, 3, 10), D(2026, 5, 1): None}
    scores = {r.scored_by: (r.first, r.last) for r in _row(hub, ReportScaling,
                                                           ReportScaling.family_id,
                                                           ids["family"])}
    assert scores == {"family": (3.0, 9.0), "professional": (4.0, 5.0)}

    # Receipts, then a tombstone (a meeting), a closure, and the family's household coming
    # back as a second episode with the same reference.
    receipt(hub, a)
    _remove(a, Meeting, ids["m2"])
    _edit(a, Family, ids["family"], status=FamilyStatus.CLOSED, closed_on=D(2026, 4, 1),
          closure_reason="needs_met")
    _edit(a, Action, ids["action"], status=ActionStatus.ACHIEVED, completed_on=D(2026, 3, 30))
    with a.begin() as s:
        again = Family(reference="TAF-1", household_name="hughes", postcode="TS1 1AA",
                       opened_on=D(2026, 6, 1), status=FamilyStatus.OPEN)
        s.add(again)
        s.flush()
        again_id = again.id
    assert deliver(hub, export(a)).status == "applied"
    assert_summary_current(hub)
    assert _row(hub, ReportScaling, ReportScaling.family_id, ids["family"]) == []
    (fam,) = _row(hub, ReportFamily, ReportFamily.family_id, ids["family"])
    assert (fam.closed_on, fam.came_back) == (D(2026, 4, 1), True)
    (back,) = _row(hub, ReportFamily, ReportFamily.family_id, again_id)
    assert back.re_referred is True
    (act,) = _row(hub, ReportAction, ReportAction.family_id, ids["family"])
    assert act.until == D(2026, 3, 30)

    # Reopening in place; then the second episode is tombstoned: the first family's flag
    # (another family's row) must follow.
    receipt(hub, a)
    _edit(a, Family, ids["family"], status=FamilyStatus.OPEN, closed_on=None,
          closure_reason=None)
    _remove(a, Family, again_id)
    assert deliver(hub, export(a)).status == "applied"
    assert_summary_current(hub)
    assert _row(hub, ReportFamily, ReportFamily.family_id, again_id) == []
    (fam,) = _row(hub, ReportFamily, ReportFamily.family_id, ids["family"])
    assert (fam.closed_on, fam.came_back) == (None, False)

    # Two devices edit the same meeting date: a conflict, then the coordinator's resolution.
    receipt(hub, a)
    with hub.begin() as s:
        receipts.share(s, str(ids["family"]), b.device_id, who="coordinator")
    receipt(hub, b)
    assert_summary_current(b)  # a device's receipt writes rows in bulk: noted too
    with b.read() as s:
        assert s.scalar(select(ReportFamily.first_taf_on)) == D(2026, 2, 2)
    _edit(a, Meeting, ids["m1"], held_on=D(2026, 2, 3))
    _edit(b, Meeting, ids["m1"], held_on=D(2026, 1, 2))  # before the request: not a first TAF
    assert deliver(hub, export(a)).status == "applied"
    assert deliver(hub, export(b)).status == "applied"
    assert_summary_current(hub)
    with hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        pick = next(i for i, v in enumerate(c["values"]) if v["value"] == "2026-01-02")
        conflicts.resolve(s, c["id"], choose=pick, who="Coordinator")
    assert_summary_current(hub)
    (fam,) = _row(hub, ReportFamily, ReportFamily.family_id, ids["family"])
    assert fam.first_taf_on is None

    # A hub-side edit through the ORM, and a tombstone of the whole family.
    with hub.begin() as s:
        s.get(Need, ids["need"]).outcome_code = ""
    assert_summary_current(hub)
    _remove(a, Family, ids["family"])
    assert deliver(hub, export(a)).status == "applied"
    assert_summary_current(hub)
    assert _row(hub, ReportFamily, ReportFamily.family_id, ids["family"]) == []
    assert _row(hub, ReportReview, ReportReview.family_id, ids["family"]) == []


def test_refused_packet_leaves_summary_untouched(hub_store: Store, tmp_path: Path) -> None:
    a = sqlite_store(tmp_path / "a", "practitioner")
    try:
        ids = _seed(a)
        p1 = export(a)
        receipt_free = p1.payload()
        # An edit whose row this hub has never seen: refused, nothing kept.
        _edit(a, Scaling, ids["score"], score=1)
        with a.begin() as s:  # drop the creating ops so only the edit travels
            from tafapp.models import OutboxOp

            for op in s.scalars(select(OutboxOp).where(OutboxOp.field != "score")):
                s.delete(op)
        assert deliver(hub_store, export(a)).status == "rejected"
        assert_summary_current(hub_store)
        with hub_store.read() as s:
            assert s.scalars(select(ReportFamily)).all() == []
        assert receipt_free["ops"]
    finally:
        a.close()


def test_rebuilt_after_writes_the_summary_once_and_an_error_keeps_nothing(tmp_path: Path) -> None:
    from tafapp.storage import summary_upkeep

    st = sqlite_store(tmp_path / "dev", "practitioner")
    try:
        with st.begin() as s:
            with summary_upkeep.rebuilt_after(s):
                fam = Family(reference="TAF-9", household_name="Ali", postcode="TS2 2BB",
                             request_on=D(2026, 3, 2), status=FamilyStatus.OPEN)
                s.add(fam)
                s.flush()
                assert summary_upkeep.PENDING_KEY not in s.info  # nothing noted inside
            assert s.info.get(summary_upkeep.REBUILD_KEY) is None
        assert_summary_current(st)
        assert len(_row(st, ReportFamily, ReportFamily.family_id, fam.id)) == 1
        with pytest.raises(RuntimeError), st.begin() as s:
            with summary_upkeep.rebuilt_after(s):
                s.add(Family(reference="TAF-10", household_name="Bell", postcode="",
                             request_on=D(2026, 3, 2), status=FamilyStatus.OPEN))
                raise RuntimeError("stop")
        with st.read() as s:
            assert s.scalar(select(ReportFamily.family_id).where(
                ReportFamily.reference == "TAF-10")) is None
        assert_summary_current(st)
    finally:
        st.close()

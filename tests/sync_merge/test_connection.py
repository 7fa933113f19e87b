"""The hub connection's use cases (`tafapp.sync.connection`, `tafapp.sync.news`) on real
profiles, the hub on encrypted SQLite and on PostgreSQL: the laptop's stages, sharing and its
refusals, the Laptops table, the family search, and news told once whatever a receipt holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tafapp.core.errors import InputRejected, NotFound
from tafapp.services import families
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tafapp.sync import conflicts, connection, news, packets, registry
from tests.sync_merge.world import World, keyed, seed_family, world


@pytest.fixture(params=["sqlite", "postgresql"])
def w(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with world(tmp_path, url) as wd:
        yield wd


def test_a_new_laptop_goes_through_the_stages(w: World) -> None:
    ana = keyed(create_profile(Profile(w.tmp / "ana"), "practitioner"), "practitioner")
    try:
        with ana.read() as s:
            assert connection.laptop_connection(s).stage == "not_enrolled"
        with w.hub.begin() as s:
            connection.save_identity(s, w.tmp / "hub.tafid")
        with ana.begin() as s:
            connection.enrol(s, connection.read_identity(w.tmp / "hub.tafid", "hub"))
            assert connection.laptop_connection(s).stage == "identity_not_saved"
            connection.save_identity(s, w.tmp / "ana.tafid")
        with ana.read() as s:
            state = connection.laptop_connection(s)
        assert state.stage == "waiting_for_receipt" and state.identity_saved_at is not None
        with w.hub.begin() as s:
            connection.register_device(s, connection.read_identity(w.tmp / "ana.tafid",
                                                                   "practitioner"))
        packets.export_receipt(w.hub, ana.device_id, w.tmp / "r.tafpacket")
        assert packets.import_file(ana, w.tmp / "r.tafpacket").status == "applied"
        with ana.read() as s:
            assert connection.laptop_connection(s).stage == "connected"
        with pytest.raises(InputRejected, match="practitioner laptop's identity file"):
            connection.read_identity(w.tmp / "ana.tafid", "hub")
    finally:
        ana.close()


def test_share_refusals_and_the_laptops_table(w: World) -> None:
    sam, priya = w.devices
    fid = seed_family(sam, "Hughes")
    packets.export_changes(sam, w.tmp / "p.tafpacket")
    packets.import_file(w.hub, w.tmp / "p.tafpacket")
    with w.hub.begin() as s:
        families.open_family(s, "Zielinski", opened_on=date(2026, 9, 2))
        assert connection.share_family(s, fid, priya.device_id) is True
        assert connection.share_family(s, fid, priya.device_id) is False
        with pytest.raises(NotFound):
            connection.share_family(s, fid, "nobody")
        with pytest.raises(InputRejected, match="not a family id"):
            connection.share_family(s, "'; drop table family", priya.device_id)
        (hughes,) = connection.find_families(s, "hugh")
        assert sorted(hughes.shared_with) == sorted([sam.device_id, priya.device_id])
        assert {f.household_name for f in connection.find_families(s, "")} >= {
            "Hughes", "Zielinski"}
        assert connection.find_families(s, "%") == []  # typed text, not a pattern
        rows = {r.id: r for r in connection.device_summaries(s)}
        assert rows[sam.device_id].families == 1 and rows[priya.device_id].families == 1
        assert rows[sam.device_id].last_packet_at is not None
        assert rows[priya.device_id].last_packet_at is None
        registry.revoke_device(s, priya.device_id)
    with w.hub.begin() as s:
        with pytest.raises(InputRejected, match="revoked"):
            connection.share_family(s, fid, priya.device_id)
        assert [r.revoked for r in connection.device_summaries(s)] == [False, True]
    with sam.begin() as s, pytest.raises(InputRejected, match="only the hub"):
        connection.share_family(s, fid, priya.device_id)


def test_settled_conflicts_are_news_once(w: World) -> None:
    sam, priya = w.devices
    fid = seed_family(sam, "Hughes")
    packets.export_changes(sam, w.tmp / "s1.tafpacket")
    packets.import_file(w.hub, w.tmp / "s1.tafpacket")
    with w.hub.begin() as s:
        connection.share_family(s, fid, priya.device_id)
    packets.export_receipt(w.hub, priya.device_id, w.tmp / "to-priya.tafpacket")
    packets.import_file(priya, w.tmp / "to-priya.tafpacket")
    with priya.read() as s:
        assert [n.kind for n in news.unseen(s)] == ["shared_family"]
    for dev, name in ((sam, "Hughes-Carter"), (priya, "Carter")):
        with dev.begin() as s:
            families.update_family(s, fid, household_name=name)
        out = w.tmp / f"{dev.device_id}.tafpacket"
        packets.export_changes(dev, out)
        packets.import_file(w.hub, out)
    with w.hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        conflicts.resolve(s, c["id"], choose=0, who="Coordinator")
    for n in (1, 2):  # receipts are cumulative: the settled conflict is in both
        out = w.tmp / f"sam-r{n}.tafpacket"
        packets.export_receipt(w.hub, sam.device_id, out)
        assert packets.import_file(sam, out).status == "applied"
    with sam.read() as s:
        told = [n for n in news.unseen(s) if n.kind == "conflict_resolved"]
    assert len(told) == 1 and "household name" in told[0].detail
    with sam.begin() as s:
        news.mark_seen(s)
    with sam.read() as s:
        assert news.unseen(s) == []


@pytest.mark.parametrize("resolved", [None, "x", [1, None, {"field": 3}, {"no": "field"}]])
def test_malformed_resolved_lists_make_no_news(w: World, resolved: object) -> None:
    with w.devices[0].begin() as s:
        assert news.from_receipt(s, [{"entity": "family"}, "junk"], resolved) == []


def test_news_keeps_the_newest_and_survives_a_damaged_store_value(w: World) -> None:
    from tafapp.sync.outgoing import set_state

    dev = w.devices[0]
    items = [news.NewsItem("shared_family", str(i), f"F{i}", "") for i in range(250)]
    with dev.begin() as s:
        news.add(s, items)
    with dev.read() as s:
        kept = news.unseen(s)
    assert len(kept) == news.MAX_ITEMS and kept[-1].family == "F249"
    with dev.begin() as s:
        set_state(s, news.NEWS_KEY, "{not json")
    with dev.read() as s:
        assert news.unseen(s) == []
    with dev.begin() as s:
        set_state(s, news.NEWS_KEY, json.dumps([{"kind": "evil"}, {"kind": "shared_family"}]))
    with dev.read() as s:
        assert [n.kind for n in news.unseen(s)] == ["shared_family"]

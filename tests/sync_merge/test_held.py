"""Held ops: a registered device's signed packet changes only what the device holds, at a time
the hub can believe, with values the services would accept; everything else is held for the
coordinator (accept / refuse), the rest of the packet goes on, and the device learns the
decision in its next receipt. Hub on encrypted SQLite and on PostgreSQL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select

from tafapp.core.errors import InputRejected
from tafapp.models import AuditEvent, Family, OutboxOp, SyncState
from tafapp.services import families
from tafapp.storage import capture
from tafapp.storage.store import Store
from tafapp.sync import held, held_notices, packets, receipts
from tafapp.sync.apply import MergeRefused, import_changes
from tests.sync_merge.world import World, seed_family, world

DAY_MS = 86_400_000


@pytest.fixture(params=["sqlite", "postgresql"])
def w(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with world(tmp_path, url) as wd:
        yield wd


def send(w: World, i: int) -> dict[str, Any]:
    """Device i's pending changes as a real signed, encrypted packet, imported at the hub."""
    path = w.tmp / f"p{uuid.uuid4().hex}.tafpacket"
    packets.export_changes(w.devices[i], path)
    (res,) = packets.import_files(w.hub, [path])
    assert res["status"] == "applied", res
    return res


def back(w: World, i: int) -> None:
    path = w.tmp / f"r{uuid.uuid4().hex}.tafpacket"
    packets.export_receipt(w.hub, w.devices[i].device_id, path)
    (res,) = packets.import_files(w.devices[i], [path])
    assert res["status"] == "applied", res


def forge(dev: Store, row_id: str, field: str, value: Any, *, entity: str = "family",
          hlc: str | None = None) -> str:
    """An op written straight into the outbox, as an insider editing their own database
    would: the packet is still signed by the device's real key."""
    op_id = uuid.uuid4()
    with dev.begin() as s:
        s.add(OutboxOp(op_id=op_id, entity=entity, row_id=uuid.UUID(row_id), field=field,
                       value=value, base_hlc=None, hlc=hlc or dev.clock.tick(),
                       device_id=dev.device_id))
    return str(op_id)


def hub_family(w: World, fid: str) -> SimpleNamespace:
    """The hub's family row, read whole (the session closes before the test looks)."""
    with w.hub.read() as s:
        fam = s.get(Family, uuid.UUID(fid))
        assert fam is not None
        return SimpleNamespace(**{c.key: getattr(fam, c.key)
                                  for c in Family.__table__.columns})


def held_rows(w: World, status: str = "held") -> list[dict[str, Any]]:
    with w.hub.read() as s:
        return held.list_held(s, status)


@pytest.fixture
def fid(w: World) -> str:
    family = seed_family(w.devices[0])
    send(w, 0)
    return family


def test_rename_of_family_not_shared_is_held_and_the_rest_applies(w: World, fid: str) -> None:
    mine = seed_family(w.devices[1], "Nowak")
    forge(w.devices[1], fid, "household_name", "Renamed by a stranger")
    forge(w.devices[1], fid, "confidential_notes", "written in")
    res = send(w, 1)
    assert res["ops_held"] == 2 and res["ops_applied"] > 0
    assert hub_family(w, fid).household_name == "Hughes"
    assert hub_family(w, fid).confidential_notes == ""
    assert hub_family(w, mine).household_name == "Nowak"  # its own family went in
    rows = held_rows(w)
    assert {r["reason"] for r in rows} == {"not_shared"}
    assert {r["family_id"] for r in rows} == {fid}
    with w.hub.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.what.like("%held from device%"))) == 1


def test_shared_family_edit_applies(w: World, fid: str) -> None:
    with w.hub.begin() as s:
        receipts.share(s, fid, w.devices[1].device_id, who="coordinator")
    back(w, 1)
    with w.devices[1].begin() as s:
        families.update_family(s, uuid.UUID(fid), household_name="Hughes-Okafor")
    res = send(w, 1)
    assert res["ops_held"] == 0 and res["ops_applied"] == 1
    assert hub_family(w, fid).household_name == "Hughes-Okafor"


def test_edit_stamped_before_the_share_is_held_and_accept_applies(w: World, fid: str) -> None:
    early = w.devices[1].clock.tick()
    time.sleep(0.01)
    with w.hub.begin() as s:
        receipts.share(s, fid, w.devices[1].device_id)
    forge(w.devices[1], fid, "address", "1 Early Lane", hlc=early)
    assert send(w, 1)["ops_held"] == 1
    (row,) = held_rows(w)
    assert row["reason"] == "not_shared" and "before the family was shared" in row["message"]
    with w.hub.begin() as s:
        out = held.accept(s, row["id"], who="coordinator")
    assert out["status"] == "accepted"
    assert hub_family(w, fid).address == "1 Early Lane"
    # after the share's receipt, the device's clock is past the share: its edits count
    back(w, 1)
    with w.devices[1].begin() as s:
        families.update_family(s, uuid.UUID(fid), address="2 Later Road")
    assert send(w, 1)["ops_held"] == 0
    assert hub_family(w, fid).address == "2 Later Road"


def test_hub_field_is_held_and_cannot_be_accepted(w: World, fid: str) -> None:
    forge(w.devices[0], fid, "conflicted", True)
    assert send(w, 0)["ops_held"] == 1
    assert hub_family(w, fid).conflicted is False
    (row,) = held_rows(w)
    assert row["reason"] == "hub_field"
    with pytest.raises(InputRejected), w.hub.begin() as s:
        held.accept(s, row["id"])
    with w.hub.begin() as s:
        assert held.refuse(s, row["id"])["status"] == "refused"


def test_payload_naming_another_device_is_refused(w: World, fid: str) -> None:
    with w.hub.begin() as s, pytest.raises(MergeRefused) as exc:
        import_changes(s, packet_id=uuid.uuid4().hex, device_id=w.devices[0].device_id,
                       sequence=9, content_sha256="0" * 64,
                       payload={"device_id": w.devices[1].device_id, "ops": []})
    assert exc.value.code == "device_mismatch"


def test_clock_ahead_is_held_and_never_observed(w: World, fid: str) -> None:
    ahead = w.devices[0].clock.now_ms() + 2 * DAY_MS
    forge(w.devices[0], fid, "address", "From the future",
          hlc=f"{ahead:015d}.000000.{w.devices[0].device_id}")
    with w.devices[0].begin() as s:
        families.update_family(s, uuid.UUID(fid), language="Polish")
    res = send(w, 0)
    assert res["ops_held"] == 1 and res["ops_applied"] == 1
    fam = hub_family(w, fid)
    assert fam.address == "" and fam.language == "Polish"
    with w.hub.read() as s:
        clock = s.get(SyncState, capture.CLOCK_STATE_KEY)
        assert clock is not None and int(clock.value[:15]) < ahead
    assert int(w.hub.clock.last[:15]) < ahead
    (row,) = held_rows(w)
    assert row["reason"] == "clock_ahead"


@pytest.mark.parametrize("field,value", [
    ("level_of_need", -5), ("level_of_need", 2**63), ("household_name", "Hug\x00hes"),
    ("household_name", "x" * 201), ("opened_on", "0001-01-01"), ("status", "gone"),
])
def test_invalid_values_are_held_and_the_rest_applies(w: World, fid: str, field: str,
                                                      value: Any) -> None:
    forge(w.devices[0], fid, field, value)
    with w.devices[0].begin() as s:
        families.update_family(s, uuid.UUID(fid), language="Welsh")
    res = send(w, 0)
    assert res["ops_held"] == 1 and res["ops_applied"] == 1
    fam = hub_family(w, fid)
    assert fam.language == "Welsh" and fam.household_name == "Hughes" and fam.level_of_need == 2
    (row,) = held_rows(w)
    assert row["reason"] == "invalid_value" and f"family.{field}" in row["message"]
    assert "\x00" not in row["message"]
    with pytest.raises(InputRejected), w.hub.begin() as s:
        held.accept(s, row["id"])


def test_new_family_with_an_invalid_value_is_held_whole(w: World) -> None:
    fid = seed_family(w.devices[1], "Singh", actions=2)
    with w.devices[1].begin() as s:
        fam = s.get(Family, uuid.UUID(fid))
        assert fam is not None
    forge(w.devices[1], fid, "level_of_need", 9)
    res = send(w, 1)
    with w.hub.read() as s:
        assert s.get(Family, uuid.UUID(fid)) is None
    rows = held_rows(w)
    assert res["ops_held"] == len(rows) > 3
    assert {r["entity"] for r in rows} >= {"family", "action"}
    # the next packet builds on the held record: it is held with it, not refused
    with w.devices[1].begin() as s:
        families.update_family(s, uuid.UUID(fid), address="3 Held Road")
    assert send(w, 1)["ops_held"] == 1
    # refusing the family's bad value is refused with the whole record and what waits for it
    bad = next(r for r in held_rows(w) if r["field"] == "level_of_need" and r["value"] == 9)
    with w.hub.begin() as s:
        out = held.refuse(s, bad["id"])
    assert out["ops"] == len(rows) + 1 and held_rows(w) == []


def test_accepting_a_held_new_family_brings_what_waits_for_it(
        w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new family with a level of need the council's list did not have: held whole, with
    its actions and later edits waiting for it; once the list has the level, accepting the
    family applies all of it."""
    from tafapp.core import reference
    from tafapp.models import Action

    fid = seed_family(w.devices[1], "Singh", actions=3)
    forge(w.devices[1], fid, "level_of_need", 5)
    send(w, 1)
    with w.devices[1].begin() as s:
        families.update_family(s, uuid.UUID(fid), address="5 Later Street")
    send(w, 1)
    family_op = next(r for r in held_rows(w) if r["field"] == "level_of_need"
                     and r["value"] == 5)
    with pytest.raises(InputRejected, match="only be refused"), w.hub.begin() as s:
        held.accept(s, family_op["id"])
    levels = reference.levels_of_need()
    monkeypatch.setattr(reference, "levels_of_need", lambda: [*levels, 5])
    with w.hub.begin() as s:
        out = held.accept(s, family_op["id"], who="coordinator")
    assert out["status"] == "accepted" and out["ops"] == len(held_rows(w, "accepted"))
    fam = hub_family(w, fid)
    assert (fam.level_of_need, fam.address) == (5, "5 Later Street")
    with w.hub.read() as s:
        assert s.scalar(select(func.count()).select_from(Action).where(
            Action.family_id == uuid.UUID(fid))) == 3
    assert held_rows(w) == []


def test_records_held_on_their_own_are_decided_apart(w: World) -> None:
    """A laptop whose clock ran two days ahead: every op is held clock_ahead on its own; an
    action cannot be accepted before its family, and can after."""
    ahead = w.devices[1].clock.now_ms() + 2 * DAY_MS
    w.devices[1].clock.observe(f"{ahead:015d}.000000.x")
    fid = seed_family(w.devices[1], "Ahead", actions=1)
    send(w, 1)
    rows = held_rows(w)
    assert {r["reason"] for r in rows} == {"clock_ahead"}
    action = next(r for r in rows if r["entity"] == "action")
    family = next(r for r in rows if r["entity"] == "family")
    agency = next(r for r in rows if r["entity"] == "agency")
    with pytest.raises(InputRejected, match="first"), w.hub.begin() as s:
        held.accept(s, action["id"])
    with w.hub.begin() as s:
        held.accept(s, agency["id"])
        held.accept(s, family["id"])
        held.accept(s, action["id"])
    assert hub_family(w, fid).household_name == "Ahead" and held_rows(w) == []
    assert int(w.hub.clock.last[:15]) < ahead  # accepted, but never observed


def test_refusal_reaches_the_device_and_leaves_its_outbox(w: World, fid: str) -> None:
    op_id = forge(w.devices[1], fid, "household_name", "Not yours")
    send(w, 1)
    back(w, 1)
    with w.devices[1].read() as s:
        (notice,) = held_notices.notices(s)
        assert notice.status == "held" and notice.reason == "not_shared"
        assert s.scalar(select(OutboxOp).where(OutboxOp.op_id == uuid.UUID(op_id)))
    # the op still pending travels again in the next (cumulative) packet: no second hold
    again = send(w, 1)
    assert again["ops_held"] == 0 and again["ops_duplicate"] == 1
    (row,) = held_rows(w)
    with w.hub.begin() as s:
        held.refuse(s, row["id"], who="coordinator")
    back(w, 1)
    with w.devices[1].read() as s:
        (notice,) = held_notices.notices(s)
        assert notice.status == "refused"
        assert s.scalar(select(OutboxOp).where(OutboxOp.op_id == uuid.UUID(op_id))) is None
    with w.devices[1].begin() as s:
        assert held_notices.clear_decided(s) == 1
        assert held_notices.notices(s) == []
    with w.hub.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.what.like("%refused"))) == 1


def test_acceptance_reaches_the_device_as_an_acknowledgement(w: World, fid: str) -> None:
    op_id = forge(w.devices[1], fid, "language", "Urdu")
    send(w, 1)
    (row,) = held_rows(w)
    with w.hub.begin() as s:
        held.accept(s, row["id"], who="coordinator")
    assert hub_family(w, fid).language == "Urdu"
    back(w, 1)
    with w.devices[1].read() as s:
        (notice,) = held_notices.notices(s)
        assert notice.status == "accepted"
        assert s.scalar(select(OutboxOp).where(OutboxOp.op_id == uuid.UUID(op_id))) is None
    with pytest.raises(InputRejected), w.hub.begin() as s:  # decided once
        held.accept(s, row["id"])


def test_held_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tafapp.cli import main

    def run(*argv: str) -> tuple[int, Any]:
        code = main(["--profile", hub, *argv])
        out = capsys.readouterr().out
        return code, json.loads(out) if out.startswith(("{", "[")) else out

    with world(tmp_path) as w:
        fid = seed_family(w.devices[0])
        send(w, 0)
        forge(w.devices[1], fid, "household_name", "One")
        forge(w.devices[1], fid, "address", "Two")
        send(w, 1)
        hub = str(w.hub.profile.root)  # type: ignore[union-attr]
        for st in (w.hub, *w.devices):
            st.close()
        code, rows = run("held", "--json")
        assert code == 0 and [r["reason"] for r in rows] == ["not_shared", "not_shared"]
        assert {r["field"] for r in rows} == {"household_name", "address"}
        first, second = rows
        code, out = run("held", "accept", first["id"], "--who", "Coordinator", "--json")
        assert code == 0 and out["status"] == "accepted"
        code, out = run("held", "refuse", second["id"], "--json")
        assert code == 0 and out["status"] == "refused"
        code, out = run("held", "refuse", second["id"], "--json")
        assert code == 3 and "already refused" in out["error"]["message"]
        code, out = run("held", "accept", "not-an-id", "--json")
        assert code == 3
        assert run("held", "--json") == (0, [])
        code, rows = run("held", "--all", "--json")
        assert {r["status"] for r in rows} == {"accepted", "refused"}
        assert run("held", "drift", "--json") == (0, {"max_clock_drift_hours": 24})
        assert run("held", "drift", "48", "--json") == (0, {"max_clock_drift_hours": 48})
        code, out = run("held", "drift", "0", "--json")
        assert code == 3 and out["error"]["field"] == "hours"
        code, text = run("held")
        assert code == 0 and text.strip() == "No held changes."


def test_directory_rows_only_by_their_maker_and_no_moving_into_others(w: World,
                                                                      fid: str) -> None:
    from tafapp.models import Agency, Person
    from tafapp.services import directory, people

    with w.hub.read() as s:
        theirs = str(s.scalar(select(Agency.id)))
    with w.devices[1].begin() as s:
        own = directory.add_agency(s, "Nowak Nursery", "early_years")
    mine = seed_family(w.devices[1], "Nowak")
    with w.devices[1].begin() as s:
        child = people.add_person(s, uuid.UUID(mine), "Ada")
    send(w, 1)
    with w.devices[1].begin() as s:
        directory.update_agency(s, own.id, name="Nowak Day Nursery")
    forge(w.devices[1], theirs, "name", "Taken over", entity="agency")
    forge(w.devices[1], str(child.id), "family_id", fid, entity="person")
    res = send(w, 1)
    assert res["ops_held"] == 2 and res["ops_applied"] == 1
    with w.hub.read() as s:
        assert s.get(Agency, own.id).name == "Nowak Day Nursery"  # type: ignore[union-attr]
        assert s.get(Agency, uuid.UUID(theirs)).name != "Taken over"  # type: ignore[union-attr]
        assert str(s.get(Person, child.id).family_id) == mine  # type: ignore[union-attr]
    assert {(r["entity"], r["reason"]) for r in held_rows(w)} == {
        ("agency", "not_shared"), ("person", "not_shared")}


def test_meeting_records_follow_their_meetings_family(w: World, fid: str) -> None:
    from datetime import date

    from tafapp.models import Attendance, Meeting
    from tafapp.services import meetings

    with w.devices[0].begin() as s:
        meeting = meetings.start_meeting(s, uuid.UUID(fid), held_on=date(2026, 10, 1))
    send(w, 0)
    with w.hub.read() as s:
        assert s.get(Meeting, meeting.id) is not None
    row_id = str(uuid.uuid4())
    for field, value in (("meeting_id", str(meeting.id)), ("practitioner_id", None),
                         ("person_id", None), ("agency_id", None), ("name", "Stranger"),
                         ("role", ""), ("status", "present"), ("written_update", ""),
                         ("deleted_hlc", None)):
        forge(w.devices[1], row_id, field, value, entity="attendance")
    res = send(w, 1)
    assert res["ops_held"] == 9 and res["ops_applied"] == 0
    with w.hub.read() as s:
        assert s.get(Attendance, uuid.UUID(row_id)) is None
    rows = held_rows(w)
    assert {r["reason"] for r in rows} == {"not_shared"} and {r["family_id"] for r in rows} \
        == {fid}


def test_a_new_record_placed_twice_is_judged_by_both_places(w: World, fid: str) -> None:
    """A forged new person first put in the stranger's family (a later clock, so it would win
    the merge) then in the device's own: held whole, the person never reaches either."""
    from tafapp.models import Person

    mine = seed_family(w.devices[1], "Nowak")
    send(w, 1)
    row_id = str(uuid.uuid4())
    early, late = w.devices[1].clock.tick(), w.devices[1].clock.tick()
    forge(w.devices[1], row_id, "family_id", fid, entity="person", hlc=late)
    for field, value in (("family_id", mine), ("first_name", "Ada"), ("last_name", ""),
                         ("date_of_birth", None), ("role", "child"), ("in_household", True),
                         ("send", "none"), ("school_or_setting", ""),
                         ("communication_needs", ""), ("share_with_family", True),
                         ("deleted_hlc", None)):
        forge(w.devices[1], row_id, field, value, entity="person", hlc=early)
    res = send(w, 1)
    assert res["ops_held"] == 12 and res["ops_applied"] == 0
    with w.hub.read() as s:
        assert s.get(Person, uuid.UUID(row_id)) is None


def test_edits_to_a_refused_new_record_are_held_not_stuck(w: World) -> None:
    fid = seed_family(w.devices[1], "Singh")
    forge(w.devices[1], fid, "level_of_need", 9)
    send(w, 1)
    first = held_rows(w)[0]
    with w.hub.begin() as s:
        held.refuse(s, first["id"])
    back(w, 1)
    with w.devices[1].begin() as s:
        families.update_family(s, uuid.UUID(fid), address="4 Later Road")
    res = send(w, 1)  # applied (not refused needs_earlier_packet): the edit waits, held
    assert res["ops_held"] == 1
    (row,) = held_rows(w)
    assert "refused that record" in row["message"]

"""Real packet files between real profiles, with the hub on encrypted SQLite and on
PostgreSQL: export, import, duplicates, receipts, and every hostile packet leaving the hub's
content untouched."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tafapp.models import Family, OutboxOp
from tafapp.sync import outgoing, packets, receipts
from tests.sync_merge.harness import content_dump
from tests.sync_merge.world import World, keyed, link, seed_family, world


@pytest.fixture(params=["sqlite", "postgresql"])
def w(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with world(tmp_path, url) as wd:
        yield wd


def _export(w: World, i: int, name: str) -> Path:
    out = w.tmp / name
    packets.export_changes(w.devices[i], out)
    return out


def test_round_trip_with_receipt(w: World) -> None:
    fid = seed_family(w.devices[0])
    p1 = _export(w, 0, "p1.tafpacket")
    (res,) = packets.import_files(w.hub, [p1])
    assert res["status"] == "applied" and res["ops_applied"] > 0, res
    assert set(res) >= {"file", "status", "reason", "ops_applied", "ops_duplicate", "conflicts",
                        "message"}
    (again,) = packets.import_files(w.hub, [p1])
    assert again["status"] == "duplicate" and again["ops_duplicate"] == res["ops_total"]
    with w.hub.begin() as s:
        receipts.share(s, fid, w.devices[1].device_id, who="coordinator")
    for i, dev in enumerate(w.devices):
        rfile = w.tmp / f"r{i}.tafpacket"
        packets.export_receipt(w.hub, dev.device_id, rfile)
        (r,) = packets.import_files(dev, [rfile])
        assert r["status"] == "applied", r
        (r2,) = packets.import_files(dev, [rfile])
        assert r2["status"] == "duplicate"
    with w.devices[0].read() as s:
        assert outgoing.status(s).pending_ops == 0
        assert outgoing.status(s).last_receipt_at is not None
    with w.devices[1].read() as s:
        assert s.scalar(select(Family.household_name)) == "Hughes"
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 0


def test_receipt_on_hub_and_changes_on_laptop_are_refused(w: World) -> None:
    seed_family(w.devices[0])
    p1 = _export(w, 0, "p1.tafpacket")
    (r,) = packets.import_files(w.devices[1], [p1])
    assert r["status"] == "rejected" and r["reason"] == "wrong_recipient"


def _flip(data: bytes, at: int) -> bytes:
    b = bytearray(data)
    b[at] ^= 0x40
    return bytes(b)


def test_hostile_packets_leave_the_hub_unchanged(w: World) -> None:
    seed_family(w.devices[0])
    good = _export(w, 0, "good.tafpacket")
    assert packets.import_files(w.hub, [good])[0]["status"] == "applied"
    seed_family(w.devices[0], "Okafor")
    fresh = _export(w, 0, "fresh.tafpacket")
    data = fresh.read_bytes()
    cases: dict[str, bytes] = {}
    for k, at in enumerate(range(0, len(data), max(1, len(data) // 12))):
        cases[f"flip{k}"] = _flip(data, at)
    cases["flip_last"] = _flip(data, len(data) - 1)
    cases["truncated"] = data[: len(data) // 2]
    cases["appended"] = data + b"\x00trailing"
    cases["empty"] = b""
    cases["text"] = b"hello, this is not a packet\n"
    files = []
    for name, body in cases.items():
        f = w.tmp / f"{name}.tafpacket"
        f.write_bytes(body)
        files.append(f)
    before = content_dump(w.hub)
    results = packets.import_files(w.hub, files)
    assert all(r["status"] == "rejected" and r["reason"] for r in results), results
    assert {r["reason"] for r in results} <= {"not_a_packet", "corrupt", "bad_signature",
                                              "too_large", "wrong_recipient", "schema_too_new"}
    assert content_dump(w.hub) == before


def test_unknown_revoked_and_foreign_hub(w: World, tmp_path: Path) -> None:
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile

    stranger = keyed(create_profile(Profile(tmp_path / "stranger"), "practitioner"),
                     "practitioner")
    other_hub = keyed(create_profile(Profile(tmp_path / "otherhub"), "hub"), "hub")
    elsewhere = keyed(create_profile(Profile(tmp_path / "elsewhere"), "practitioner"),
                      "practitioner")
    try:
        from tafapp.sync import identity, registry

        with w.hub.read() as s:
            hub_ident = identity.public_identity(s)
        with stranger.begin() as s:
            registry.enrol_hub(s, {**hub_ident, "name": "hub"})
        seed_family(stranger)
        unknown = tmp_path / "unknown.tafpacket"
        packets.export_changes(stranger, unknown)
        link(other_hub, elsewhere)  # a device of another council's hub
        seed_family(elsewhere)
        foreign = tmp_path / "foreign.tafpacket"
        packets.export_changes(elsewhere, foreign)
        seed_family(w.devices[0])
        revoked = tmp_path / "revoked.tafpacket"
        packets.export_changes(w.devices[0], revoked)
        with w.hub.begin() as s:
            registry.revoke_device(s, w.devices[0].device_id)
        before = content_dump(w.hub)
        res = {Path(r["file"]).stem: r for r in packets.import_files(
            w.hub, [unknown, foreign, revoked])}
        assert res["unknown"]["reason"] == "unknown_device"
        assert res["foreign"]["reason"] == "wrong_recipient"
        assert res["revoked"]["reason"] == "revoked_device"
        assert content_dump(w.hub) == before
    finally:
        for st in (stranger, other_hub, elsewhere):
            st.close()


def test_replay_with_other_content_is_refused(w: World) -> None:
    """Same packet id, different (validly signed) content: only a device's own key could make
    it, so it is a forged or altered resend — rejected `replay`, hub unchanged."""
    import secrets

    seed_family(w.devices[0])
    first = _export(w, 0, "first.tafpacket")
    assert packets.import_files(w.hub, [first])[0]["status"] == "applied"
    seed_family(w.devices[0], "Okafor")
    real = secrets.token_hex
    try:
        secrets.token_hex = lambda n=16: _packet_id(w, first)  # type: ignore[assignment]
        second = _export(w, 0, "second.tafpacket")
    finally:
        secrets.token_hex = real  # type: ignore[assignment]
    before = content_dump(w.hub)
    (r,) = packets.import_files(w.hub, [second])
    assert r["status"] == "rejected" and r["reason"] == "replay"
    assert content_dump(w.hub) == before


def _packet_id(w: World, path: Path) -> str:
    from tafapp.models import PacketLog

    with w.hub.read() as s:
        return s.scalars(select(PacketLog.packet_id)).one()


def test_newer_schema_is_refused(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import tafapp.sync.envelope as packet_mod

    seed_family(w.devices[0])
    monkeypatch.setattr(packet_mod, "schema_head", lambda: "9999_from_the_future")
    newer = _export(w, 0, "newer.tafpacket")
    monkeypatch.undo()
    before = content_dump(w.hub)
    (r,) = packets.import_files(w.hub, [newer])
    assert (r["status"], r["reason"]) == ("rejected", "schema_too_new")
    assert content_dump(w.hub) == before


def test_oversized_is_refused(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import tafapp.sync.envelope as packet_mod

    seed_family(w.devices[0])
    p = _export(w, 0, "big.tafpacket")
    monkeypatch.setattr(packet_mod, "MAX_PACKET_BYTES", os.path.getsize(p) - 1)
    before = content_dump(w.hub)
    (r,) = packets.import_files(w.hub, [p])
    assert (r["status"], r["reason"]) == ("rejected", "too_large")
    assert content_dump(w.hub) == before


def test_cli_import_json_and_conflicts(w: World, capsys: pytest.CaptureFixture[str]) -> None:
    """`packet import --json` and `conflicts --json` shapes, in process, on a --db hub or a
    profile hub."""
    from tafapp.cli import main

    seed_family(w.devices[0])
    p = _export(w, 0, "p.tafpacket")
    junk = w.tmp / "junk.tafpacket"
    junk.write_bytes(b"junk")
    w.hub.close()
    where = (["--db", str(w.hub.engine.url.render_as_string(hide_password=False))]
             if w.hub.profile is None else ["--profile", str(w.hub.profile.root)])
    code = main([*where, "packet", "import", str(p), str(junk), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 3 and [r["status"] for r in out] == ["applied", "rejected"]
    assert out[1]["reason"] == "not_a_packet" and out[0]["message"]
    assert main([*where, "conflicts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


"""Issue 11 item 7: the audit chain is keyed (HMAC with a secret kept outside a hub's
database); `tafapp audit verify` names the first broken link; the hub's sync events are in it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tafapp.cli import main as cli
from tafapp.models import AuditEvent, SyncState
from tafapp.storage import audit
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_url
from tests.sync_merge.world import seed_family, world


def _events(st: Store, n: int) -> None:
    with st.begin() as s:
        for i in range(n):
            audit.record(s, "family", f"f{i}", f"event {i}", who="Sam", detail={"i": i})


def _hub_args(st: Store, tmp_path: Path) -> list[str]:
    if st.profile is not None:
        return ["--profile", str(st.profile.root)]
    return ["--db", st.engine.url.render_as_string(hide_password=False)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_editing_one_row_in_the_database_is_found(backend: str, tmp_path: Path,
                                                   request: pytest.FixtureRequest,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    if backend == "postgresql":
        st = open_url(request.getfixturevalue("pg_url"), create=True)
    else:
        st = create_profile(Profile(tmp_path / "hub"), "hub")
    _events(st, 5)
    args = _hub_args(st, tmp_path)
    with st.read() as s:
        assert audit.verify(s) == {"ok": True, "events": 5, "scheme": "hmac-sha256",
                                   "first_broken": None}
    st.close()
    assert cli([*args, "audit", "verify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    # An insider with database access edits one event, and even recomputes a plain hash.
    st = open_url(args[1]) if backend == "postgresql" else None
    if st is None:
        from tafapp.storage.store import open_profile

        st = open_profile(Profile(tmp_path / "hub"))
    with st.begin() as s:
        e = s.scalars(select(AuditEvent).where(AuditEvent.what == "event 2")).one()
        body = json.dumps([e.prev_hash, e.at.isoformat(), e.who, e.entity, e.row_id,
                           "nothing to see", e.detail], sort_keys=True, default=str)
        s.execute(text("UPDATE audit_event SET what = 'nothing to see', hash = :h "
                       "WHERE seq = :seq"),
                  {"h": hashlib.sha256(body.encode()).hexdigest(), "seq": e.seq})
        broken_seq = e.seq
    st.close()
    assert cli([*args, "audit", "verify", "--json"]) == 3
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is False and found["first_broken"]["seq"] == broken_seq
    assert cli([*args, "audit", "verify"]) == 3
    assert f"BROKEN at event {broken_seq}" in capsys.readouterr().out


def test_a_deleted_event_breaks_the_next_link(hub_store: Store) -> None:
    _events(hub_store, 4)
    with hub_store.begin() as s:
        seqs = list(s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
        s.execute(text("DELETE FROM audit_event WHERE seq = :s"), {"s": seqs[1]})
    with hub_store.read() as s:
        assert audit.verify_chain(s) == seqs[2]


def test_an_older_plain_chain_is_keyed_once_if_whole(hub_store: Store) -> None:
    def plain(s: object) -> None:
        prev = ""
        for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq)):  # type: ignore[attr-defined]
            body = json.dumps([prev, e.at.isoformat(), e.who, e.entity, e.row_id, e.what,
                               e.detail], sort_keys=True, default=str)
            e.prev_hash, e.hash = prev, hashlib.sha256(body.encode()).hexdigest()
            prev = e.hash
        s.delete(s.get(SyncState, audit.SCHEME_KEY))  # type: ignore[attr-defined]

    _events(hub_store, 3)
    with hub_store.begin() as s:
        plain(s)
    with hub_store.read() as s:
        assert audit.verify(s)["scheme"].startswith("sha256") and audit.verify(s)["ok"]
    _events(hub_store, 1)
    with hub_store.read() as s:
        assert audit.verify(s) == {"ok": True, "events": 4, "scheme": "hmac-sha256",
                                   "first_broken": None}


def test_a_deleted_audit_key_or_scheme_row_is_reported(hub_store: Store) -> None:
    _events(hub_store, 2)
    with hub_store.begin() as s:
        s.get(SyncState, audit.SCHEME_KEY).value = json.dumps({"scheme": "none"})
    with hub_store.read() as s:
        assert audit.verify(s)["first_broken"]["reason"] == "the trail's scheme record was altered"


def test_imports_shares_registrations_and_revocations_are_audited(tmp_path: Path) -> None:
    from tafapp.sync import packets, receipts, registry

    with world(tmp_path, devices=2) as w:
        dev, other = w.devices
        fid = seed_family(dev)
        packets.export_changes(dev, tmp_path / "a.tafpacket")
        (tmp_path / "junk.tafpacket").write_bytes(b"not a packet")
        results = packets.import_files(w.hub, [tmp_path / "a.tafpacket",
                                               tmp_path / "junk.tafpacket"])
        assert [r["status"] for r in results] == ["applied", "rejected"]
        with w.hub.begin() as s:
            receipts.share(s, fid, other.device_id, who="Coordinator")
            registry.revoke_device(s, other.device_id)
        with w.hub.read() as s:
            whats = [e.what for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
            assert audit.verify(s)["ok"]
            imported = s.scalars(select(AuditEvent.detail).where(
                AuditEvent.what == "packet import applied")).one()
    assert whats.count("device added") == 2
    assert "packet import rejected" in whats
    assert f"shared with device {other.device_id}" in whats and "device revoked" in whats
    assert imported["device_id"] == dev.device_id and imported["ops_applied"] > 0

"""Keys behind the vault, public identities, identity files, the registry and enrolment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tafapp.core.errors import InputRejected, NotFound
from tafapp.models import AuditEvent, LocalSecret
from tafapp.storage.audit import verify_chain
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, open_profile
from tafapp.sync import identity, registry
from tafapp.sync.envelope import PacketRejected, RejectCode, open_packet, write_packet


def _ident(st: Store, tmp_path: Path, name: str) -> dict:  # type: ignore[type-arg]
    with st.begin() as s:
        identity.ensure_keys(s, st.role)
        identity.write_identity_file(s, tmp_path / f"{name}.json", name)
    return identity.read_identity_file(tmp_path / f"{name}.json")


def test_keys_are_made_once_and_kept(store: Store, profile: Profile) -> None:
    with store.begin() as s:
        identity.ensure_keys(s, "practitioner")
        first = identity.public_identity(s)
        identity.ensure_keys(s, "practitioner")
        assert identity.public_identity(s) == first
        assert first["id"] == store.device_id and first["role"] == "practitioner"
        assert first["escrow_recipient"] is None
        assert len(s.scalars(select(LocalSecret)).all()) == 2
    store.close()
    with open_profile(profile) as again, again.read() as s:
        assert identity.public_identity(s) == first
        key = identity.signing_key(s)
        assert identity.signing_public_hex(key.public_key()) == first["signing_public_key"]
        assert str(identity.hub_identity(s).to_public()) == first["age_recipient"]
    # The private keys are inside the encrypted database, never in the clear on disk.
    raw = profile.db_path.read_bytes()
    assert first["age_recipient"].encode() not in raw and b"AGE-SECRET-KEY" not in raw


def test_fingerprint_is_stable_and_covers_every_key() -> None:
    a = identity.fingerprint("aa" * 32, "age1x", None)
    assert a == identity.fingerprint("aa" * 32, "age1x", None)
    assert len(a) == 24 and a.count("-") == 4
    assert len({a, identity.fingerprint("ab" * 32, "age1x", None),
                identity.fingerprint("aa" * 32, "age1y", None),
                identity.fingerprint("aa" * 32, "age1x", "age1z")}) == 4


def test_escrow_only_on_a_hub_and_changes_the_fingerprint(store: Store,
                                                         hub_store: Store) -> None:
    import pyrage

    escrow = str(pyrage.x25519.Identity.generate().to_public())
    with store.begin() as s, pytest.raises(InputRejected):
        identity.set_escrow_recipient(s, escrow)
    with hub_store.begin() as s:
        identity.ensure_keys(s, "hub")
        before = identity.public_identity(s)["fingerprint"]
        with pytest.raises(InputRejected):
            identity.set_escrow_recipient(s, "age1nonsense")
        identity.set_escrow_recipient(s, escrow)
        after = identity.public_identity(s)
        assert after["escrow_recipient"] == escrow and after["fingerprint"] != before
        identity.set_escrow_recipient(s, None)
        assert identity.public_identity(s)["fingerprint"] == before


def test_identity_file_round_trip_and_no_secrets(hub_store: Store, tmp_path: Path) -> None:
    ident = _ident(hub_store, tmp_path, "Borough hub")
    text = (tmp_path / "Borough hub.json").read_text()
    assert "SECRET" not in text.upper()
    assert ident["role"] == "hub" and ident["name"] == "Borough hub"
    with hub_store.read() as s:
        assert {k: ident[k] for k in identity.public_identity(s)} == identity.public_identity(s)


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(fingerprint="0000-0000-0000-0000-0000"), "fingerprint"),
    (lambda d: d.update(signing_public_key="zz" * 32), "signing_public_key"),
    (lambda d: d.update(age_recipient="age1broken"), "age_recipient"),
    (lambda d: d.update(version=7), "identity_file"),
    (lambda d: d.update(format="something-else"), "identity_file"),
    (lambda d: d.update(role="boss"), "role"),
    (lambda d: d.pop("id"), "id"),
    (lambda d: d.update(id="has spaces in it"), "id"),
])
def test_bad_identity_files(hub_store: Store, tmp_path: Path, mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    _ident(hub_store, tmp_path, "hub")
    doc = json.loads((tmp_path / "hub.json").read_text())
    mutate(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    with pytest.raises(InputRejected) as info:
        identity.read_identity_file(bad)
    assert info.value.field == field


def test_unreadable_identity_files(tmp_path: Path) -> None:
    cases = {"missing.json": None, "binary.json": b"\x00\xff\xfe", "list.json": b"[1,2]",
             "huge.json": b" " * (identity.MAX_IDENTITY_FILE + 1), "deep.json": b"[" * 100000}
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
        with pytest.raises(InputRejected) as info:
            identity.read_identity_file(tmp_path / name)
        assert info.value.field == "identity_file"


def test_registry_enrolment_and_a_real_exchange(store: Store, hub_store: Store,
                                                tmp_path: Path) -> None:
    device = _ident(store, tmp_path, "Ann's laptop")
    hub = _ident(hub_store, tmp_path, "Hub")
    with store.begin() as s:
        with pytest.raises(InputRejected):
            registry.add_device(s, hub)  # a practitioner keeps no device registry
        with pytest.raises(InputRejected):
            registry.current_hub(s)
        with pytest.raises(InputRejected):
            registry.enrol_hub(s, device)  # a device file is not a hub
        trusted = registry.enrol_hub(s, hub)
        assert registry.enrol_hub(s, hub) is trusted
        recipients = registry.hub_recipients(registry.current_hub(s))
        manifest = write_packet(tmp_path / "p.tafpacket", kind="changes",
                                sender_id=identity.device_id(s), recipient_id=trusted.id,
                                signing_key=identity.signing_key(s), recipients=recipients,
                                sequence=1, prev_hash="", payload={"ops": []}, op_count=0)
    with hub_store.begin() as s:
        opener = {"identities": identity.age_identities(s),
                  "verify_key": registry.device_verify_key(s),
                  "expected_recipient_id": hub_store.device_id}
        with pytest.raises(PacketRejected) as info:
            open_packet(tmp_path / "p.tafpacket", **opener)
        assert info.value.code == RejectCode.unknown_device
        registry.add_device(s, device)
        assert registry.add_device(s, device).fingerprint == device["fingerprint"]
        got, _ = open_packet(tmp_path / "p.tafpacket", **opener)
        assert got == manifest
        assert registry.device_recipient(s, device["id"]) == device["age_recipient"]
        registry.revoke_device(s, device["id"])
        registry.revoke_device(s, device["id"])
        with pytest.raises(PacketRejected) as info:
            open_packet(tmp_path / "p.tafpacket", **opener)
        assert info.value.code == RejectCode.revoked_device
        with pytest.raises(InputRejected):
            registry.device_recipient(s, device["id"])
        with pytest.raises(InputRejected) as refused:
            registry.add_device(s, device)
        assert "revoked" in refused.value.message
        with pytest.raises(NotFound):
            registry.revoke_device(s, "nobody")
        assert [d["status"] for d in registry.list_devices(s)] == ["revoked"]
        events = [e.what for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
        assert events == ["device added", "device revoked"]
        assert verify_chain(s) is None
    with store.read() as s:
        events = [e.what for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
        assert "hub enrolled" in events


def test_receipt_direction(store: Store, hub_store: Store, tmp_path: Path) -> None:
    """The hub encrypts to the device's recipient and signs with its own key; the device
    accepts it only from the hub it enrolled with."""
    device = _ident(store, tmp_path, "laptop")
    hub = _ident(hub_store, tmp_path, "hub")
    with hub_store.begin() as s:
        registry.add_device(s, device)
        write_packet(tmp_path / "r.tafpacket", kind="receipt", sender_id=hub_store.device_id,
                     recipient_id=device["id"], signing_key=identity.signing_key(s),
                     recipients=[registry.device_recipient(s, device["id"])], sequence=1,
                     prev_hash="", payload={"acked": ["op-1"]}, op_count=0)
    with store.begin() as s:
        opener = {"identities": identity.age_identities(s),
                  "verify_key": registry.hub_verify_key(s),
                  "expected_recipient_id": store.device_id}
        with pytest.raises(PacketRejected) as info:
            open_packet(tmp_path / "r.tafpacket", **opener)
        assert info.value.code == RejectCode.unknown_device
        registry.enrol_hub(s, hub)
        manifest, payload = open_packet(tmp_path / "r.tafpacket", **opener)
        assert manifest.kind == "receipt" and payload == {"acked": ["op-1"]}


def test_new_keys_for_an_active_device_replace_the_old(store: Store, hub_store: Store,
                                                        tmp_path: Path) -> None:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    device = _ident(store, tmp_path, "laptop")
    new_key = Ed25519PrivateKey.generate()
    rebuilt = dict(device, signing_public_key=identity.signing_public_hex(new_key.public_key()),
                   age_recipient=str(pyrage.x25519.Identity.generate().to_public()))
    rebuilt["fingerprint"] = identity.fingerprint(rebuilt["signing_public_key"],
                                                  rebuilt["age_recipient"], None)
    with hub_store.begin() as s:
        registry.add_device(s, device)
        dev = registry.add_device(s, rebuilt)
        assert dev.fingerprint == rebuilt["fingerprint"]
        lookup = registry.device_verify_key(s)
        assert identity.signing_public_hex(lookup(device["id"])) == rebuilt["signing_public_key"]
        events = [e.what for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
        assert events == ["device added", "device keys replaced"]


@pytest.mark.postgres
def test_registry_on_a_postgresql_hub(pg_url: str, store: Store, tmp_path: Path) -> None:
    from tafapp.storage.store import open_url

    device = _ident(store, tmp_path, "laptop")
    with open_url(pg_url, create=True) as hub:
        with hub.begin() as s:
            identity.ensure_keys(s, "hub")
            registry.add_device(s, device)
            registry.revoke_device(s, device["id"])
        with hub.read() as s:
            assert registry.list_devices(s)[0]["status"] == "revoked"
            assert identity.public_identity(s)["role"] == "hub"

"""Round trip and every reject code of the `.tafpacket` envelope."""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tafapp.sync import envelope, envelope_format
from tafapp.sync.envelope import (
    MAX_PACKET_BYTES,
    PacketRejected,
    RejectCode,
    open_packet,
    write_packet,
)
from tafapp.sync.envelope_format import (
    MAGIC,
    SIG_DOMAIN,
    Manifest,
    encode_header,
    encode_inner,
    recipient_fingerprint,
)
from tests.sync_envelope.helpers import DEVICE_ID, HUB_ID, Keys, make, open_as_hub, sample_payload


@pytest.fixture
def keys() -> Keys:
    return Keys()


def _code(path: Path, keys: Keys) -> RejectCode:
    with pytest.raises(PacketRejected) as info:
        open_as_hub(path, keys)
    assert str(info.value).startswith(envelope_format.MESSAGES[info.value.code])
    return info.value.code


def test_round_trip(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a.tafpacket"
    written = make(path, keys, n=5)
    manifest, payload = open_as_hub(path, keys)
    assert manifest == written
    assert payload == sample_payload(5)
    assert manifest.sender_id == DEVICE_ID and manifest.recipient_id == HUB_ID
    assert manifest.op_count == 5 and manifest.kind == "changes"
    assert manifest.schema_version == envelope_format.schema_head()
    assert list(manifest.recipient_fingerprints) == [recipient_fingerprint(r)
                                                     for r in keys.recipients()]
    # The escrow key opens it as well; nothing else is left beside the packet.
    again, _ = open_packet(path, identities=[keys.escrow], verify_key=keys.verify_key,
                           expected_recipient_id=HUB_ID)
    assert again == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tafpacket"]


def test_layout_and_confidentiality(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a.tafpacket"
    make(path, keys)
    data = path.read_bytes()
    assert data.startswith(MAGIC + b"\x00\x01\x02")
    assert b"age-encryption.org/v1\n" in data[:100]
    assert b"Mill Lane" not in data and DEVICE_ID.encode() not in data


def test_digest_chains_and_identifies(tmp_path: Path, keys: Keys) -> None:
    a = make(tmp_path / "a", keys)
    b = make(tmp_path / "b", keys)
    assert a.packet_id != b.packet_id and a.digest() != b.digest()
    assert a.digest() == hashlib.sha256(a.to_bytes()).hexdigest()
    chained = write_packet(tmp_path / "c", kind="receipt", sender_id=DEVICE_ID,
                           recipient_id=HUB_ID, signing_key=keys.device,
                           recipients=keys.recipients(), sequence=2, prev_hash=a.digest(),
                           payload={"acked": []}, op_count=0)
    m, payload = open_as_hub(tmp_path / "c", keys)
    assert m.prev_hash == a.digest() and m.sequence == 2 and payload == {"acked": []}
    assert chained.kind == "receipt"


def test_not_a_packet(tmp_path: Path, keys: Keys) -> None:
    for content in (b"", b"PK\x03\x04 a zip file", b"hello\n" * 100,
                    MAGIC + b"\x00\x00\x01" + bytes(100), MAGIC + b"\x00\x01\x00" + bytes(50)):
        path = tmp_path / "x"
        path.write_bytes(content)
        assert _code(path, keys) == RejectCode.not_a_packet
    assert _code(tmp_path / "missing.tafpacket", keys) == RejectCode.not_a_packet


def test_corrupt(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a"
    make(path, keys)
    data = path.read_bytes()
    for i in (len(data) // 2, len(data) - 1, 60):
        flipped = bytearray(data)
        flipped[i] ^= 0x40
        path.write_bytes(bytes(flipped))
        assert _code(path, keys) == RejectCode.corrupt
    path.write_bytes(data[: len(data) - 10])
    assert _code(path, keys) == RejectCode.corrupt


def _forge(path: Path, keys: Keys, manifest: Manifest, body: bytes,
           signer: Ed25519PrivateKey | None = None) -> None:
    """Seal hand-made inner parts with real keys (what an insider with the hub's recipient
    could do): only the signature stands between this and an import."""
    manifest_bytes = manifest.to_bytes()
    sig = (signer or keys.device).sign(SIG_DOMAIN + manifest_bytes)
    recips = [pyrage.x25519.Recipient.from_str(r) for r in keys.recipients()]
    inner = encode_inner(manifest_bytes, body, sig)
    path.write_bytes(encode_header(list(manifest.recipient_fingerprints))
                     + pyrage.encrypt(inner, recips))


def test_bad_signature(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a"
    make(path, keys, signing=Ed25519PrivateKey.generate())
    assert _code(path, keys) == RejectCode.bad_signature
    # A genuine signed manifest re-sealed with another payload.
    good = make(tmp_path / "good", keys)
    evil = zlib.compress(json.dumps({"ops": [{"op_id": "x"}] * 3}).encode())
    _forge(path, keys, good, evil)
    assert _code(path, keys) == RejectCode.bad_signature
    # The same forged payload with its own (correct) hash but the device's old signature.
    manifest_bytes = Manifest(**{**good.__dict__,
                                 "payload_sha256": hashlib.sha256(evil).hexdigest()}).to_bytes()
    recips = [pyrage.x25519.Recipient.from_str(r) for r in keys.recipients()]
    sig = keys.device.sign(SIG_DOMAIN + good.to_bytes())
    path.write_bytes(encode_header(list(good.recipient_fingerprints))
                     + pyrage.encrypt(encode_inner(manifest_bytes, evil, sig), recips))
    assert _code(path, keys) == RejectCode.bad_signature


def test_unknown_and_revoked_device(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a"
    make(path, keys, sender="stranger-01")
    assert _code(path, keys) == RejectCode.unknown_device
    make(path, keys)
    keys.revoked.add(DEVICE_ID)
    assert _code(path, keys) == RejectCode.revoked_device


def test_wrong_recipient(tmp_path: Path, keys: Keys) -> None:
    other = Keys()
    path = tmp_path / "a"
    make(path, keys, recipients=other.recipients())
    assert _code(path, keys) == RejectCode.wrong_recipient
    # Encrypted to our key but addressed to another hub id (e.g. a re-used test hub key).
    make(path, keys, recipient="hub-other")
    assert _code(path, keys) == RejectCode.wrong_recipient


def test_header_must_match_signed_manifest(tmp_path: Path, keys: Keys) -> None:
    path = tmp_path / "a"
    make(path, keys)
    data = bytearray(path.read_bytes())
    escrow_fp_at = len(MAGIC) + 3 + 16  # second fingerprint: not the one the hub checks
    data[escrow_fp_at] ^= 1
    path.write_bytes(bytes(data))
    assert _code(path, keys) == RejectCode.corrupt


def test_schema_too_new(tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a"
    monkeypatch.setattr(envelope, "schema_head", lambda: "0999_from_the_future")
    make(path, keys)
    monkeypatch.undo()
    assert _code(path, keys) == RejectCode.schema_too_new
    make(path, keys)
    data = bytearray(path.read_bytes())
    data[len(MAGIC) + 1] = 2  # format version 2
    path.write_bytes(bytes(data))
    assert _code(path, keys) == RejectCode.schema_too_new


def test_too_large(tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.tafpacket"
    with open(path, "wb") as fh:  # sparse: costs no disk, and must not be read at all
        fh.truncate(MAX_PACKET_BYTES + 1)
    assert _code(path, keys) == RejectCode.too_large
    # A signed manifest claiming more ops than the cap is refused before the payload is read.
    good = make(tmp_path / "good", keys)
    body = zlib.compress(b'{"summary":"no op list"}')
    _forge(path, keys, Manifest(**{**good.__dict__, "op_count": envelope_format.MAX_OPS + 1,
                                   "payload_sha256": hashlib.sha256(body).hexdigest()}), body)
    assert _code(path, keys) == RejectCode.too_large
    # A payload that inflates past the cap (a zip bomb) stops at the cap.
    monkeypatch.setattr(envelope, "MAX_PAYLOAD_BYTES", 4096)
    write_packet(path, kind="changes", sender_id=DEVICE_ID, recipient_id=HUB_ID,
                 signing_key=keys.device, recipients=keys.recipients(), sequence=1,
                 prev_hash="", payload={"ops": [], "ack_floor": "a" * 3000}, op_count=0)
    assert len(path.read_bytes()) < 4096
    open_as_hub(path, keys)
    write_packet(tmp_path / "b", kind="changes", sender_id=DEVICE_ID, recipient_id=HUB_ID,
                 signing_key=keys.device, recipients=keys.recipients(), sequence=1,
                 prev_hash="", payload={"ops": [], "ack_floor": "a" * 3000}, op_count=0)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD_BYTES", 1000)
    assert _code(tmp_path / "b", keys) == RejectCode.too_large


def test_writer_refuses_what_readers_would_reject(tmp_path: Path, keys: Keys,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tafapp.core.errors import InputRejected

    path = tmp_path / "a"
    with pytest.raises(InputRejected):
        make(path, keys, kind="gossip")
    with pytest.raises(InputRejected):
        make(path, keys, recipients=["age1notarecipient"])
    with pytest.raises(InputRejected):
        make(path, keys, sender="has space")
    with pytest.raises(InputRejected):
        write_packet(path, kind="changes", sender_id=DEVICE_ID, recipient_id=HUB_ID,
                     signing_key=keys.device, recipients=keys.recipients(), sequence=1,
                     prev_hash="", payload={"ops": [1, 2]}, op_count=3)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD_BYTES", 100)
    with pytest.raises(PacketRejected) as info:
        make(path, keys, n=10)
    assert info.value.code == RejectCode.too_large
    assert not path.exists()


def test_read_back_mismatch_removes_file(tmp_path: Path, keys: Keys,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def lying_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        fh = real_open(file, mode, *args, **kwargs)
        if mode == "rb":
            data = fh.read()
            fh.close()
            import io

            return io.BytesIO(data[:-1] + bytes([data[-1] ^ 1]))
        return fh

    monkeypatch.setattr("builtins.open", lying_open)
    with pytest.raises(envelope.PacketWriteFailed):
        make(tmp_path / "a.tafpacket", keys)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_reject_codes_are_exactly_the_documented_set() -> None:
    assert [c.value for c in RejectCode] == [
        "not_a_packet", "corrupt", "bad_signature", "unknown_device", "revoked_device",
        "wrong_recipient", "schema_too_new", "too_large", "replay"]
    for code in RejectCode:
        err = PacketRejected(code, "detail")
        assert err.code is code and err.exit_code == 3 and "detail" in str(err)
        assert envelope_format.MESSAGES[code].endswith(".")

"""Hostile bytes: whatever a file holds, `open_packet` raises PacketRejected and nothing else."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tafapp.sync.envelope import PacketRejected, RejectCode, open_packet, open_packet_bytes
from tafapp.sync.envelope_format import MAGIC, Manifest, encode_header
from tests.sync_envelope.helpers import HUB_ID, Keys, make

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Examples that each encrypt and sign a fresh packet cost more; fewer of them still reach every
# parser branch (the branches are few and hypothesis aims at boundaries).
SEALED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def _fixture() -> tuple[Keys, bytes]:
    keys = Keys()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.tafpacket"
        make(path, keys, n=20)
        return keys, path.read_bytes()


@lru_cache(maxsize=1)
def _base() -> Manifest:
    keys, good = _fixture()
    return open_packet_bytes(good, identities=[keys.hub], verify_key=keys.verify_key,
                             expected_recipient_id=HUB_ID)[0]


def _rejected(data: bytes) -> RejectCode:
    keys, _ = _fixture()
    try:
        open_packet_bytes(data, identities=[keys.hub], verify_key=keys.verify_key,
                          expected_recipient_id=HUB_ID)
    except PacketRejected as exc:
        return exc.code
    raise AssertionError("a damaged packet was accepted")


def test_the_fixture_itself_opens() -> None:
    keys, data = _fixture()
    manifest, payload = open_packet_bytes(data, identities=[keys.hub],
                                          verify_key=keys.verify_key,
                                          expected_recipient_id=HUB_ID)
    assert manifest.op_count == 20 and len(payload["ops"]) == 20


def test_every_byte_flipped() -> None:
    """One bit flipped in every byte of the file, in turn: each copy is refused."""
    _, data = _fixture()
    codes = set()
    for i in range(len(data)):
        damaged = bytearray(data)
        damaged[i] ^= 1 << (i % 8)
        codes.add(_rejected(bytes(damaged)))
    assert RejectCode.corrupt in codes and RejectCode.not_a_packet in codes


@pytest.mark.parametrize("fiftieth", range(50))
def test_truncated_at_every_fiftieth(fiftieth: int, tmp_path: Path) -> None:
    keys, data = _fixture()
    path = tmp_path / "cut.tafpacket"
    path.write_bytes(data[: len(data) * fiftieth // 50])
    with pytest.raises(PacketRejected):
        open_packet(path, identities=[keys.hub], verify_key=keys.verify_key,
                    expected_recipient_id=HUB_ID)


@FUZZ
@given(st.binary(min_size=1, max_size=2000))
def test_appended_bytes(extra: bytes) -> None:
    _, data = _fixture()
    assert _rejected(data + extra) == RejectCode.corrupt


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    _rejected(data)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_behind_a_valid_header(body: bytes) -> None:
    """Past the magic and fingerprint checks, so decryption and parsing see the noise."""
    keys, data = _fixture()
    header_len = len(MAGIC) + 3 + 2 * 16
    _rejected(data[:header_len] + body)
    _rejected(data[:header_len] + b"age-encryption.org/v1\n" + body)
    from tafapp.sync.envelope_format import recipient_fingerprint

    assert encode_header([recipient_fingerprint(str(keys.hub.to_public()))])[:8] == MAGIC


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=7)),
                min_size=1, max_size=8))
def test_random_bit_flips(flips: list[tuple[int, int]]) -> None:
    _, data = _fixture()
    damaged = bytearray(data)
    for pos, bit in flips:
        damaged[pos % len(damaged)] ^= 1 << bit
    if bytes(damaged) != data:  # two flips of the same bit cancel out
        _rejected(bytes(damaged))


@FUZZ
@given(st.integers(min_value=0), st.binary(min_size=1, max_size=64))
def test_spliced_bytes(pos: int, chunk: bytes) -> None:
    _, data = _fixture()
    at = pos % len(data)
    spliced = data[:at] + chunk + data[at + len(chunk):]
    if spliced != data:
        _rejected(spliced)


def _sealed(inner: bytes) -> bytes:
    """Properly encrypted to the hub: what an insider holding the hub's public key can send.
    age's authentication stops bit flips; this reaches the parsers behind it."""
    import pyrage

    from tafapp.sync.envelope_format import recipient_fingerprint

    keys, _ = _fixture()
    recips = keys.recipients()
    return (encode_header([recipient_fingerprint(r) for r in recips])
            + pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(r) for r in recips]))


@SEALED
@given(st.binary(max_size=600))
def test_random_inner_blobs(inner: bytes) -> None:
    _rejected(_sealed(inner))
    _rejected(_sealed(b"TAFI" + inner))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children,
                                                                       max_size=4),
    max_leaves=12)


@SEALED
@given(st.dictionaries(st.sampled_from(["packet_id", "kind", "sender_id", "recipient_id",
                                        "sequence", "prev_hash", "schema_version",
                                        "format_version", "recipient_fingerprints",
                                        "op_count", "payload_sha256", "created_at", "extra"]),
                       JSON, max_size=13),
       st.binary(max_size=200))
def test_signed_hostile_manifests_and_payloads(manifest: dict, body: bytes) -> None:  # type: ignore[type-arg]
    """Correctly signed by the registered device, with arbitrary manifest values."""
    import json
    import struct

    from tafapp.sync.envelope_format import SIG_DOMAIN

    keys, _ = _fixture()
    doc = json.loads(_base().to_bytes())
    doc.update(manifest)
    m = json.dumps(doc).encode()
    sig = keys.device.sign(SIG_DOMAIN + m)
    inner = b"TAFI" + struct.pack(">I", len(m)) + m + struct.pack(">I", len(body)) + body + sig
    _rejected(_sealed(inner))


@SEALED
@given(JSON)
def test_signed_hostile_payload_json(value: object) -> None:
    """A valid manifest over a payload that is valid zlib but arbitrary JSON."""
    import hashlib
    import json
    import struct
    import zlib

    from tafapp.sync.envelope_format import SIG_DOMAIN

    keys, _ = _fixture()
    base = _base()
    body = zlib.compress(json.dumps(value).encode())
    m = Manifest(**{**base.__dict__, "payload_sha256": hashlib.sha256(body).hexdigest()})
    mb = m.to_bytes()
    inner = (b"TAFI" + struct.pack(">I", len(mb)) + mb + struct.pack(">I", len(body)) + body
             + keys.device.sign(SIG_DOMAIN + mb))
    try:
        _, payload = open_packet_bytes(_sealed(inner), identities=[keys.hub],
                                       verify_key=keys.verify_key,
                                       expected_recipient_id=HUB_ID)
    except PacketRejected:
        return
    # Accepted only if it is an object whose op list (if any) matches the signed count.
    assert isinstance(payload, dict) and payload == value
    ops = payload.get("ops")
    assert not isinstance(ops, list) or len(ops) == base.op_count


@pytest.mark.parametrize(("text", "code"), [
    (b"[" * 200_000, RejectCode.too_large), (b"[" * 9 + b"]" * 9, RejectCode.too_large),
    (b'{"ops": [' + b"{}," * 200_000 + b"{}]}", RejectCode.too_large),
    (b'{"ops": "' + b"x" * 70_000 + b'"}', RejectCode.too_large),
    (b'{"n": ' + b"9" * 5000 + b"}", RejectCode.corrupt), (b'{"x": NaN}', RejectCode.corrupt),
    (b'{"ops": [1]}', RejectCode.corrupt), (b"\xff\xfe not utf-8", RejectCode.corrupt),
    (b'"just a string"', RejectCode.corrupt), (b'{"ops": [], "extra": 1}', RejectCode.corrupt),
    (b'{"ops": [{"op_id": "x", "smuggled": 1}]}', RejectCode.corrupt)])
def test_signed_payloads_the_parser_refuses(text: bytes, code: RejectCode) -> None:
    import hashlib
    import struct
    import zlib

    from tafapp.sync.envelope_format import SIG_DOMAIN

    keys, _ = _fixture()
    base = _base()
    body = zlib.compress(text)
    mb = Manifest(**{**base.__dict__, "payload_sha256": hashlib.sha256(body).hexdigest()}
                  ).to_bytes()
    inner = (b"TAFI" + struct.pack(">I", len(mb)) + mb + struct.pack(">I", len(body)) + body
             + keys.device.sign(SIG_DOMAIN + mb))
    assert _rejected(_sealed(inner)) == code


@SEALED
@given(st.binary(max_size=3000))
def test_identity_file_reader_only_says_input_rejected(data: bytes) -> None:
    from tafapp.core.errors import InputRejected
    from tafapp.sync.identity import read_identity_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.identity"
        path.write_bytes(data)
        with pytest.raises(InputRejected):
            read_identity_file(path)

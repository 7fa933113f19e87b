"""Hostile bytes: whatever a file holds, `open_packet` raises PacketRejected and nothing else."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tafapp.exports.packet import PacketRejected, RejectCode, open_packet, open_packet_bytes
from tafapp.exports.packet_format import MAGIC, encode_header
from tests.sync_envelope.helpers import HUB_ID, Keys, make

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def _fixture() -> tuple[Keys, bytes]:
    keys = Keys()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.tafpacket"
        make(path, keys, n=20)
        return keys, path.read_bytes()


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
    from tafapp.exports.packet_format import recipient_fingerprint

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

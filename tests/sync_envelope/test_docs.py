"""docs/packet-format.md states the same codes, caps and layout as the code."""

from __future__ import annotations

from pathlib import Path

from tafapp.sync import envelope_format as pf

DOC = Path(__file__).resolve().parents[2] / "docs" / "packet-format.md"


def test_codes_caps_and_magic_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code in pf.RejectCode:
        assert f"`{code.value}`" in text, code
    assert pf.MAGIC.hex(" ") in text
    assert f"{pf.MAX_PACKET_BYTES // 2**20} MiB" in text
    assert f"{pf.MAX_PAYLOAD_BYTES // 2**20} MiB" in text
    assert f"{pf.MAX_MANIFEST_BYTES // 1024} KiB" in text
    assert f"{pf.MAX_OPS:,}" in text
    for cap in (pf.MAX_ROWS, pf.MAX_CONTAINERS, pf.MAX_VALUES, pf.MAX_STRING_CHARS):
        assert f"| {cap:,} |" in text or f"| {cap:,} characters |" in text, cap
    assert f"| nesting depth | {pf.MAX_DEPTH} |" in text
    assert f"version {pf.FORMAT_VERSION}" in text
    assert repr(pf.SIG_DOMAIN.decode()[:-1]).strip("'") in text
    for field in pf.Manifest.__dataclass_fields__:
        assert f"`{field}`" in text, field

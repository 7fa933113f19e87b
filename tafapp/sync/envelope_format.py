"""The `.tafpacket` envelope, format version 1: constants, caps, reject codes, the manifest and
the byte layouts. `tafapp.sync.envelope` reads and writes whole packets with these; the
prose specification is docs/packet-format.md (keep the two in step).

Outer file (what travels)::

    0   8   MAGIC  b"\\x89TAFPKT\\n"   (high byte and newline catch text-mode mangling)
    8   2   format version, unsigned big-endian (1)
    10  1   N = number of recipients, 1..MAX_RECIPIENTS
    11  16N recipient fingerprints: sha256(age recipient text)[:16] each, in manifest order
    ..  ..  age v1 binary ciphertext of the inner blob, to exactly those N recipients

Inner blob (the age plaintext)::

    0   4   INNER_MAGIC b"TAFI"
    4   4   M = manifest length (big-endian), 2..MAX_MANIFEST_BYTES
    8   M   manifest: canonical JSON (sorted keys, no spaces, UTF-8)
    ..  4   P = payload length (big-endian)
    ..  P   payload: zlib stream of the canonical JSON of one object
    ..  64  Ed25519 signature over SIG_DOMAIN + manifest bytes

The manifest carries `payload_sha256` (of the P stored bytes) and the recipient fingerprints,
so the signature covers the payload, the recipients and the outer header.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tafapp.core.errors import TafError

MAGIC = b"\x89TAFPKT\n"
INNER_MAGIC = b"TAFI"
FORMAT_VERSION = 1
SIG_DOMAIN = b"tafpacket-v1 signature\x00"
SIG_LEN = 64
FP_LEN = 16
KINDS = ("changes", "receipt")

# Hard caps, checked before the bytes they guard are parsed. A packet over any of them is
# rejected `too_large` (and write_packet refuses to make one).
MAX_PAYLOAD_BYTES = 24 * 1024 * 1024  # the payload JSON once decompressed
MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024 * 1024  # the whole file on disk
MAX_RECIPIENTS = 4  # hub + escrow, with room for a key rollover
MAX_MANIFEST_BYTES = 16 * 1024
MAX_OPS = 50_000  # manifest op_count, and len(payload["ops"]) when present
# Caps on the payload's JSON, checked while it is read (`envelope_caps`): together with the
# two above they bound the memory an import may take (bench/caps_bench.py).
MAX_ROWS = 50_000  # rows in a receipt payload
MAX_CONTAINERS = 160_000  # JSON objects and arrays, all levels together
MAX_VALUES = 1_000_000  # JSON values of every kind (an upper bound: commas + containers + 1)
MAX_DEPTH = 8  # nesting of objects and arrays; a changes payload needs 4, a receipt 5
MAX_STRING_CHARS = 65_536  # any one string (a typed note is at most 20,000 characters)
MAX_KEY_CHARS = 64  # any one object key inside a value

HEADER_FIXED = len(MAGIC) + 3
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,64}$")
_FP = re.compile(r"^[0-9a-f]{32}$")


class RejectCode(StrEnum):
    """Why a packet was refused. Values are the stable codes of the CLI's JSON output."""

    not_a_packet = "not_a_packet"
    corrupt = "corrupt"
    bad_signature = "bad_signature"
    unknown_device = "unknown_device"
    revoked_device = "revoked_device"
    wrong_recipient = "wrong_recipient"
    schema_too_new = "schema_too_new"
    too_large = "too_large"
    replay = "replay"


MESSAGES: dict[RejectCode, str] = {
    RejectCode.not_a_packet: "This file is not a tafapp sync packet. Check that you picked the "
    "right file (packets end in .tafpacket).",
    RejectCode.corrupt: "This packet is damaged: it may have been cut short or changed on the "
    "way. Nothing was imported; ask the sender to export it again.",
    RejectCode.bad_signature: "This packet's signature does not match its contents, so it may "
    "have been tampered with. Nothing was imported; ask the sender for a fresh packet and tell "
    "your information governance lead.",
    RejectCode.unknown_device: "This packet comes from a device this hub does not know. Check "
    "its fingerprint with the practitioner, register it with `tafapp devices add`, then import "
    "again.",
    RejectCode.revoked_device: "This packet comes from a device whose access was revoked. "
    "Nothing was imported; speak to the practitioner if this is unexpected.",
    RejectCode.wrong_recipient: "This packet was made for a different hub or device, so it "
    "cannot be opened here. Check that the sender enrolled with this profile's identity file.",
    RejectCode.schema_too_new: "This packet was written by a newer version of tafapp. Update "
    "tafapp here, then import it again.",
    RejectCode.too_large: "This packet is larger than tafapp accepts, so it was not read. Ask "
    "the sender to export again, or contact support.",
    RejectCode.replay: "A packet with this id was already imported with different contents, "
    "so this one was refused as a possible replay. Ask the sender to export a fresh packet.",
}


class PacketRejected(TafError):
    """A packet refused on import. `code` is a RejectCode; `str()` is a sentence a coordinator
    understands, followed by a technical detail in brackets when there is one."""

    exit_code = 3

    def __init__(self, code: RejectCode, detail: str = "") -> None:
        self.code = RejectCode(code)
        self.detail = detail
        self.message = MESSAGES[self.code]
        super().__init__(f"{self.message} ({detail})" if detail else self.message)


class PacketWriteFailed(TafError):
    """The packet read back from disk was not what was written; the file was removed."""

    exit_code = 3


@dataclass(frozen=True)
class Manifest:
    """What a packet says about itself; every field is covered by the sender's signature.

    `schema_version` is the sender's Alembic head; `prev_hash` the `digest()` of the sender's
    previous packet to this recipient ("" for the first); `created_at` ISO 8601 UTC."""

    packet_id: str
    kind: str
    sender_id: str
    recipient_id: str
    sequence: int
    prev_hash: str
    schema_version: str
    format_version: int
    recipient_fingerprints: tuple[str, ...]
    op_count: int
    payload_sha256: str
    created_at: str

    def to_bytes(self) -> bytes:
        """Canonical JSON: the exact bytes that are signed."""
        doc = asdict(self)
        doc["recipient_fingerprints"] = list(self.recipient_fingerprints)
        return canonical_json(doc)

    def digest(self) -> str:
        """sha256 hex of the signed manifest bytes: identifies the packet's content (two
        packets with one id and different digests are a replay) and chains `prev_hash`."""
        return hashlib.sha256(self.to_bytes()).hexdigest()


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def recipient_fingerprint(recipient: str) -> str:
    """32 hex digits naming an age recipient in the clear header (not the key itself)."""
    return hashlib.sha256(recipient.encode("utf-8")).hexdigest()[:FP_LEN * 2]


def encode_header(fingerprints: list[str]) -> bytes:
    return (MAGIC + struct.pack(">HB", FORMAT_VERSION, len(fingerprints))
            + b"".join(bytes.fromhex(fp) for fp in fingerprints))


def decode_header(data: bytes) -> tuple[int, list[str], int]:
    """(format version, recipient fingerprints, offset of the age ciphertext)."""
    if len(data) < HEADER_FIXED or not data.startswith(MAGIC):
        raise PacketRejected(RejectCode.not_a_packet, "no tafpacket header")
    version, count = struct.unpack_from(">HB", data, len(MAGIC))
    if version == 0:
        raise PacketRejected(RejectCode.not_a_packet, "format version 0")
    if version > FORMAT_VERSION:
        raise PacketRejected(RejectCode.schema_too_new, f"packet format {version}, this "
                             f"tafapp reads up to {FORMAT_VERSION}")
    if not 1 <= count <= MAX_RECIPIENTS:
        raise PacketRejected(RejectCode.not_a_packet, f"{count} recipients in the header")
    end = HEADER_FIXED + FP_LEN * count
    if len(data) <= end:
        raise PacketRejected(RejectCode.corrupt, "the file ends inside its header")
    fps = [data[HEADER_FIXED + i * FP_LEN:HEADER_FIXED + (i + 1) * FP_LEN].hex()
           for i in range(count)]
    return version, fps, end


def encode_inner(manifest_bytes: bytes, payload: bytes, signature: bytes) -> bytes:
    return b"".join([INNER_MAGIC, struct.pack(">I", len(manifest_bytes)), manifest_bytes,
                     struct.pack(">I", len(payload)), payload, signature])


def decode_inner(blob: bytes) -> tuple[bytes, bytes, bytes]:
    """(manifest bytes, payload bytes, signature); every length checked against the blob."""
    if len(blob) < 12 + SIG_LEN or not blob.startswith(INNER_MAGIC):
        raise PacketRejected(RejectCode.corrupt, "inner blob has no valid start")
    (m_len,) = struct.unpack_from(">I", blob, 4)
    if not 2 <= m_len <= MAX_MANIFEST_BYTES or 8 + m_len + 4 + SIG_LEN > len(blob):
        raise PacketRejected(RejectCode.corrupt, "manifest length out of range")
    manifest = blob[8:8 + m_len]
    (p_len,) = struct.unpack_from(">I", blob, 8 + m_len)
    start = 12 + m_len
    if start + p_len + SIG_LEN != len(blob):
        raise PacketRejected(RejectCode.corrupt, "payload length does not match the blob")
    return manifest, blob[start:start + p_len], blob[start + p_len:]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_manifest(data: bytes) -> Manifest:
    """Strictly parse manifest bytes: exact key set, types, ranges; anything else `corrupt`.
    Raises `too_large` for an op_count over MAX_OPS before any payload is touched."""
    try:
        doc = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates,
                         parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PacketRejected(RejectCode.corrupt, "manifest is not valid JSON") from None
    fields = set(Manifest.__dataclass_fields__)
    if not isinstance(doc, dict) or set(doc) != fields:
        raise PacketRejected(RejectCode.corrupt, "manifest fields are not the expected set")
    _check_manifest_types(doc)
    if doc["op_count"] > MAX_OPS:
        raise PacketRejected(RejectCode.too_large, f"{doc['op_count']} ops; the limit is "
                             f"{MAX_OPS}")
    doc["recipient_fingerprints"] = tuple(doc["recipient_fingerprints"])
    return Manifest(**doc)


def _check_manifest_types(doc: dict[str, Any]) -> None:
    def bad(field: str) -> PacketRejected:
        return PacketRejected(RejectCode.corrupt, f"manifest field {field} is malformed")

    for key in ("packet_id", "sender_id", "recipient_id"):
        if not isinstance(doc[key], str) or not _ID.match(doc[key]):
            raise bad(key)
    for key in ("schema_version", "created_at"):
        if not isinstance(doc[key], str) or not 0 < len(doc[key]) <= 64:
            raise bad(key)
    if doc["kind"] not in KINDS:
        raise bad("kind")
    for key in ("sequence", "op_count", "format_version"):
        value = doc[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
            raise bad(key)
    if doc["prev_hash"] != "" and not (isinstance(doc["prev_hash"], str)
                                       and _HEX64.match(doc["prev_hash"])):
        raise bad("prev_hash")
    if not isinstance(doc["payload_sha256"], str) or not _HEX64.match(doc["payload_sha256"]):
        raise bad("payload_sha256")
    fps = doc["recipient_fingerprints"]
    if (not isinstance(fps, list) or not 1 <= len(fps) <= MAX_RECIPIENTS
            or not all(isinstance(f, str) and _FP.match(f) for f in fps)):
        raise bad("recipient_fingerprints")


@lru_cache(maxsize=1)
def known_schema_versions() -> frozenset[str]:
    """Every Alembic revision this build knows; a packet naming another is from a newer one."""
    from alembic.script import ScriptDirectory

    from tafapp.storage.store import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(r.revision for r in script.walk_revisions())


@lru_cache(maxsize=1)
def schema_head() -> str:
    """This build's Alembic head (cached: the revision files do not change while running)."""
    from tafapp.storage.store import head_revision

    return head_revision()

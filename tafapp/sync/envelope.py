"""Write and open `.tafpacket` files: sign-then-encrypt envelopes (DESIGN section 5).

`write_packet` signs a manifest and a payload with the sender's Ed25519 key, encrypts the whole
to the recipients' age keys, writes it atomically and reads it back before returning.
`open_packet` checks caps before parsing, decrypts, verifies, and raises only `PacketRejected`
for any bytes a file may hold. Byte layout and caps: `envelope_format` and docs/packet-format.md.
No Qt, no database: callers pass keys and a sender lookup in.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafapp.core.errors import InputRejected
from tafapp.sync.envelope_format import (
    FORMAT_VERSION,
    KINDS,
    MAX_OPS,
    MAX_PACKET_BYTES,
    MAX_PAYLOAD_BYTES,
    MAX_RECIPIENTS,
    SIG_DOMAIN,
    Manifest,
    PacketRejected,
    PacketWriteFailed,
    RejectCode,
    canonical_json,
    decode_header,
    decode_inner,
    encode_header,
    encode_inner,
    known_schema_versions,
    parse_manifest,
    recipient_fingerprint,
    schema_head,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

__all__ = [
    "MAX_OPS", "MAX_PACKET_BYTES", "MAX_PAYLOAD_BYTES", "MAX_RECIPIENTS", "Manifest",
    "PacketRejected", "PacketWriteFailed", "RejectCode", "open_packet", "open_packet_bytes",
    "write_packet",
]

VerifyKey = Callable[[str], "Ed25519PublicKey"]
_ZLIB_LEVEL = 6


def _age_recipients(recipients: list[str]) -> list[Any]:
    import pyrage

    if not 1 <= len(recipients) <= MAX_RECIPIENTS or len(set(recipients)) != len(recipients):
        raise InputRejected("recipients", f"a packet needs 1 to {MAX_RECIPIENTS} distinct "
                            "recipients")
    out = []
    for r in recipients:
        try:
            out.append(pyrage.x25519.Recipient.from_str(r))
        except Exception:  # noqa: BLE001 - pyrage's parse errors are not exported types
            raise InputRejected("recipients", f"{r[:20]}… is not an age recipient") from None
    return out


def _encode_payload(payload: dict[str, Any], op_count: int, kind: str) -> bytes:
    """Canonical JSON, zlib-compressed, after the same caps the reader applies (so a writer
    never makes a packet every reader refuses)."""
    from tafapp.sync import envelope_caps

    if not isinstance(payload, dict):
        raise InputRejected("payload", "must be a JSON object")
    if not 0 <= op_count <= MAX_OPS:
        raise PacketRejected(RejectCode.too_large, f"{op_count} ops; the limit is {MAX_OPS}")
    ops = payload.get("ops")
    if isinstance(ops, list) and len(ops) != op_count:
        raise InputRejected("op_count", f"is {op_count} but the payload holds {len(ops)} ops")
    try:
        text = canonical_json(payload)
    except (TypeError, ValueError) as exc:
        raise InputRejected("payload", f"cannot be written as JSON ({exc})") from None
    if len(text) > MAX_PAYLOAD_BYTES:
        raise PacketRejected(RejectCode.too_large, "the payload is over the size limit")
    envelope_caps.scan(text)
    envelope_caps.check_shape(kind, payload)
    return zlib.compress(text, _ZLIB_LEVEL)


def write_packet(path: str | os.PathLike[str], *, kind: str, sender_id: str,
                 recipient_id: str, signing_key: Ed25519PrivateKey, recipients: list[str],
                 sequence: int, prev_hash: str, payload: dict[str, Any],
                 op_count: int) -> Manifest:
    """Write one packet to `path` and return its manifest once the file on disk is proven.

    `recipients` are age recipient texts (`age1…`): the hub and its escrow for a changes
    packet, the device for a receipt. The signature is verified before encryption; the file is
    written to a temporary name in the same folder, fsynced, renamed over `path`, read back and
    compared byte for byte. Raises InputRejected (bad arguments), PacketRejected(too_large)
    (over a cap), PacketWriteFailed (read-back differs; nothing is left at `path`) or OSError."""
    import pyrage

    if kind not in KINDS:
        raise InputRejected("kind", f"must be one of {', '.join(KINDS)}")
    age_recipients = _age_recipients(recipients)
    body = _encode_payload(payload, op_count, kind)
    fps = [recipient_fingerprint(r) for r in recipients]
    manifest = Manifest(
        packet_id=secrets.token_hex(16), kind=kind, sender_id=sender_id,
        recipient_id=recipient_id, sequence=sequence, prev_hash=prev_hash,
        schema_version=schema_head(), format_version=FORMAT_VERSION,
        recipient_fingerprints=tuple(fps), op_count=op_count,
        payload_sha256=hashlib.sha256(body).hexdigest(),
        created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        manifest_bytes = canonical_json_manifest(manifest)
    except PacketRejected as exc:
        raise InputRejected("manifest", exc.detail) from None
    signature = signing_key.sign(SIG_DOMAIN + manifest_bytes)
    # Prove the signature with the key's own public half before it is sealed: a fault here
    # would otherwise only show up as bad_signature at the coordinator's desk.
    signing_key.public_key().verify(signature, SIG_DOMAIN + manifest_bytes)
    data = encode_header(fps) + pyrage.encrypt(
        encode_inner(manifest_bytes, body, signature), age_recipients)
    if len(data) > MAX_PACKET_BYTES:
        raise PacketRejected(RejectCode.too_large, "the packet is over the file size limit")
    _write_atomically(Path(path), data)
    return manifest


def canonical_json_manifest(manifest: Manifest) -> bytes:
    """The manifest's signed bytes, after checking it would pass `parse_manifest` (so a writer
    can never produce a packet every reader rejects)."""
    data = manifest.to_bytes()
    if parse_manifest(data) != manifest:
        raise PacketRejected(RejectCode.corrupt, "manifest does not survive a round trip")
    return data


def _write_atomically(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    with open(target, "rb") as fh:
        back = fh.read(len(data) + 1)
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        target.unlink(missing_ok=True)
        raise PacketWriteFailed(f"The packet read back from {target} differed from what was "
                                "written (a failing disk or stick?). It was removed; nothing "
                                "was marked as sent. Try another drive.")


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows fsync on a directory."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # Windows and some network drives refuse fsync on a directory; the file is synced
    finally:
        os.close(fd)


def _read_capped(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PACKET_BYTES:
            raise PacketRejected(RejectCode.too_large, f"{size} bytes; the limit is "
                                 f"{MAX_PACKET_BYTES}")
        with open(path, "rb") as fh:
            data = fh.read(MAX_PACKET_BYTES + 1)
    except OSError as exc:
        raise PacketRejected(RejectCode.not_a_packet,
                             f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(data) > MAX_PACKET_BYTES:
        raise PacketRejected(RejectCode.too_large, "the file grew past the limit while read")
    return data


def _decrypt(ciphertext: bytes, identities: list[Any]) -> bytes:
    import pyrage

    try:
        return bytes(pyrage.decrypt(ciphertext, identities))
    except Exception as exc:  # noqa: BLE001 - hostile bytes: pyrage may raise several types
        # The clear header already named one of our keys, so failing to find it in the age
        # header means that header was damaged, not that the packet was meant for someone else.
        raise PacketRejected(RejectCode.corrupt, f"decryption failed: {exc}") from None


def _decode_payload(body: bytes, kind: str) -> dict[str, Any]:
    """Inflate (capped), scan the JSON bytes against the caps before parsing them, parse,
    then check the payload's shape (`envelope_caps`)."""
    return _parse(_inflate(body), kind)


def _inflate(body: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(body, MAX_PAYLOAD_BYTES + 1)
    except zlib.error:
        raise PacketRejected(RejectCode.corrupt, "payload does not decompress") from None
    if len(text) > MAX_PAYLOAD_BYTES or inflater.unconsumed_tail:
        raise PacketRejected(RejectCode.too_large, "payload is over the size limit unpacked")
    if not inflater.eof or inflater.unused_data:
        raise PacketRejected(RejectCode.corrupt, "payload stream is incomplete or padded")
    return text


def _parse(text: bytes, kind: str) -> dict[str, Any]:
    """Called with a temporary, this holds the only reference to `text`, and drops it once
    decoded: the JSON bytes and the parsed objects are never in memory together."""
    from tafapp.sync import envelope_caps

    envelope_caps.scan(text)
    try:
        doc = text.decode("utf-8")
        del text
        payload = json.loads(doc, parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PacketRejected(RejectCode.corrupt, "payload is not valid JSON") from None
    del doc
    if not isinstance(payload, dict):
        raise PacketRejected(RejectCode.corrupt, "payload is not a JSON object")
    envelope_caps.check_shape(kind, payload)
    return payload


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def open_packet(path: str | os.PathLike[str], *, identities: list[Any], verify_key: VerifyKey,
                expected_recipient_id: str) -> tuple[Manifest, dict[str, Any]]:
    """Open, decrypt and verify the packet file at `path`; see `open_packet_bytes`. The size
    cap is checked on the file's size before a byte is read; an unreadable file is
    `not_a_packet`."""
    return open_packet_bytes(_read_capped(Path(path)), identities=identities,
                             verify_key=verify_key, expected_recipient_id=expected_recipient_id)


def open_packet_bytes(data: bytes, *, identities: list[Any], verify_key: VerifyKey,
                      expected_recipient_id: str) -> tuple[Manifest, dict[str, Any]]:
    """Decrypt and verify one packet held in memory; returns (manifest, payload).

    `identities` are this profile's pyrage identities; `verify_key(sender_id)` returns the
    sender's Ed25519 public key or raises PacketRejected(unknown_device | revoked_device).
    Order: size cap (too_large) → header (not_a_packet; newer format → schema_too_new) →
    recipient fingerprints in the clear header (none ours → wrong_recipient) → decrypt
    (corrupt) → inner lengths and manifest (corrupt; op_count cap → too_large) → manifest's
    recipient id (wrong_recipient) → sender lookup → signature and payload hash
    (bad_signature) → schema (schema_too_new) → payload (too_large, corrupt). Replay and
    duplicate checks need the database and belong to the importer."""
    if len(data) > MAX_PACKET_BYTES:
        raise PacketRejected(RejectCode.too_large, f"{len(data)} bytes; the limit is "
                             f"{MAX_PACKET_BYTES}")
    _version, fps, offset = decode_header(data)
    ours = {recipient_fingerprint(str(i.to_public())) for i in identities}
    if not ours.intersection(fps):
        raise PacketRejected(RejectCode.wrong_recipient, "none of this profile's keys is "
                             "among the packet's recipients")
    ciphertext = data[offset:]
    # Called by `open_packet`, this frame holds the file's only reference: drop it (and the
    # ciphertext once decrypted) so a large packet is never in memory three times over.
    del data
    manifest_bytes, body, signature = decode_inner(_decrypt(ciphertext, identities))
    del ciphertext
    manifest = parse_manifest(manifest_bytes)
    if list(manifest.recipient_fingerprints) != fps or manifest.format_version != _version:
        raise PacketRejected(RejectCode.corrupt, "the clear header does not match the "
                             "signed manifest")
    if manifest.recipient_id != expected_recipient_id:
        raise PacketRejected(RejectCode.wrong_recipient, f"addressed to "
                             f"{manifest.recipient_id}, this profile is "
                             f"{expected_recipient_id}")
    _verify(verify_key(manifest.sender_id), manifest_bytes, signature)
    if hashlib.sha256(body).hexdigest() != manifest.payload_sha256:
        raise PacketRejected(RejectCode.bad_signature, "the payload is not the signed one")
    if manifest.schema_version not in known_schema_versions():
        raise PacketRejected(RejectCode.schema_too_new, f"schema {manifest.schema_version}")
    payload = _decode_payload(body, manifest.kind)
    ops = payload.get("ops")
    if isinstance(ops, list) and len(ops) != manifest.op_count:
        raise PacketRejected(RejectCode.corrupt, "op count differs from the manifest")
    return manifest, payload


def _verify(key: Ed25519PublicKey, manifest_bytes: bytes, signature: bytes) -> None:
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(signature, SIG_DOMAIN + manifest_bytes)
    except InvalidSignature:
        raise PacketRejected(RejectCode.bad_signature, "signature check failed") from None

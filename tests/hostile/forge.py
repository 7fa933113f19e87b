"""Validly signed change packets with any payload, from a device the hub has registered: what
a stolen laptop, or an insider who edits their own database and re-signs, can send.

`Forge` holds one device's real keys (Ed25519 signing key, the enrolled hub's age recipients)
and writes real `.tafpacket` files, so every packet it makes passes the signature and
decryption and reaches the payload caps and the importer's own checks. It seals packets by
hand (the manifest, signature and encryption of docs/packet-format.md), so nothing the
writer would refuse is out of reach. Families and their ops are cloned from what an honest
device's change capture produced (`Template`), with fresh ids and clocks.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tafapp.services import families
from tafapp.storage.store import Store
from tafapp.sync import identity, outgoing, registry
from tafapp.sync.envelope_format import (
    FORMAT_VERSION,
    SIG_DOMAIN,
    Manifest,
    canonical_json,
    encode_header,
    encode_inner,
    recipient_fingerprint,
    schema_head,
)

OP_KEYS = ("op_id", "entity", "row_id", "field", "value", "base_hlc", "hlc", "device_id")


def hlc_text(wall_ms: int, counter: int, device_id: str) -> str:
    """The clock's text form (`clock.Hlc`): 15-digit wall ms, 6-digit counter, device."""
    return f"{wall_ms:015d}.{counter:06d}.{device_id}"


@dataclass
class Template:
    """One family row as an honest device's capture sent it: field name -> JSON value."""

    fields: dict[str, Any]

    @classmethod
    def from_device(cls, dev: Store) -> Template:
        with dev.begin() as s:
            fam = families.open_family(s, "Template", opened_on=date(2026, 9, 1))
            fid = str(fam.id)
        with dev.read() as s:
            ops = outgoing.gather_changes(s).payload["ops"]
        return cls({o["field"]: o["value"] for o in ops
                    if o["entity"] == "family" and o["row_id"] == fid})


@dataclass
class Forge:
    """Signs anything as `dev`, addressed to its enrolled hub. Packets go under `folder`."""

    dev: Store
    folder: Path
    template: Template
    _names: itertools.count = field(default_factory=itertools.count)  # type: ignore[type-arg]
    _tick: itertools.count = field(default_factory=itertools.count)  # type: ignore[type-arg]
    _sequence: itertools.count = field(default_factory=lambda: itertools.count(1))  # type: ignore[type-arg]

    def __post_init__(self) -> None:
        with self.dev.read() as s:
            hub = registry.current_hub(s)
            self.hub_id = hub.id
            self.recipients = registry.hub_recipients(hub)
            self.key = identity.signing_key(s)
        self.device_id = self.dev.device_id
        self.folder.mkdir(parents=True, exist_ok=True)

    # -- clocks and ops ---------------------------------------------------------------------

    def hlc(self) -> str:
        """A fresh, believable clock value of this device (now, counter rising)."""
        return hlc_text(int(time.time() * 1000), next(self._tick) % 900_000, self.device_id)

    def op(self, entity: str, row_id: str, field_name: str, value: Any, *,
           base: str | None = None, hlc: str | None = None) -> dict[str, Any]:
        return {"op_id": str(uuid.uuid4()), "entity": entity, "row_id": row_id,
                "field": field_name, "value": value, "base_hlc": base,
                "hlc": hlc or self.hlc(), "device_id": self.device_id}

    def new_family(self, **values: Any) -> tuple[str, list[dict[str, Any]]]:
        """(row id, the ops that create a family) with a unique reference."""
        row_id = str(uuid.uuid4())
        n = next(self._names)
        fields = {**copy.deepcopy(self.template.fields),
                  "reference": f"TAF-2026-F{self.device_id[:6]}-{n:05d}",
                  "household_name": f"Forged {n}", **values}
        return row_id, [self.op("family", row_id, f, v) for f, v in fields.items()]

    # -- packets ----------------------------------------------------------------------------

    def payload(self, ops: list[dict[str, Any]]) -> dict[str, Any]:
        return {"device_id": self.device_id, "ops": ops, "ack_floor": None}

    def write(self, payload: dict[str, Any], name: str | None = None,
              op_count: int | None = None) -> Path:
        """A real packet file holding exactly `payload`, signed by this device and encrypted to
        the hub, sealed by hand: a hostile device does not run `write_packet`'s own checks."""
        path = self.folder / f"{name or uuid.uuid4().hex}.tafpacket"
        ops = payload.get("ops")
        count = op_count if op_count is not None else (len(ops) if isinstance(ops, list)
                                                        else 0)
        path.write_bytes(self.seal(zlib.compress(canonical_json(payload)), count))
        return path

    def seal(self, body: bytes, op_count: int) -> bytes:
        """The packet bytes around an already compressed payload `body`."""
        import pyrage

        fps = [recipient_fingerprint(r) for r in self.recipients]
        manifest = Manifest(
            packet_id=uuid.uuid4().hex, kind="changes", sender_id=self.device_id,
            recipient_id=self.hub_id, sequence=next(self._sequence), prev_hash="",
            schema_version=schema_head(), format_version=FORMAT_VERSION,
            recipient_fingerprints=tuple(fps), op_count=op_count,
            payload_sha256=hashlib.sha256(body).hexdigest(), created_at="2026-12-04T12:00:00Z")
        mb = manifest.to_bytes()
        inner = encode_inner(mb, body, self.key.sign(SIG_DOMAIN + mb))
        return encode_header(fps) + pyrage.encrypt(
            inner, [pyrage.x25519.Recipient.from_str(r) for r in self.recipients])

    def packet(self, ops: list[dict[str, Any]], name: str | None = None) -> Path:
        return self.write(self.payload(ops), name)


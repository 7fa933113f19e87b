"""Keys and a packet factory shared by the envelope tests (no database needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tafapp.sync.envelope import Manifest, PacketRejected, RejectCode, open_packet, write_packet

HUB_ID = "hub-0001"
DEVICE_ID = "device-0001"


@dataclass
class Keys:
    device: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    hub: pyrage.x25519.Identity = field(default_factory=pyrage.x25519.Identity.generate)
    escrow: pyrage.x25519.Identity = field(default_factory=pyrage.x25519.Identity.generate)
    revoked: set[str] = field(default_factory=set)

    def recipients(self) -> list[str]:
        return [str(self.hub.to_public()), str(self.escrow.to_public())]

    def verify_key(self, sender_id: str) -> Ed25519PublicKey:
        if sender_id in self.revoked:
            raise PacketRejected(RejectCode.revoked_device, sender_id)
        if sender_id != DEVICE_ID:
            raise PacketRejected(RejectCode.unknown_device, sender_id)
        return self.device.public_key()


def sample_payload(n: int = 3) -> dict[str, Any]:
    ops = [{"op_id": f"op-{i}", "entity": "family", "field": "address",
            "value": f"{i} Mill Lane, Café «ü»", "hlc": f"{i:012d}"} for i in range(n)]
    return {"ops": ops, "device_id": DEVICE_ID, "ack_floor": None}


def make(path: Path, keys: Keys, *, n: int = 3, sender: str = DEVICE_ID,
         recipient: str = HUB_ID, recipients: list[str] | None = None,
         signing: Ed25519PrivateKey | None = None, kind: str = "changes") -> Manifest:
    return write_packet(path, kind=kind, sender_id=sender, recipient_id=recipient,
                        signing_key=signing or keys.device,
                        recipients=recipients or keys.recipients(), sequence=1, prev_hash="",
                        payload=sample_payload(n), op_count=n)


def open_as_hub(path: Path, keys: Keys) -> tuple[Manifest, dict[str, Any]]:
    return open_packet(path, identities=[keys.hub], verify_key=keys.verify_key,
                       expected_recipient_id=HUB_ID)

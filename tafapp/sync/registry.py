"""Trust between profiles: the hub's device registry and a practitioner's enrolled hub.

Use cases over a Session (the caller owns the transaction); each change is written to the
audit trail. The `*_verify_key` functions build the `verify_key` callable that
`tafapp.sync.envelope.open_packet` needs, raising PacketRejected for an unknown or revoked
sender.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected, NotFound
from tafapp.models import Device, TrustedHub
from tafapp.sync import identity
from tafapp.sync.envelope_format import PacketRejected, RejectCode

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _audit(session: Session, entity: str, row_id: str, what: str,
           detail: dict[str, Any]) -> None:
    # Imported here: services sit above sync, and audit is the one service sync may call.
    from tafapp.models import SyncState
    from tafapp.storage import audit

    # The profile's owner (set by `tafapp init`) is who acted: one person per profile.
    name = session.get(SyncState, "display_name")
    audit.record(session, entity, row_id, what, who=name.value if name else "", detail=detail)


def _require_role(session: Session, wanted: str, command: str) -> None:
    if identity.role(session) != wanted:
        raise InputRejected("profile", f"`{command}` works on a {wanted} profile; this one is "
                            f"a {identity.role(session)}")


def require_identity_role(ident: dict[str, Any], wanted: str) -> None:
    """InputRejected, in words, when an identity file is of the other kind: a laptop is
    registered from a practitioner's file, a hub is enrolled with the hub's file."""
    if ident.get("role") == wanted:
        return
    if wanted == "hub":
        raise InputRejected("identity_file", "this is a practitioner laptop's identity file; "
                            "to connect, open the identity file of the coordinator's hub")
    raise InputRejected("identity_file", "this is the hub's own kind of identity file; "
                        "register a laptop with the identity file its practitioner saved")


def add_device(session: Session, ident: dict[str, Any]) -> Device:
    """Hub: register a practitioner device from a validated identity
    (`identity.read_identity_file`). Adding the same keys again is a no-op; new keys for an
    active device replace the old ones (a rebuilt profile), audited. A revoked device id is
    never re-admitted: anyone can copy a device id, so the laptop must make a new profile."""
    _require_role(session, "hub", "devices add")
    ident = identity.validate_identity({"format": identity.IDENTITY_FORMAT,
                                        "version": identity.IDENTITY_VERSION, **ident})
    require_identity_role(ident, "practitioner")
    if ident["id"] == identity.device_id(session):
        raise InputRejected("identity_file", "this is the hub's own identity")
    dev = session.get(Device, ident["id"])
    if dev is not None and dev.is_revoked:
        raise InputRejected("device", f"device {dev.id} was revoked and cannot be added again; "
                            "the practitioner needs a new profile (`tafapp init`)")
    if dev is not None and dev.fingerprint == ident["fingerprint"]:
        return dev
    what = "device added" if dev is None else "device keys replaced"
    if dev is None:
        dev = Device(id=ident["id"], added_at=_now())
        session.add(dev)
    dev.name = ident.get("name") or ""
    dev.signing_public_key = ident["signing_public_key"]
    dev.age_recipient = ident["age_recipient"]
    dev.fingerprint = ident["fingerprint"]
    session.flush()
    _audit(session, "device", dev.id, what, {"fingerprint": dev.fingerprint, "name": dev.name})
    return dev


def revoke_device(session: Session, device_id: str) -> Device:
    """Hub: refuse this device's future packets (`revoked_device`). Already imported changes
    stay. Revoking twice keeps the first revocation time."""
    _require_role(session, "hub", "devices revoke")
    dev = session.get(Device, device_id)
    if dev is None:
        raise NotFound("device", device_id)
    if dev.revoked_at is None:
        dev.revoked_at = _now()
        session.flush()
        _audit(session, "device", dev.id, "device revoked", {"fingerprint": dev.fingerprint})
    return dev


def list_devices(session: Session) -> list[dict[str, Any]]:
    """Every registered device, oldest first, as plain JSON-ready rows."""
    rows = session.scalars(select(Device).order_by(Device.added_at, Device.id))
    return [{"id": d.id, "name": d.name, "fingerprint": d.fingerprint,
             "added_at": d.added_at.isoformat(),
             "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
             "status": "revoked" if d.is_revoked else "active"} for d in rows]


def device_verify_key(session: Session) -> Callable[[str], Ed25519PublicKey]:
    """Hub: the `verify_key` for changes packets, looking senders up in the registry."""

    def lookup(sender_id: str) -> Ed25519PublicKey:
        dev = session.get(Device, sender_id)
        if dev is None:
            raise PacketRejected(RejectCode.unknown_device, f"device {sender_id}")
        if dev.is_revoked:
            raise PacketRejected(RejectCode.revoked_device, f"device {sender_id}, revoked "
                                 f"{dev.revoked_at:%Y-%m-%d}")
        return identity.load_public_key(dev.signing_public_key)

    return lookup


def device_recipient(session: Session, device_id: str) -> str:
    """Hub: the age recipient a receipt for `device_id` is encrypted to. NotFound if unknown;
    InputRejected if revoked (a revoked device gets nothing more from the hub)."""
    dev = session.get(Device, device_id)
    if dev is None:
        raise NotFound("device", device_id)
    if dev.is_revoked:
        raise InputRejected("device", f"device {device_id} was revoked")
    return dev.age_recipient


def enrol_hub(session: Session, ident: dict[str, Any]) -> TrustedHub:
    """Practitioner: trust the hub described by a validated identity. Re-enrolling the same hub
    updates its keys (a hub that added an escrow recipient); enrolling a different hub makes it
    the current one, keeping the old row for the record."""
    _require_role(session, "practitioner", "enrol")
    ident = identity.validate_identity({"format": identity.IDENTITY_FORMAT,
                                        "version": identity.IDENTITY_VERSION, **ident})
    require_identity_role(ident, "hub")
    hub = session.get(TrustedHub, ident["id"])
    if hub is not None and hub.fingerprint == ident["fingerprint"]:
        return hub
    what = "hub enrolled" if hub is None else "hub keys updated"
    if hub is None:
        hub = TrustedHub(id=ident["id"])
        session.add(hub)
    hub.enrolled_at = _now()
    hub.name = ident.get("name") or ""
    hub.age_recipient = ident["age_recipient"]
    hub.escrow_recipient = ident["escrow_recipient"]
    hub.signing_public_key = ident["signing_public_key"]
    hub.fingerprint = ident["fingerprint"]
    session.flush()
    _audit(session, "trusted_hub", hub.id, what, {"fingerprint": hub.fingerprint,
                                                   "name": hub.name})
    return hub


def current_hub(session: Session) -> TrustedHub:
    """Practitioner: the hub enrolled most recently. InputRejected if none (run `enrol`)."""
    hub = session.scalars(select(TrustedHub).order_by(TrustedHub.enrolled_at.desc(),
                                                      TrustedHub.id).limit(1)).first()
    if hub is None:
        raise InputRejected("hub", "this profile is not connected to a hub yet: open the "
                            "hub identity file your coordinator sent with \"Connect to the "
                            "hub\" on the Send and receive screen (or `tafapp enrol FILE`)")
    return hub


def hub_recipients(hub: TrustedHub) -> list[str]:
    """What a changes packet is encrypted to: the hub, then its escrow recipient if any."""
    return [hub.age_recipient] + ([hub.escrow_recipient] if hub.escrow_recipient else [])


def hub_verify_key(session: Session) -> Callable[[str], Ed25519PublicKey]:
    """Practitioner: the `verify_key` for receipts; only an enrolled hub may sign them."""

    def lookup(sender_id: str) -> Ed25519PublicKey:
        hub = session.get(TrustedHub, sender_id)
        if hub is None:
            raise PacketRejected(RejectCode.unknown_device, f"hub {sender_id} is not the "
                                 "hub this profile enrolled with")
        return identity.load_public_key(hub.signing_public_key)

    return lookup

"""The hub connection as use cases: what `tafapp enrol`, `identity`, `devices` and `share` do,
for the command line and the app alike (the caller owns the transaction).

A practitioner's laptop goes through four stages, worked out by `laptop_connection`:
`not_enrolled` (no hub trusted yet), `identity_not_saved` (the hub is trusted, but this
laptop's identity file was never saved to send back), `waiting_for_receipt` (saved, no receipt
from the hub yet: the coordinator may not have registered it) and `connected` (a receipt signed
by the hub was imported, so the hub knows this laptop).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected, NotFound
from tafapp.models import Device, DeviceSync, Family, PacketLog, Share, SyncState, TrustedHub
from tafapp.sync import identity, registry
from tafapp.sync.outgoing import set_state, stamp, state

NAME_KEY = "display_name"  # written by `tafapp init`
IDENTITY_SAVED_KEY = "identity_saved_at"
STAGES = ("not_enrolled", "identity_not_saved", "waiting_for_receipt", "connected")


def fingerprint_groups(fingerprint: str) -> list[str]:
    """The fingerprint as the groups two people read aloud to each other, upper case so that
    "b" and "d" are not confused on a phone line."""
    return [g.upper() for g in fingerprint.split("-") if g]


def read_identity(path: str | os.PathLike[str], wanted_role: str) -> dict[str, Any]:
    """A validated identity file of the role this step expects (a hub's file to enrol with, a
    laptop's file to register), so a mix-up is named before anyone compares fingerprints."""
    ident = identity.read_identity_file(path)
    registry.require_identity_role(ident, wanted_role)
    return ident


def owner_name(session: Session) -> str:
    row = session.get(SyncState, NAME_KEY)
    return row.value if row is not None else ""


# -- the practitioner's laptop ----------------------------------------------------------------


def enrol(session: Session, ident: dict[str, Any]) -> dict[str, Any]:
    """Trust the hub `ident` describes (see `registry.enrol_hub`); what was enrolled."""
    identity.ensure_keys(session, identity.role(session))
    hub = registry.enrol_hub(session, ident)
    return {"hub_id": hub.id, "name": hub.name, "fingerprint": hub.fingerprint,
            "escrow": hub.escrow_recipient is not None}


def save_identity(session: Session, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write this profile's public identity file (keys made first if missing) and remember when,
    so the laptop can say it is waiting for the coordinator to register it."""
    identity.ensure_keys(session, identity.role(session))
    doc = identity.write_identity_file(session, path, owner_name(session))
    set_state(session, IDENTITY_SAVED_KEY, stamp())
    return {**doc, "file": str(path)}


@dataclass(frozen=True)
class LaptopConnection:
    stage: str
    hub_id: str
    hub_name: str
    hub_fingerprint: str
    own_fingerprint: str
    identity_saved_at: datetime | None
    last_receipt_at: datetime | None


def _parse(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def current_hub(session: Session) -> TrustedHub | None:
    return session.scalars(select(TrustedHub).order_by(TrustedHub.enrolled_at.desc(),
                                                       TrustedHub.id).limit(1)).first()


def laptop_connection(session: Session) -> LaptopConnection:
    """Where this laptop stands with its hub (the stages are in the module docstring)."""
    hub = current_hub(session)
    try:
        own = identity.public_identity(session)["fingerprint"]
    except InputRejected:
        own = ""  # no keys yet: made when the identity file is first saved
    saved = _parse(state(session, IDENTITY_SAVED_KEY))
    last = None
    if hub is not None:
        last = session.scalar(select(func.max(PacketLog.imported_at)).where(
            PacketLog.kind == "receipt", PacketLog.device_id == hub.id))
    if hub is None:
        stage = "not_enrolled"
    elif last is not None:
        stage = "connected"
    elif saved is None:
        stage = "identity_not_saved"
    else:
        stage = "waiting_for_receipt"
    return LaptopConnection(
        stage=stage, hub_id=hub.id if hub else "", hub_name=(hub.name or hub.id) if hub else "",
        hub_fingerprint=hub.fingerprint if hub else "", own_fingerprint=own,
        identity_saved_at=saved, last_receipt_at=last)


# -- the coordinator's hub --------------------------------------------------------------------


def register_device(session: Session, ident: dict[str, Any]) -> Device:
    """Register a practitioner's laptop from its identity (see `registry.add_device`)."""
    identity.ensure_keys(session, identity.role(session))
    return registry.add_device(session, ident)


def share_family(session: Session, family_id: uuid.UUID | str, device_id: str,
                 who: str = "") -> bool:
    """Hand a family to (or add) a registered, active laptop: it travels in that laptop's next
    receipt. False if it was already shared. InputRejected / NotFound name what is wrong."""
    from tafapp.sync import receipts

    if identity.role(session) != "hub":
        raise InputRejected("profile", "only the hub shares families with laptops")
    dev = session.get(Device, device_id)
    if dev is None:
        raise NotFound("device", device_id)
    if dev.is_revoked:
        raise InputRejected("device", f"device {dev.name or dev.id} was revoked; it receives "
                            "nothing more from the hub")
    try:
        fid = uuid.UUID(str(family_id))
    except ValueError:
        raise InputRejected("family_id", "not a family id") from None
    return receipts.share(session, fid, device_id, who=who or owner_name(session))


@dataclass(frozen=True)
class DeviceSummary:
    id: str
    name: str
    fingerprint: str
    added_at: datetime
    revoked_at: datetime | None
    last_packet_at: datetime | None
    last_receipt_at: datetime | None
    families: int

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def device_summaries(session: Session) -> list[DeviceSummary]:
    """Every registered laptop with when its last packet arrived, when its last receipt was
    written and how many families it holds; active ones first, then by name."""
    from tafapp.sync import receipts

    syncs = {d.device_id: d for d in session.scalars(select(DeviceSync))}
    out = []
    for d in session.scalars(select(Device)):
        sync = syncs.get(d.id)
        out.append(DeviceSummary(
            d.id, d.name, d.fingerprint, d.added_at, d.revoked_at,
            sync.last_packet_at if sync else None, sync.last_receipt_at if sync else None,
            len(receipts.device_families(session, d.id))))
    return sorted(out, key=lambda r: (r.revoked, r.name.lower(), r.id))


@dataclass(frozen=True)
class FamilyChoice:
    id: uuid.UUID
    reference: str
    household_name: str
    postcode: str
    shared_with: tuple[str, ...]


def find_families(session: Session, text: str, limit: int = 50) -> list[FamilyChoice]:
    """Families at the hub whose reference, household name or postcode contains `text`
    (all when empty), newest reference first, with the laptops that hold each (shared with,
    or created on)."""
    q = select(Family).where(Family.deleted_hlc.is_(None))
    words = text.strip()
    if words:
        # What was typed is text, not a pattern: % and _ match themselves.
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        q = q.where(or_(*(col.ilike(like, escape="\\") for col in (
            Family.reference, Family.household_name, Family.postcode))))
    fams = list(session.scalars(q.order_by(Family.reference.desc()).limit(limit)))
    shares: dict[uuid.UUID, list[str]] = {}
    if fams:
        for fid, dev in session.execute(select(Share.family_id, Share.device_id).where(
                Share.family_id.in_([f.id for f in fams]))):
            shares.setdefault(fid, []).append(dev)
    devices = list(session.scalars(select(Device.id)))

    def holders(f: Family) -> tuple[str, ...]:
        # The device that created a family holds it too (receipts.device_families' rule).
        made = [d for d in devices if (f.created_hlc or "").endswith(f".{d}")]
        return tuple(sorted(set(shares.get(f.id, [])) | set(made)))

    return [FamilyChoice(f.id, f.reference, f.household_name, f.postcode or "", holders(f))
            for f in fams]

"""Read models and jobs for the sync screens, Qt-free: plain functions over a Session (or a
Store, for the packet jobs) that `tafapp.ui.ops` runs on its worker thread. They return
frozen rows, so nothing lazy-loaded ever crosses to the GUI thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Session

from tafapp.models import Device, Family, PacketLog, SyncState, syncable_tables
from tafapp.storage.clock import Hlc
from tafapp.storage.store import Store
from tafapp.sync.merge import DELETED

NAME_KEY = "display_name"  # written by `tafapp init` (tafapp.storage.opening.NAME_KEY)
DEMO_KEY = "demo_data"  # set by `tafapp demo` (tafapp.demo.generate.DEMO_KEY)


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    fingerprint: str
    added_at: datetime
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class ConflictValue:
    """One live value of a conflicted field, with where it came from."""

    index: int
    field: str
    value: Any
    deletes_record: bool
    device_id: str
    device_name: str
    at: datetime | None
    packet_id: str
    packet_sequence: int | None
    packet_imported_at: datetime | None
    provisional_winner: bool


@dataclass(frozen=True)
class ConflictRow:
    id: str
    kind: str
    family_id: str
    family_reference: str
    family_name: str
    entity: str
    row_id: str
    field: str
    text_field: bool
    values: tuple[ConflictValue, ...]


def devices(session: Session) -> list[DeviceRow]:
    """Every registered device, active ones first, then by name."""
    rows = session.scalars(select(Device))
    out = [DeviceRow(d.id, d.name, d.fingerprint, d.added_at, d.revoked_at) for d in rows]
    return sorted(out, key=lambda d: (d.revoked, d.name.lower(), d.id))


def display_name(session: Session) -> str:
    """Who this profile belongs to, for the audit trail of a decision made here."""
    row = session.get(SyncState, NAME_KEY)
    return row.value if row is not None and row.value else ""


def hlc_time(hlc: str) -> datetime | None:
    """The wall-clock part of an HLC, as an aware UTC datetime; None if it is not an HLC."""
    try:
        wall = Hlc.parse(hlc).wall_ms
    except (ValueError, AttributeError, TypeError):
        return None
    return datetime.fromtimestamp(wall / 1000, tz=UTC)


def is_text_field(entity: str, field: str) -> bool:
    """True when a merged value can be typed as free text (String or Text columns)."""
    model: Any = syncable_tables().get(entity)
    if model is None or field not in model.__table__.c:
        return False
    col_type = model.__table__.c[field].type
    # Enums are stored as strings but only accept their members: choosing is the safe path.
    return isinstance(col_type, String | Text) and not getattr(col_type, "enums", None)


def _value(i: int, v: dict[str, Any], winner: int, names: dict[str, str],
           packets: dict[str, PacketLog]) -> ConflictValue:
    packet = packets.get(str(v.get("packet_id", "")))
    device = str(v.get("device_id", ""))
    field = str(v.get("field", ""))
    return ConflictValue(
        index=i, field=field, value=v.get("value"), deletes_record=field == DELETED,
        device_id=device, device_name=names.get(device, ""), at=hlc_time(str(v.get("hlc", ""))),
        packet_id=str(v.get("packet_id", "")),
        packet_sequence=packet.sequence if packet is not None else None,
        packet_imported_at=packet.imported_at if packet is not None else None,
        provisional_winner=i == winner)


def open_conflicts(session: Session) -> list[ConflictRow]:
    """The open conflicts with the family's reference and each value's device and packet,
    oldest family reference first."""
    from tafapp.sync import conflicts

    raw = conflicts.open_conflicts(session)
    names = {d.id: d.name for d in session.scalars(select(Device))}
    hub_id = session.get(SyncState, "device_id")
    if hub_id is not None:
        # An edit made at the hub itself (a coordinator's correction) is named as such.
        names[hub_id.value] = f"{display_name(session) or 'hub'} (at the hub)"
    family_ids = {uuid.UUID(c["family_id"]) for c in raw if c["family_id"]}
    fams = {str(f.id): f for f in session.scalars(
        select(Family).where(Family.id.in_(family_ids)))} if family_ids else {}
    packet_ids = {str(v.get("packet_id", "")) for c in raw for v in c["values"]}
    packets = {p.packet_id: p for p in session.scalars(
        select(PacketLog).where(PacketLog.packet_id.in_(packet_ids)))} if packet_ids else {}
    out = []
    for c in raw:
        fam = fams.get(c["family_id"])
        out.append(ConflictRow(
            id=c["id"], kind=c["kind"], family_id=c["family_id"],
            family_reference=fam.reference if fam is not None else "",
            family_name=fam.household_name if fam is not None else "",
            entity=c["entity"], row_id=c["row_id"], field=c["field"],
            text_field=c["kind"] == "field" and is_text_field(c["entity"], c["field"]),
            values=tuple(_value(i, v, c["winner"], names, packets)
                         for i, v in enumerate(c["values"]))))
    return sorted(out, key=lambda r: (r.family_reference == "", r.family_reference,
                                      r.entity, r.field, r.id))


def family_conflicted(session: Session, family_id: str) -> bool:
    fam = session.get(Family, uuid.UUID(family_id))
    return bool(fam is not None and fam.conflicted)


# -- the practitioner's side ---------------------------------------------------------------


@dataclass(frozen=True)
class SyncOverview:
    role: str
    pending: int
    last_export_at: datetime | None
    last_receipt_at: datetime | None
    next_sequence: int
    demo_data: bool
    hub_name: str | None
    hub_fingerprint: str


def _parse(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def sync_overview(session: Session) -> SyncOverview:
    """What the practitioner's Send and receive page shows, read in one go."""
    from tafapp.models import TrustedHub
    from tafapp.sync import identity, outgoing

    st = outgoing.status(session)
    hub = session.scalars(select(TrustedHub).order_by(TrustedHub.enrolled_at.desc(),
                                                      TrustedHub.id).limit(1)).first()
    return SyncOverview(
        role=identity.role(session), pending=st.pending_ops,
        last_export_at=_parse(st.last_export_at), last_receipt_at=_parse(st.last_receipt_at),
        next_sequence=st.next_sequence, demo_data=outgoing.state(session, DEMO_KEY) == "1",
        hub_name=(hub.name or hub.id) if hub is not None else None,
        hub_fingerprint=hub.fingerprint if hub is not None else "")


# -- jobs for run_task (they take the Store: each packet is its own transaction) --------------

Progress = Callable[[int, int], None]


def import_packets(store: Store, paths: Sequence[Path], progress: Progress,
                   cancelled: Callable[[], bool]) -> list[dict[str, Any]]:
    """Import files one by one, each all-or-nothing; stop between files when cancelled."""
    from tafapp.sync import packets

    progress(0, len(paths))
    return packets.import_files(store, list(paths), progress=progress, cancelled=cancelled)

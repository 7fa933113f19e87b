"""A demo laptop and a demo hub that know each other, so a newcomer can try the whole sync loop
without a council: write a packet, import it at the hub, settle a conflict, bring the receipt
back (docs/decisions-sync-ui.md, "Try it without a council").

Both profiles live in one folder beside the real profile (`pair_folder`), never in it. They are
built only with the real services and the real packets:
1. the hub gets `HUB_FAMILIES` demo families (`generate`, flagged as demo data there);
2. the laptop and the hub enrol and register each other from their identity files;
3. the hub shares `SHARED` open families with the laptop; the laptop imports that receipt, so
   its families arrived the way a real practitioner's would (not flagged: it may send packets,
   and only to the demo hub);
4. a prepared disagreement: the laptop changes one shared family's address offline, and the
   coordinator changes the same address at the hub; the laptop's next packet makes a conflict.
   The hub also records a referral for that family with its outcome, which comes back as
   news with the receipt.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Family, FamilyStatus, SyncState
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile
from tafapp.sync import connection, packets, receipts
from tafapp.sync.identity import setup_identity

HUB_FAMILIES = 40
SHARED = 8
PAIR_KEY = "demo_pair"  # SyncState on both profiles: the other profile's folder
FAMILY_KEY = "demo_pair_family"  # ... and the family both sides changed, as people name it
HUB_NAME = "Demo hub (practice only)"
LAPTOP_ADDRESS = "14 Mill Lane, Northshire NS1 4AB (moved in with grandmother)"
HUB_ADDRESS = "Flat 2, 14 Mill Lane, Northshire NS1 4AB"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoPair:
    laptop: Path
    hub: Path
    family_id: uuid.UUID
    """The family whose address both sides changed."""


def pair_folder(real: Profile) -> Path:
    """`…/default-demo` beside the real profile `…/default`: apart from it, easy to delete."""
    return real.root.with_name(real.root.name + "-demo")


def laptop_profile(real: Profile) -> Profile:
    return Profile(pair_folder(real) / "laptop")


def hub_profile(real: Profile) -> Profile:
    return Profile(pair_folder(real) / "hub")


def exists(real: Profile) -> bool:
    return laptop_profile(real).exists and hub_profile(real).exists


def other_profile(session_state: str | None) -> Profile | None:
    return Profile(Path(session_state)) if session_state else None


def _mark(st: Store, other: Profile, fid: uuid.UUID) -> None:
    with st.begin() as s:
        fam = s.get(Family, fid)
        s.merge(SyncState(key=PAIR_KEY, value=str(other.root)))
        s.merge(SyncState(key=FAMILY_KEY, value=f"{fam.household_name} ({fam.reference})"
                          if fam is not None else ""))


def _introduce(hub: Store, laptop: Store, work: Path) -> None:
    """Each side saves its identity file and the other side trusts it: the app's two steps."""
    with hub.begin() as s:
        connection.save_identity(s, work / "hub.tafid")
    with laptop.begin() as s:
        connection.save_identity(s, work / "laptop.tafid")
        connection.enrol(s, connection.read_identity(work / "hub.tafid", "hub"))
    with hub.begin() as s:
        connection.register_device(s, connection.read_identity(work / "laptop.tafid",
                                                               "practitioner"))


def _share(hub: Store, laptop: Store, work: Path) -> list[uuid.UUID]:
    with hub.begin() as s:
        fids = list(s.scalars(select(Family.id).where(Family.status == FamilyStatus.OPEN)
                              .order_by(Family.reference).limit(SHARED)))
        for fid in fids:
            receipts.share(s, fid, laptop.device_id, who=HUB_NAME)
    first = work / "first-receipt.tafpacket"
    packets.export_receipt(hub, laptop.device_id, first)
    result = packets.import_file(laptop, first)
    if result.status != "applied":
        raise RuntimeError(f"the demo laptop refused its first receipt: {result.message}")
    return fids


def _disagree(hub: Store, laptop: Store, fid: uuid.UUID, today: date) -> None:
    from tafapp.services import families, team
    from tafapp.sync import news

    with laptop.begin() as s:
        news.mark_seen(s)  # the families just shared are the starting point, not news
        families.update_family(s, fid, address=LAPTOP_ADDRESS)
    with hub.begin() as s:
        families.update_family(s, fid, address=HUB_ADDRESS)
        referral = team.add_referral(s, fid, to_service="Family Hub parenting group",
                                     made_on=today, reason="Asked for by mum at the review")
        team.record_referral_outcome(s, referral.id, "Accepted: first session booked", today)


def build(real: Profile, owner: str, agency: str, sector: str, passphrase: str | None = None,
          progress: Progress | None = None, today: date | None = None) -> DemoPair:
    """Make the pair beside `real` (InputRejected if one is there already). On any failure
    the half-made pair folder is removed; the real profile is never touched."""
    from tafapp.core.errors import InputRejected
    from tafapp.demo import generate

    folder = pair_folder(real)
    if folder.exists() and any(folder.iterdir()):
        raise InputRejected("demo", f"a demo is already at {folder}")
    hub_p, laptop_p = hub_profile(real), laptop_profile(real)
    day = today or date.today()
    stores: list[Store] = []
    try:
        hub = create_profile(hub_p, "hub", passphrase)
        stores.append(hub)
        setup_identity(hub, "hub", HUB_NAME, None, None)
        laptop = create_profile(laptop_p, "practitioner", passphrase)
        stores.append(laptop)
        setup_identity(laptop, "practitioner", owner, agency, sector)
        with hub.begin() as s:
            generate(s, families=HUB_FAMILIES, seed=2026, today=day, progress=progress)
        with tempfile.TemporaryDirectory() as tmp:
            _introduce(hub, laptop, Path(tmp))
            fids = _share(hub, laptop, Path(tmp))
        _disagree(hub, laptop, fids[0], day)
        _mark(hub, laptop_p, fids[0])
        _mark(laptop, hub_p, fids[0])
    except BaseException:
        for st in stores:
            st.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    for st in stores:
        st.close()
    return DemoPair(laptop_p.root, hub_p.root, fids[0])


@dataclass(frozen=True)
class TourState:
    """How far the guided loop has gone, as far as this profile can tell (None: the step
    happens in the other window, so this one cannot see it)."""

    role: str
    other: Path
    family: str
    packet_written: bool | None
    packet_imported: bool | None
    conflict_settled: bool | None
    receipt_written: bool | None
    receipt_imported: bool | None


def tour_state(session: Session) -> TourState | None:
    """None unless this profile is half of a demo pair."""
    from tafapp.models import Conflict, DeviceSync, PacketLog
    from tafapp.sync import identity
    from tafapp.sync.outgoing import RECEIPT_SEQ_KEY, SEQ_KEY, state

    other = state(session, PAIR_KEY)
    if other is None:
        return None
    family = state(session, FAMILY_KEY) or ""
    if identity.role(session) == "hub":
        statuses = set(session.scalars(select(Conflict.status)))
        imported = session.scalar(select(PacketLog.packet_id).where(
            PacketLog.kind == "changes").limit(1)) is not None
        receipts_out = max(session.scalars(select(DeviceSync.receipt_seq)), default=0)
        return TourState("hub", Path(other), family, None, imported,
                         "resolved" in statuses and "open" not in statuses,
                         receipts_out > 1, None)
    return TourState("practitioner", Path(other), family, int(state(session, SEQ_KEY) or 0) > 0,
                     None, None, None, int(state(session, RECEIPT_SEQ_KEY) or 0) > 1)


def tour_state_of(store: Store) -> TourState | None:
    with store.read() as s:
        return tour_state(s)


def is_open(profile: Profile) -> bool:
    """True while a window (or a command) holds the profile's lock."""
    from tafapp.core.errors import ProfileBusy
    from tafapp.storage.opening import lock_profile

    try:
        lock = lock_profile(profile)
    except ProfileBusy:
        return True
    lock.release()
    return False

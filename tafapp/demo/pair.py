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
   The hub also records the outcome of one of that family's referrals, which comes back as
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

from tafapp.cli.init import setup_identity
from tafapp.models import Family, FamilyStatus, Referral, SyncState
from tafapp.profile import Profile
from tafapp.store import Store, create_profile
from tafapp.sync import connection, packets, receipts

HUB_FAMILIES = 40
SHARED = 8
PAIR_KEY = "demo_pair"  # SyncState on both profiles: the other profile's folder
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


def _mark(st: Store, other: Profile) -> None:
    with st.begin() as s:
        s.merge(SyncState(key=PAIR_KEY, value=str(other.root)))


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

    with laptop.begin() as s:
        families.update_family(s, fid, address=LAPTOP_ADDRESS)
    with hub.begin() as s:
        families.update_family(s, fid, address=HUB_ADDRESS)
        referral = s.scalars(select(Referral).where(Referral.family_id == fid,
                                                    Referral.outcome == "")
                             .order_by(Referral.made_on)).first()
        if referral is not None:
            team.record_referral_outcome(s, referral.id, "Accepted: first session booked",
                                         max(today, referral.made_on))


def build(real: Profile, owner: str, agency: str, sector: str, passphrase: str | None = None,
          progress: Progress | None = None, today: date | None = None) -> DemoPair:
    """Make the pair beside `real` (InputRejected if one is there already). On any failure
    the half-made pair folder is removed; the real profile is never touched."""
    from tafapp.demo import generate
    from tafapp.errors import InputRejected

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
        _mark(hub, laptop_p)
        _mark(laptop, hub_p)
    except BaseException:
        for st in stores:
            st.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    for st in stores:
        st.close()
    return DemoPair(laptop_p.root, hub_p.root, fids[0])

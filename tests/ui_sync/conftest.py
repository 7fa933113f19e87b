"""A hub and two practitioner laptops as real encrypted profiles (named with `tafapp init`'s
`setup_identity`, tafapp.sync.identity; enrolled and registered both ways), jobs run inline,
settings in tmp."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_profile
from tafapp.storage.vault import KEYRING_SERVICE
from tafapp.sync import identity, packets, receipts, registry
from tafapp.sync.identity import setup_identity
from tafapp.ui import ops
from tests.qt_fixtures import inline_ops, temp_settings  # noqa: F401 - autouse here


@dataclass
class Team:
    hub: Store
    sam: Store
    priya: Store
    tmp: Path

    def use(self, st: Store) -> Store:
        """Make `st` the store the widgets talk to (one app = one profile)."""
        ops.set_store(st)
        return st


def _enrol(hub: Store, dev: Store, name: str) -> None:
    with dev.read() as s:
        dev_ident = identity.public_identity(s)
    with hub.read() as s:
        hub_ident = identity.public_identity(s)
    with hub.begin() as s:
        registry.add_device(s, {**dev_ident, "name": name})
    with dev.begin() as s:
        registry.enrol_hub(s, {**hub_ident, "name": _NAMES["hub"]})


def practitioner(tmp: Path, name: str, agency: str, sector: str) -> Store:
    st = create_profile(Profile(tmp / name.split()[0].lower()), "practitioner")
    setup_identity(st, "practitioner", name, agency, sector)
    return st


_NAMES = {"hub": "Northshire Early Help hub", "sam": "Sam Lee", "priya": "Priya Shah"}


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the three profiles once (migrations and keys are most of a test's cost); each
    test gets fresh copies. Returns each folder's database key as the keyring holds it."""
    from tests.conftest import MemoryKeyring

    root = tmp_path_factory.mktemp("ui_sync_team")
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        hub = create_profile(Profile(root / "hub"), "hub")
        setup_identity(hub, "hub", _NAMES["hub"], None, None)
        sam = practitioner(root, _NAMES["sam"], "Oak Primary School", "school")
        priya = practitioner(root, _NAMES["priya"], "Northshire Health Visiting", "health")
        _enrol(hub, sam, _NAMES["sam"])
        _enrol(hub, priya, _NAMES["priya"])
        for st in (hub, sam, priya):
            st.close()
    finally:
        keyring.set_keyring(previous)
    keys = {}
    for name in _NAMES:
        folder = (root / name).resolve()
        keys[str(folder)] = backend.items[(KEYRING_SERVICE, f"db-key:{folder}")]
    return keys


@pytest.fixture
def team(tmp_path: Path, team_template: dict[str, str], memory_keyring: Any) -> Iterator[Team]:
    stores = {}
    for src, key in team_template.items():
        dst = tmp_path / Path(src).name
        shutil.copytree(src, dst)
        memory_keyring.set_password(KEYRING_SERVICE, f"db-key:{dst.resolve()}", key)
        stores[dst.name] = open_profile(Profile(dst), check=False)
    try:
        yield Team(stores["hub"], stores["sam"], stores["priya"], tmp_path)
    finally:
        for st in stores.values():
            st.close()


def open_family(dev: Store, name: str) -> uuid.UUID:
    from datetime import date

    from tafapp.services import families

    with dev.begin() as s:
        return families.open_family(s, name, opened_on=date(2026, 9, 1)).id


def edit(dev: Store, family_id: uuid.UUID, **changes: object) -> None:
    from tafapp.services import families

    with dev.begin() as s:
        families.update_family(s, family_id, **changes)


def conflicted_team(team: Team, both_postcodes: bool = False) -> uuid.UUID:
    """Sam opens a family, the hub shares it with Priya, then both rename the household
    offline and the hub imports both packets: an open conflict on `household_name` (and one
    on `postcode` too with `both_postcodes`)."""
    fid = open_family(team.sam, "Hughes")
    first = team.tmp / "sam-1.tafpacket"
    packets.export_changes(team.sam, first)
    assert packets.import_file(team.hub, first).status == "applied"
    with team.hub.begin() as s:
        receipts.share(s, fid, team.priya.device_id, who="coordinator")
    to_priya = team.tmp / "to-priya.tafpacket"
    packets.export_receipt(team.hub, team.priya.device_id, to_priya)
    assert packets.import_file(team.priya, to_priya).status == "applied"
    extra_sam = {"postcode": "NS1 4AB"} if both_postcodes else {}
    extra_priya = {"postcode": "NS2 9ZZ"} if both_postcodes else {}
    edit(team.sam, fid, household_name="Hughes-Carter", **extra_sam)
    edit(team.priya, fid, household_name="Carter", **extra_priya)
    for dev, name in ((team.sam, "sam-2"), (team.priya, "priya-1")):
        out = team.tmp / f"{name}.tafpacket"
        packets.export_changes(dev, out)
        assert packets.import_file(team.hub, out).status == "applied"
    return fid


def delete_conflict_team(team: Team) -> tuple[uuid.UUID, uuid.UUID]:
    """Sam removes an action that Priya, offline, rewrote: an edit against a delete."""
    from datetime import date

    from tafapp.services import directory, plans

    fid = open_family(team.sam, "Nowak")
    with team.sam.begin() as s:
        ag = directory.find_or_add_agency(s, "Oak Primary School", "school")
        aid = plans.add_action(s, fid, "Breakfast club place", owner_agency_id=ag.id,
                               due_on=date(2026, 12, 1)).id
    first = team.tmp / "sam-1.tafpacket"
    packets.export_changes(team.sam, first)
    assert packets.import_file(team.hub, first).status == "applied"
    with team.hub.begin() as s:
        receipts.share(s, fid, team.priya.device_id, who="coordinator")
    to_priya = team.tmp / "to-priya.tafpacket"
    packets.export_receipt(team.hub, team.priya.device_id, to_priya)
    assert packets.import_file(team.priya, to_priya).status == "applied"
    with team.sam.begin() as s:
        plans.remove_action(s, aid)
    with team.priya.begin() as s:
        plans.update_action(s, aid, description="Breakfast club place from January")
    for dev, name in ((team.sam, "sam-2"), (team.priya, "priya-1")):
        out = team.tmp / f"{name}.tafpacket"
        packets.export_changes(dev, out)
        assert packets.import_file(team.hub, out).status == "applied"
    return fid, aid

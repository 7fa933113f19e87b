"""A hub (encrypted SQLite profile or PostgreSQL) and practitioner profiles with real keys,
enrolled and registered, for tests that move real `.tafpacket` files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tafapp.services import directory, families, plans
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_url
from tafapp.sync import identity, registry


@dataclass
class World:
    hub: Store
    devices: list[Store]
    tmp: Path


def keyed(st: Store, role: str) -> Store:
    with st.begin() as s:
        identity.ensure_keys(s, role)
    return st


def link(hub: Store, dev: Store) -> None:
    with dev.read() as s:
        dev_ident = identity.public_identity(s)
    with hub.read() as s:
        hub_ident = identity.public_identity(s)
    with hub.begin() as s:
        registry.add_device(s, {**dev_ident, "name": "laptop"})
    with dev.begin() as s:
        registry.enrol_hub(s, {**hub_ident, "name": "hub"})


@contextmanager
def world(tmp: Path, hub_url: str | None = None, devices: int = 2) -> Iterator[World]:
    if hub_url is None:
        hub = create_profile(Profile(tmp / "hub"), "hub")
    else:
        hub = open_url(hub_url, role="hub", create=True)
    keyed(hub, "hub")
    devs = [keyed(create_profile(Profile(tmp / f"dev{i}"), "practitioner"), "practitioner")
            for i in range(devices)]
    for d in devs:
        link(hub, d)
    try:
        yield World(hub, devs, tmp)
    finally:
        for st in (hub, *devs):
            st.close()


def seed_family(dev: Store, name: str = "Hughes", actions: int = 1) -> str:
    with dev.begin() as s:
        ag = directory.add_agency(s, f"{name} Primary", "school")
        fam = families.open_family(s, name, opened_on=date(2026, 9, 1))
        for i in range(actions):
            plans.add_action(s, fam.id, f"Action {i}", owner_agency_id=ag.id,
                             due_on=date(2026, 10, 1))
        return str(fam.id)

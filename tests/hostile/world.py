"""A hub under attack: two registered practitioner devices. Device A is the hostile one (its
`Forge` signs whatever the test asks); device B is honest and owns families A does not hold.

Stores are plain SQLite (`tests.sync_merge.harness.sqlite_store`, no cipher, no fsync: the
envelope and the importer are what is under test) or a PostgreSQL hub by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tafapp.storage.store import Store, open_url
from tafapp.sync import packets
from tests.hostile.forge import Forge, Template
from tests.sync_merge.harness import sqlite_store
from tests.sync_merge.world import keyed, link, seed_family


@dataclass
class HostileWorld:
    hub: Store
    a: Store
    b: Store
    forge: Forge
    held: list[str]
    """Families device A created (and the hub applied): A may edit these."""
    not_held: list[str]
    """Families device B created and the hub never shared with A."""
    tmp: Path


def deliver_honestly(dev: Store, hub: Store, path: Path) -> None:
    packets.export_changes(dev, path)
    [result] = packets.import_files(hub, [path])
    assert result["status"] == "applied", result


@contextmanager
def hostile_world(tmp: Path, hub_url: str | None = None) -> Iterator[HostileWorld]:
    hub = (sqlite_store(tmp / "hub", "hub") if hub_url is None
           else open_url(hub_url, role="hub", create=True))
    a = sqlite_store(tmp / "a", "practitioner")
    b = sqlite_store(tmp / "b", "practitioner")
    try:
        for st, role in ((hub, "hub"), (a, "practitioner"), (b, "practitioner")):
            keyed(st, role)
        link(hub, a)
        link(hub, b)
        template = Template.from_device(a)
        held = [seed_family(a, "Ashworth"), seed_family(a, "Begum")]
        not_held = [seed_family(b, "Carter"), seed_family(b, "Dlamini")]
        deliver_honestly(a, hub, tmp / "a-first.tafpacket")
        deliver_honestly(b, hub, tmp / "b-first.tafpacket")
        yield HostileWorld(hub, a, b, Forge(a, tmp / "forged", template), held, not_held, tmp)
    finally:
        for st in (hub, a, b):
            st.close()

"""A hub under attack: two registered practitioner devices. Device A is the hostile one (its
`Forge` signs whatever the test asks); device B is honest and owns families A does not hold.

Stores are plain SQLite (`tests.sync_merge.harness.sqlite_store`, no cipher, no fsync: the
envelope and the importer are what is under test) or a PostgreSQL hub by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tafapp.storage import summary_upkeep
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


def without_summary_upkeep(store: Store) -> None:
    """Sessions of `store` skip the report summary's upkeep (as the demo's bulk writes do).

    The summary is a cache for the coordinator's reports, recomputed per family in every
    import that changes one; on the loaded 2-core build machine it took ~0.4 s of each applied
    packet, three quarters of the suite's time. The long attacks leave it out to reach their
    packet counts; the batch-isolation tests and the reports' own tests keep it."""
    plain = store.session

    def session() -> Any:
        s = plain()
        s.info[summary_upkeep.REBUILD_KEY] = True
        return s

    store.session = session  # type: ignore[method-assign]


@contextmanager
def hostile_world(tmp: Path, hub_url: str | None = None, *,
                  summary: bool = True) -> Iterator[HostileWorld]:
    hub = (sqlite_store(tmp / "hub", "hub") if hub_url is None
           else open_url(hub_url, role="hub", create=True))
    if not summary:
        without_summary_upkeep(hub)
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

"""Screenshots of the sync screens at 1366×768 with real packets between real profiles:

    QT_QPA_PLATFORM=offscreen python -m tools.hub_screenshots docs/screenshots

Makes a hub and three practitioner laptops in a temporary folder (cheap KDF: thrown away),
moves real `.tafpacket` files between them — including two practitioners renaming the same
household offline, a packet cut short and one from a laptop the hub does not know — then
grabs the hub's Import packets and Conflicts screens and a practitioner's Send and receive
screen in the real main window. Then a second hub, filled by the demo generator with
DASHBOARD_FAMILIES families, shows the coordinator's dashboard for the last full quarter with
one sector's families listed. Writes hub-import.png, hub-conflicts.png, sync.png and
dashboard.png.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget

SIZE = (1366, 768)
DASHBOARD_FAMILIES = 2000
PASSPHRASE = "screenshots only"
HUB_NAME = "Northshire Early Help hub"


def _settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _save(widget: QWidget, out: Path, name: str) -> None:
    _settle()
    path = out / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def _profile(root: Path, role: str, name: str, agency: str | None = None,
             sector: str | None = None) -> Any:
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams
    from tafapp.sync.identity import setup_identity

    st = create_profile(Profile(root / name.split()[0].lower()), role, PASSPHRASE,
                        KdfParams(memory_kib=8192, iterations=1, lanes=1))
    setup_identity(st, role, name, agency, sector)
    return st


def _enrol(hub: Any, dev: Any, name: str, register: bool = True) -> None:
    from tafapp.sync import identity, registry

    with dev.read() as s:
        dev_ident = identity.public_identity(s)
    with hub.read() as s:
        hub_ident = identity.public_identity(s)
    if register:
        with hub.begin() as s:
            registry.add_device(s, {**dev_ident, "name": name})
    with dev.begin() as s:
        registry.enrol_hub(s, {**hub_ident, "name": HUB_NAME})


def _families(dev: Any, agency: str, sector: str,
              names: list[tuple[str, str, str]]) -> list[uuid.UUID]:
    from tafapp.services import directory, families, plans

    out = []
    with dev.begin() as s:
        ag = directory.find_or_add_agency(s, agency, sector)
        for household, postcode, action in names:
            fam = families.open_family(s, household, opened_on=date(2026, 10, 5),
                                       postcode=postcode, address=f"12 {household} Road")
            plans.add_action(s, fam.id, action, owner_agency_id=ag.id, due_on=date(2026, 12, 4))
            out.append(fam.id)
    return out


def _edit(dev: Any, family_id: uuid.UUID, **changes: Any) -> None:
    from tafapp.services import families

    with dev.begin() as s:
        families.update_family(s, family_id, **changes)


def _world(root: Path) -> dict[str, Any]:
    """Profiles and packet files: see the module docstring."""
    from tafapp.sync import packets, receipts

    hub = _profile(root, "hub", HUB_NAME)
    sam = _profile(root, "practitioner", "Sam Lee", "Oak Primary School", "school")
    priya = _profile(root, "practitioner", "Priya Shah", "Northshire Health Visiting", "health")
    alex = _profile(root, "practitioner", "Alex Moore", "Riverside Youth Trust", "voluntary")
    _enrol(hub, sam, "Sam Lee")
    _enrol(hub, priya, "Priya Shah")
    _enrol(hub, alex, "Alex Moore", register=False)
    sams = _families(sam, "Oak Primary School", "school", [
        ("Hughes", "NS1 2AB", "Attendance plan agreed with the family"),
        ("Okafor", "NS3 7QT", "Morning routine chart for the children"),
        ("Wright", "NS2 5HH", "Referral to the school nurse for sleep support")])
    priyas = _families(priya, "Northshire Health Visiting", "health", [
        ("Nowak", "NS4 1LP", "Two-year health review at home")])
    _families(alex, "Riverside Youth Trust", "voluntary", [
        ("Bailey", "NS5 8RD", "Weekly youth club mentoring")])
    files = {}
    for dev, name in ((sam, "sam-0001"), (priya, "priya-0001")):
        files[name] = root / f"{name}.tafpacket"
        packets.export_changes(dev, files[name])
        packets.import_file(hub, files[name])
    with hub.begin() as s:
        for fid in sams[:2]:
            receipts.share(s, fid, priya.device_id, who=HUB_NAME)
    for dev in (sam, priya):
        receipt = root / f"receipt-{dev.device_id}.tafpacket"
        packets.export_receipt(hub, dev.device_id, receipt)
        packets.import_file(dev, receipt)
    _edit(sam, sams[0], household_name="Hughes-Carter", address="14 Mill Lane, Northshire")
    _edit(priya, sams[0], household_name="Carter",
          address="Flat 2, 14 Mill Lane, Northshire")
    _edit(sam, sams[1], postcode="NS3 7QU")
    _edit(priya, sams[1], postcode="NS3 7TQ")
    _edit(priya, priyas[0], language="Polish", interpreter_needed=True)
    # Priya's laptop then runs three days fast (a wrong date after a repair): the hub holds
    # that change as clock_ahead for the coordinator, rather than let it beat every later edit.
    honest = priya.clock._now
    priya.clock._now = lambda: honest() + 3 * 24 * 3600 * 1000
    _edit(priya, priyas[0], postcode="NS4 1LQ")
    priya.clock._now = honest
    for dev, name in ((sam, "sam-0002"), (priya, "priya-0002"), (alex, "alex-0001")):
        files[name] = root / f"{name}.tafpacket"
        packets.export_changes(dev, files[name])
    whole = files["priya-0002"].read_bytes()
    files["cut"] = root / "priya-0002-copy.tafpacket"
    files["cut"].write_bytes(whole[: len(whole) // 2])
    _edit(sam, sams[2], level_of_need=3)  # a change made after the packet: pending
    return {"hub": hub, "sam": sam, "stores": (hub, sam, priya, alex), "files": files}


def _last_full_quarter(today: date) -> date:
    first_month = (today.month - 1) // 3 * 3 + 1
    start = date(today.year, first_month, 1)
    return date(start.year - 1, 10, 1) if first_month == 1 else date(start.year,
                                                                      first_month - 3, 1)


def _dashboard(root: Path, out: Path) -> Any:
    """A hub holding demo families, its dashboard on the last full quarter, the families of
    the sector with the most open families after the council listed."""
    from tafapp.demo import generate
    from tafapp.ui.app import app as app_mod

    hub = _profile(root / "demo-hub", "hub", HUB_NAME)
    with hub.begin() as s:
        generate(s, DASHBOARD_FAMILIES, seed=3)
    shell = app_mod.build_shell(hub)
    window = shell.window
    window.resize(*SIZE)
    window.show()
    page: Any = window.show_page("dashboard")
    picker = page.picker
    picker.kind.setCurrentIndex(picker.kind.findData("quarter"))
    day = _last_full_quarter(date.today())
    picker.on.setDate(QDate(day.year, day.month, day.day))
    _settle(300)
    partners = [r for r in page.snapshot.partnership.by_sector if r.partner]
    if partners:
        top = max(partners, key=lambda r: r.open_at_end)
        page.show_families("open_at_end", top.sector)
    _save(window, out, "dashboard.png")
    window.close()
    return hub


def take(out: Path) -> None:
    from tafapp.ui import ops
    from tafapp.ui.app import app as app_mod

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tafapp-sync-shots-") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        qapp = app_mod.application()
        ops.set_inline(True)  # every page is loaded before it is grabbed
        w = _world(Path(tmp))
        stores = list(w["stores"])
        try:
            files = w["files"]
            shell = app_mod.build_shell(w["hub"])
            window = shell.window
            window.resize(*SIZE)
            window.show()
            page: Any = window.show_page("import")
            page.import_paths([files["sam-0002"], files["priya-0002"], files["cut"],
                               files["alex-0001"], files["sam-0001"]])
            _save(window, out, "hub-import.png")
            conflicts: Any = window.show_page("conflicts")
            conflicts.reload()
            conflicts.list_view.selectRow(0)
            conflicts.values_view.selectRow(0)
            _save(window, out, "hub-conflicts.png")
            held_page: Any = window.show_page("held")
            held_page.reload()
            held_page.view.selectRow(0)
            _save(window, out, "hub-held.png")
            window.close()
            shell = app_mod.build_shell(w["sam"])
            window = shell.window
            window.resize(*SIZE)
            window.show()
            window.show_page("sync")
            _save(window, out, "sync.png")
            window.close()
            qapp.processEvents()
            stores.append(_dashboard(Path(tmp), out))
        finally:
            ops.set_store(None)
            for st in stores:
                st.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    take(Path(args[0]) if args else Path("docs/screenshots"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

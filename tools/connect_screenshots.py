"""Screenshots of the hub connection and the demo loop at 1366×768, made with the real
services and the real main window:

    QT_QPA_PLATFORM=offscreen python -m tools.connect_screenshots docs/screenshots

Builds a demo pair (`tafapp.demo.pair`) in a temporary folder and runs its loop (packet,
import, the prepared conflict settled, receipt back), plus a new laptop not yet connected and
one revoked. Writes demo-tour.png, sync-news.png, sync-connect.png, connect-fingerprint.png,
hub-laptops.png and hub-share.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget

SIZE = (1366, 768)
PASSPHRASE = "screenshots only"


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


def _window(store: Any) -> Any:
    from tafapp.ui.app import app as app_mod

    shell = app_mod.build_shell(store)
    shell.window.resize(*SIZE)
    shell.window.show()
    _settle(300)
    return shell.window


def _laptop(root: Path, name: str, agency: str, sector: str) -> Any:
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams
    from tafapp.sync.identity import setup_identity

    st = create_profile(Profile(root / name.split()[0].lower()), "practitioner", PASSPHRASE,
                        KdfParams(memory_kib=8192, iterations=1, lanes=1))
    setup_identity(st, "practitioner", name, agency, sector)
    return st


def _loop(laptop: Any, hub: Any, root: Path) -> Path:
    """The tour's hub steps done with the services; the receipt for the laptop."""
    from tafapp.sync import conflicts, packets

    sent = root / "changes-0001.tafpacket"
    packets.export_changes(laptop, sent)
    packets.import_file(hub, sent)
    with hub.begin() as s:
        for c in conflicts.open_conflicts(s):
            conflicts.resolve(s, c["id"], choose=0, who="Demo coordinator")
    receipt = root / "receipt.tafpacket"
    packets.export_receipt(hub, laptop.device_id, receipt)
    return receipt


def _hub_screens(hub: Any, root: Path, out: Path) -> list[Any]:
    from tafapp.sync import connection, registry
    from tafapp.ui.hub.share_dialog import ShareDialog

    extra = [_laptop(root, "Priya Shah", "Northshire Health Visiting", "health"),
             _laptop(root, "Alex Moore", "Riverside Youth Trust", "voluntary")]
    for st in extra:
        with st.begin() as s:
            doc = connection.save_identity(s, root / f"{st.device_id}.tafid")
        with hub.begin() as s:
            connection.register_device(s, connection.read_identity(doc["file"],
                                                                   "practitioner"))
    with hub.begin() as s:
        registry.revoke_device(s, extra[1].device_id)
    window = _window(hub)
    page = window.show_page("laptops")
    page.reload()
    _save(window, out, "hub-laptops.png")
    dialog = ShareDialog(page.model.rows(), extra[0].device_id, window)
    dialog.search.setText("family")
    dialog._search()
    dialog.show()
    _save(dialog, out, "hub-share.png")
    dialog.close()
    window.close()
    return extra


def _new_laptop(root: Path, hub: Any, out: Path) -> Any:
    from tafapp.sync import connection
    from tafapp.ui.connect.fingerprint import CompareDialog

    ana = _laptop(root, "Ana Cruz", "Hill Nursery", "early_years")
    window = _window(ana)
    window.show_page("sync")
    _save(window, out, "sync-connect.png")
    with hub.begin() as s:
        doc = connection.save_identity(s, root / "hub.tafid")
    box = window.page("sync").connection_box
    dialog = CompareDialog(
        title=box.tr("Compare the hub's fingerprint"),
        who=box.tr("<b>{hub}</b><br>This file says it is the coordinator's hub. Its "
                   "fingerprint:").format(hub=doc["name"]), fingerprint=doc["fingerprint"],
        ask=box.tr("Ask your coordinator to read the hub's fingerprint to you, by phone or in "
                   "person (not in the email the file came with). Does every group match?"),
        confirm=box.tr("They &match: connect"), parent=window)
    dialog.show()
    _save(dialog, out, "connect-fingerprint.png")
    dialog.close()
    window.close()
    return ana


def take(out: Path) -> None:
    from tafapp.demo import pair
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.ui import ops

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tafapp-connect-shots-") as tmp:
        root = Path(tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from tafapp.ui.app import app as app_mod

        qapp = app_mod.application()
        ops.set_inline(True)
        made = pair.build(Profile(root / "default"), "Sam Demo", "Oak Primary School (demo)",
                          "school", PASSPHRASE)
        laptop = open_profile(Profile(made.laptop), PASSPHRASE, check=False)
        hub = open_profile(Profile(made.hub), PASSPHRASE, check=False)
        stores = [laptop, hub]
        try:
            window = _window(laptop)
            _save(window, out, "demo-tour.png")
            receipt = _loop(laptop, hub, root)
            ops.set_store(laptop)
            sync = window.show_page("sync")
            sync.import_receipt(receipt)
            _save(window, out, "sync-news.png")
            window.close()
            stores += _hub_screens(hub, root, out)
            stores.append(_new_laptop(root, hub, out))
            qapp.processEvents()
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

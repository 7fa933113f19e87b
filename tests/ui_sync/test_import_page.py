"""The hub's import page: a packet written by a practitioner's Send and receive page and a
truncated copy, imported from the file dialog and by drag and drop; receipts; the devices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog

from tafapp.sync import packets, registry
from tafapp.ui.hub.import_page import ImportPage, packet_paths
from tafapp.ui.hub.models import ResultColumn
from tafapp.ui.hub.queries import import_packets
from tafapp.ui.sync_page import SyncPage
from tests.ui_sync.conftest import Team, open_family
from tests.ui_sync.test_sync_page import Boxes, save_as


def written_by_page(qtbot: Any, team: Team, monkeypatch: Any) -> Path:
    """Sam's packet, written through the Send and receive page like a practitioner would."""
    team.use(team.sam)
    open_family(team.sam, "Hughes")
    page = SyncPage()
    qtbot.addWidget(page)
    Boxes(monkeypatch)
    out = team.tmp / "sam.tafpacket"
    save_as(monkeypatch, out)
    page.write_button.click()
    assert out.is_file()
    return out


def truncated(path: Path) -> Path:
    bad = path.with_name("cut-short.tafpacket")
    data = path.read_bytes()
    bad.write_bytes(data[: len(data) * 2 // 3])
    return bad


def test_import_good_and_truncated(qtbot, qtmodeltester, team: Team, monkeypatch) -> None:
    good = written_by_page(qtbot, team, monkeypatch)
    bad = truncated(good)
    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(good), str(bad)], ""))
    with qtbot.waitSignal(page.sig_imported) as done:
        page.choose_button.click()
    rows = done.args[0]
    assert [r["status"] for r in rows] == ["applied", "rejected"]
    model = page.model
    cell = lambda r, c: model.data(model.index(r, c))  # noqa: E731
    assert cell(0, ResultColumn.FILE) == "sam.tafpacket"
    assert cell(0, ResultColumn.STATUS) == "Imported"
    assert int(cell(0, ResultColumn.APPLIED)) == rows[0]["ops_applied"] > 0
    assert cell(1, ResultColumn.STATUS) == "Refused"
    assert rows[1]["reason"] == "corrupt"
    assert cell(1, ResultColumn.EXPLANATION) == page.reason_sentence("corrupt")
    assert "damaged" in cell(1, ResultColumn.EXPLANATION)
    assert "1 imported" in page.summary_label.text()
    assert "1 refused" in page.summary_label.text()
    qtmodeltester.check(model)
    # The same two again: the good one is a duplicate, said in words.
    page.choose_button.click()
    assert cell(0, ResultColumn.STATUS) == "Already imported"
    assert "nothing changed" in cell(0, ResultColumn.EXPLANATION)


def test_every_reason_code_has_a_sentence(qtbot, team: Team) -> None:
    from tafapp.sync.envelope_format import RejectCode
    from tafapp.sync.packets import MESSAGES

    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    codes = {c.value for c in RejectCode} | (set(MESSAGES) - {"applied", "duplicate"})
    sentences = {c: page.reason_sentence(c) for c in codes}
    assert all(c not in s and len(s) > 40 for c, s in sentences.items()), sentences
    assert len(set(sentences.values())) == len(codes)
    assert "(mystery)" in page.reason_sentence("mystery")


def test_drop_packets_on_the_page(qtbot, team: Team, monkeypatch) -> None:
    good = written_by_page(qtbot, team, monkeypatch)
    other = team.tmp / "notes.txt"
    other.write_text("not a packet")
    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(page.sig_imported) as done:
        page.dropEvent(event)
    assert [(r["file_name"], r["status"]) for r in done.args[0]] == [
        ("sam.tafpacket", "applied")]
    assert packet_paths([good, other, good]) == [good]


def test_cancel_stops_between_files(team: Team, tmp_path: Path) -> None:
    open_family(team.sam, "Hughes")
    first = tmp_path / "a.tafpacket"
    packets.export_changes(team.sam, first)
    open_family(team.priya, "Okafor")
    second = tmp_path / "b.tafpacket"
    packets.export_changes(team.priya, second)
    seen: list[tuple[int, int]] = []
    results = import_packets(team.hub, [first, second], lambda d, t: seen.append((d, t)),
                             lambda: len(seen) > 1)
    assert [r["status"] for r in results] == ["applied"] and seen == [(0, 2), (1, 2)]
    # The second file was untouched: importing it now applies it whole.
    (again,) = packets.import_files(team.hub, [second])
    assert again["status"] == "applied" and again["ops_applied"] == again["ops_total"]


def test_stopped_import_says_so(qtbot, team: Team) -> None:
    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    page._on_imported([Path("a.tafpacket"), Path("b.tafpacket")], [
        {"file": "a.tafpacket", "status": "duplicate", "reason": "", "message": "",
         "ops_applied": 0, "ops_duplicate": 3, "conflicts": 0}])
    assert "Stopped after 1 of 2 files" in page.summary_label.text()


def test_devices_and_receipt(qtbot, qtmodeltester, team: Team, monkeypatch) -> None:
    good = written_by_page(qtbot, team, monkeypatch)
    with team.hub.begin() as s:
        registry.revoke_device(s, team.priya.device_id)
    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    panel = page.devices
    texts = [[panel.model.data(panel.model.index(r, c)) for c in range(4)]
             for r in range(panel.model.rowCount())]
    assert texts[0][0].startswith("Sam Lee") and texts[0][3] == "Registered"
    assert texts[1][0].startswith("Priya Shah") and texts[1][3].startswith("Revoked")
    qtmodeltester.check(panel.model)
    page.import_paths([good])
    offered: list[list[str]] = []

    def pick(_p: Any, _t: str, _l: str, items: list[str], *a: Any, **k: Any) -> Any:
        offered.append(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    boxes = Boxes(monkeypatch)
    receipt = team.tmp / "receipt-sam"
    save_as(monkeypatch, receipt)
    with qtbot.waitSignal(panel.sig_receipt_written) as written:
        panel.receipt_button.click()
    assert len(offered[0]) == 1 and team.sam.device_id in offered[0][0]  # revoked not offered
    assert written.args[0]["device"] == team.sam.device_id
    assert boxes.shown[0][1] == "Receipt saved"
    (r,) = packets.import_files(team.sam, [receipt.with_name("receipt-sam.tafpacket")])
    assert r["status"] == "applied" and r["ops_applied"] > 0


def test_import_on_the_worker_thread(qtbot, team: Team, tmp_path: Path) -> None:
    """The real path: the job runs on ops' database thread and the table fills in the GUI
    thread afterwards."""
    from tafapp.ui import ops

    open_family(team.sam, "Hughes")
    good = tmp_path / "sam.tafpacket"
    packets.export_changes(team.sam, good)
    team.use(team.hub)
    page = ImportPage()
    qtbot.addWidget(page)
    ops.set_inline(False)
    try:
        with qtbot.waitSignal(page.sig_imported, timeout=30000) as done:
            page.import_paths([good, truncated(good)])
    finally:
        assert ops.wait_idle()
        ops.set_inline(True)
    assert [r["status"] for r in done.args[0]] == ["applied", "rejected"]
    assert page.model.rowCount() == 2 and page.choose_button.isEnabled()

"""The coordinator's Laptops screen with real widgets: register a laptop from the identity file
its owner saved (fingerprint compared), the table's last packet / receipt / families, sharing a
family through the real dialog, receipts one by one and all at once, revoking with a question."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tafapp.services import families
from tafapp.sync import connection, packets
from tafapp.ui.hub.laptops_model import LaptopColumn
from tafapp.ui.hub.laptops_page import LaptopsPage
from tafapp.ui.hub.share_dialog import ShareDialog
from tests.ui_sync.conftest import Team, open_family, practitioner
from tests.ui_sync.test_connect_hub import answer_compare, open_file
from tests.ui_sync.test_sync_page import Boxes


def cell(page: LaptopsPage, row: int, col: LaptopColumn) -> str:
    return str(page.model.data(page.model.index(row, col)))


def row_of(page: LaptopsPage, name: str) -> int:
    return next(i for i, r in enumerate(page.model.rows()) if r.name == name)


def test_register_a_laptop(qtbot, qtmodeltester, team: Team, monkeypatch) -> None:
    ana = practitioner(team.tmp, "Ana Cruz", "Hill Nursery", "early_years")
    try:
        ana_file = team.tmp / "laptop-ana-cruz.tafid"
        with ana.begin() as s:
            doc = connection.save_identity(s, ana_file)
    finally:
        ana.close()
    team.use(team.hub)
    page = LaptopsPage()
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert {r.name for r in page.model.rows()} == {"Sam Lee", "Priya Shah"}
    asked = answer_compare(monkeypatch, match=False)
    open_file(monkeypatch, ana_file)
    page.register_button.click()
    assert asked[0]["fingerprint"] == doc["fingerprint"] and "Ana Cruz" in asked[0]["who"]
    assert "Not registered" in page.result_label.text() and page.model.rowCount() == 2
    answer_compare(monkeypatch, match=True)
    page.register_button.click()
    assert "Registered Ana Cruz" in page.result_label.text()
    assert page.selected() is not None and page.selected().name == "Ana Cruz"
    row = row_of(page, "Ana Cruz")
    assert cell(page, row, LaptopColumn.LAST_PACKET) == "None yet"
    assert cell(page, row, LaptopColumn.FINGERPRINT).replace(" ", "-").lower() \
        == doc["fingerprint"]
    # A hub's identity file is refused before any comparison.
    hub_file = team.tmp / "hub.tafid"
    with team.hub.begin() as s:
        connection.save_identity(s, hub_file)
    boxes = Boxes(monkeypatch)
    asked = answer_compare(monkeypatch, match=True)
    open_file(monkeypatch, hub_file)
    page.register_button.click()
    assert not asked and boxes.shown[0][0] == "warning"
    assert "register a laptop with the identity file" in boxes.shown[0][2]


def test_share_receipts_and_revoke(qtbot, team: Team, monkeypatch, tmp_path: Path) -> None:
    fid = open_family(team.sam, "Hughes")
    sent = team.tmp / "sam.tafpacket"
    packets.export_changes(team.sam, sent)
    assert packets.import_file(team.hub, sent).status == "applied"
    with team.hub.begin() as s:
        families.open_family(s, "Zielinski", opened_on=date(2026, 9, 3))
    team.use(team.hub)
    page = LaptopsPage()
    qtbot.addWidget(page)
    sam, priya = row_of(page, "Sam Lee"), row_of(page, "Priya Shah")
    assert cell(page, sam, LaptopColumn.LAST_PACKET) != "None yet"
    assert cell(page, sam, LaptopColumn.FAMILIES) == "1"
    assert cell(page, priya, LaptopColumn.FAMILIES) == "0"
    page.view.selectRow(priya)

    def drive(dialog: ShareDialog) -> int:
        qtbot.keyClicks(dialog.search, "hugh")
        dialog._timer.timeout.emit()  # the search's typing pause, without waiting
        assert dialog.list.count() == 1 and "Sam Lee" in dialog.list.item(0).text()
        assert dialog.laptop.currentData() == team.priya.device_id  # the selected laptop
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShareDialog, "exec", drive)
    page.share_button.click()
    assert "Shared with Priya Shah" in page.result_label.text()
    assert cell(page, row_of(page, "Priya Shah"), LaptopColumn.FAMILIES) == "1"
    # Every active laptop's receipt, into one folder; Priya's carries the Hughes family.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    with qtbot.waitSignal(page.sig_receipts_written) as written:
        page.all_button.click()
    files = [Path(r["file"]) for r in written.args[0]]
    assert len(files) == 2 and all(f.parent == tmp_path and f.is_file() for f in files)
    assert "Saved 2 receipts" in page.result_label.text()
    (to_priya,) = [f for f in files if "priya" in f.name]
    assert packets.import_file(team.priya, to_priya).status == "applied"
    with team.priya.read() as s:
        assert any(f.id == fid for f in s.scalars(__import__("sqlalchemy").select(
            __import__("tafapp.models", fromlist=["Family"]).Family)))
    assert cell(page, row_of(page, "Sam Lee"), LaptopColumn.LAST_RECEIPT) != "None yet"
    # Revoke: "No" changes nothing; "Yes" revokes, and its packets are refused after.
    page.view.selectRow(row_of(page, "Sam Lee"))
    Boxes(monkeypatch, answer=QMessageBox.StandardButton.No)
    page.revoke_button.click()
    assert "Active" == cell(page, row_of(page, "Sam Lee"), LaptopColumn.STATUS)
    boxes = Boxes(monkeypatch)
    page.revoke_button.click()
    assert boxes.shown[0][0] == "question" and "cannot be registered again" in boxes.shown[0][2]
    assert cell(page, row_of(page, "Sam Lee"), LaptopColumn.STATUS).startswith("Revoked")
    assert not page.revoke_button.isEnabled() and not page.receipt_button.isEnabled()
    open_family(team.sam, "Late")
    late = team.tmp / "late.tafpacket"
    packets.export_changes(team.sam, late)
    assert packets.import_file(team.hub, late).reason == "revoked_device"


def test_one_receipt_for_the_chosen_laptop(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.hub)
    page = LaptopsPage()
    qtbot.addWidget(page)
    page.view.selectRow(row_of(page, "Priya Shah"))
    target = team.tmp / "for-priya"
    asked: list[Any] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, title, start, *a: (asked.append(start), (str(target), ""))[1])
    with qtbot.waitSignal(page.sig_receipts_written):
        page.receipt_button.click()
    assert "receipt-priya-shah-" in asked[0]
    out = target.with_name("for-priya.tafpacket")
    assert packets.import_file(team.priya, out).status == "applied"


@pytest.mark.parametrize("role", ["hub"])
def test_main_window_offers_laptops(qtbot, team: Team, role: str) -> None:
    from tafapp.ui import pages
    from tafapp.ui.main_window import MainWindow

    assert "laptops" in {p.key for p in pages.for_role("hub")}
    assert "laptops" not in {p.key for p in pages.for_role("practitioner")}
    team.use(team.hub)
    window = MainWindow(role=role, owner="Coordinator")
    qtbot.addWidget(window)
    assert isinstance(window.show_page("laptops"), LaptopsPage)

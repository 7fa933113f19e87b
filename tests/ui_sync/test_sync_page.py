"""The practitioner's Send and receive page: status, writing a packet, importing a receipt,
and the warnings for a profile that is not enrolled or holds demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tafapp.models import SyncState
from tafapp.storage.store import Store
from tafapp.sync import outgoing, packets
from tafapp.sync.identity import setup_identity
from tafapp.ui.sync_page import SyncPage
from tests.ui_sync.conftest import Team, open_family


class Boxes:
    """Records the message boxes a page shows instead of opening them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Any = None) -> None:
        self.shown: list[tuple[str, str, str]] = []
        for kind in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind))
        answer = answer or QMessageBox.StandardButton.Yes
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: (self.shown.append(("question", a[1], a[2])),
                                             answer)[1])

    def _record(self, kind: str) -> Any:
        def show(_parent: Any, title: str, text: str, *a: Any, **k: Any) -> Any:
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return show


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    asked: list[str] = []

    def fake(_parent: Any, title: str, *a: Any, **k: Any) -> tuple[str, str]:
        asked.append(title)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return asked


def test_practitioner_writes_a_packet(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.sam)
    open_family(team.sam, "Hughes")
    page = SyncPage()
    qtbot.addWidget(page)
    with team.sam.read() as s:
        pending = outgoing.status(s).pending_ops
    assert pending > 0
    assert page.pending_value.text().startswith(str(pending))
    assert page.export_value.text() == "Never"
    assert page.warning_label.isHidden()
    assert page.write_button.isEnabled()
    boxes = Boxes(monkeypatch)
    target = team.tmp / "out" / "sam"  # no suffix typed: the page adds it
    target.parent.mkdir()
    save_as(monkeypatch, target)
    with qtbot.waitSignal(page.sig_packet_written) as written:
        page.write_button.click()
    result = written.args[0]
    out = target.with_name("sam.tafpacket")
    assert out.is_file() and result["file"] == str(out) and result["ops"] == pending
    assert boxes.shown == []
    saved = page.saved_box
    assert saved is not None and saved.isVisible()
    assert "written and checked" in saved.text() and "sam.tafpacket" in saved.text()
    assert str(out.parent) in saved.informativeText()
    assert saved.document_button is None and saved.folder_button is not None
    assert str(out.parent) in page.result_label.text()
    saved.close_button.click()
    assert page.export_value.text() != "Never"
    # The hub can open what the page wrote.
    assert packets.import_file(team.hub, out).status == "applied"


def test_cancelled_save_dialog_writes_nothing(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.sam)
    page = SyncPage()
    qtbot.addWidget(page)
    Boxes(monkeypatch)
    asked = save_as(monkeypatch, None)
    page.write_button.click()
    assert asked and page.result_label.text() == ""
    assert list(team.tmp.glob("**/*.tafpacket")) == []


def test_receipt_import_confirms_changes(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.sam)
    open_family(team.sam, "Hughes")
    sent = team.tmp / "p.tafpacket"
    packets.export_changes(team.sam, sent)
    packets.import_file(team.hub, sent)
    receipt = team.tmp / "r.tafpacket"
    packets.export_receipt(team.hub, team.sam.device_id, receipt)
    page = SyncPage()
    qtbot.addWidget(page)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(receipt), ""))
    with qtbot.waitSignal(page.sig_receipt_imported) as got:
        page.receipt_button.click()
    assert got.args[0].status == "applied"
    assert page.pending_value.text().startswith("None")
    assert page.receipt_value.text() != "Never"
    assert "Receipt imported" in page.result_label.text() and not boxes.shown
    # Again: a no-op, said so.
    page.receipt_button.click()
    assert "imported before" in page.result_label.text()


def test_a_changes_packet_is_refused_as_a_receipt(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.priya)
    open_family(team.sam, "Hughes")
    wrong = team.tmp / "sam.tafpacket"
    packets.export_changes(team.sam, wrong)
    page = SyncPage()
    qtbot.addWidget(page)
    boxes = Boxes(monkeypatch)
    with team.priya.read() as s:
        before = outgoing.status(s)
    page.import_receipt(wrong)
    assert [b[:2] for b in boxes.shown] == [("warning", "Receipt refused")]
    assert "Receipt refused" in page.result_label.text()
    with team.priya.read() as s:
        assert outgoing.status(s) == before


def test_not_enrolled_explains_enrol(qtbot, store: Store) -> None:
    setup_identity(store, "practitioner", "Ana Cruz", "Hill Nursery", "early_years")
    team_store = store
    from tafapp.ui import ops

    ops.set_store(team_store)
    page = SyncPage()
    qtbot.addWidget(page)
    assert not page.warning_label.isHidden()
    assert "not connected to a hub" in page.warning_label.text()
    assert "tafapp enrol" not in page.warning_label.text()  # no terminal needed
    assert page.connection_box.hub_value.text() == "Not connected yet"
    assert "Step 1 of 2" in page.connection_box.stage_label.text()
    assert not page.write_button.isEnabled() and not page.receipt_button.isEnabled()


def test_demo_data_profile_cannot_write_packets(qtbot, team: Team) -> None:
    from tafapp.core.errors import InputRejected
    from tafapp.sync import packets

    team.use(team.sam)
    with team.sam.begin() as s:
        s.merge(SyncState(key="demo_data", value="1"))
    page = SyncPage()
    qtbot.addWidget(page)
    assert not page.warning_label.isHidden() and "demo" in page.warning_label.text()
    assert not page.write_button.isEnabled()
    with pytest.raises(InputRejected, match="demo families"):
        packets.export_changes(team.sam, team.tmp / "demo.tafpacket")
    assert not (team.tmp / "demo.tafpacket").exists()


def test_hub_profile_is_told_where_to_go(qtbot, team: Team) -> None:
    team.use(team.hub)
    page = SyncPage()
    qtbot.addWidget(page)
    assert "Import packets" in page.warning_label.text()
    assert not page.write_button.isEnabled()


def test_main_window_offers_send_and_receive(qtbot, team: Team) -> None:
    from tafapp.ui import pages
    from tafapp.ui.main_window import MainWindow

    assert "sync" in {p.key for p in pages.for_role("practitioner")}
    assert {"import", "conflicts"} <= {p.key for p in pages.for_role("hub")}
    assert "sync" not in {p.key for p in pages.for_role("hub")}
    team.use(team.sam)
    window = MainWindow(role="practitioner", owner="Sam Lee")
    qtbot.addWidget(window)
    page = window.show_page("sync")
    assert isinstance(page, SyncPage) and window.current_key() == "sync"
    assert page.connection_box.hub_value.text().startswith("Northshire Early Help hub")


def test_failed_write_says_so_and_loses_nothing(qtbot, team: Team, monkeypatch) -> None:
    team.use(team.sam)
    open_family(team.sam, "Hughes")
    page = SyncPage()
    qtbot.addWidget(page)
    with team.sam.read() as s:
        before = outgoing.status(s)
    boxes = Boxes(monkeypatch)
    save_as(monkeypatch, team.tmp / "no-such-folder" / "p.tafpacket")
    page.write_button.click()
    assert [b[0] for b in boxes.shown] == ["warning"]
    assert "Nothing was written" in page.result_label.text()
    with team.sam.read() as s:
        assert outgoing.status(s) == before  # sequence not burnt, nothing pruned
    assert page.export_value.text() == "Never"

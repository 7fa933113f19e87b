"""Connecting a laptop to the hub in the app: open the hub's identity file (made by the real
service), compare the fingerprint, enrol; save this laptop's identity for the hub; the page
names each stage. And the news a receipt brings, shown once with links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from tafapp.services import families
from tafapp.sync import connection, identity, packets, registry
from tafapp.ui.connect.fingerprint import CompareDialog, spoken
from tafapp.ui.sync_page import SyncPage
from tests.ui_sync.conftest import Team, open_family, practitioner
from tests.ui_sync.test_sync_page import Boxes, save_as


def answer_compare(monkeypatch: pytest.MonkeyPatch, match: bool) -> list[dict[str, Any]]:
    asked: list[dict[str, Any]] = []

    def fake(_parent: Any, **kw: Any) -> bool:
        asked.append(kw)
        return match

    monkeypatch.setattr(CompareDialog, "confirm", fake)
    return asked


def open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def hub_file(team: Team) -> Path:
    out = team.tmp / "northshire-hub.tafid"
    with team.hub.begin() as s:
        connection.save_identity(s, out)
    return out


@pytest.fixture
def ana(team: Team):
    st = practitioner(team.tmp, "Ana Cruz", "Hill Nursery", "early_years")
    yield team.use(st)
    st.close()


def test_connect_then_send_identity(qtbot, team: Team, ana, monkeypatch) -> None:
    page = SyncPage()
    qtbot.addWidget(page)
    box = page.connection_box
    assert "Step 1 of 2" in box.stage_label.text() and not page.write_button.isEnabled()
    assert not box.save_button.isEnabled()
    boxes = Boxes(monkeypatch)
    asked = answer_compare(monkeypatch, match=True)
    open_file(monkeypatch, hub_file(team))
    box.open_button.click()
    with team.hub.read() as s:
        expected = identity.public_identity(s)["fingerprint"]
    assert asked[0]["fingerprint"] == expected and "Northshire" in asked[0]["who"]
    assert boxes.shown[-1][1] == "Connected to the hub"
    assert "Step 2 of 2" in box.stage_label.text()
    assert box.hub_fingerprint.text() == spoken(expected)
    assert page.write_button.isEnabled() and box.save_button.isEnabled()
    # Step 2: the laptop's identity file, named after its owner, registered by the real hub.
    target = team.tmp / "docs" / "laptop-ana-cruz"
    target.parent.mkdir()
    save_as(monkeypatch, target)
    box.save_button.click()
    saved = target.with_name("laptop-ana-cruz.tafid")
    doc = json.loads(saved.read_text())
    assert doc["role"] == "practitioner" and doc["name"] == "Ana Cruz"
    assert spoken(doc["fingerprint"]) in boxes.shown[-1][2] and "docs" in boxes.shown[-1][2]
    assert "Waiting for the coordinator" in box.stage_label.text()
    assert box.own_fingerprint.text() == spoken(doc["fingerprint"])
    with team.hub.begin() as s:
        connection.register_device(s, connection.read_identity(saved, "practitioner"))
    # A packet, its receipt: connected.
    open_family(ana, "Okafor")
    sent = team.tmp / "ana.tafpacket"
    packets.export_changes(ana, sent)
    assert packets.import_file(team.hub, sent).status == "applied"
    receipt = team.tmp / "to-ana.tafpacket"
    packets.export_receipt(team.hub, ana.device_id, receipt)
    page.import_receipt(receipt)
    assert "Connected to Northshire" in box.stage_label.text()


def test_mismatch_changes_nothing(qtbot, team: Team, ana, monkeypatch) -> None:
    page = SyncPage()
    qtbot.addWidget(page)
    boxes = Boxes(monkeypatch)
    answer_compare(monkeypatch, match=False)
    open_file(monkeypatch, hub_file(team))
    page.connection_box.open_button.click()
    assert boxes.shown[-1][1] == "Not connected" and "fresh copy" in boxes.shown[-1][2]
    with ana.read() as s:
        assert connection.current_hub(s) is None
    assert "Step 1 of 2" in page.connection_box.stage_label.text()


@pytest.mark.parametrize("which", ["laptop", "garbage", "edited"])
def test_wrong_files_are_named(qtbot, team: Team, ana, monkeypatch, which: str) -> None:
    bad = team.tmp / "bad.tafid"
    if which == "laptop":
        with team.sam.begin() as s:
            connection.save_identity(s, bad)
    elif which == "garbage":
        bad.write_bytes(b"\x00PK not json")
    else:
        doc = json.loads(hub_file(team).read_text())
        doc["age_recipient"], doc["name"] = doc["age_recipient"], "Evil hub"
        doc["signing_public_key"] = "ab" * 32
        bad.write_text(json.dumps(doc))
    page = SyncPage()
    qtbot.addWidget(page)
    boxes = Boxes(monkeypatch)
    asked = answer_compare(monkeypatch, match=True)
    open_file(monkeypatch, bad)
    page.connection_box.open_button.click()
    assert not asked, "nothing to compare: the file was refused first"
    assert [b[0] for b in boxes.shown] == ["warning"]
    text = boxes.shown[0][2]
    assert {"laptop": "practitioner laptop", "garbage": "not a tafapp identity",
            "edited": "fingerprint does not match"}[which] in text
    with ana.read() as s:
        assert connection.current_hub(s) is None


def test_news_from_a_receipt_is_listed_once(qtbot, team: Team, monkeypatch) -> None:
    from datetime import date

    from tafapp.services import team as team_services
    from tafapp.sync import conflicts, receipts
    from tests.ui_sync.conftest import conflicted_team

    fid = conflicted_team(team)  # Sam and Priya both renamed the Hughes household
    with team.sam.begin() as s:
        ref = team_services.add_referral(s, fid, to_service="Family Hubs parenting course",
                                         made_on=date(2026, 9, 2)).id
    sent = team.tmp / "sam-3.tafpacket"
    packets.export_changes(team.sam, sent)
    assert packets.import_file(team.hub, sent).status == "applied"
    with team.hub.begin() as s:
        (c,) = conflicts.open_conflicts(s)
        conflicts.resolve(s, c["id"], choose=0, who="Coordinator")
        team_services.record_referral_outcome(s, ref, "Place offered from October",
                                              date(2026, 9, 20))
        shared = families.open_family(s, "Nowak", opened_on=date(2026, 10, 1)).id
        receipts.share(s, shared, team.sam.device_id)
    team.use(team.sam)
    receipt = team.tmp / "to-sam.tafpacket"
    packets.export_receipt(team.hub, team.sam.device_id, receipt)
    page = SyncPage()
    qtbot.addWidget(page)
    Boxes(monkeypatch)
    assert page.news_box.isHidden()
    page.import_receipt(receipt)
    text = page.news_box.list_label.text()
    assert not page.news_box.isHidden()
    assert "Nowak" in text and "was shared with you" in text
    assert "settled a conflict" in text and "household name" in text
    assert "Referral outcome" in text and "Place offered from October" in text
    opened: list[object] = []
    page.sig_open_family.connect(opened.append)
    page.news_box.list_label.linkActivated.emit(f"family:{shared}")
    assert opened == [shared]
    from tafapp.ui.connect.news_box import announce
    from tafapp.ui.main_window import MainWindow

    window = MainWindow(role="practitioner", owner="Sam Lee")
    qtbot.addWidget(window)
    announce(window)  # as at start-up, for news a command-line import brought
    assert "News from the hub: 3 new" in window.statusBar().currentMessage()
    page.news_box.seen_button.click()
    assert page.news_box.isHidden()
    again = SyncPage()
    qtbot.addWidget(again)
    assert again.news_box.isHidden(), "seen once: not shown again"
    # The next receipt repeats the settled conflict (receipts are cumulative): no news again.
    packets.export_receipt(team.hub, team.sam.device_id, team.tmp / "again.tafpacket")
    again.import_receipt(team.tmp / "again.tafpacket")
    assert again.news_box.isHidden()
    with team.sam.read() as s:
        assert registry.current_hub(s).name


def test_fingerprint_grows_with_large_text(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from tafapp.ui import settings
    from tafapp.ui.connect.fingerprint import FingerprintLabel

    label = FingerprintLabel()
    qtbot.addWidget(label)
    label.show()
    label.set_fingerprint("3f9a-0c12-77be-d401-9e5a")
    assert label.text() == "3F9A  0C12  77BE  D401  9E5A"
    assert "3F9A, 0C12" in label.accessibleName()
    before = label.font().pointSizeF()
    app = QApplication.instance()
    try:
        settings.set_value(settings.LARGE_TEXT, True)
        settings.apply_text_size(app)
        qtbot.waitUntil(lambda: label.font().pointSizeF() > before, timeout=2000)
    finally:
        settings.set_value(settings.LARGE_TEXT, False)
        settings.apply_text_size(app)

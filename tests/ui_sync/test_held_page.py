"""The hub's held-changes page and the laptop's notices: Priya's laptop renames a family that
was never shared with it; the coordinator sees it held with the reason in words, refuses or
accepts it, and Priya's Send and receive screen shows the decision from the next receipt."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tafapp.models import AuditEvent, Family, OutboxOp
from tafapp.sync import packets
from tafapp.ui.hub.held_page import HeldPage
from tafapp.ui.sync_page import SyncPage
from tests.ui_sync.conftest import Team, open_family


def _held_team(team: Team) -> uuid.UUID:
    fid = open_family(team.sam, "Hughes")
    first = team.tmp / "sam-1.tafpacket"
    packets.export_changes(team.sam, first)
    assert packets.import_file(team.hub, first).status == "applied"
    with team.priya.begin() as s:  # an insider's own database, re-signed by the laptop
        s.add(OutboxOp(entity="family", row_id=fid, field="household_name",
                       value="Renamed", base_hlc=None, hlc=team.priya.clock.tick(),
                       device_id=team.priya.device_id))
    out = team.tmp / "priya-1.tafpacket"
    packets.export_changes(team.priya, out)
    result = packets.import_file(team.hub, out)
    assert result.status == "applied" and result.ops_held == 1
    return fid


def _receipt(team: Team) -> None:
    path = team.tmp / f"r-{uuid.uuid4().hex}.tafpacket"
    packets.export_receipt(team.hub, team.priya.device_id, path)
    assert packets.import_file(team.priya, path).status == "applied"


def _page(qtbot, team: Team) -> HeldPage:  # type: ignore[no-untyped-def]
    team.use(team.hub)
    page = HeldPage()
    qtbot.addWidget(page)
    return page


def _name(team: Team, fid: uuid.UUID) -> str:
    with team.hub.read() as s:
        return str(s.scalar(select(Family.household_name).where(Family.id == fid)))


def test_held_change_is_listed_in_words_and_refused(qtbot, qtmodeltester, team: Team) -> None:  # type: ignore[no-untyped-def]
    fid = _held_team(team)
    page = _page(qtbot, team)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    cells = [page.model.data(page.model.index(0, c)) for c in range(5)]
    assert cells[0].endswith("(Hughes)") and cells[1] == "Family: household name"
    assert cells[2] == "Renamed" and cells[3] == "Priya Shah"
    assert cells[4].startswith("Not shared with that laptop")
    assert page.accept_button.isEnabled() and page.refuse_button.isEnabled()
    with qtbot.waitSignal(page.sig_decided) as decided:
        page.refuse_button.click()
    assert decided.args[0]["status"] == "refused"
    assert page.model.rowCount() == 0 and not page.refuse_button.isEnabled()
    assert "Refused" in page.status_label.text()
    assert _name(team, fid) == "Hughes"
    with team.hub.read() as s:
        assert s.scalar(select(AuditEvent.who).where(AuditEvent.what.like("held change%"))) \
            == "Northshire Early Help hub"
    _receipt(team)
    team.use(team.priya)
    sync = SyncPage()
    qtbot.addWidget(sync)
    box = sync.held_box
    assert not box.isHidden() and "refused" in box.list_label.text()
    assert box.clear_button.isEnabled()
    with qtbot.waitSignal(box.sig_cleared) as cleared:
        box.clear_button.click()
    assert cleared.args == [1] and box.isHidden()


def test_held_change_accepted_applies(qtbot, team: Team) -> None:  # type: ignore[no-untyped-def]
    fid = _held_team(team)
    page = _page(qtbot, team)
    with qtbot.waitSignal(page.sig_decided):
        page.accept_button.click()
    assert _name(team, fid) == "Renamed"
    _receipt(team)
    team.use(team.priya)
    sync = SyncPage()
    qtbot.addWidget(sync)
    assert "accepted" in sync.held_box.list_label.text()

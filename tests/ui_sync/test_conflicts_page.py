"""The hub's conflicts page: a conflict made by two practitioners renaming the same household
offline, shown side by side, resolved by choosing or by a merged value, with the audit trail
and the family's conflict flag checked in the hub's database."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from tafapp.models import AuditEvent, Conflict, Family
from tafapp.ui.hub.conflicts import ConflictsPage
from tafapp.ui.hub.models import ROW_ROLE
from tests.ui_sync.conftest import Team, conflicted_team, delete_conflict_team


def _family(team: Team, fid: uuid.UUID) -> Family:
    with team.hub.read() as s:
        fam = s.get(Family, fid)
        assert fam is not None
        s.expunge(fam)
        return fam


def _audit(team: Team) -> list[AuditEvent]:
    with team.hub.read() as s:
        rows = list(s.scalars(select(AuditEvent).where(AuditEvent.what.like("conflict on %"))))
        for r in rows:
            s.expunge(r)
        return rows


def _page(qtbot, team: Team) -> ConflictsPage:
    team.use(team.hub)
    page = ConflictsPage()
    qtbot.addWidget(page)
    return page


def test_conflict_shown_side_by_side(qtbot, qtmodeltester, team: Team) -> None:
    fid = conflicted_team(team)
    page = _page(qtbot, team)
    fam = _family(team, fid)
    assert fam.conflicted
    assert page.model.rowCount() == 1
    row = [page.model.data(page.model.index(0, c)) for c in range(4)]
    assert row[0] == f"{fam.reference} ({fam.household_name})"
    assert row[1:] == ["Family", "Household name", "2"]
    assert fam.reference in page.heading.text()
    values = page.values_model
    shown = {values.data(values.index(r, 0)): [values.data(values.index(r, c))
                                               for c in range(1, 5)]
             for r in range(values.rowCount())}
    assert set(shown) == {"Hughes-Carter", "Carter"}
    assert shown["Hughes-Carter"][0].startswith("Sam Lee")
    assert shown["Carter"][0].startswith("Priya Shah")
    for _who, when, packet, _winner in shown.values():
        assert " 20" in when and ":" in when  # e.g. "24 Nov 2026, 14:05"
        assert packet.startswith("No. ")
    assert sorted(v[3] for v in shown.values()) == ["", "Yes"]
    assert page.merge_button.isVisible() or not page.isVisible()
    assert not page.merged_edit.isHidden()  # household name is a text field
    qtmodeltester.check(page.model)
    qtmodeltester.check(values)


def test_choose_a_value_resolves_and_audits(qtbot, team: Team) -> None:
    fid = conflicted_team(team)
    page = _page(qtbot, team)
    assert not page.keep_button.isEnabled()  # nothing chosen yet
    values = page.values_model
    carter = next(r for r in range(values.rowCount())
                  if values.data(values.index(r, 0)) == "Carter")
    page.values_view.selectRow(carter)
    assert page.keep_button.isEnabled()
    with qtbot.waitSignal(page.sig_resolved) as resolved:
        page.keep_button.click()
    assert resolved.args[0]["status"] == "resolved"
    assert resolved.args[0]["family_still_conflicted"] is False
    assert page.model.rowCount() == 0
    assert "No open conflicts" in page.count_label.text()
    assert "no conflicts left" in page.status_label.text()
    fam = _family(team, fid)
    assert fam.household_name == "Carter" and not fam.conflicted
    (event,) = _audit(team)
    assert "chose a value" in event.what and event.who == "Northshire Early Help hub"
    assert event.detail["field"] == "household_name"


def test_merged_value_for_a_text_field(qtbot, team: Team) -> None:
    fid = conflicted_team(team)
    page = _page(qtbot, team)
    assert not page.merge_button.isEnabled()
    page.merged_edit.setPlainText("  Hughes-Carter (Carter)  ")
    assert page.merge_button.isEnabled()
    page.merge_button.click()
    assert page.model.rowCount() == 0
    assert _family(team, fid).household_name == "Hughes-Carter (Carter)"
    (event,) = _audit(team)
    assert "merged value" in event.what
    with team.hub.read() as s:
        c = s.scalars(select(Conflict)).one()
        assert c.status == "resolved" and c.resolved_value == "Hughes-Carter (Carter)"


def test_flag_stays_until_the_last_conflict(qtbot, team: Team) -> None:
    fid = conflicted_team(team, both_postcodes=True)
    page = _page(qtbot, team)
    fields = sorted(page.model.data(page.model.index(r, 2)) for r in range(2))
    assert fields == ["Household name", "Postcode"]
    page.values_view.selectRow(0)
    page.keep_button.click()
    assert page.model.rowCount() == 1 and "still has other conflicts" in \
        page.status_label.text()
    assert _family(team, fid).conflicted
    left = page.model.data(page.model.index(0, 0), ROW_ROLE)
    assert page.current() == left  # the remaining one is selected, ready to decide
    page.values_view.selectRow(1)
    page.keep_button.click()
    assert page.model.rowCount() == 0
    assert not _family(team, fid).conflicted
    assert len(_audit(team)) == 2


def test_no_conflicts(qtbot, team: Team) -> None:
    page = _page(qtbot, team)
    assert page.model.rowCount() == 0 and page.values_model.rowCount() == 0
    assert "No open conflicts" in page.count_label.text()
    assert not page.keep_button.isEnabled() and page.merged_edit.isHidden()


def test_edit_against_delete(qtbot, qtmodeltester, team: Team) -> None:
    from tafapp.models import Action

    fid, aid = delete_conflict_team(team)
    page = _page(qtbot, team)
    assert page.model.rowCount() == 1
    row = page.current()
    assert row is not None and row.kind == "delete" and row.family_id == str(fid)
    assert page.model.data(page.model.index(0, 2)) == "whole record (deleted)"
    assert page.merged_edit.isHidden()  # a delete is settled by choosing
    values = page.values_model
    texts = [values.data(values.index(r, 0)) for r in range(values.rowCount())]
    assert texts[0] == "Deleted the record"
    assert "Changed description to: Breakfast club place from January" in texts
    qtmodeltester.check(values)
    restore = texts.index("Changed description to: Breakfast club place from January")
    page.values_view.selectRow(0)
    assert page.keep_button.text() == "Keep the record deleted"
    page.values_view.selectRow(restore)
    assert page.keep_button.text() == "Restore the record with this change"
    page.keep_button.click()
    assert page.model.rowCount() == 0
    with team.hub.read() as s:
        action = s.get(Action, aid)
        assert action is not None and action.deleted_hlc is None
        assert action.description == "Breakfast club place from January"
    assert not _family(team, fid).conflicted
    assert "restored the record" in _audit(team)[0].what


def test_settled_elsewhere_is_said_plainly(qtbot, team: Team, monkeypatch) -> None:
    from tafapp.sync import conflicts

    conflicted_team(team)
    page = _page(qtbot, team)
    row = page.current()
    assert row is not None
    with team.hub.begin() as s:  # another coordinator, or the command line, got there first
        conflicts.resolve(s, row.id, choose=0, who="other")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, t, m, *a, **k: shown.append(m))
    page.values_view.selectRow(1)
    page.keep_button.click()
    assert len(shown) == 1 and "already settled" in shown[0]
    page.reload()
    assert page.model.rowCount() == 0
    assert len(_audit(team)) == 1  # only the first decision


def test_text_fields_only_take_merged_values() -> None:
    from tafapp.ui.hub.queries import is_text_field

    assert is_text_field("family", "household_name")
    assert is_text_field("action", "description")
    assert not is_text_field("family", "level_of_need")
    assert not is_text_field("family", "status")  # an enum: choose, never type
    assert not is_text_field("family", "opened_on")
    assert not is_text_field("nonsense", "field")

"""The caseload: model contract, filtering, sorting, opening a family."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt

from tafapp.models import FamilyStatus
from tafapp.services.caseload import CaseloadRow
from tafapp.storage.store import Store
from tafapp.ui import ops
from tafapp.ui.caseload import CaseloadModel, CaseloadPage, Column
from tafapp.ui.caseload.model import OVERDUE_ROLE, ROW_ROLE


def _row(ref: str, name: str, postcode: str, *, overdue_review: bool = False,
         overdue_actions: int = 0, review: date | None = None, level: int = 3) -> CaseloadRow:
    return CaseloadRow(
        id=uuid.uuid4(), reference=ref, household_name=name, postcode=postcode,
        level_of_need=level, status=FamilyStatus.OPEN, lead_agency="Oak School",
        lead_sector="school", lead_practitioner="Sam Lee", lead_practitioner_id=None,
        opened_on=date(2026, 1, 5), next_review_on=review, review_overdue=overdue_review,
        overdue_actions=overdue_actions, conflicted=False)


ROWS = [
    _row("TAF-2026-AAA-0003", "Wright family", "TS18 4RJ", overdue_actions=2,
         review=date(2026, 1, 1), overdue_review=True),
    _row("TAF-2026-AAA-0001", "Dobson family", "TS19 4QE", review=date(2027, 3, 1), level=2),
    _row("TAF-2026-AAA-0002", "Rahman family", "TS21 8YT"),
]


def test_model_passes_modeltester(qtmodeltester) -> None:
    model = CaseloadModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    model.set_filter("wright")
    qtmodeltester.check(model)
    model.sort(Column.NEXT_REVIEW, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_filter_matches_name_reference_and_postcode_with_or_without_space() -> None:
    model = CaseloadModel()
    model.set_rows(ROWS)
    assert model.rowCount() == 3
    model.set_filter("RAHMAN")
    assert [model.row_at(i).household_name for i in range(model.rowCount())] == [
        "Rahman family"]
    model.set_filter("aaa-0001")
    assert model.row_at(0).household_name == "Dobson family" and model.rowCount() == 1
    model.set_filter("ts184rj")
    assert model.rowCount() == 1 and model.row_at(0).reference.endswith("0003")
    model.set_filter("ts18 4rj")
    assert model.rowCount() == 1
    model.set_filter("family ts19")  # every word must match
    assert model.rowCount() == 1 and model.row_at(0).household_name == "Dobson family"
    model.set_filter("nobody")
    assert model.rowCount() == 0
    model.set_filter("")
    assert model.rowCount() == 3


def test_sorting_by_column_and_empty_dates_last() -> None:
    model = CaseloadModel()
    model.set_rows(ROWS)
    assert [model.row_at(i).reference[-1] for i in range(3)] == ["1", "2", "3"]
    model.sort(Column.FAMILY)
    assert [model.row_at(i).household_name[0] for i in range(3)] == ["D", "R", "W"]
    model.sort(Column.NEXT_REVIEW)
    assert model.row_at(2).next_review_on is None
    model.sort(Column.OVERDUE_ACTIONS, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).overdue_actions == 2


def test_overdue_is_asked_of_the_model_and_said_in_words() -> None:
    model = CaseloadModel()
    model.set_rows(ROWS)
    model.set_filter("wright")
    review = model.index(0, Column.NEXT_REVIEW)
    actions = model.index(0, Column.OVERDUE_ACTIONS)
    assert model.data(review, OVERDUE_ROLE) is True
    assert "overdue" in model.data(review)
    assert model.data(actions, OVERDUE_ROLE) is True
    assert model.data(review, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, Column.FAMILY), OVERDUE_ROLE) is False
    assert model.data(review, ROW_ROLE) is ROWS[0]


def test_page_loads_filters_and_opens_a_family(qtbot, demo_store: Store) -> None:
    ops.set_store(demo_store)
    page = CaseloadPage()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sig_loaded) as loaded:
        page.reload()
    total = loaded.args[0]
    assert total == page.model.rowCount() > 0
    target = page.model.row_at(total // 2)
    qtbot.keyClicks(page.filter_edit, target.reference)
    assert page.model.rowCount() == 1
    assert "1 of" in page.count_label.text()
    page.table.setFocus()
    with qtbot.waitSignal(page.sig_open_family) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [target.id]
    with qtbot.waitSignal(page.sig_open_family) as opened:
        page.table.doubleClicked.emit(page.model.index(0, Column.FAMILY))
    assert opened.args == [target.id]


def test_closed_families_are_included_on_request(qtbot, demo_store: Store) -> None:
    ops.set_store(demo_store)
    page = CaseloadPage()
    qtbot.addWidget(page)
    page.reload()
    open_only = page.model.total
    page.closed_check.setChecked(True)
    assert page.model.total > open_only
    statuses = {page.model.row_at(i).status for i in range(page.model.rowCount())}
    assert FamilyStatus.CLOSED in statuses


def test_review_overdue_rows_come_from_the_service(qtbot, demo_store: Store) -> None:
    ops.set_store(demo_store)
    page = CaseloadPage()
    qtbot.addWidget(page)
    page.reload()
    today = date.today()
    for i in range(page.model.rowCount()):
        row = page.model.row_at(i)
        flagged = page.model.data(page.model.index(i, Column.NEXT_REVIEW), OVERDUE_ROLE)
        assert flagged == (row.next_review_on is not None and row.next_review_on < today)


def test_typing_and_deleting_always_matches_a_fresh_filter() -> None:
    """Narrowing from the rows shown must give what filtering everything gives."""
    rows = [_row(f"TAF-2026-AB{i % 7}-{i:04d}", name, pc)
            for i, (name, pc) in enumerate([
                ("Smith family", "TS18 4RJ"), ("Smithson family", "TS19 1AA"),
                ("Wright family", "TS18 4QE"), ("Ahmed-Smith family", "DL1 2AB"),
                ("Hall family", "TS23 6BW"), ("Smith family", "TS17 6GS")])]
    model = CaseloadModel()
    model.set_rows(rows)
    fresh = CaseloadModel()
    fresh.set_rows(rows)
    typed = ""
    script = list("smith ts18") + ["\b"] * 4 + list("19") + ["\b"] * 10 + list("ab3 hall")
    for key in script:
        typed = typed[:-1] if key == "\b" else typed + key
        model.set_filter(typed)
        fresh.set_filter("")
        fresh.set_filter(typed)
        got = [model.row_at(i).reference for i in range(model.rowCount())]
        want = [fresh.row_at(i).reference for i in range(fresh.rowCount())]
        assert got == want, typed
        words = typed.lower().split()
        assert all(all(w in r.search_key for w in words) for r in
                   (model.row_at(i) for i in range(model.rowCount())))


def test_multidata_answers_as_data_does_for_every_role() -> None:
    """The delegate asks for a cell's roles in one `multiData` call: it must agree with
    `data` role by role, and clear what it does not answer."""
    model = CaseloadModel({3: "Level 3"})
    model.set_rows(ROWS)
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
             Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
             Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole, OVERDUE_ROLE]
    for row in range(model.rowCount()):
        for column in Column:
            index = model.index(row, column)
            for role in roles:
                slot = QModelRoleData(role)
                slot.setData("stale")
                index.multiData(QModelRoleDataSpan(slot))  # through Qt, as the view calls it
                assert slot.data() == model.data(index, role), (row, column, role)
    review = model.index(model.row_of(ROWS[0].id) or 0, Column.NEXT_REVIEW)
    slot = QModelRoleData(Qt.ItemDataRole.BackgroundRole)
    review.multiData(QModelRoleDataSpan(slot))
    assert slot.data() is not None  # the overdue fill reaches the painted cell


def test_cells_are_enabled_selectable_and_out_of_range_indexes_invalid() -> None:
    model = CaseloadModel()
    model.set_rows(ROWS)
    flags = model.flags(model.index(0, Column.FAMILY))
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert not model.index(len(ROWS), 0).isValid()
    assert not model.index(0, len(Column)).isValid()
    assert not model.index(0, 0, model.index(0, 0)).isValid()
    model.set_filter("wright")
    assert model.index(0, 0).isValid() and not model.index(1, 0).isValid()
